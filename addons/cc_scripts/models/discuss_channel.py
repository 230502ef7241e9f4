from odoo import models


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def _cc_messages(self, direction, limit=None):
        """The conversation's messages in one direction, newest first."""
        self.ensure_one()
        return (
            self.env["contact.centre.message"]
            .sudo()
            .search(
                [("conversation_id", "=", self.id), ("direction", "=", direction)],
                limit=limit,
                order="message_timestamp desc, id desc",
            )
        )

    def _cc_customer_texts(self, count):
        """The texts of the customer's count latest messages, newest first."""
        return [text for text in self._cc_messages("inbound", count).mapped("body_text") if text]

    def _cc_script_stage(self):
        """The type of script the stage of the conversation calls for: a
        greeting before anyone answered, a closing once resolved."""
        self.ensure_one()
        if self.cc_state == "resolved":
            return "closing"
        if not self._cc_messages("outbound", 1):
            return "greeting"
        return False
