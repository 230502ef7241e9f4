from odoo import fields, models


class ContactCentreScript(models.Model):
    _inherit = "contact.centre.script"

    campaign_ids = fields.Many2many(
        "contact.centre.campaign",
        string="Campaigns",
        help="Suggested first in conversations with a message of these campaigns: "
        "the campaign's own message, or the customer's answer to it.",
    )

    def _campaign_matches(self, conversation):
        campaigns = conversation.sudo().cc_message_ids.campaign_id
        return super()._campaign_matches(conversation) | self.filtered(
            lambda script: script.campaign_ids & campaigns
        )
