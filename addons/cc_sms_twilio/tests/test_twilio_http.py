import base64
from unittest.mock import patch
from urllib.parse import urlsplit

import requests
from twilio.request_validator import RequestValidator

from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from ..const import EMPTY_TWIML
from .common import TwilioSimulatorMixin

PUBLIC_HOST = "sms.example.com"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestTwilioHttp(TwilioSimulatorMixin, SimulatedProviderMixin, HttpCase):
    """Sends checked at the simulator, status callbacks and inbound SMS
    posted back over HTTP, signed as Twilio signs them, and who may post."""

    def setUp(self):
        super().setUp()
        self.simulator.requests.clear()
        self.simulator.messages.clear()
        self.account = self._twilio_account(rate_limit=0)
        self.customers = self.env["res.partner"].create(
            [
                {"name": f"Customer {index}", "sms_number": f"+3247099000{index}"}
                for index in range(3)
            ]
        )

    def _post(self, url, body, headers, **extra_headers):
        return self._post_webhook(url, body, {**headers, **extra_headers})

    # Sending

    def test_each_message_is_posted_with_its_status_callback(self):
        messages = self._queue(self.customers[:2])
        self.Message._cron_send_queued()
        self.assertEqual(set(messages.mapped("status")), {"sent"})
        sends = self.simulator.requests_to(
            f"/2010-04-01/Accounts/{self.simulator.account_sid}/Messages.json"
        )
        self.assertEqual(len(sends), 2, "one request a message")
        token = base64.b64encode(
            f"{self.simulator.account_sid}:{self.simulator.auth_token}".encode()
        ).decode()
        self.assertEqual(sends[0].headers["Authorization"], f"Basic {token}")
        self.assertTrue(sends[0].headers["Content-Type"].startswith("application/x-www-form"))
        message = messages.sorted("id")[0]
        self.assertEqual(
            sends[0].form(),
            {
                "To": "+32470990000",
                "From": "+15005550006",
                "Body": "Your order is ready.",
                "StatusCallback": f"{self.account.webhook_url}?uuid={message.uuid}",
            },
        )
        self.assertEqual(self.simulator.messages[message.external_message_id]["To"], "+32470990000")

    def test_number_written_with_spaces_goes_without(self):
        self.account.sender = "+1 500 555 0006"
        message = self._queue(self.customers[:1])
        self.Message._cron_send_queued()
        self.assertEqual(
            self.simulator.messages[message.external_message_id]["From"], "+15005550006"
        )

    def test_messaging_service_sends_without_a_number(self):
        service = "MG" + "ab" * 16
        self.account.write({"sender": False, "twilio_messaging_service_sid": service})
        message = self._queue(self.customers[:1])
        self.Message._cron_send_queued()
        self.assertEqual(message.status, "sent", message.error_message)
        form = self.simulator.messages[message.external_message_id]
        self.assertEqual(form["MessagingServiceSid"], service)
        self.assertNotIn("From", form)

    def test_throttled_batch_waits_without_asking_again(self):
        self.simulator.fail_next_send("rate_limited")
        messages = self._queue(self.customers)
        self.Message._cron_send_queued()
        self.assertEqual(set(messages.mapped("status")), {"queued"})
        self.assertEqual(set(messages.mapped("failure_type")), {"rate_limited"})
        self.assertTrue(all(message.next_attempt_at for message in messages))
        self.assertIn("20429", messages[0].error_message)
        self.assertEqual(len(self.simulator.requests), 1, "the others were not tried")

    def test_refused_number_fails_alone_in_twilios_words(self):
        self.simulator.fail_next_send("wrong_number")
        messages = self._queue(self.customers[:2])
        self.Message._cron_send_queued()
        refused = messages.sorted("id")[0]
        self.assertEqual((refused.status, refused.failure_type), ("failed", "wrong_number"))
        self.assertIn("not a valid phone number", refused.error_message)
        self.assertIn("twilio.com/docs/errors/21211", refused.error_message)
        self.assertEqual(messages.sorted("id")[1].status, "sent")

    # Status callbacks

    def test_status_callbacks_only_move_forward(self):
        messages = self._queue(self.customers[:2])
        self.Message._cron_send_queued()
        delivered, undelivered = messages.sorted("id")
        self.assertEqual(self.simulator.push_statuses("sent"), [200, 200])
        self.Event.search([])._process()
        for status in ("delivered", "sending", "sent"):
            url = self.simulator.messages[delivered.external_message_id]["StatusCallback"]
            self.assertEqual(
                self._post(
                    url, *self.simulator.status_request(delivered.external_message_id, status)
                ).status_code,
                200,
            )
        url = self.simulator.messages[undelivered.external_message_id]["StatusCallback"]
        self._post(
            url, *self.simulator.status_request(undelivered.external_message_id, "undelivered")
        )
        self._events()._process()
        self.assertEqual(set(self._events().mapped("state")), {"done"})
        self.assertEqual(delivered.status, "delivered", "late sending and sent change nothing")
        self.assertEqual(
            (undelivered.status, undelivered.failure_type), ("failed", "expired"), "30003"
        )
        self.assertIn("30003", undelivered.error_message)
        self.assertEqual(self._events()[0].query, {"uuid": undelivered.uuid})

    def test_callback_finds_its_message_by_uuid(self):
        """A callback that comes before Odoo recorded Twilio's id still finds
        its message, by the uuid of the URL it was sent with."""
        message = self._queue(self.customers[:1])
        self.Message._cron_send_queued()
        sid = message.external_message_id
        message.external_message_id = False
        url = self.simulator.messages[sid]["StatusCallback"]
        self.assertEqual(
            self._post(url, *self.simulator.status_request(sid, "delivered")).status_code, 200
        )
        self._events()._process()
        self.assertEqual((message.status, message.external_message_id), ("delivered", sid))

    # Inbound SMS

    def test_inbound_sms_is_answered_with_empty_twiml(self):
        url = self.account.webhook_url
        response = self._post(
            url, *self.simulator.inbound_request(url, "SM" + "1" * 32, "+32470990001", "Hi there")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/xml; charset=utf-8")
        self.assertEqual(response.text, EMPTY_TWIML, "Twilio texts back nothing")
        self._events()._process()
        inbound = self.Message.search([("external_message_id", "=", "SM" + "1" * 32)])
        self.assertEqual((inbound.contact_id, inbound.body_text), (self.customers[1], "Hi there"))

    def test_nul_characters_in_a_form_are_stored_replaced(self):
        url = self.account.webhook_url
        sid = "SM" + "3" * 32
        response = self._post(
            url, *self.simulator.inbound_request(url, sid, "+32470990001", "Hi\x00 there")
        )
        self.assertEqual(response.status_code, 200)
        self._events()._process()
        self.assertEqual(
            set(self._events().mapped("state")), {"done"}, self._events().mapped("error")
        )
        inbound = self.Message.search([("external_message_id", "=", sid)])
        self.assertEqual(inbound.body_text, "Hi\ufffd there")

    def test_inbound_mms_media_fetched_with_the_credentials(self):
        url = self.account.webhook_url
        sid = "MM" + "2" * 32
        body, headers = self.simulator.inbound_request(
            url, sid, "+32470990002", "", media=[("image/png", PNG)]
        )
        self.assertEqual(self._post(url, body, headers).status_code, 200)
        self._events()._process()
        self.assertEqual(
            set(self._events().mapped("state")), {"done"}, self._events().mapped("error")
        )
        inbound = self.Message.search([("external_message_id", "=", sid)])
        self.assertEqual(inbound.message_type, "image")
        self.assertEqual(base64.b64decode(inbound.attachment_ids.datas), PNG)

    # Who may post

    def _signed_inbound(self, url, external_id="SM" + "9" * 32):
        """An inbound SMS signed by Twilio's own library for url."""
        params = self.simulator.inbound_params(external_id, "+32470990000", "Signed?")
        body, headers = self.simulator.signed(url, params)
        headers["X-Twilio-Signature"] = RequestValidator(
            self.simulator.auth_token
        ).compute_signature(url, dict(params))
        return body, headers

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_signature_direct(self):
        url = self.account.webhook_url
        body, headers = self._signed_inbound(url)
        other = self._signed_inbound(f"{url}?uuid=another")[1]["X-Twilio-Signature"]
        for name, signature in (
            ("missing", None),
            ("wrong", "kvajT1Ptam85bY51eRf/AJRuM3w="),
            ("another URL", other),
            ("body not form-encoded", headers["X-Twilio-Signature"]),
        ):
            with self.subTest(name):
                refused = {**headers, "X-Twilio-Signature": signature}
                if signature is None:
                    del refused["X-Twilio-Signature"]
                sent = body
                if name == "body not form-encoded":
                    refused["Content-Type"] = "text/plain"
                    sent = b"Body=caf\xe9"
                response = self._post(url, sent, refused)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(self._events(), "nothing stored")
        self.assertEqual(self._post(url, body, headers).status_code, 200)
        self.assertEqual(len(self._events()), 1)

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_signature_behind_a_reverse_proxy(self):
        local = urlsplit(self.account.webhook_url)
        public = local._replace(scheme="https", netloc=PUBLIC_HOST).geturl()
        forwarded = {"X-Forwarded-Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        body, headers = self._signed_inbound(public)
        local_body, local_headers = self._signed_inbound(local.geturl(), "SM" + "8" * 32)
        with patch.dict(config.options, {"proxy_mode": False}):
            self.assertEqual(
                self._post(public, body, headers, **forwarded).status_code,
                403,
                "without proxy mode, forwarded headers are anybody's",
            )
        with patch.dict(config.options, {"proxy_mode": True}):
            self.assertEqual(
                self._post(public, local_body, local_headers, **forwarded).status_code,
                403,
                "Twilio called the public URL, not ours",
            )
            self.assertFalse(self._events())
            self.assertEqual(self._post(public, body, headers, **forwarded).status_code, 200)
            # Proxy mode on, a request that did not come through the proxy.
            self.assertEqual(self._post(local.geturl(), local_body, local_headers).status_code, 200)
        self.assertEqual(len(self._events()), 2)

    # The account

    def test_connection_test_fetches_the_account(self):
        self.assertEqual(
            self.account._test_connection(),
            "Twilio accepted the credentials of “Simulated Twilio account” (Full account, active).",
        )
        self.assertEqual(
            self.simulator.requests[-1].path,
            f"/2010-04-01/Accounts/{self.simulator.account_sid}.json",
        )
        self.simulator.account_status = "suspended"
        self.addCleanup(setattr, self.simulator, "account_status", "active")
        action = self.account.action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("suspended", action["params"]["message"])
        self.account.twilio_auth_token = "wrong-token"
        action = self.account.action_test_connection()
        self.assertIn("[401 20003] Authenticate", action["params"]["message"])
        self.assertNotIn("wrong-token", action["params"]["message"])

    def test_simulator_plays_the_customer_for_demos(self):
        reply = self._queue(self.customers[2:], text="Hello to you")
        self.Message._cron_send_queued()
        answer = requests.post(
            f"{self.simulator.url}/simulator/inbound",
            json={"from": "+32470990002", "text": "Hello from the demo"},
            timeout=10,
        ).json()
        self.assertEqual(answer, {"odoo_status": 200})
        answer = requests.post(
            f"{self.simulator.url}/simulator/statuses", json={"status": "delivered"}, timeout=10
        ).json()
        self.assertEqual(answer, {"odoo_statuses": [200]})
        self._events()._process()
        inbound = self.Message.search(
            [("provider_id", "=", self.account.id), ("direction", "=", "inbound")]
        )
        self.assertEqual(
            (inbound.contact_id, inbound.body_text), (self.customers[2], "Hello from the demo")
        )
        self.assertEqual(reply.status, "delivered")
