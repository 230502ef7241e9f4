from odoo import fields, models

from ..const import CHANNELS


class ContactCentreTemplate(models.Model):
    """A reusable message text. Placeholders such as {{ object.name }} are
    filled in for each contact when the message is written; provider addons
    add what their channel needs (approval status, buttons, languages)."""

    _name = "contact.centre.template"
    _description = "Contact Centre Template"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    channel = fields.Selection(CHANNELS, required=True, default="whatsapp")
    body = fields.Text(
        required=True,
        translate=True,
        help="The message text. Placeholders such as {{ object.name }} are "
        "replaced with the contact's values.",
    )
    preview_html = fields.Html(compute="_compute_preview_html", string="Preview")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the template between companies.",
    )
    message_count = fields.Integer(compute="_compute_message_count")

    def _compute_preview_html(self):
        for template in self:
            template.preview_html = self.env["contact.centre.message"]._bubble_html(
                template.body, "outbound", template.channel
            )

    def _compute_message_count(self):
        counts = self.env["contact.centre.message"]._count_by("template_id", self)
        for template in self:
            template.message_count = counts.get(template, 0)

    def _send_refusal(self):
        """Why this template may not be sent now, in words, or None when it
        may. Provider addons refuse what their provider would (a template it
        has not approved); the compliance gate asks before queuing and again
        before sending."""
        self.ensure_one()
        return None

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_message_action"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {}
        return action
