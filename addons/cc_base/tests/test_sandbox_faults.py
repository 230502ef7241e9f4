import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.contact_centre_provider_sandbox import SIGNATURE_HEADER, sandbox_signature
from .fault import FaultMixin

# The sandbox's webhook events as its documentation shows them.
SAMPLES = [
    {
        "events": [
            {
                "type": "message",
                "id": "in-1",
                "from": "+32470555123",
                "text": "Hello",
                "name": "Sandbox Customer",
                "timestamp": 1767225600,
                "reply_to": "out-1",
            },
            {
                "type": "status",
                "id": "out-1",
                "status": "failed",
                "timestamp": 1767225600,
                "failure_type": "wrong_number",
                "error": "No such number",
            },
        ]
    },
    {"events": [{"type": "status", "uuid": "abc", "status": "read", "timestamp": 1767225601}]},
]


@tagged("post_install", "-at_install", "cc_fault")
class TestSandboxFaults(FaultMixin, HttpCase):
    """Issue #11's fault suite for the sandbox's signed webhooks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Provider = cls.env["contact.centre.provider"]
        cls.sandbox, cls.other = Provider.create(
            [
                {"name": name, "code": "sandbox", "channel": "sms", "state": "enabled"}
                for name in ("Fault Sandbox", "Other Sandbox")
            ]
        )
        cls.Event = cls.env["contact.centre.webhook.event"]

    def _post_body(self, body, account=None, secret=None):
        account = account or self.sandbox
        return self.url_open(
            f"/contact_centre/webhook/sandbox/{account.webhook_key}",
            data=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sandbox_signature(secret or account.webhook_secret, body),
            },
        )

    def test_bad_input(self):
        valid = [
            (
                json.dumps({"events": [{**SAMPLES[0]["events"][0], "id": f"ok-{index}"}]}).encode(),
                f"ok-{index}",
            )
            for index in range(5)
        ]
        self._bad_input("sandbox bad input", self.sandbox, SAMPLES, self._post_body, valid)

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_request_of_one_account_replayed_on_another_is_refused(self):
        body = b'{"events": [{"type": "message", "id": "in-r", "from": "+32470555125", '
        body += b'"text": "Replay", "timestamp": 1767225600}]}'
        self.assertEqual(self._post_body(body).status_code, 200)
        replayed = self._post_body(body, account=self.other, secret=self.sandbox.webhook_secret)
        self.assertEqual(replayed.status_code, 403)
        self.assertFalse(self.Event.search([("provider_id", "=", self.other.id)]))
