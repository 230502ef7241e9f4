from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestQueueHooks(ContactCentreCommon):
    """The hooks bulk senders rely on: no conversation started for them, and
    messages held back at send time go back to the queue unsent."""

    def test_bulk_queue_starts_no_conversation(self):
        message = self.Message._queue_outbound(
            [{"contact_id": self.bob.id, "channel": "sms", "body_text": "Sale!"}],
            find_conversations=False,
        )
        self.assertEqual(message.status, "queued")
        self.assertFalse(message.conversation_id)
        self.assertFalse(
            self.env["discuss.channel"].search_count([("cc_contact_id", "=", self.bob.id)])
        )

    def test_held_back_message_waits_unsent(self):
        message = self._queue(self.bob, channel="sms")
        later = fields.Datetime.now() + timedelta(hours=2)
        Message = type(self.Message)

        def hold_everything(messages):
            messages._release(later)
            return messages.browse()

        with patch.object(Message, "_hold_back", hold_everything):
            self.Message._cron_send_queued()
        message.invalidate_recordset()
        self.assertEqual(message.status, "queued")
        self.assertEqual(message.next_attempt_at, later)
        self.assertEqual(message.attempt_count, 0, "a held message has made no attempt")
        self.assertFalse(message.failure_type, "nor is it being handed to the provider")
        self.Message._cron_send_queued()
        self.assertEqual(message.status, "queued", "not due before its hold ends")
        message.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        self.Message._cron_send_queued()
        self.assertEqual(message.status, "sent")

    def test_messages_created_together_are_numbered_in_order(self):
        messages = self.Message._queue_outbound(
            [
                {"contact_id": self.bob.id, "channel": "sms", "body_text": f"Number {index}"}
                for index in range(3)
            ],
            find_conversations=False,
        )
        names = messages.mapped("name")
        self.assertEqual(len(set(names)), 3)
        self.assertTrue(all(name.startswith("MSG") for name in names))
        self.assertEqual(names, sorted(names))
