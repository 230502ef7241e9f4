from odoo import api, fields, models

# Contact fields whose value reads well in a message.
PARAM_FIELD_TYPES = (
    "char",
    "text",
    "selection",
    "many2one",
    "integer",
    "float",
    "date",
    "datetime",
)


class ContactCentreCampaignParam(models.Model):
    """One numbered parameter of a WhatsApp template ({{1}}, {{2}}…) and the
    contact field that fills it."""

    _name = "contact.centre.campaign.param"
    _description = "Contact Centre Campaign Template Parameter"
    _order = "position"

    campaign_id = fields.Many2one(
        "contact.centre.campaign", required=True, index=True, ondelete="cascade"
    )
    position = fields.Integer(required=True, readonly=True, help="n in {{n}}.")
    field_name = fields.Selection(selection="_selection_contact_fields", string="Contact Field")
    default_value = fields.Char(help="Used when the contact's field is empty.")

    _sql_constraints = [
        (
            "position_unique",
            "unique(campaign_id, position)",
            "A template parameter is mapped once per campaign.",
        ),
    ]

    @api.model
    def _selection_contact_fields(self):
        fields_ = self.env["res.partner"]._fields.values()
        return sorted(
            (
                (field.name, field._description_string(self.env))
                for field in fields_
                if field.type in PARAM_FIELD_TYPES and field.store and not field.groups
            ),
            key=lambda item: item[1],
        )

    def _value(self, contact):
        """The text this parameter takes for contact."""
        self.ensure_one()
        field = contact._fields.get(self.field_name) if self.field_name else None
        value = contact[field.name] if field else False
        if field and field.type == "many2one":
            value = value.display_name
        elif field and field.type == "selection" and value:
            value = dict(field._description_selection(contact.env)).get(value, value)
        elif field and field.type in ("date", "datetime") and value:
            value = field.to_string(value)
        if value in (False, None, ""):
            return self.default_value or ""
        return str(value)
