from odoo import fields, models


class ContactCentreScriptUsage(models.Model):
    """One use of a script by an agent: a row each, so that agents using the
    same script at once never wait on each other."""

    _name = "contact.centre.script.usage"
    _description = "Contact Centre Script Use"
    _order = "create_date desc, id desc"

    script_id = fields.Many2one(
        "contact.centre.script", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", "Agent", required=True, default=lambda self: self.env.user, index=True
    )
    conversation_id = fields.Many2one(
        "discuss.channel", index="btree_not_null", ondelete="set null"
    )
