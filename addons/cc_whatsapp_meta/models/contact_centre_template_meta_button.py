from odoo import fields, models


class ContactCentreTemplateMetaButton(models.Model):
    """A button of a WhatsApp template."""

    _name = "contact.centre.template.meta.button"
    _description = "WhatsApp Template Button"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "contact.centre.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    button_type = fields.Selection(
        [
            ("QUICK_REPLY", "Quick Reply"),
            ("URL", "Link"),
            ("PHONE_NUMBER", "Call"),
            ("COPY_CODE", "Copy Code"),
            ("FLOW", "Flow"),
            ("OTP", "One-Time Password"),
            ("CATALOG", "Catalog"),
        ],
        "Type",
        required=True,
        default="QUICK_REPLY",
    )
    text = fields.Char(required=True)
    url = fields.Char("URL", help="Ending in {{1}} for a link completed per message.")
    url_suffix_field = fields.Char(
        "URL Suffix Contact Field", help="The contact's field that completes a {{1}} link."
    )
    phone_number = fields.Char()
    flow_id = fields.Char("Flow ID")

    def _meta_parameter(self, contact, values):
        """The parameter this button needs in a template message, or None."""
        self.ensure_one()
        if self.button_type == "URL" and self.url and "{{" in self.url:
            key = f"button:{self.id}"
            suffix = values.get(key) or (
                self.url_suffix_field and str(contact.sudo()[self.url_suffix_field] or "")
            )
            return {"type": "text", "text": suffix or ""}
        if self.button_type == "FLOW":
            return {
                "type": "action",
                "action": {"flow_token": values.get("flow_token") or "unused"},
            }
        return None

    def _meta_definition(self):
        button = {"type": self.button_type, "text": self.text}
        if self.button_type == "URL":
            button["url"] = self.url
        if self.button_type == "PHONE_NUMBER":
            button["phone_number"] = self.phone_number
        if self.button_type == "FLOW":
            button["flow_id"] = self.flow_id
        return button
