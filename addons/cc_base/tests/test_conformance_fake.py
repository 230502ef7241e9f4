import hashlib
import hmac
import json
import logging
import time

from odoo_test_helper import FakeModelLoader

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools import ProviderError, provider_http
from .provider_conformance import ProviderConformanceCase
from .simulator import ProviderSimulator

API_KEY = "fake-key-9f2c41d07b"
SIGNATURE_HEADER = "X-Fake-Signature"
# Our status -> the fake provider's word for it, in its delivery reports.
REPORTED_STATUS = {
    "sent": "ACCEPTED",
    "delivered": "DELIVERED",
    "read": "SEEN",
    "failed": "UNDELIVERABLE",
}
# How the simulator refuses a send it was told to fail: HTTP status, error code.
REFUSALS = {
    "wrong_number": (400, "NUMBER_UNKNOWN"),
    "credit": (402, "NO_CREDIT"),
    "authentication": (401, "KEY_REVOKED"),
    "rate_limited": (429, "THROTTLED"),
    "provider_unavailable": (503, "MAINTENANCE"),
}


class FakeApiSimulator(ProviderSimulator):
    """The fake provider on 127.0.0.1: GET /account and POST /messages, each
    with ?api_key=; a wrong key is refused, and the refusal quotes it back, as
    careless APIs do. It writes the webhook requests it would send us, signed
    with the API key."""

    routes = [("GET", r"/account", "_account"), ("POST", r"/messages", "_send")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.api_key = API_KEY
        # Failure types the next sends are refused with, in order.
        self.refusals = []
        self.accepted = []

    def _account(self, request):
        return self._refuse_key(request) or (200, {"name": "Fake Provider Test Account"})

    def _send(self, request):
        if refused := self._refuse_key(request):
            return refused
        if self.refusals:
            status, code = REFUSALS[self.refusals.pop(0)]
            return (
                status,
                {"error": {"code": code, "message": f"Refused: {code}"}},
                {"Retry-After": "30"} if status == 429 else {},
            )
        self.accepted.append(request.json())
        return 200, {"messageId": f"fake-{len(self.accepted)}"}

    def _refuse_key(self, request):
        key = request.query.get("api_key", "")
        if key != self.api_key:
            return 401, {"error": {"code": "BAD_KEY", "message": f"Unknown api_key {key}"}}
        return None

    def webhook(self, payload):
        body = json.dumps(payload).encode()
        signature = hmac.new(self.api_key.encode(), body, hashlib.sha256).hexdigest()
        return body, {"Content-Type": "application/json", SIGNATURE_HEADER: signature}

    def inbound(self, external_id, sender, text):
        return self.webhook(
            {
                "messages": [
                    {
                        "messageId": external_id,
                        "from": sender.lstrip("+"),
                        "text": text,
                        "receivedAt": int(time.time()),
                    }
                ]
            }
        )

    def report(self, external_id, reference, status):
        report = {
            "messageId": external_id,
            "callbackData": reference,
            "status": REPORTED_STATUS[status],
            "doneAt": int(time.time()),
        }
        if status == "failed":
            report["error"] = {"code": "EXPIRED", "message": "Not delivered within 48 hours."}
        return self.webhook({"reports": [report]})


@tagged("post_install", "-at_install")
class TestConformanceFake(ProviderConformanceCase):
    """The kit tested on itself: a provider addon made for the test (code
    'fake', registered with odoo-test-helper for this class only) passes it
    over real HTTP against its simulator; and cc_base's promises about
    credentials hold for it."""

    provider_code = "fake"
    channel = "sms"
    simulated_failure_types = list(REFUSALS)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The fake comes as an addon of its own, on top of every installed
        # one: loading it as part of cc_base would rebuild cc_base's models
        # without the other addons' extensions for the length of the test.
        cls.loader = FakeModelLoader(cls.env, "odoo.addons.cc_fake_provider")
        cls.loader.backup_registry()
        # Imported only now: importing the module declares its model, which
        # must come after the backup (odoo-test-helper's README).
        from .fake_provider import ContactCentreProviderFake  # noqa: PLC0415

        cls.loader.update_registry([ContactCentreProviderFake])
        cls.addClassCleanup(cls.loader.restore_registry)
        cls.simulator = FakeApiSimulator.start()
        cls.addClassCleanup(cls.simulator.stop)

    def _create_account(self):
        return self.env["contact.centre.provider"].create(
            {
                "name": "Fake",
                "code": "fake",
                "channel": "sms",
                "fake_api_url": self.simulator.url,
                "fake_api_key": self.simulator.api_key,
                "state": "enabled",
            }
        )

    def _inbound_webhook(self, external_id, sender, text):
        return self.simulator.inbound(external_id, sender, text)

    def _status_webhook(self, message, status):
        return self.simulator.report(message.external_message_id, message.uuid, status)

    def _forge(self, headers):
        return {**headers, SIGNATURE_HEADER: "0" * 64}

    def _make_next_send_fail(self, failure_type):
        self.simulator.refusals.append(failure_type)
        return ""

    # cc_base's promises about credentials, on a provider that declares one

    def test_enabling_without_the_api_key_names_it(self):
        account = self.env["contact.centre.provider"].create(
            {"name": "Unconfigured Fake", "code": "fake", "channel": "sms"}
        )
        with self.assertRaises(ValidationError) as refused:
            account.state = "enabled"
        self.assertIn("Fake API Key", str(refused.exception))

    def test_api_key_stays_out_of_the_logs_of_a_refused_call(self):
        revoked_key = "fake-key-revoked-55aa"
        self.account.fake_api_key = revoked_key
        with (
            self.assertLogs(provider_http.__name__, logging.INFO) as logs,
            self.assertRaises(ProviderError) as refused,
        ):
            self.account._test_connection()
        self.assertEqual(refused.exception.failure_type, "authentication")
        self.assertIn("Unknown api_key", str(refused.exception))
        for text in [*logs.output, str(refused.exception)]:
            self.assertNotIn(revoked_key, text)
        self.assertTrue(any(f"api_key={provider_http.MASK}" in line for line in logs.output))

    def test_agents_cannot_read_the_api_key(self):
        agent = new_test_user(
            self.env,
            login="cc_conformance_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
        )
        account = self.account.with_user(agent)
        self.assertEqual(account.name, "Fake")
        with self.assertRaises(AccessError):
            account.read(["fake_api_key"])
