from odoo import fields, models

from ..const import CHANNELS


class ContactCentreProvider(models.Model):
    """A provider account: one WhatsApp number or SMS sender at one provider.

    Provider addons add their `code` with selection_add; the messaging engine
    (queue, webhooks, credentials) builds on this record.
    """

    _name = "contact.centre.provider"
    _description = "Contact Centre Provider Account"
    _order = "sequence, name, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        [("none", "No provider")],
        string="Provider",
        required=True,
        default="none",
        help="The provider this account sends and receives through.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="whatsapp")
    state = fields.Selection(
        [("disabled", "Disabled"), ("test", "Test"), ("enabled", "Enabled")],
        required=True,
        default="disabled",
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    message_count = fields.Integer(compute="_compute_message_count")

    def _compute_message_count(self):
        counts = self.env["contact.centre.message"]._count_by("provider_id", self)
        for provider in self:
            provider.message_count = counts.get(provider, 0)
