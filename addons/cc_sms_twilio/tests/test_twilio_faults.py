from urllib.parse import parse_qsl

from odoo.tests import HttpCase, tagged

from odoo.addons.cc_base.tests.fault import FaultMixin, urlencoded
from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from ..tools import compute_signature
from .common import TwilioSimulatorMixin


@tagged("post_install", "-at_install", "cc_fault")
class TestTwilioFaults(FaultMixin, TwilioSimulatorMixin, SimulatedProviderMixin, HttpCase):
    """Issue #11's bad input for Twilio, whose webhooks are form fields:
    bodies made malformed, truncated, oversized, wrongly typed or of an
    unknown status, validly signed."""

    def setUp(self):
        super().setUp()
        self.simulator.messages.clear()
        self.account = self._twilio_account(rate_limit=0)

    def _post_body(self, body):
        """POST body to the account's webhook URL, signed as Twilio signs the
        fields it carries (a body no form parser reads is signed as empty)."""
        url = self.account.webhook_url
        fields = parse_qsl(body.decode(errors="replace"), keep_blank_values=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": compute_signature(self.simulator.auth_token, url, fields),
        }
        return self._post_webhook(url, body, headers)

    def test_bad_input(self):
        customer = self.env["res.partner"].create(
            {"name": "Twilio Customer", "sms_number": "+32470990031"}
        )
        sent = self._queue(customer)
        self.Message._cron_send_queued()
        samples = [
            dict(self.simulator.status_params(sent.external_message_id, status))
            for status in ("delivered", "undelivered")
        ]
        samples.append(dict(self.simulator.inbound_params("SM-S", "+32470990031", "Hello")))
        valid = [(f"SM-OK-{index}", f"Still here {index}") for index in range(5)]
        url = self.account.webhook_url
        self._bad_input(
            "twilio bad input",
            self.account,
            samples,
            self._post_body,
            [
                (
                    self.simulator.inbound_request(url, external_id, "+32470990032", words)[0],
                    external_id,
                )
                for external_id, words in valid
            ],
            dumps=urlencoded,
        )
