import time
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import NUMBER_FIELD_BY_CHANNEL


class ContactCentreSandboxInbound(models.TransientModel):
    """Play the customer: a message 'sent' to a Sandbox account arrives as any
    provider's would, through the webhook event store."""

    _name = "contact.centre.sandbox.inbound"
    _description = "Contact Centre Sandbox: Receive a Message"

    provider_id = fields.Many2one(
        "contact.centre.provider",
        "Sandbox Account",
        required=True,
        domain=[("code", "=", "sandbox"), ("state", "!=", "disabled")],
    )
    contact_id = fields.Many2one("res.partner", "From Contact")
    number = fields.Char(
        "From Number",
        compute="_compute_number",
        store=True,
        readonly=False,
        required=True,
    )
    profile_name = fields.Char("Name", help="The name the customer's phone gives.")
    text = fields.Text(required=True)

    @api.depends("contact_id", "provider_id")
    def _compute_number(self):
        for wizard in self:
            channel = wizard.provider_id.channel
            if wizard.contact_id and channel:
                wizard.number = wizard.contact_id[NUMBER_FIELD_BY_CHANNEL[channel]]

    def action_receive(self):
        self.ensure_one()
        if not self.env.user.has_group("cc_base.group_contact_centre_agent"):
            raise UserError(self.env._("Only agents can play the customer."))
        external_id = f"sandbox-in-{uuid.uuid4().hex}"
        event = self.provider_id.sudo()._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": external_id,
                    "from": self.number,
                    "name": self.profile_name or self.contact_id.name,
                    "text": self.text,
                    "timestamp": int(time.time()),
                }
            ]
        )
        event._process()
        if event.state != "done":
            raise UserError(event.error)
        message = self.env["contact.centre.message"].search(
            [("provider_id", "=", self.provider_id.id), ("external_message_id", "=", external_id)]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "contact.centre.message",
            "res_id": message.id,
            "view_mode": "form",
        }
