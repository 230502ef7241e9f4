from odoo.tests import HttpCase, tagged

from .. import const
from .common import HttpGatewaySimulatorMixin

TRICKY_TEXT = 'Café & "croissants" {{ uuid }} 50% off?'


@tagged("post_install", "-at_install")
class TestHttpGateway(HttpGatewaySimulatorMixin, HttpCase):
    """GET and POST templates, each authentication, the answer's message id
    and status callbacks, against the gateway simulator over HTTP."""

    def setUp(self):
        super().setUp()
        self.simulator.requests.clear()
        self.simulator.messages.clear()
        self.simulator.auth = ("header", "X-API-Key", self.simulator.api_key)
        self.customer = self.env["res.partner"].create(
            {"name": "Gateway Customer", "sms_number": "+32470990022"}
        )

    def _send(self, account, text=TRICKY_TEXT):
        message = self.env["contact.centre.message"]._queue_outbound(
            [
                {
                    "contact_id": self.customer.id,
                    "channel": "sms",
                    "provider_id": account.id,
                    "body_text": text,
                }
            ],
            send_now=True,
        )
        self.env.cr.flush()
        return message

    def _last_send(self):
        return self.simulator.requests_to("/api/send")[-1]

    def test_post_json_template(self):
        account = self._http_account()
        message = self._send(account)
        self.assertEqual(message.status, "sent", message.error_message)
        request = self._last_send()
        self.assertEqual((request.method, request.headers["X-API-Key"]), ("POST", "simulator-key"))
        self.assertEqual(
            request.json(),
            {
                "to": "+32470990022",
                "from": "ACME",
                "text": TRICKY_TEXT,
                "reference": message.uuid,
                "callback_url": account.webhook_url,
            },
        )
        self.assertIn(message.external_message_id, self.simulator.messages)

    def test_post_form_template_with_bearer_token(self):
        self.simulator.auth = ("bearer", "t0ken")
        account = self._http_account(
            http_template_format="form",
            http_template="to={{ to_digits }}\ntext={{ text }}\nreference={{ uuid }}",
            http_auth_type="bearer",
            http_api_key="t0ken",
        )
        message = self._send(account)
        self.assertEqual(message.status, "sent", message.error_message)
        request = self._last_send()
        self.assertEqual(request.headers["Content-Type"], "application/x-www-form-urlencoded")
        self.assertEqual(
            request.form(), {"to": "32470990022", "text": TRICKY_TEXT, "reference": message.uuid}
        )

    def test_get_query_template_with_basic_auth(self):
        self.simulator.auth = ("basic", "odoo", "pa55")
        account = self._http_account(
            http_method="GET",
            http_template_format="form",
            http_template="to={{ to }}&text={{ text }}&reference={{ uuid }}&from={{ from }}",
            http_auth_type="basic",
            http_username="odoo",
            http_password="pa55",
        )
        message = self._send(account)
        self.assertEqual(message.status, "sent", message.error_message)
        request = self._last_send()
        self.assertEqual((request.method, request.body), ("GET", b""))
        self.assertEqual(
            request.query,
            {"to": "+32470990022", "text": TRICKY_TEXT, "reference": message.uuid, "from": "ACME"},
            "every value URL-encoded whole: & and % in the text stay in the text",
        )

    def test_wrong_credentials_fail_the_message_in_words(self):
        account = self._http_account(http_api_key="wrong")
        message = self._send(account)
        self.assertEqual((message.status, message.failure_type), ("failed", "authentication"))
        self.assertIn("Invalid API key", message.error_message)

    def test_answer_without_the_message_id_is_a_failure(self):
        account = self._http_account(http_message_id_path="data.message_id")
        message = self._send(account)
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))
        self.assertIn("no message id at data.message_id", message.error_message)

    def test_status_callback_to_the_url_the_template_carried(self):
        account = self._http_account()
        message = self._send(account)
        self.assertEqual(self.simulator.push_reports("delivered"), [200])
        self.env["contact.centre.webhook.event"]._cron_process()
        self.assertEqual(message.status, "delivered")

    def test_form_callback_naming_the_gateway_id(self):
        account = self._http_account(http_callback_id_path="id", http_callback_id_kind="external")
        message = self._send(account)
        body, headers = self.simulator.report_request(
            message.external_message_id, "failed", form=True
        )
        self.assertEqual(
            self.url_open(account.webhook_url, data=body, headers=headers).status_code, 200
        )
        self.env["contact.centre.webhook.event"]._cron_process()
        self.assertEqual((message.status, message.failure_type), ("failed", "unknown"))
        self.assertEqual(message.error_message, "FAILED: Absent subscriber")

    def test_nul_characters_of_an_inbound_sms_are_stored_replaced(self):
        account = self._http_account()
        for form in (False, True):
            with self.subTest(form=form):
                external_id = f"in-nul-{form}"
                body, headers = self.simulator.inbound_request(
                    external_id, "+32470990022", "Hi\x00 there", form=form
                )
                response = self.url_open(account.webhook_url, data=body, headers=headers)
                self.assertEqual(response.status_code, 200)
                self.env["contact.centre.webhook.event"]._cron_process()
                inbound = self.env["contact.centre.message"].search(
                    [("external_message_id", "=", external_id)]
                )
                self.assertEqual(inbound.body_text, "Hi\ufffd there")

    def test_callback_that_is_not_json_fails_at_once_with_its_reason(self):
        account = self._http_account()
        headers = {"Content-Type": "application/json"}
        response = self.url_open(account.webhook_url, data=b'{"status": "DELIV', headers=headers)
        self.assertEqual(response.status_code, 200)
        Event = self.env["contact.centre.webhook.event"]
        Event._cron_process()
        event = Event.search([("provider_id", "=", account.id)])
        # Retrying a body that will never parse cannot help: no retry is planned.
        self.assertEqual((event.state, event.attempt_count), ("failed", 1))
        self.assertIn("HTTP gateway webhook body is not JSON", event.error)

    def test_callback_without_the_secret_is_refused(self):
        account = self._http_account()
        body, headers = self.simulator.inbound_request("in-1", "+32470990022", "Hi")
        url = account.webhook_url.split("?")[0]
        for query in ("", "?secret=wrong"):
            with self.subTest(query=query):
                response = self.url_open(url + query, data=body, headers=headers)
                self.assertEqual(response.status_code, 403)
        self.assertFalse(
            self.env["contact.centre.webhook.event"].search([("provider_id", "=", account.id)])
        )

    def test_test_connection_sends_nothing_billable(self):
        account = self._http_account()
        answer = account._test_connection()
        self.assertIn("host answers (HTTP 200)", answer)
        self.assertFalse(self.simulator.requests_to("/api/send"))

        account.http_test_url = f"{self.simulator.url}/api/balance"
        self.assertIn("accepted the credentials", account._test_connection())
        self.assertEqual(
            self.simulator.requests_to("/api/balance")[-1].headers["X-API-Key"], "simulator-key"
        )
        account.http_api_key = "wrong"
        notification = account.action_test_connection()
        self.assertEqual(notification["params"]["type"], "danger")
        self.assertIn("Invalid API key", notification["params"]["message"])
        self.assertFalse(self.simulator.requests_to("/api/send"))

    def test_send_a_test_sms(self):
        account = self._http_account(http_test_number="0470 99 00 33")
        account.company_id.country_id = self.env.ref("base.be")
        notification = account.action_http_send_test_sms()
        self.assertEqual(notification["params"]["type"], "success", notification["params"])
        sent = self._last_send().json()
        self.assertEqual((sent["to"], sent["text"]), ("+32470990033", const.TEST_SMS_TEXT))
