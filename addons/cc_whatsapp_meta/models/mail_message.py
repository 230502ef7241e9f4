from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _message_reaction(self, content, action, partner, guest, store=None):  # pylint: disable=missing-return
        """An agent's reaction in a WhatsApp conversation reaches the
        customer's message on WhatsApp; taking it back removes it there."""
        super()._message_reaction(content, action, partner, guest, store=store)
        if self.model != "discuss.channel":
            return
        conversation = self.env["discuss.channel"].sudo().browse(self.res_id)
        account = conversation.cc_provider_id
        if (
            conversation.channel_type != "contact_centre"
            or account.code != "meta"
            or partner == conversation.cc_contact_id
            or not partner.user_ids
        ):
            return
        message = (
            self.env["contact.centre.message"]
            .sudo()
            .search([("mail_message_id", "=", self.id)], limit=1)
        )
        # A customer known only by Meta's user id has no number to react to.
        if message.external_message_id and message.contact_id.whatsapp_number:
            account._meta_react(message, content if action == "add" else "")
