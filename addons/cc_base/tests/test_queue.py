import contextlib
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.test_ir_cron import CronMixinCase

from ..models.contact_centre_message_queue import MAX_ATTEMPTS
from ..tools import ProviderError, SendResult
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestQueue(ContactCentreCommon, CronMixinCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Message = cls.env["contact.centre.message"]
        cls.cron = cls.env.ref("cc_base.ir_cron_send_queued")
        # Alice wrote an hour ago: her WhatsApp window is open.
        cls._message(
            cls.alice,
            provider_id=cls.sandbox_whatsapp.id,
            message_timestamp=fields.Datetime.now() - timedelta(hours=1),
        )

    def _send_queue(self):
        return self.Message._cron_send_queued()

    def _make_due(self, message):
        message.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)

    def test_queued_message_is_sent_by_the_cron(self):
        with self.capture_triggers("cc_base.ir_cron_send_queued") as triggers:
            message = self._queue(self.bob, channel="sms")
        self.assertEqual(message.status, "queued")
        self.assertTrue(triggers, "queuing wakes the sender")
        self._send_queue()
        self.assertEqual(message.status, "sent")
        self.assertEqual(message.external_message_id, f"sandbox-{message.uuid}")
        self.assertEqual(message.attempt_count, 1)

    def test_queued_messages_get_the_defaults_create_would_give(self):
        """Queuing fills in the defaults itself, so that create need not ask
        for them message by message: the context's and the users' defaults
        still apply, and each message has a uuid of its own."""
        self.env["ir.default"].set("contact.centre.message", "phone_number_id", "PN-1")
        messages = self.Message.with_context(
            default_message_type="interactive", default_thread_id="thread-1"
        )._queue_outbound(
            [
                {"contact_id": self.bob.id, "channel": "sms", "provider_id": self.sandbox_sms.id}
                for _index in range(3)
            ]
        )
        self.assertEqual(len(set(messages.mapped("uuid"))), 3)
        self.assertEqual(len(set(messages.mapped("name")) - {"/"}), 3)
        for message in messages:
            self.assertEqual(len(message.uuid), 32)
            self.assertEqual(message.company_id, self.env.company)
            self.assertEqual(message.message_type, "interactive")
            self.assertEqual(message.thread_id, "thread-1")
            self.assertEqual(message.phone_number_id, "PN-1")
            self.assertTrue(message.message_timestamp)
        plain = self._queue(self.bob, channel="sms")
        self.assertEqual((plain.message_type, plain.thread_id), ("text", False))
        self.assertEqual(plain.phone_number_id, "PN-1")

    def test_agent_reply_goes_out_at_once(self):
        message = self._queue(self.alice, send_now=True, body_text="On my way")
        self.assertEqual(message.status, "sent")

    def test_sender_sends_each_message_once(self):
        message = self._queue(self.bob, channel="sms")
        self._send_queue()
        self._send_queue()
        self.assertEqual(message.attempt_count, 1)

    def test_gate_opt_out(self):
        self.bob.opt_out_sms = True
        with self.assertRaisesRegex(UserError, "Bob has opted out of SMS messages"):
            self._queue(self.bob, channel="sms")

    def test_gate_checks_again_when_sending(self):
        message = self._queue(self.bob, channel="sms")
        self.bob.opt_out_sms = True
        self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("failed", "opted_out"))

    def test_gate_whatsapp_window(self):
        self.bob.whatsapp_number = "+33698765432"
        with self.assertRaisesRegex(UserError, "window to answer Bob on WhatsApp is closed"):
            self._queue(self.bob, body_text="Free text out of the blue")
        template = self.env["contact.centre.template"].create(
            {"name": "Welcome", "channel": "whatsapp", "body": "Welcome!"}
        )
        message = self._queue(self.bob, template_id=template.id, message_type="template")
        self.assertEqual(message.status, "queued", "a template goes out at any time")
        # An old inbound message does not open the window.
        self._message(
            self.bob,
            provider_id=self.sandbox_whatsapp.id,
            message_timestamp=fields.Datetime.now() - timedelta(hours=25),
        )
        with self.assertRaisesRegex(UserError, "closed"):
            self._queue(self.bob)

    def test_gate_template_its_provider_refuses(self):
        """No provider in cc_base refuses a template: a provider addon's hook
        is played here by a patched one (cc_whatsapp_meta tests the real one)."""
        self.bob.whatsapp_number = "+33698765432"
        Template = self.env["contact.centre.template"]
        held, welcome = Template.create(
            [
                {"name": "Held", "channel": "whatsapp", "body": "Held!"},
                {"name": "Welcome", "channel": "whatsapp", "body": "Welcome!"},
            ]
        )

        def refuse_held(template):
            return "Held is paused by its provider." if template == held else None

        with patch.object(type(Template), "_send_refusal", refuse_held):
            with self.assertRaisesRegex(UserError, "Held is paused by its provider"):
                self._queue(self.bob, template_id=held.id, message_type="template")
            # Inside the window too: the provider would refuse it all the same.
            with self.assertRaisesRegex(UserError, "Held is paused by its provider"):
                self._queue(self.alice, template_id=held.id, message_type="template")
            welcomed = self._queue(self.bob, template_id=welcome.id, message_type="template")
            self.assertEqual(welcomed.status, "queued")
            queued_before = self._queue(self.alice, template_id=welcome.id)
            refuse_welcome = patch.object(
                type(Template), "_send_refusal", lambda t: "Welcome was disabled."
            )
            with refuse_welcome:
                self._send_queue()
        self.assertEqual(
            (queued_before.status, queued_before.failure_type, queued_before.error_message),
            ("failed", "template_missing", "Welcome was disabled."),
            "the gate asks again just before sending",
        )
        self.assertEqual(welcomed.status, "failed")

    def test_gate_number_and_account(self):
        with self.assertRaisesRegex(UserError, "Bob has no WhatsApp number"):
            self._queue(self.bob)
        self.sandbox_sms.state = "disabled"
        with self.assertRaisesRegex(UserError, "No enabled SMS provider account"):
            self._queue(self.bob, channel="sms")

    def test_refused_message_kept_with_its_reason(self):
        self.bob.opt_out_sms = True
        message = self.Message._queue_outbound(
            [
                {
                    "contact_id": self.bob.id,
                    "channel": "sms",
                    "provider_id": self.sandbox_sms.id,
                    "body_text": "Hi",
                }
            ],
            raise_if_refused=False,
        )
        self.assertEqual((message.status, message.failure_type), ("failed", "opted_out"))
        self.assertIn("opted out", message.error_message)

    def test_unrecoverable_failure_fails_at_once(self):
        message = self._queue(self.bob, channel="sms", body_text="[sandbox:wrong_number]")
        self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("failed", "wrong_number"))
        self.assertIn("sandbox refused", message.error_message)

    def test_recoverable_failure_is_retried_with_backoff(self):
        message = self._queue(self.bob, channel="sms", body_text="[sandbox:rate_limited]")
        with self.capture_triggers("cc_base.ir_cron_send_queued") as triggers:
            self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("queued", "rate_limited"))
        first_wait = message.next_attempt_at - fields.Datetime.now()
        self.assertGreater(first_wait, timedelta(seconds=10))
        self.assertEqual(triggers.records[-1].call_at, message.next_attempt_at)
        self._send_queue()
        self.assertEqual(message.attempt_count, 1, "not due yet: left alone")
        waits = [first_wait]
        for _attempt in range(2, MAX_ATTEMPTS + 1):
            self._make_due(message)
            self._send_queue()
            if message.status == "queued":
                waits.append(message.next_attempt_at - fields.Datetime.now())
        self.assertEqual((message.status, message.attempt_count), ("failed", MAX_ATTEMPTS))
        self.assertGreater(waits[-1], waits[0], "the wait grows")

    def test_retry_and_cancel(self):
        failed = self._queue(self.bob, channel="sms", body_text="[sandbox:credit]")
        self._send_queue()
        self.assertEqual(failed.status, "failed")
        failed.body_text = "Fixed"
        failed.with_user(self.agent).action_retry()
        self.assertEqual(
            (failed.status, failed.attempt_count, failed.failure_type), ("queued", 0, False)
        )
        self._send_queue()
        self.assertEqual(failed.status, "sent")

        queued = self._queue(self.bob, channel="sms")
        queued.with_user(self.manager).action_cancel()
        self._send_queue()
        self.assertEqual(queued.status, "cancelled")

    def test_a_larger_batch_takes_no_more_queries(self):
        """Names, claims, the gate, sends and results cost the same queries
        for 2 messages as for 8: nothing is done one message at a time (with
        no rate limit, which hands an account its messages in slices)."""
        self.env["contact.centre.provider"].search([("channel", "=", "sms")]).rate_limit = 0
        contacts = self.env["res.partner"].create(
            [
                {"name": f"Reader {index}", "sms_number": f"+3247122{index:04d}"}
                for index in range(8)
            ]
        )

        def queries(readers):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            messages = self.Message._queue_outbound(
                [
                    {"contact_id": reader.id, "channel": "sms", "body_text": "Your book is in."}
                    for reader in readers
                ],
                find_conversations=False,
            )
            queued = self.env.cr.sql_log_count
            self.Message._cron_send_queued(batch_size=len(readers))
            self.assertEqual(set(messages.mapped("status")), {"sent"})
            return queued - before, self.env.cr.sql_log_count - queued

        queries(contacts[:1])  # caches warm up
        self.assertEqual(queries(contacts[1:3]), queries(contacts))

    def test_a_batch_records_each_answer(self):
        """Accepted, refused for good and to retry, in one batch: each
        message gets its own result."""
        sent, retried, failed = (self._queue(self.bob, channel="sms") for _ in range(3))
        results = {
            sent.id: SendResult(external_id="batch-1"),
            retried.id: SendResult(
                error=ProviderError("rate_limited", "Slow down", retry_after=90)
            ),
            failed.id: SendResult(error=ProviderError("wrong_number", "No such number")),
        }
        (sent | retried | failed)._lease()
        (sent | retried | failed)._record_send_results(results)
        self.assertEqual((sent.status, sent.external_message_id), ("sent", "batch-1"))
        self.assertEqual((retried.status, retried.failure_type), ("queued", "rate_limited"))
        self.assertGreater(retried.next_attempt_at, fields.Datetime.now() + timedelta(seconds=80))
        self.assertEqual(
            (failed.status, failed.failure_type, failed.error_message),
            ("failed", "wrong_number", "No such number"),
        )

    def test_a_batch_is_recorded_sent_in_one_update(self):
        """The provider's ids and the sent status go out together: each
        message's row is written once, in one statement for the batch."""
        self.sandbox_sms.rate_limit = 0
        messages = self.Message.concat(*(self._queue(self.bob, channel="sms") for _ in range(3)))
        messages._lease()
        # Queued a second apart or not, each row's status time changes: the
        # ORM writes a row whose value stays the same with other columns.
        messages.status_timestamp = fields.Datetime.now() - timedelta(minutes=1)
        self.env.flush_all()
        queries = []
        with contextlib.contextmanager(self._patchExecute)(queries):
            messages._record_send_results(
                {message.id: SendResult(external_id=f"one-{message.id}") for message in messages}
            )
        updates = [query for query in queries if query.lstrip().upper().startswith("UPDATE")]
        self.assertEqual(len(updates), 1, "\n".join(updates))
        self.assertEqual(set(messages.mapped("status")), {"sent"})
        self.assertEqual(
            messages.mapped("external_message_id"), [f"one-{id_}" for id_ in messages.ids]
        )
        self.assertFalse(any(messages.mapped("failure_type")), "the handover's mark is gone")

    def test_a_claim_without_rate_limit_is_marked_in_the_same_write(self):
        """An account without a rate limit takes its messages at once: the
        claim's lease carries the handover's mark, each row written once."""
        self.sandbox_sms.rate_limit = 0
        message = self._queue(self.bob, channel="sms")
        self.env.flush_all()
        queries = []
        with contextlib.contextmanager(self._patchExecute)(queries):
            claimed = self.Message._claim_due(10)
        updates = [query for query in queries if query.lstrip().upper().startswith("UPDATE")]
        self.assertEqual(claimed, message)
        self.assertEqual(len(updates), 1, "\n".join(updates))
        self.assertEqual((message.attempt_count, message.failure_type), (1, "unknown"))
        self.assertTrue(message.next_attempt_at)

    def test_a_rate_limited_claim_is_marked_at_its_turn_only(self):
        """A rate-limited account's messages wait for their slots: a sender
        that dies meanwhile has not handed them over, they go again."""
        self.sandbox_sms.rate_limit = 50
        message = self._queue(self.bob, channel="sms")
        self.Message._claim_due(10)
        self.assertEqual((message.attempt_count, message.failure_type), (1, False))

    def test_a_released_claim_loses_the_handover_mark(self):
        self.sandbox_sms.rate_limit = 0
        message = self._queue(self.bob, channel="sms")
        claimed = self.Message._claim_due(10)
        claimed._release()
        self.assertEqual((message.attempt_count, message.failure_type), (0, False))
        self.assertIn(message, self.Message._claim_due(10), "due again")

    def test_a_message_cancelled_after_its_claim_is_not_sent_nor_marked(self):
        self.sandbox_sms.rate_limit = 0
        message = self._queue(self.bob, channel="sms")
        claimed = self.Message._claim_due(10)
        message.with_user(self.agent).action_cancel()
        claimed._send_claimed()
        self.assertEqual((message.status, message.failure_type), ("cancelled", False))
        self.assertFalse(message.external_message_id)

    def test_late_send_result_never_undoes_a_report(self):
        message = self._queue(self.bob, channel="sms")
        message.status = "delivered"
        message._record_send_results({message.id: SendResult(external_id="late-1")})
        self.assertEqual((message.status, message.external_message_id), ("delivered", "late-1"))

    def test_a_crashing_provider_fails_the_message_instead_of_resending_it(self):
        message = self._queue(self.bob, channel="sms")
        with (
            patch.object(type(self.sandbox_sms), "_send_messages", side_effect=KeyError("bug")),
            mute_logger("odoo.addons.cc_base.models.contact_centre_message_queue"),
        ):
            self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))
        self.assertIn("KeyError", message.error_message)

    def test_senders_that_died_do_not_resend_forever(self):
        message = self._queue(self.bob, channel="sms")
        message.write(
            {
                "attempt_count": MAX_ATTEMPTS,
                "next_attempt_at": fields.Datetime.now() - timedelta(seconds=1),
            }
        )
        self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))
        self.assertFalse(message.external_message_id)

    def test_a_sender_that_died_while_sending_does_not_send_again(self):
        """A server killed between the provider's answer and its commit: the
        message, perhaps sent, is failed when its lease ends, not sent twice."""
        message = self._queue(self.bob, channel="sms")
        sends = []

        def die(provider, messages):
            sends.append(messages.ids)
            raise KeyboardInterrupt

        # Not assertRaises: its savepoint would undo what the dead sender committed.
        with (
            patch.object(type(self.sandbox_sms), "_send_messages", die),
            contextlib.suppress(KeyboardInterrupt),
        ):
            self._send_queue()
        self._make_due(message)
        self._send_queue()
        self.assertEqual(sends, [message.ids], "handed to the provider once")
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))
        self.assertIn("may or may not have gone out", message.error_message)

    def test_a_dead_senders_handover_is_not_claimed_by_a_running_sender(self):
        """The lease of a message a dead sender was handing over ends while
        another sender is in the middle of its run (past _fail_abandoned):
        that sender does not claim it, and the next run fails it."""
        message = self._queue(self.bob, channel="sms")
        claimed = self.Message._claim_due(10)
        claimed._mark_in_flight()
        self._make_due(message)
        self.assertNotIn(message, self.Message._claim_due(10))
        self._send_queue()
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))

    def test_a_report_during_the_handover_leaves_no_failure_behind(self):
        """Delivered before the provider's answer reached us: the message stays
        delivered, and the handover's mark does not read as a failure."""
        message = self._queue(self.bob, channel="sms")

        def delivered_meanwhile(provider, messages):
            messages.write({"status": "delivered"})
            messages.flush_recordset()
            return {messages.id: SendResult(external_id="early-report")}

        with patch.object(type(self.sandbox_sms), "_send_messages", delivered_meanwhile):
            self._send_queue()
        self.assertEqual(
            (message.status, message.failure_type, message.external_message_id),
            ("delivered", False, "early-report"),
        )

    def test_past_the_deadline_claims_are_released(self):
        message = self._queue(self.bob, channel="sms")
        claimed = self.Message._claim_due(10)
        self.assertIn(message, claimed)
        claimed._send_claimed(deadline=time.monotonic() - 1)
        self.assertEqual((message.status, message.attempt_count), ("queued", 0))
        self.assertFalse(message.next_attempt_at, "due again for the next run")

    def test_agents_of_an_account_only(self):
        message = self._message(self.bob, channel="sms", provider_id=self.sandbox_sms.id)
        self.sandbox_sms.agent_ids = self.other_agent
        self.assertFalse(self.Message.with_user(self.agent).search([("id", "=", message.id)]))
        self.assertTrue(self.Message.with_user(self.other_agent).search([("id", "=", message.id)]))

    def test_users_cannot_retry_or_cancel(self):
        message = self._queue(self.bob, channel="sms")
        with self.assertRaises(AccessError):
            message.with_user(self.cc_user).action_cancel()

    def test_rate_limited_account_gets_no_burst_of_a_whole_second(self):
        """At 80 messages a second the provider is handed 8 at a time, each
        group in its slot: a provider counting over any one second never
        sees more than the limit and a group."""
        self.sandbox_sms.rate_limit = 80
        for n in range(20):
            self._queue(self.bob, channel="sms", body_text=f"Sale {n}")
        Provider = type(self.sandbox_sms)
        with patch.object(
            Provider, "_send_messages", autospec=True, side_effect=Provider._send_messages
        ) as send:
            self._send_queue()
        self.assertEqual([len(call.args[1]) for call in send.call_args_list], [8, 8, 4])

    def test_rate_limit_spreads_sends_over_time(self):
        self.sandbox_sms.rate_limit = 1000
        self.sandbox_sms._wait_for_rate(500)
        self.env.invalidate_all()
        reserved = self.sandbox_sms.rate_next_slot - fields.Datetime.now()
        self.assertGreater(reserved, timedelta(seconds=0.3))
        self.assertLess(reserved, timedelta(seconds=2))
