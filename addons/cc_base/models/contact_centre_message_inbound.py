from odoo import fields, models


class ContactCentreMessage(models.Model):
    """What happens once an inbound message is stored: consent keywords first;
    feature addons (automations) extend _process_inbound."""

    _inherit = "contact.centre.message"

    def _process_inbound(self):
        """Run once per new inbound message, after it is stored."""
        self._apply_consent_keywords()

    def _apply_consent_keywords(self):
        """A message that is only an opt-out keyword (STOP, ARRET, BAJA…) opts
        its contact out of the channel, an opt-in keyword (START) back in, and
        the keyword's confirmation is sent. Any other message changes nothing:
        writing to us never opts a contact back in."""
        Keyword = self.env["contact.centre.consent.keyword"].sudo()
        replies = []
        for message in self.filtered(lambda m: m.direction == "inbound"):
            keyword = Keyword._match(message.body_text, message.channel)
            if not keyword:
                continue
            opted_out = keyword.action == "opt_out"
            message.contact_id.sudo().write(
                {
                    f"opt_out_{message.channel}": opted_out,
                    f"opt_in_{message.channel}": not opted_out,
                }
            )
            if keyword.reply:
                replies.append(
                    {
                        "contact_id": message.contact_id.id,
                        "channel": message.channel,
                        "provider_id": message.provider_id.id,
                        "company_id": message.company_id.id,
                        "body_text": keyword.reply,
                        "reply_to_message_id": message.id,
                        "consent_reply": True,
                        "message_timestamp": fields.Datetime.now(),
                    }
                )
        if replies:
            self.env["contact.centre.message"].sudo()._queue_outbound(
                replies, raise_if_refused=False
            )
