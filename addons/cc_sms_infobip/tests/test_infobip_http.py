import json
from unittest.mock import patch
from urllib.parse import urlsplit

import requests

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cc_base.models import contact_centre_provider
from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from ..tools import error_from_response
from .common import WEBHOOK_CREDENTIALS, InfobipSimulatorMixin


@tagged("post_install", "-at_install")
class TestInfobipHttp(InfobipSimulatorMixin, SimulatedProviderMixin, HttpCase):
    """Sends checked at the simulator, its reports and inbound SMS pushed
    back to the account's webhook URL over HTTP, and who may post there."""

    queued_text = "Our opening hours change on Monday."

    def setUp(self):
        super().setUp()
        self.simulator.webhook_credentials = None
        for log in ("requests", "messages", "rejected_numbers", "pull_reports", "inbox"):
            getattr(self.simulator, log).clear()
        self.account = self._infobip_account(infobip_batch_size=2, infobip_validity_minutes=720)
        self.customers = self.env["res.partner"].create(
            [
                {"name": f"Customer {index}", "sms_number": f"+3247099000{index}"}
                for index in range(5)
            ]
        )

    def _webhook_path(self, **query):
        url = urlsplit(self.account.webhook_url)
        return (
            f"{url.path}?{url.query}"
            if not query
            else f"{url.path}?" + "&".join(f"{name}={value}" for name, value in query.items())
        )

    def test_campaign_goes_in_batches_with_callback_data_and_report_url(self):
        messages = self._queue(self.customers)
        self.Message._cron_send_queued()
        requests = self.simulator.requests_to("/sms/3/messages")
        self.assertEqual([len(r.json()["messages"]) for r in requests], [2, 2, 1])
        self.assertEqual(set(messages.mapped("status")), {"sent"})
        first = requests[0]
        self.assertEqual(first.headers["Authorization"], f"App {self.simulator.api_key}")
        body = first.json()["messages"][0]
        message = messages.sorted("id")[0]
        self.assertEqual(body["sender"], "InfoSMS")
        self.assertEqual(body["destinations"], [{"to": "32470990000"}])
        self.assertEqual(body["content"], {"text": "Our opening hours change on Monday."})
        self.assertEqual(body["options"]["validityPeriod"], {"amount": 720, "timeUnit": "MINUTES"})
        self.assertEqual(
            body["webhooks"],
            {
                "delivery": {"url": self.account.webhook_url, "intermediateReport": True},
                "contentType": "application/json",
                "callbackData": message.uuid,
            },
        )
        self.assertIn(f"secret={self.account.webhook_secret}", self.account.webhook_url)
        self.assertEqual(
            message.external_message_id,
            self.simulator.messages[message.external_message_id]["messageId"],
        )

    def test_batches_go_from_threads_without_the_orm(self):
        """The requests of a campaign's batches go out from threads, where
        the ORM may not be used: they get plain data and Infobip's error
        parser as a plain function, not a method of the account."""
        calls = []
        send_requests = contact_centre_provider.send_requests

        def spy(batch):
            calls.extend(batch)
            return send_requests(batch)

        self.simulator.fail_next_send("rate_limited")
        messages = self._queue(self.customers)
        with patch.object(contact_centre_provider, "send_requests", spy):
            self.Message._cron_send_queued()
        self.assertEqual(len(calls), 3)
        self.assertTrue(all(call["parse_error"] is error_from_response for call in calls))
        self.assertEqual(
            set(messages.mapped("failure_type")),
            {False, "rate_limited"},
            "the throttled batch's error was parsed in its thread",
        )

    def test_a_larger_batch_takes_no_more_queries(self):
        """Claiming, sending to Infobip and recording the answers cost the
        same queries for a batch of 2 as for a batch of 5: nothing is done
        one message at a time (with no rate limit, which hands an account its
        messages in slices)."""
        self.account.rate_limit = 0

        def queries(customers):
            messages = self._queue(customers)
            self.account.infobip_batch_size = len(customers)
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.Message._cron_send_queued(batch_size=len(customers))
            self.assertEqual(set(messages.mapped("status")), {"sent"})
            self.assertEqual(
                len(self.simulator.requests_to("/sms/3/messages")[-1].json()["messages"]),
                len(customers),
            )
            return self.env.cr.sql_log_count - before

        queries(self.customers[:1])  # caches warm up
        self.assertEqual(queries(self.customers[1:3]), queries(self.customers))

    def test_long_message_counts_its_parts(self):
        message = self._queue(self.customers[:1], text="Thanks for your order 👍 " + "x" * 60)
        self.Message._cron_send_queued()
        self.assertEqual(message.infobip_segment_count, 2, "as Infobip counted at sending")
        self.simulator.push_reports("delivered")
        self._events()._process()
        self.assertEqual((message.status, message.infobip_segment_count), ("delivered", 2))

    def test_rejected_destination_fails_alone(self):
        self.simulator.rejected_numbers.add("32470990002")
        messages = self._queue(self.customers[:3])
        self.Message._cron_send_queued()
        refused = messages.filtered(lambda m: m.contact_id == self.customers[2])
        self.assertEqual((refused.status, refused.failure_type), ("failed", "wrong_number"))
        self.assertIn("Invalid destination address", refused.error_message)
        self.assertEqual(set((messages - refused).mapped("status")), {"sent"})

    def test_throttled_batch_is_retried_later(self):
        self.simulator.fail_next_send("rate_limited")
        messages = self._queue(self.customers[:2])
        self.Message._cron_send_queued()
        self.assertEqual(set(messages.mapped("status")), {"queued"})
        self.assertEqual(set(messages.mapped("failure_type")), {"rate_limited"})
        self.assertTrue(all(m.next_attempt_at for m in messages))

    def test_reports_in_batches_duplicated_and_out_of_order(self):
        messages = self._queue(self.customers)
        self.Message._cron_send_queued()
        self.simulator.webhook_credentials = None
        statuses = self.simulator.push_reports(
            "operator", batch_size=3, duplicate=True, shuffle=True
        )
        self.assertEqual(statuses, [200] * 4)
        statuses = self.simulator.push_reports("delivered", batch_size=3, shuffle=True)
        self.assertEqual(statuses, [200, 200])
        # The late operator reports, once more, after the handset's.
        self.simulator.push_reports("operator", batch_size=5)
        self._events()._process()
        self.assertEqual(set(self._events().mapped("state")), {"done"})
        self.assertEqual(set(messages.mapped("status")), {"delivered"}, "never backwards")
        self.assertEqual(set(messages.mapped("infobip_price")), {0.0065})
        self.assertEqual(set(messages.mapped("infobip_currency")), {"EUR"})
        self.assertEqual(set(messages.mapped("infobip_segment_count")), {1})

    def test_undeliverable_report_says_why(self):
        message = self._queue(self.customers[:1])
        self.Message._cron_send_queued()
        self.simulator.push_reports("no_credit")
        self._events()._process()
        self.assertEqual((message.status, message.failure_type), ("failed", "credit"))
        self.assertIn("Not enough credits", message.error_message)
        self.assertIn("EC_ABSENT_SUBSCRIBER", message.error_message)

    def _post_inbound(self, external_id, text, keyword=None, path=None, headers=None):
        body, webhook_headers = self.simulator.inbound_request(
            external_id, "+32470990004", text, keyword
        )
        return self.url_open(
            path or self._webhook_path(), data=body, headers={**webhook_headers, **(headers or {})}
        )

    def test_inbound_with_and_without_keyword(self):
        self.assertEqual(self._post_inbound("mo-1", "QUIZ Paris", keyword="QUIZ").status_code, 200)
        self.assertEqual(self._post_inbound("mo-2", "Thanks!").status_code, 200)
        self.assertEqual(self._post_inbound("mo-3", "stop").status_code, 200)
        self._events()._process()
        inbound = self.Message.search(
            [("provider_id", "=", self.account.id), ("direction", "=", "inbound")]
        )
        by_id = {message.external_message_id: message for message in inbound}
        self.assertEqual(
            (by_id["mo-1"].body_text, by_id["mo-1"].inbound_keyword), ("QUIZ Paris", "QUIZ")
        )
        self.assertFalse(by_id["mo-2"].inbound_keyword)
        self.assertEqual(by_id["mo-1"].contact_id, self.customers[4])
        self.assertEqual(by_id["mo-1"].conversation_id, by_id["mo-2"].conversation_id)
        self.assertTrue(self.customers[4].opt_out_sms, "STOP opts out, through cc_base")

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_webhook_needs_the_url_secret_and_basic_credentials(self):
        wrong_secret = self._webhook_path(secret="guessed")
        no_secret = urlsplit(self.account.webhook_url).path
        for path in (wrong_secret, no_secret):
            with self.subTest(path=path):
                self.assertEqual(self._post_inbound("mo-x", "Hi", path=path).status_code, 403)
        username, password = WEBHOOK_CREDENTIALS
        self.account.write(
            {"infobip_webhook_username": username, "infobip_webhook_password": password}
        )
        self.assertEqual(self._post_inbound("mo-x", "Hi").status_code, 403, "no credentials")
        self.simulator.webhook_credentials = (username, "wrong")
        self.assertEqual(self._post_inbound("mo-x", "Hi").status_code, 403)
        self.assertFalse(self._events(), "refused requests are not stored")
        self.simulator.webhook_credentials = WEBHOOK_CREDENTIALS
        self.assertEqual(self._post_inbound("mo-x", "Hi").status_code, 200)
        event = self._events()
        self.assertEqual(event.query, {"secret": "********"}, "the secret is not kept")
        self.assertNotIn(password, json.dumps(event.headers))

    def test_simulator_plays_the_customer_for_demos(self):
        answer = requests.post(
            f"{self.simulator.url}/simulator/inbound",
            json={
                "from": "+32470990003",
                "text": "Hello from the demo",
                "url": self.account.webhook_url,
            },
            timeout=10,
        ).json()
        self.assertEqual(answer, {"odoo_status": 200})
        self._events()._process()
        inbound = self.Message.search([("provider_id", "=", self.account.id)])
        self.assertEqual(
            (inbound.contact_id, inbound.body_text), (self.customers[3], "Hello from the demo")
        )

        reply = self._queue(self.customers[3], text="Hello to you")
        self.Message._cron_send_queued()
        answer = requests.post(
            f"{self.simulator.url}/simulator/reports", json={"outcome": "delivered"}, timeout=10
        ).json()
        self.assertEqual(answer, {"odoo_statuses": [200]})
        self._events()._process()
        self.assertEqual(reply.status, "delivered")

    # Older accounts, and accounts Infobip cannot reach

    def test_legacy_endpoint(self):
        self.account.infobip_legacy_api = True
        messages = self._queue(self.customers[:3])
        self.Message._cron_send_queued()
        self.assertFalse(self.simulator.requests_to("/sms/3/messages"))
        requests = self.simulator.requests_to("/sms/2/text/advanced")
        self.assertEqual([len(r.json()["messages"]) for r in requests], [2, 1])
        body = requests[0].json()["messages"][0]
        message = messages.sorted("id")[0]
        self.assertEqual(
            body,
            {
                "from": "InfoSMS",
                "destinations": [{"to": "32470990000"}],
                "text": "Our opening hours change on Monday.",
                "validityPeriod": 720,
                "notifyUrl": self.account.webhook_url,
                "notifyContentType": "application/json",
                "intermediateReport": True,
                "callbackData": message.uuid,
            },
        )
        self.assertEqual(set(messages.mapped("status")), {"sent"})
        self.assertEqual(message.infobip_segment_count, 1)
        # Its reports come in the v2 format (from, smsCount).
        self.simulator.push_reports("delivered")
        self._events()._process()
        self.assertEqual(set(messages.mapped("status")), {"delivered"})

    def test_pull_reports_and_inbound_once(self):
        messages = self._queue(self.customers[:2])
        self.Message._cron_send_queued()
        for message in messages:
            self.simulator.queue_report(message.external_message_id, "delivered")
        self.simulator.queue_inbound("mo-pulled", "+32470990001", "Pulled hello")
        Provider = self.env["contact.centre.provider"]
        Provider._cron_infobip_pull()
        self.assertFalse(self._events(), "only accounts that pull")

        self.account.infobip_pull = True
        self.assertTrue(self.account.support_sync)
        answer = self.account._sync()
        self.assertEqual(answer, "Pulled 2 delivery reports and 1 inbound SMS from Infobip.")
        self._events()._process()
        self.assertEqual(set(messages.mapped("status")), {"delivered"})
        inbound = self.Message.search([("external_message_id", "=", "mo-pulled")])
        self.assertEqual(
            (inbound.contact_id, inbound.body_text), (self.customers[1], "Pulled hello")
        )

        events = self._events()
        Provider._cron_infobip_pull()
        self.assertEqual(self._events(), events, "each report is pulled once")
        self.assertEqual(
            [r.query for r in self.simulator.requests_to("/sms/3/reports")][-1], {"limit": "1000"}
        )
        # Sent from an account that pulls, a message asks for no push, which
        # would leave its reports out of the pull.
        pulled = self._queue(self.customers[:1])
        self.Message._cron_send_queued()
        sent = self.simulator.requests_to("/sms/3/messages")[-1].json()["messages"][0]
        self.assertNotIn("delivery", sent["webhooks"])
        self.assertEqual(sent["webhooks"]["callbackData"], pulled.uuid)
