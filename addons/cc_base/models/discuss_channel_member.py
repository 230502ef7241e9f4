from odoo import models


class DiscussChannelMember(models.Model):
    _inherit = "discuss.channel.member"

    def _set_last_seen_message(self, message, notify=True):  # pylint: disable=missing-return
        """An agent who opens a conversation in Discuss has read what the
        customer wrote."""
        super()._set_last_seen_message(message, notify=notify)
        conversation = self.channel_id
        if (
            conversation.channel_type == "contact_centre"
            and self.partner_id != conversation.cc_contact_id
            and self.partner_id.user_ids
        ):
            conversation.sudo()._cc_mark_read()
