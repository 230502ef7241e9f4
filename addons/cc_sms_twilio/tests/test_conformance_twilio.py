from odoo.tests import tagged

from odoo.addons.cc_base.tests.provider_conformance import ProviderConformanceCase

from .common import TwilioSimulatorMixin
from .twilio_simulator import KIT_STATUSES


@tagged("post_install", "-at_install")
class TestConformanceTwilio(TwilioSimulatorMixin, ProviderConformanceCase):
    """cc_base's provider contract, over HTTP against the Twilio simulator,
    whose webhooks are signed for the account's webhook URL."""

    provider_code = "twilio"
    channel = "sms"
    simulated_failure_types = [
        "wrong_number",
        "opted_out",
        "authentication",
        "rate_limited",
        "provider_unavailable",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_simulator()

    def _create_account(self):
        return self._twilio_account()

    def _inbound_webhook(self, external_id, sender, text):
        return self.simulator.inbound_request(self.account.webhook_url, external_id, sender, text)

    def _status_webhook(self, message, status):
        return self.simulator.status_request(
            message.external_message_id, KIT_STATUSES[status], url=self.account.webhook_url
        )

    def _forge(self, headers):
        return {**headers, "X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="}

    def _make_next_send_fail(self, failure_type):
        self.simulator.fail_next_send(failure_type)
        return ""
