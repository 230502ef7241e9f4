import json
import time

from odoo.tests import tagged

from ..models.contact_centre_provider_sandbox import SIGNATURE_HEADER, sandbox_signature
from ..tools.provider_error import FAILURE_TYPE_KEYS
from .provider_conformance import ProviderConformanceCase


@tagged("post_install", "-at_install")
class TestSandboxConformance(ProviderConformanceCase):
    """The Sandbox honours the provider contract. It is its own simulator:
    its webhooks are our JSON signed with the account's webhook key, and a
    message fails when its text carries "[sandbox:<failure type>]"."""

    provider_code = "sandbox"
    channel = "whatsapp"
    simulated_failure_types = sorted(FAILURE_TYPE_KEYS)

    def _create_account(self):
        return self.env["contact.centre.provider"].create(
            {
                "name": "Conformance Sandbox",
                "code": "sandbox",
                "channel": self.channel,
                "state": "enabled",
            }
        )

    def _signed(self, event):
        body = json.dumps({"events": [event]}).encode()
        return body, {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sandbox_signature(self.account.webhook_secret, body),
        }

    def _inbound_webhook(self, external_id, sender, text):
        return self._signed(
            {
                "type": "message",
                "id": external_id,
                "from": sender,
                "text": text,
                "timestamp": int(time.time()),
            }
        )

    def _status_webhook(self, message, status):
        report = {
            "type": "status",
            "id": message.external_message_id,
            "status": status,
            "timestamp": int(time.time()),
        }
        if status == "failed":
            report.update(failure_type="expired", error="Not delivered in time.")
        return self._signed(report)

    def _forge(self, headers):
        return {**headers, SIGNATURE_HEADER: sandbox_signature("a guessed key", b"{}")}

    def _make_next_send_fail(self, failure_type):
        return f" [sandbox:{failure_type}]"
