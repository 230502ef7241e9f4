from odoo.tests import HttpCase, tagged

from odoo.addons.cc_base.tests.fault import FaultMixin, urlencoded

from .common import HttpGatewaySimulatorMixin


@tagged("post_install", "-at_install", "cc_fault")
class TestHttpGatewayFaults(FaultMixin, HttpGatewaySimulatorMixin, HttpCase):
    """Issue #11's bad input for a configurable HTTP gateway: its callbacks,
    JSON or form fields, made malformed, truncated, oversized, wrongly typed
    or of an unknown status, on the account's secret URL."""

    def setUp(self):
        super().setUp()
        self.simulator.messages.clear()
        self.account = self._http_account()
        customer = self.env["res.partner"].create(
            {"name": "Gateway Customer", "sms_number": "+32470990041"}
        )
        self.sent = self.env["contact.centre.message"]._queue_outbound(
            [
                {
                    "contact_id": customer.id,
                    "channel": "sms",
                    "provider_id": self.account.id,
                    "body_text": "Your order is ready.",
                }
            ]
        )
        self.env["contact.centre.message"]._cron_send_queued()

    def _post(self, body, content_type):
        return self.url_open(
            self.account.webhook_url, data=body, headers={"Content-Type": content_type}
        )

    def _samples(self):
        reference = self.sent.external_message_id
        return [
            self.simulator.report(reference, "delivered"),
            self.simulator.report(reference, "failed"),
            {"id": "in-sample", "from": "32470990041", "text": "Hello"},
        ]

    def _valid(self, form):
        return [
            (
                self.simulator.inbound_request(external_id, "+32470990042", "Still here", form)[0],
                external_id,
            )
            for external_id in (f"in-ok-{form}-{index}" for index in range(5))
        ]

    def test_bad_json_input(self):
        self._bad_input(
            "http gateway bad json input",
            self.account,
            self._samples(),
            lambda body: self._post(body, "application/json"),
            self._valid(form=False),
        )

    def test_bad_form_input(self):
        self._bad_input(
            "http gateway bad form input",
            self.account,
            self._samples(),
            lambda body: self._post(body, "application/x-www-form-urlencoded"),
            self._valid(form=True),
            dumps=urlencoded,
        )
