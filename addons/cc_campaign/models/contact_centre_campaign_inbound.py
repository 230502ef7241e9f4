from markupsafe import Markup

from odoo import Command, api, fields, models

from odoo.addons.cc_base.const import NUMBER_FIELD_BY_CHANNEL
from odoo.addons.cc_base.models.contact_centre_consent_keyword import normalise_keyword


class ContactCentreCampaign(models.Model):
    """Inbound campaigns listen for a keyword ("JOIN"): the contact who sends
    it is tagged, opted in with the message as evidence, added to the
    campaign and answered."""

    _inherit = "contact.centre.campaign"

    keyword = fields.Char(
        help="The word a customer sends to join, alone or first in their message; "
        "case, accents and punctuation do not count."
    )
    keyword_normalised = fields.Char(compute="_compute_keyword_normalised", store=True, index=True)
    tag_ids = fields.Many2many(
        "contact.centre.tag",
        string="Tags Added",
        help="Given to every contact who sends the keyword.",
    )
    reply_body = fields.Text(
        "Reply",
        help="Sent back to whoever sends the keyword. Placeholders such as "
        "{{ object.name }} are filled in.",
    )

    @api.depends("keyword")
    def _compute_keyword_normalised(self):
        for campaign in self:
            campaign.keyword_normalised = normalise_keyword(campaign.keyword) or False

    @api.model
    def _match_keyword(self, message):
        """The running inbound campaign whose keyword starts this inbound message."""
        text = normalise_keyword(message.body_text)
        if not text:
            return self.browse()
        campaigns = self.sudo().search(
            [
                ("campaign_type", "=", "inbound"),
                ("state", "=", "running"),
                ("keyword_normalised", "!=", False),
                ("channel", "in", (message.channel, "both")),
                ("company_id", "=", message.company_id.id),
                "|",
                ("provider_id", "=", False),
                ("provider_id", "=", message.provider_id.id),
            ],
            order="id",
        )
        return campaigns.filtered(
            lambda c: text == c.keyword_normalised or text.startswith(c.keyword_normalised + " ")
        )[:1]

    def _welcome(self, message):
        """The keyword message is in: tag, opt in (with evidence), add, answer."""
        self.ensure_one()
        contact, channel = message.contact_id.sudo(), message.channel
        values = {f"opt_in_{channel}": True}
        if self.tag_ids:
            values["contact_centre_tag_ids"] = [Command.link(tag.id) for tag in self.tag_ids]
        contact.write(values)
        self.sudo().contact_ids = [Command.link(contact.id)]
        contact.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._(
                    "Opted in to %(channel)s by sending “%(text)s” to campaign %(campaign)s.",
                    channel=dict(message._fields["channel"]._description_selection(self.env))[
                        channel
                    ],
                    text=message.body_text,
                    campaign=self.name,
                ),
                self.env._(
                    "Evidence: message %(message)s of %(date)s from %(number)s.",
                    message=message.name,
                    date=fields.Datetime.to_string(message.message_timestamp),
                    number=contact[NUMBER_FIELD_BY_CHANNEL[channel]],
                ),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        if self.reply_body and not self._contacted(contact):
            number = contact[NUMBER_FIELD_BY_CHANNEL[channel]]
            vals = {
                "campaign_id": self.id,
                "campaign_number": number,
                "contact_id": contact.id,
                "channel": channel,
                "provider_id": message.provider_id.id,
                "company_id": message.company_id.id,
                "conversation_id": message.conversation_id.id,
                "reply_to_message_id": message.id,
                "body_text": self._render_texts(self.reply_body, contact)[contact.id],
            }
            self.env["contact.centre.message"].sudo()._queue_outbound(
                [vals], raise_if_refused=False, find_conversations=False
            )
