from odoo.tests import tagged

from odoo.addons.cc_base.tests.provider_conformance import ProviderConformanceCase

from .common import WEBHOOK_CREDENTIALS, HttpGatewaySimulatorMixin


@tagged("post_install", "-at_install")
class TestConformanceHttp(HttpGatewaySimulatorMixin, ProviderConformanceCase):
    """cc_base's provider contract, over HTTP against the gateway simulator,
    with the default JSON template; the account asks for Basic credentials on
    its callbacks, which _forge breaks."""

    provider_code = "http"
    channel = "sms"
    simulated_failure_types = ["authentication", "credit", "rate_limited", "provider_unavailable"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator.webhook_credentials = WEBHOOK_CREDENTIALS

    def _create_account(self):
        username, password = WEBHOOK_CREDENTIALS
        return self._http_account(http_webhook_username=username, http_webhook_password=password)

    def _inbound_webhook(self, external_id, sender, text):
        return self.simulator.inbound_request(external_id, sender, text)

    def _status_webhook(self, message, status):
        return self.simulator.report_request(message.external_message_id, status)

    def _forge(self, headers):
        return {**headers, "Authorization": "Basic Zm9yZ2VkOmZvcmdlZA=="}

    def _make_next_send_fail(self, failure_type):
        self.simulator.fail_next_send(failure_type)
        return ""
