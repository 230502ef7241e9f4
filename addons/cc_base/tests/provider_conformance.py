"""The provider conformance kit: the provider contract of cc_base, proved end
to end by each provider addon against its own simulator.

This module is deliberately not named test_*: Odoo only collects test
classes from the test_* modules of an addon's tests package, so the kit
never runs on its own, only through the subclass a provider addon writes.
"""

from unittest import SkipTest
from urllib.parse import parse_qsl, urlsplit

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..const import NUMBER_FIELD_BY_CHANNEL, RECOVERABLE_FAILURE_TYPES, SERVICE_WINDOW_HOURS
from ..tools import WebhookRequest


@tagged("post_install", "-at_install")
class ProviderConformanceCase(HttpCase):
    """What every provider addon must show: messages go out and come back
    with an external id, webhooks arrive through the real route, are stored
    once and applied once, forged ones are refused, delivery reports only
    move a message forward, send failures land in our closed failure types,
    and the connection test answers in words.

    A provider addon subclasses it in its tests, points it at its simulator
    and fills in the hooks below::

        from odoo.addons.cc_base.tests.provider_conformance import (
            ProviderConformanceCase,
        )

        from .simulator import InfobipSimulator


        class TestInfobipConformance(ProviderConformanceCase):
            provider_code = "infobip"
            channel = "sms"
            simulated_failure_types = ["wrong_number", "credit", "rate_limited"]

            @classmethod
            def setUpClass(cls):
                super().setUpClass()
                cls.simulator = InfobipSimulator.start()
                cls.addClassCleanup(cls.simulator.stop)

            def _create_account(self):
                return self.env["contact.centre.provider"].create({
                    "name": "Infobip", "code": "infobip", "channel": "sms",
                    "infobip_base_url": self.simulator.url,
                    "infobip_api_key": self.simulator.api_key,
                    "state": "enabled",
                })

            def _inbound_webhook(self, external_id, sender, text):
                return self.simulator.inbound_request(external_id, sender, text)

            def _status_webhook(self, message, status):
                return self.simulator.report_request(message.external_message_id, status)

            def _forge(self, headers):
                return {**headers, "Authorization": "Basic Zm9yZ2Vk"}

            def _make_next_send_fail(self, failure_type):
                self.simulator.fail_next_send(failure_type)
                return ""

    Odoo runs a subclass's inherited tests (allow_inherited_tests_method);
    a class that sets no provider_code skips them all.
    """

    allow_inherited_tests_method = True

    # What the subclass declares.
    provider_code = None
    channel = None
    # The failure types _make_next_send_fail can bring about.
    simulated_failure_types = ()
    # The customer's number, E.164: _inbound_webhook writes it the provider's way.
    customer_number = "+32470990011"

    # Hooks the subclass implements

    def _create_account(self):
        """An enabled contact.centre.provider of provider_code and channel,
        configured to talk to the simulator."""
        raise NotImplementedError

    def _inbound_webhook(self, external_id, sender, text):
        """(body bytes, headers dict) of a correctly signed webhook request
        carrying one inbound text message, exactly as the provider sends it."""
        raise NotImplementedError

    def _status_webhook(self, message, status):
        """(body bytes, headers dict) of a correctly signed delivery report
        for the outbound message; status is one of ours: sent, delivered,
        read, failed."""
        raise NotImplementedError

    def _forge(self, headers):
        """The headers of a signed request, with the signature (or token)
        broken."""
        raise NotImplementedError

    def _make_next_send_fail(self, failure_type):
        """Make the next send fail with failure_type, and return text to add
        to that message's body: '' when the simulator was told directly, a
        mark when the provider reads the instruction from the message itself
        (as the Sandbox does)."""
        raise NotImplementedError

    # Setting up

    @classmethod
    def setUpClass(cls):
        if cls.provider_code is None:
            raise SkipTest("The conformance kit runs through a provider addon's subclass.")
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="cc_conformance_manager",
            groups="base.group_user,cc_base.group_contact_centre_manager",
        )
        cls.Event = cls.env["contact.centre.webhook.event"]
        cls.Message = cls.env["contact.centre.message"]

    def setUp(self):
        # Per test, so that a subclass may register its provider in its own
        # setUpClass, after the kit's.
        super().setUp()
        self.account = self._create_account()
        self.assertEqual(
            (self.account.code, self.account.channel, self.account.state),
            (self.provider_code, self.channel, "enabled"),
            "_create_account makes an enabled account of provider_code on channel",
        )
        self.customer = self.env["res.partner"].create(
            {
                "name": "Conformance Customer",
                NUMBER_FIELD_BY_CHANNEL[self.channel]: self.customer_number,
            }
        )

    # Helpers

    def _post_webhook(self, body, headers):
        """POST to the account's own webhook URL, on the test server."""
        url = urlsplit(self.account.webhook_url)
        return self.url_open(
            f"{url.path}?{url.query}" if url.query else url.path, data=body, headers=headers
        )

    def _post_and_process(self, body, headers):
        """POST a request, then process the events it stored, and those only:
        reports the simulator sends by itself meanwhile do not race the kit's."""
        before = self._events()
        response = self._post_webhook(body, headers)
        self.assertEqual(response.status_code, 200, response.text)
        stored = self._events() - before
        stored._process()
        for event in stored:
            self.assertEqual(event.state, "done", event.error)

    def _events(self):
        return self.Event.search([("provider_id", "=", self.account.id)])

    def _inbound_messages(self):
        return self.Message.search(
            [("provider_id", "=", self.account.id), ("direction", "=", "inbound")]
        )

    def _send(self, text):
        """Queue a text message to the customer and send it at once, as an
        agent's reply is. On WhatsApp-like channels, free text only answers a
        recent message of the customer's: the customer writes first."""
        if self.channel in SERVICE_WINDOW_HOURS:
            self.Message.create(
                {
                    "contact_id": self.customer.id,
                    "channel": self.channel,
                    "direction": "inbound",
                    "provider_id": self.account.id,
                    "body_text": "Hello, can you help me?",
                }
            )
        message = self.Message._queue_outbound(
            [
                {
                    "contact_id": self.customer.id,
                    "channel": self.channel,
                    "provider_id": self.account.id,
                    "body_text": text,
                }
            ],
            send_now=True,
        )
        # An interactive message goes out as its transaction commits.
        self.env.cr.flush()
        return message

    def _sent(self, text):
        message = self._send(text)
        self.assertEqual(message.status, "sent", message.error_message)
        return message

    def _skip_unless(self, capability, reason):
        if not self.account[capability]:
            self.skipTest(reason)

    # The contract

    def test_send_is_sent_with_an_external_id(self):
        message = self._sent("Hello from the conformance kit")
        self.assertTrue(message.external_message_id, "the provider's id, for its reports")

    def test_inbound_message_reaches_its_contact(self):
        self._skip_unless("support_inbound", "The provider receives no messages.")
        response = self._post_webhook(
            *self._inbound_webhook("conformance-in-1", self.customer_number, "Hi, it's me")
        )
        self.assertEqual(response.status_code, 200, response.text)
        event = self._events()
        self.assertEqual(len(event), 1, "stored once, as it came")
        self.assertFalse(self._inbound_messages(), "nothing is applied inside the request")

        self.Event._cron_process()
        self.assertEqual(event.state, "done", event.error)
        message = self._inbound_messages()
        self.assertEqual(len(message), 1)
        self.assertEqual(message.contact_id, self.customer)
        self.assertEqual(message.body_text, "Hi, it's me")
        self.assertEqual(message.external_message_id, "conformance-in-1")
        self.assertEqual(message.channel, self.channel)

    def test_same_request_twice_makes_one_message(self):
        self._skip_unless("support_inbound", "The provider receives no messages.")
        request = self._inbound_webhook("conformance-in-2", self.customer_number, "Only once")
        # The provider retries before and after we processed its first try.
        for _attempt in range(2):
            self.assertEqual(self._post_webhook(*request).status_code, 200)
        self.Event._cron_process()
        self.assertEqual(self._post_webhook(*request).status_code, 200)
        self.Event._cron_process()
        self.assertEqual(len(self._inbound_messages()), 1)

    def test_replay_changes_nothing(self):
        self._skip_unless("support_inbound", "The provider receives no messages.")
        self._post_and_process(
            *self._inbound_webhook("conformance-in-3", self.customer_number, "Replay me")
        )
        message = self._inbound_messages()
        events = self._events()
        events.with_user(self.manager).action_replay()
        self.assertEqual(set(events.mapped("state")), {"done"}, events.mapped("error"))
        self.assertEqual(self._inbound_messages(), message)
        self.assertEqual((message.contact_id, message.body_text), (self.customer, "Replay me"))

    def test_forged_signature_is_refused_and_not_stored(self):
        body, headers = self._inbound_webhook(
            "conformance-forged", self.customer_number, "Not from the provider"
        )
        response = self._post_webhook(body, self._forge(headers))
        self.assertIn(response.status_code, (401, 403))
        self.assertFalse(self._events())

    def test_verifying_a_webhook_reads_nothing_from_the_database(self):
        """The webhook route puts the account's _webhook_fields in its cache
        as the worker keeps them: verifying a request reads no more of it,
        and a worker that has seen the account reads nothing at all."""
        body, headers = self._inbound_webhook(
            "conformance-fields", self.customer_number, "Verified from the cache"
        )
        url = urlsplit(self.account.webhook_url)
        request = WebhookRequest(
            method="POST",
            path=url.path,
            body=body,
            headers={"host": url.netloc, **{name.lower(): v for name, v in headers.items()}},
            query=dict(parse_qsl(url.query)),
        )
        account = self.account.sudo()
        account._fetch_webhook_fields()
        self.env.invalidate_all()
        with self.assertQueryCount(0):
            account._fetch_webhook_fields()
            account._verify_webhook(request)

    def test_status_reports_only_move_forward(self):
        self._skip_unless("support_delivery_reports", "The provider sends no delivery reports.")
        last = "read" if self.account.support_read_receipts else "delivered"
        message = self._sent("Report on me")
        self._post_and_process(*self._status_webhook(message, last))
        self.assertEqual(message.status, last)
        # Late reports, whatever order the provider sent them in.
        for late in ("sent", "delivered") if last == "read" else ("sent",):
            self._post_and_process(*self._status_webhook(message, late))
            self.assertEqual(message.status, last, f"a late {late} report changes nothing")

        delivered = self._sent("Deliver me")
        self._post_and_process(*self._status_webhook(delivered, "delivered"))
        self.assertEqual(delivered.status, "delivered")

    def test_failure_report_ends_the_message(self):
        self._skip_unless("support_delivery_reports", "The provider sends no delivery reports.")
        message = self._sent("Fail me later")
        self._post_and_process(*self._status_webhook(message, "failed"))
        self.assertEqual(message.status, "failed")
        self.assertTrue(message.failure_type)
        self._post_and_process(*self._status_webhook(message, "delivered"))
        self.assertEqual(message.status, "failed", "failed is final")

    def test_send_failures_keep_their_failure_type(self):
        if not self.simulated_failure_types:
            self.skipTest("The provider simulates no send failure.")
        for failure_type in self.simulated_failure_types:
            with self.subTest(failure_type=failure_type):
                mark = self._make_next_send_fail(failure_type)
                message = self._send(f"This one fails{mark}")
                self.assertEqual(message.failure_type, failure_type, message.error_message)
                self.assertTrue(message.error_message, "the provider's words are kept")
                if failure_type in RECOVERABLE_FAILURE_TYPES:
                    self.assertEqual(message.status, "queued", "retried later")
                    self.assertGreater(message.next_attempt_at, fields.Datetime.now())
                else:
                    self.assertEqual(message.status, "failed")

    def test_connection_test_answers_in_words(self):
        answer = self.account._test_connection()
        self.assertIsInstance(answer, str)
        self.assertTrue(answer.strip())
