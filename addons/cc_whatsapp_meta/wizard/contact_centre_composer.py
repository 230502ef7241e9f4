from odoo import Command, api, fields, models


class ContactCentreComposer(models.TransientModel):
    """A WhatsApp template chosen in the composer shows its variables: the
    agent may type a value for any of them; the others take each contact's
    field (or the template's fixed value)."""

    _inherit = "contact.centre.composer"

    meta_value_ids = fields.One2many(
        "contact.centre.composer.meta.value",
        "composer_id",
        "Template Values",
        compute="_compute_meta_value_ids",
        store=True,
        readonly=False,
    )

    @api.depends("template_id")
    def _compute_meta_value_ids(self):
        for composer in self:
            variables = composer.template_id.meta_variable_ids
            composer.meta_value_ids = [Command.clear()] + [
                Command.create({"variable_id": variable.id}) for variable in variables
            ]

    def action_send(self):
        values = {line.variable_id._key(): line.value for line in self.meta_value_ids if line.value}
        return super(
            ContactCentreComposer, self.with_context(meta_template_values=values)
        ).action_send()


class ContactCentreComposerMetaValue(models.TransientModel):
    _name = "contact.centre.composer.meta.value"
    _description = "WhatsApp Template Value Typed in the Composer"

    composer_id = fields.Many2one("contact.centre.composer", required=True, ondelete="cascade")
    variable_id = fields.Many2one(
        "contact.centre.template.meta.variable", required=True, ondelete="cascade"
    )
    name = fields.Char(related="variable_id.name")
    component = fields.Selection(related="variable_id.component")
    source = fields.Char(compute="_compute_source", string="Otherwise")
    value = fields.Char(help="Leave empty to take each contact's value.")

    @api.depends("variable_id")
    def _compute_source(self):
        for line in self:
            variable = line.variable_id
            line.source = (
                self.env._("the contact's %(field)s", field=variable.partner_field)
                if variable.partner_field
                else variable.value or variable.sample
            )
