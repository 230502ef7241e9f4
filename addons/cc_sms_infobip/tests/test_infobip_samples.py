import json
import logging
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, Form, TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.cc_base.tools import InboundMessage, PayloadError, ProviderError

from ..tools import InfobipStatusUpdate, events_from_payload, parse_timestamp, status_of
from .common import InfobipSimulatorMixin
from .infobip_simulator import STATUSES, status


def load_samples():
    with open(file_path("cc_sms_infobip/tests/data/infobip_samples.json")) as samples:
        return {sample["name"]: sample for sample in json.load(samples)["samples"]}


@tagged("post_install", "-at_install")
class TestInfobipSamples(InfobipSimulatorMixin, TransactionCase):
    """Every payload of infobip_samples.json (Infobip's client and docs), as
    Infobip sends or answers it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samples = load_samples()
        cls._start_simulator()

    def setUp(self):
        super().setUp()
        self.account = self._infobip_account()

    def test_every_sample_is_covered(self):
        self.assertEqual(
            set(self.samples),
            {
                "dlr_webhook_v2_delivered",
                "inbound_sms_webhook",
                "send_v3_request_and_response",
                "error_v2_envelope_examples",
            },
            "a new sample needs its test here",
        )

    def test_v2_delivery_reports(self):
        events = events_from_payload(self.samples["dlr_webhook_v2_delivered"]["payload"])
        self.assertEqual(len(events), 2, "every report of results[]")
        first = events[0]
        self.assertIsInstance(first, InfobipStatusUpdate)
        self.assertEqual(
            (first.status, first.external_id, first.segment_count, first.price, first.currency),
            ("delivered", "c9823180-94d4-4ea0-9bf3-ec907e7534a6", 1, 0.0001, "EUR"),
        )
        self.assertEqual(first.timestamp, datetime(2015, 6, 4, 13, 2, 0, 134000))
        self.assertIsNone(first.failure_type)
        self.assertEqual(events[1].external_id, "MESSAGE-ID-123-xyz")

    def test_inbound_sms(self):
        [event] = events_from_payload(self.samples["inbound_sms_webhook"]["payload"])
        self.assertIsInstance(event, InboundMessage)
        self.assertEqual(
            (event.external_id, event.sender, event.recipient, event.body, event.keyword),
            (
                "817790313235066447",
                "+385916242493",
                "385921004026",
                "QUIZ Correct answer is Paris",
                "QUIZ",
            ),
        )
        # 16:10 at +05:30 is 10:40 UTC.
        self.assertEqual(event.timestamp, datetime(2023, 8, 1, 10, 40))

    def test_timestamps_in_both_offset_forms(self):
        self.assertEqual(
            parse_timestamp("2015-06-04T13:02:00.134+0000"), datetime(2015, 6, 4, 13, 2, 0, 134000)
        )
        self.assertEqual(parse_timestamp("2023-08-01T16:10:00+05:30"), datetime(2023, 8, 1, 10, 40))
        self.assertEqual(parse_timestamp("2023-08-01T16:10:00-0300"), datetime(2023, 8, 1, 19, 10))

    def test_send_request_and_answer(self):
        sample = self.samples["send_v3_request_and_response"]
        self.simulator.answer_next(200, sample["response"])
        partner = self.env["res.partner"].create({"name": "Sample", "sms_number": "+41793026727"})
        message = self.env["contact.centre.message"].create(
            {
                "contact_id": partner.id,
                "channel": "sms",
                "direction": "outbound",
                "provider_id": self.account.id,
                "body_text": "This is a sample message",
            }
        )
        result = self.account._send_messages(message)[message.id]
        self.assertTrue(result.ok)
        self.assertEqual(result.external_id, "2250be2d4219-3af1-78856-aabe-1362af1edfd2")
        self.assertEqual(message.infobip_segment_count, 1)
        sent = self.simulator.requests_to("/sms/3/messages")[-1].json()["messages"][0]
        expected = sample["request"]["messages"][0]
        for key in ("sender", "destinations", "content"):
            self.assertEqual(sent[key], expected[key], key)

    def test_error_envelopes(self):
        failure_types = {
            "400": "unknown",
            "401": "authentication",
            "403": "authentication",
            "404": "unknown",
            "429": "rate_limited",
            "500": "provider_unavailable",
        }
        for http_status, envelope in self.samples["error_v2_envelope_examples"][
            "by_http_status"
        ].items():
            with self.subTest(http_status=http_status):
                self.simulator.answer_next(int(http_status), envelope)
                try:
                    self.account._test_connection()
                except ProviderError as error:
                    refused = error
                else:
                    self.fail("an error answer raises")
                self.assertEqual(refused.failure_type, failure_types[http_status])
                self.assertIn(envelope["requestError"]["serviceException"]["text"], str(refused))
        self.simulator.answer_next(
            400, self.samples["error_v2_envelope_examples"]["by_http_status"]["400"]
        )
        with self.assertRaisesRegex(
            ProviderError, r"messages\[0\].destinations: must not be empty"
        ):
            self.account._test_connection()

    def test_v3_error_envelope(self):
        self.simulator.answer_next(
            429,
            {
                "errorCode": "E429",
                "description": "Too many requests.",
                "action": "Retry later.",
                "violations": [{"property": "messages", "violation": "rate exceeded"}],
                "resources": [],
            },
        )
        with self.assertRaises(ProviderError) as refused:
            self.account._test_connection()
        self.assertEqual(refused.exception.failure_type, "rate_limited")
        self.assertIn(
            "Too many requests.; messages: rate exceeded (Retry later.)", str(refused.exception)
        )

    def test_sender_is_one_infobip_takes(self):
        for sender in ("ACME", "InfoSMS", "+32470990011", "385921004026"):
            self.account.sender = sender
        for sender in ("AC", "A very long sender", "Caf\u00e9 & Co"):
            with self.subTest(sender=sender), self.assertRaisesRegex(ValidationError, "3 to 11"):
                self.account.sender = sender

    def test_wrong_api_key_is_told_in_infobip_words(self):
        self.account.infobip_api_key = "revoked-key-77"
        with self.assertLogs("odoo.addons.cc_base.tools.provider_http", logging.INFO) as logs:
            notification = self.account.action_test_connection()
        self.assertEqual(notification["params"]["type"], "danger")
        self.assertIn("Invalid login details", notification["params"]["message"])
        for line in logs.output:
            self.assertNotIn("revoked-key-77", line)
        self.account.infobip_api_key = self.simulator.api_key
        notification = self.account.action_test_connection()
        self.assertEqual(
            notification["params"]["message"],
            "Infobip accepted the API key. Balance: 47.79 EUR.",
        )

    def test_administrator_fills_in_an_account(self):
        admin = new_test_user(
            self.env,
            login="cc_infobip_admin",
            groups="base.group_user,cc_base.group_contact_centre_admin",
        )
        form = Form(self.env["contact.centre.provider"].with_user(admin))
        form.name = "Infobip Belgium"
        form.code = "infobip"
        form.channel = "sms"
        form.sender = "ACME"
        form.infobip_base_url = self.simulator.url
        form.infobip_api_key = self.simulator.api_key
        form.webhook_secret = "a-secret-chosen-by-the-admin"
        account = form.save()
        self.assertEqual(account.infobip_validity_minutes, 48 * 60)
        self.assertTrue(account.support_delivery_reports)
        self.assertTrue(account.webhook_url.endswith("?secret=a-secret-chosen-by-the-admin"))

    def test_credentials_are_for_administrators_only(self):
        self.account.write(
            {"infobip_webhook_username": "notify", "infobip_webhook_password": "n0tify-pa55"}
        )
        manager = new_test_user(
            self.env,
            login="cc_infobip_manager",
            groups="base.group_user,cc_base.group_contact_centre_manager",
        )
        account = self.account.with_user(manager)
        self.assertEqual(account.infobip_base_url, self.simulator.url)
        for secret in ("infobip_api_key", "infobip_webhook_password", "webhook_secret"):
            with self.subTest(field=secret), self.assertRaises(AccessError):
                account.read([secret])
        self.assertIn(self.simulator.api_key, self.account._secret_values())
        self.assertIn("n0tify-pa55", self.account._secret_values())


@tagged("post_install", "-at_install")
class TestInfobipStatusMapping(TransactionCase):
    def test_every_status_group(self):
        expected = {
            "accepted": ("sent", None),
            "sent": ("sent", None),
            "operator": ("sent", None),
            "delivered": ("delivered", None),
            "undeliverable": ("failed", "unknown"),
            "failed": ("failed", "expired"),
            "rejected": ("failed", "wrong_number"),
            "no_credit": ("failed", "credit"),
        }
        self.assertEqual(set(expected), set(STATUSES))
        for name, ours in expected.items():
            with self.subTest(status=name):
                self.assertEqual(status_of(status(name)), ours)


@tagged("post_install", "-at_install")
class TestInfobipPayloadShape(BaseCase):
    """A payload not shaped as Infobip documents it is refused with what is
    wrong and where (it raised TypeError, KeyError or AttributeError before)."""

    def test_misshapen_payloads_say_what_is_wrong(self):
        samples = load_samples()
        report = samples["dlr_webhook_v2_delivered"]["payload"]["results"][0]
        inbound = samples["inbound_sms_webhook"]["payload"]["results"][0]
        cases = {
            "Infobip webhook body: an object expected, not list": [report],
            "results: a list expected, not str": {"results": "none"},
            "report.status: an object expected, not str": {
                "results": [{**report, "status": "DELIVERED"}]
            },
            "status.groupId: a number expected, not list": {
                "results": [{**report, "status": {**report["status"], "groupId": [3]}}]
            },
            "price.currency: a text expected, not list": {
                "results": [{**report, "price": {"currency": ["EUR"]}}]
            },
            "An inbound SMS names no sender": {"results": [{**inbound, "from": None}]},
            "inbound.messageId: a text expected, not dict": {
                "results": [{**inbound, "messageId": {"id": 1}}]
            },
            "'tomorrow' is not a date and time": {
                "results": [{**inbound, "receivedAt": "tomorrow"}]
            },
        }
        for reason, payload in cases.items():
            with self.subTest(reason=reason), self.assertRaisesRegex(PayloadError, reason):
                events_from_payload(payload)
