from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ContactCentreTemplateMetaVariable(models.Model):
    """A {{1}} or {{name}} of a WhatsApp template: where its value comes from."""

    _name = "contact.centre.template.meta.variable"
    _description = "WhatsApp Template Variable"
    _order = "template_id, component desc, id"

    template_id = fields.Many2one(
        "contact.centre.template", required=True, index=True, ondelete="cascade"
    )
    component = fields.Selection(
        [("header", "Header"), ("body", "Body")], required=True, default="body"
    )
    name = fields.Char(required=True, help="1, 2, … or the variable's name in the template.")
    partner_field = fields.Char(
        "Contact Field",
        help="The contact's field the value comes from, such as name or "
        "commercial_company_name (a path such as country_id.name works too).",
    )
    value = fields.Char("Fixed Value", help="The value when no contact field gives one.")
    sample = fields.Char(help="The example Meta reviews the template with, and the preview shows.")

    @api.model_create_multi
    def create(self, vals_list):
        variables = super().create(vals_list)
        variables.template_id._meta_refresh_body()
        return variables

    def write(self, vals):
        result = super().write(vals)
        if {"partner_field", "value", "sample"} & set(vals):
            self.template_id._meta_refresh_body()
        return result

    @api.constrains("partner_field")
    def _check_partner_field(self):
        Partner = self.env["res.partner"]
        for variable in self.filtered("partner_field"):
            try:
                Partner._fields[variable.partner_field.split(".")[0]]
            except KeyError:
                raise ValidationError(
                    self.env._("Contacts have no field %(field)s.", field=variable.partner_field)
                ) from None

    def _key(self):
        return f"{self.component}:{self.name}"

    def _text_for(self, contact, values=None):
        """What the variable says to a contact: the value typed for the
        message (values, by variable key), else its own."""
        return (values or {}).get(self._key()) or self._value_for(contact)

    def _value_for(self, contact):
        """The variable's value for a contact: its field, else the fixed value."""
        if self.partner_field:
            value = contact.sudo().mapped(self.partner_field)
            value = value[0] if value else ""
            if isinstance(value, models.BaseModel):
                value = value.display_name
            if value:
                return str(value)
        return self.value or self.sample or ""

    def _named_example(self):
        return {"param_name": self.name, "example": self.sample or self.name}
