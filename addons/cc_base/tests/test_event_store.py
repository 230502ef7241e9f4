import json
import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools import InboundMessage, WebhookRequest
from .common import ContactCentreCommon

NOW = int(time.time())


@tagged("post_install", "-at_install")
class TestEventStore(ContactCentreCommon):
    """Stored webhook events, parsed and applied outside the request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["contact.centre.webhook.event"]
        cls.provider = cls.sandbox_whatsapp

    def _receive(self, *events, provider=None):
        """Store sandbox events as the webhook would, and process them."""
        stored = (provider or self.provider)._sandbox_receive(list(events))
        stored._process()
        return stored

    def _inbound(self, external_id, sender="+32470123456", text="Hi", **extra):
        return {
            "type": "message",
            "id": external_id,
            "from": sender,
            "text": text,
            "timestamp": NOW,
            **extra,
        }

    def _status(self, message, status, **extra):
        return {
            "type": "status",
            "uuid": message.uuid,
            "status": status,
            "timestamp": NOW,
            **extra,
        }

    def _find(self, external_id):
        return self.Message.search([("external_message_id", "=", external_id)])

    # Inbound messages

    def test_inbound_message_finds_its_contact_by_number(self):
        self._receive(self._inbound("wa-1", sender="0032 470 12 34 56"))
        message = self._find("wa-1")
        self.assertEqual(message.contact_id, self.alice)
        self.assertEqual(
            (message.direction, message.status, message.channel),
            ("inbound", "received", "whatsapp"),
        )
        self.assertEqual(message.provider_id, self.provider)

    def test_unknown_number_creates_a_contact_named_by_the_provider(self):
        self._receive(self._inbound("wa-2", sender="+32470777888", name="Chloé"))
        contact = self._find("wa-2").contact_id
        self.assertEqual(contact.name, "Chloé")
        self.assertEqual(contact.whatsapp_number, "+32470777888")

    def test_shared_number_picks_the_oldest_contact(self):
        twin = self.Partner.create({"name": "Alice's twin", "whatsapp_number": "+32470123456"})
        self._receive(self._inbound("wa-3"))
        self.assertEqual(self._find("wa-3").contact_id, self.alice)
        self.assertLess(self.alice.id, twin.id)

    def test_number_known_on_another_channel(self):
        self._receive(self._inbound("sms-1", sender="+33698765432"), provider=self.sandbox_sms)
        self.assertEqual(self._find("sms-1").contact_id, self.bob)
        whatsapp = self._receive(self._inbound("wa-4", sender="+33698765432"))
        self.assertEqual(self._find("wa-4").contact_id, self.bob)
        self.assertEqual(self.bob.whatsapp_number, "+33698765432")
        self.assertEqual(whatsapp.state, "done")

    def test_duplicate_message_is_a_no_op(self):
        self._receive(self._inbound("wa-5"))
        # The same message in another request (a provider's retry with a new body).
        self._receive(self._inbound("wa-5"), self._inbound("wa-6"))
        self.assertEqual(len(self._find("wa-5")), 1)
        self.assertEqual(len(self._find("wa-6")), 1)

    def test_reply_is_linked_to_the_quoted_message(self):
        self._receive(self._inbound("wa-7", text="Question"))
        self._receive(self._inbound("wa-8", text="About that", reply_to="wa-7"))
        self.assertEqual(self._find("wa-8").reply_to_message_id, self._find("wa-7"))

    def test_inbound_keyword_opts_out(self):
        self._receive(self._inbound("wa-9", text="STOP"))
        self.assertTrue(self.alice.opt_out_whatsapp)

    def test_keyword_the_customer_wrote_to_is_kept(self):
        self.Message._apply_inbound(
            self.sandbox_sms,
            [
                InboundMessage("sms-kw", "+33698765432", "QUIZ Paris", keyword="QUIZ"),
                InboundMessage("sms-no-kw", "+33698765432", "Paris"),
            ],
        )
        self.assertEqual(self._find("sms-kw").inbound_keyword, "QUIZ")
        self.assertEqual(self._find("sms-kw").contact_id, self.bob)
        self.assertFalse(self._find("sms-no-kw").inbound_keyword)

    # Statuses

    def _sent_message(self):
        self._receive(self._inbound("wa-open"))  # opens Alice's window
        return self._queue(self.alice, send_now=True)

    def test_sandbox_reports_delivery_then_read(self):
        message = self._sent_message()
        self.assertEqual(message.status, "sent")
        reports = self.Event.search(
            [("provider_id", "=", self.provider.id), ("state", "=", "pending")]
        )
        self.assertEqual(len(reports), 2)
        self.assertTrue(all(r.next_attempt_at > fields.Datetime.now() for r in reports))
        reports.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        self.Event._cron_process()
        self.assertEqual(message.status, "read")

    def test_statuses_only_move_forward(self):
        message = self._sent_message()
        self._receive(self._status(message, "read"))
        self._receive(self._status(message, "delivered"))
        self._receive(self._status(message, "sent"))
        self.assertEqual(message.status, "read")

    def test_late_failure_keeps_its_error(self):
        message = self._sent_message()
        self._receive(
            self._status(message, "failed", failure_type="window_closed", error="Re-engagement")
        )
        self._receive(self._status(message, "sent"))
        self.assertEqual(
            (message.status, message.failure_type, message.error_message),
            ("failed", "window_closed", "Re-engagement"),
        )

    def test_status_by_external_id(self):
        message = self._sent_message()
        self._receive(
            {
                "type": "status",
                "id": message.external_message_id,
                "status": "delivered",
                "timestamp": NOW,
            }
        )
        self.assertEqual(message.status, "delivered")

    # Failures, replay, retention

    def test_misshapen_event_fails_at_once_with_its_error(self):
        event = self.Event._store(
            self.provider,
            WebhookRequest("POST", "/", body=b'{"events": [{"type": "bogus", "timestamp": 0}]}'),
        )
        event._process()
        self.assertEqual((event.state, event.attempt_count), ("failed", 1))
        self.assertIn("bogus", event.error)

    def test_failing_event_keeps_its_error_and_is_retried(self):
        event = self._receive(
            {"type": "status", "uuid": "never-sent", "status": "delivered", "timestamp": NOW}
        )
        self.assertEqual((event.state, event.attempt_count), ("pending", 1))
        self.assertIn("never-sent", event.error)
        self.assertGreater(event.next_attempt_at, fields.Datetime.now())
        for _attempt in range(10):
            event.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
            self.Event._cron_process()
        self.assertEqual(event.state, "failed")

    def test_status_before_its_message_is_retried(self):
        event = self._receive(
            {"type": "status", "uuid": "not-sent-yet", "status": "delivered", "timestamp": NOW}
        )
        self.assertEqual(event.state, "pending")
        self.assertIn("not-sent-yet", event.error)

    def test_status_of_a_message_sent_elsewhere_does_not_hold_up_the_others(self):
        """The provider's portal or another app sends through the same
        account: its reports name no message of ours, and ours still apply."""
        ours = self._message(
            self.alice, direction="outbound", provider_id=self.provider.id, status="sent"
        )
        event = self._receive(
            {
                "type": "status",
                "id": "sent-from-the-portal",
                "status": "delivered",
                "timestamp": NOW,
            },
            {"type": "status", "uuid": ours.uuid, "status": "delivered", "timestamp": NOW},
        )
        self.assertEqual(event.state, "done")
        self.assertEqual(ours.status, "delivered")

    def test_replay_changes_nothing_already_applied(self):
        event = self._receive(self._inbound("wa-10", text="Once"))
        message = self._find("wa-10")
        with self.assertRaises(AccessError):
            event.with_user(self.agent).action_replay()
        event.with_user(self.manager).action_replay()
        self.assertEqual(event.state, "done")
        self.assertEqual(self._find("wa-10"), message)

    def test_retention(self):
        old = self._receive(self._inbound("wa-11"))
        failed_old = self.Event._store(self.provider, WebhookRequest("POST", "/", body=b"old junk"))
        recent = self._receive(self._inbound("wa-12"))
        (old | failed_old).received_at = fields.Datetime.now() - timedelta(days=31)
        failed_old.state = "failed"
        self.Event._gc_processed_events()
        self.assertFalse(old.exists())
        self.assertTrue(failed_old.exists(), "failed events wait for a manager")
        self.assertTrue(recent.exists())

    def test_store_deduplicates_on_identity(self):
        body = json.dumps({"events": [self._inbound("wa-13")]}).encode()
        first = self.Event._store(self.provider, WebhookRequest("POST", "/", body=body))
        again = self.Event._store(self.provider, WebhookRequest("POST", "/", body=body))
        self.assertTrue(first)
        self.assertFalse(again)
