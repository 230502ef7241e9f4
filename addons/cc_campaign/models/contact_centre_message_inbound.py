from datetime import timedelta

from odoo import api, models


class ContactCentreMessage(models.Model):
    """Inbound messages meet campaigns: a keyword joins an inbound campaign
    (answered and claimed here, so that no automation answers it again), and
    any message soon after a campaign's message counts as a response to it."""

    _inherit = "contact.centre.message"

    @api.model
    def _inbound_handlers(self):
        return [*super()._inbound_handlers(), (20, "_apply_campaign_keywords")]

    def _process_inbound(self):  # pylint: disable=missing-return
        super()._process_inbound()
        self._attribute_responses()

    def _apply_campaign_keywords(self):
        Campaign = self.env["contact.centre.campaign"]
        for message in self._unhandled_inbound():
            campaign = Campaign._match_keyword(message)
            if campaign:
                message.sudo().write({"handled_by": "campaign_keyword", "campaign_id": campaign.id})
                campaign._welcome(message)

    def _attribute_responses(self):
        """Each inbound message without a campaign answers the latest campaign
        message its contact received on that channel within the campaign's
        response window."""
        inbound = self.filtered(lambda m: m.direction == "inbound" and not m.campaign_id)
        if not inbound:
            return
        [(longest,)] = (
            self.env["contact.centre.campaign"].sudo()._read_group([], [], ["response_days:max"])
        )
        oldest = min(inbound.mapped("message_timestamp")) - timedelta(days=longest or 0)
        candidates = self.sudo().search(
            [
                ("direction", "=", "outbound"),
                ("campaign_id", "!=", False),
                ("contact_id", "in", inbound.contact_id.ids),
                ("status", "in", ("sent", "delivered", "read")),
                ("message_timestamp", ">=", oldest),
            ],
            order="message_timestamp desc, id desc",
        )
        for message in inbound:
            for sent in candidates:
                if (
                    sent.contact_id == message.contact_id
                    and sent.channel == message.channel
                    and sent.message_timestamp <= message.message_timestamp
                    and message.message_timestamp - sent.message_timestamp
                    <= timedelta(days=sent.campaign_id.response_days)
                ):
                    message.sudo().campaign_id = sent.campaign_id
                    break
