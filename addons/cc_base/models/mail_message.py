from odoo import models

from ..tools import selection_label


class MailMessage(models.Model):
    """Messages of contact centre conversations carry their delivery status
    to Discuss: sent, delivered, read, or failed with the reason."""

    _inherit = "mail.message"

    def _cc_outbound_messages(self):
        """{mail message: its outbound contact centre message}"""
        return {
            cc_message.mail_message_id: cc_message
            for cc_message in self.env["contact.centre.message"]
            .sudo()
            .search([("mail_message_id", "in", self.ids), ("direction", "=", "outbound")])
        }

    def _cc_status_values(self, cc_message=None):
        self.ensure_one()
        cc_message = cc_message or self._cc_outbound_messages().get(self)
        if not cc_message:
            return {"cc_status": False, "cc_status_label": False, "cc_error": False}
        return {
            "cc_status": cc_message.status,
            "cc_status_label": selection_label(cc_message, "status"),
            "cc_error": cc_message.error_message or False,
        }

    def _to_store(self, store, /, *, fields=None, **kwargs):
        super()._to_store(store, fields=fields, **kwargs)
        in_conversations = self.filtered(lambda m: m.model == "discuss.channel")
        if not in_conversations:
            return
        for message, cc_message in in_conversations._cc_outbound_messages().items():
            store.add(message, message._cc_status_values(cc_message))
