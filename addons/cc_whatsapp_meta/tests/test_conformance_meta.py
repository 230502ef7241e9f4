from odoo.tests import tagged

from odoo.addons.cc_base.tests.provider_conformance import ProviderConformanceCase

from .common import MetaSimulatorMixin

# The error code the simulator answers with for each failure type.
FAILURE_CODES = {
    "wrong_number": 131026,
    "window_closed": 131047,
    "template_missing": 132001,
    "rate_limited": 130429,
    "provider_unavailable": 131016,
    "authentication": 190,
    "opted_out": 131050,
    "credit": 131042,
    "media": 131053,
}


@tagged("post_install", "-at_install")
class TestMetaConformance(MetaSimulatorMixin, ProviderConformanceCase):
    provider_code = "meta"
    channel = "whatsapp"
    simulated_failure_types = list(FAILURE_CODES)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_simulator()

    def _create_account(self):
        return self._meta_account()

    def _inbound_webhook(self, external_id, sender, text):
        return self.simulator.signed(
            self.simulator.inbound_payload(sender, content={"body": text}, message_id=external_id)
        )

    def _status_webhook(self, message, status):
        return self.simulator.signed(
            self.simulator.status_payload(
                message.external_message_id,
                status,
                self.customer_number.lstrip("+"),
                message.uuid,
                error_code=131026 if status == "failed" else None,
            )
        )

    def _forge(self, headers):
        return {**headers, "X-Hub-Signature-256": "sha256=" + "0" * 64}

    def _make_next_send_fail(self, failure_type):
        self.simulator.fail_next(FAILURE_CODES[failure_type])
        return ""
