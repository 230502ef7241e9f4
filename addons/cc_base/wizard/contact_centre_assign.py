from odoo import api, fields, models
from odoo.exceptions import AccessError


class ContactCentreAssign(models.TransientModel):
    """Assign to…: hand conversations to an agent."""

    _name = "contact.centre.assign"
    _description = "Contact Centre: Assign Conversations"

    conversation_ids = fields.Many2many("discuss.channel", string="Conversations", required=True)
    agent_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("cc_base.group_contact_centre_agent").id),
            ("share", "=", False),
        ],
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "discuss.channel":
            values["conversation_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        return values

    def action_assign(self):
        self.ensure_one()
        conversations = self.conversation_ids.filtered(lambda c: c.channel_type == "contact_centre")
        conversations._cc_check_agent()
        is_manager = self.env.user.has_group("cc_base.group_contact_centre_manager")
        if not is_manager and conversations.filtered(
            lambda c: c.cc_agent_id not in (self.env.user, self.env["res.users"])
        ):
            raise AccessError(
                self.env._("Only managers can reassign another agent's conversation.")
            )
        conversations._cc_assign(self.agent_id)
