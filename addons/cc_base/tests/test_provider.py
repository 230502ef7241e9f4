import json

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.contact_centre_provider_sandbox import SIGNATURE_HEADER, sandbox_signature
from ..tools import InboundMessage, StatusUpdate, WebhookRejected, WebhookRequest
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestProvider(ContactCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Provider = cls.env["contact.centre.provider"]
        cls.sandbox = cls.Provider.create(
            {"name": "Test Sandbox", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )

    def test_placeholders_offer_their_addon(self):
        # A provider addon this repository does not have: its placeholder
        # stays one whatever else is installed.
        future = self.Provider.create(
            {"name": "SMS (Future)", "channel": "sms", "module_name": "cc_sms_future"}
        )
        self.assertEqual(future.code, "none")
        self.assertEqual(future.state, "disabled")
        self.assertEqual(future.module_state, "unavailable")
        self.assertEqual(self.sandbox.module_state, "installed")
        with self.assertRaises(ValidationError):
            future.state = "enabled"
        twilio = self.env.ref("cc_base.provider_twilio_sms")
        self.assertEqual(twilio.module_name, "cc_sms_twilio")
        self.assertIn(twilio.module_state, ("installed", "uninstalled"))

    def test_provider_addon_install_and_uninstall_hooks(self):
        placeholder = self.Provider.create(
            {"name": "Future", "channel": "sms", "module_name": "cc_sms_future"}
        )
        self.Provider._setup_provider("sandbox", "cc_sms_future")
        self.assertEqual(placeholder.code, "sandbox")
        placeholder.state = "enabled"
        self.Provider._remove_provider("sandbox")
        self.assertEqual((placeholder.code, placeholder.state), ("none", "disabled"))
        self.assertEqual(self.sandbox.code, "none")

    def test_capabilities_follow_the_code(self):
        self.assertTrue(self.sandbox.support_inbound)
        self.assertTrue(self.sandbox.support_delivery_reports)
        self.sandbox.write({"state": "disabled", "code": "none"})
        self.assertFalse(self.sandbox.support_inbound)

    def test_webhook_url_names_code_and_key(self):
        url = self.sandbox.webhook_url
        self.assertTrue(url.endswith(f"/contact_centre/webhook/sandbox/{self.sandbox.webhook_key}"))
        other = self.Provider.create({"name": "Other", "code": "sandbox"})
        self.assertNotEqual(other.webhook_key, self.sandbox.webhook_key)
        self.assertEqual(self.Provider._webhook_accounts("sandbox", other.webhook_key), other)
        self.assertFalse(self.Provider._webhook_accounts("sandbox", "guess"))

    def test_credentials_are_for_administrators_only(self):
        for user in (self.cc_user, self.agent, self.manager):
            provider = self.sandbox.with_user(user)
            self.assertEqual(provider.name, "Test Sandbox")
            with self.assertRaises(AccessError):
                provider.read(["webhook_key"])
            with self.assertRaises(AccessError):
                provider.read(["webhook_secret"])
            with self.assertRaises(AccessError):
                provider.read(["webhook_url"])
        self.assertTrue(self.sandbox.with_user(self.cc_admin).webhook_secret)
        self.assertIn(self.sandbox.webhook_secret, self.sandbox._secret_values())

    def test_test_connection_reports_in_words(self):
        action = self.sandbox.with_user(self.cc_admin).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        unconfigured = self.Provider.create({"name": "Nothing", "channel": "sms"})
        action = unconfigured.with_user(self.cc_admin).action_test_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("Nothing has no provider", action["params"]["message"])

    def test_nothing_to_synchronise(self):
        self.assertFalse(self.sandbox.support_sync)
        action = self.sandbox.with_user(self.cc_admin).action_sync()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("nothing to synchronise", action["params"]["message"])

    @mute_logger("odoo.sql_db")
    def test_rate_limit_cannot_be_negative(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.sandbox.rate_limit = -1
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestSandboxWebhooks(ContactCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = cls.env["contact.centre.provider"].create(
            {"name": "Test Sandbox", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )

    def _request(self, payload, signature=None):
        body = json.dumps(payload).encode()
        signature = signature or sandbox_signature(self.sandbox.webhook_secret, body)
        return WebhookRequest("POST", "/", body=body, headers={SIGNATURE_HEADER.lower(): signature})

    def test_signature(self):
        request = self._request({"events": []})
        self.sandbox._verify_webhook(request)
        for forged in ("", "sha256=00", sandbox_signature("wrong key", request.body)):
            with self.subTest(signature=forged), self.assertRaises(WebhookRejected):
                self.sandbox._verify_webhook(self._request({"events": []}, signature=forged or " "))

    def test_parse_messages_and_statuses(self):
        events = self.sandbox._parse_webhook(
            self._request(
                {
                    "events": [
                        {
                            "type": "message",
                            "id": "in-1",
                            "from": "+32470111222",
                            "text": "Hi",
                            "name": "Zoé",
                            "timestamp": 1700000000,
                        },
                        {
                            "type": "status",
                            "uuid": "abc",
                            "status": "failed",
                            "failure_type": "wrong_number",
                            "error": "No such number",
                            "timestamp": 1700000001,
                        },
                    ]
                }
            )
        )
        inbound, status = events
        self.assertIsInstance(inbound, InboundMessage)
        self.assertEqual((inbound.sender, inbound.profile_name), ("+32470111222", "Zoé"))
        self.assertEqual(inbound.timestamp.isoformat(), "2023-11-14T22:13:20")
        self.assertIsInstance(status, StatusUpdate)
        self.assertEqual((status.status, status.failure_type), ("failed", "wrong_number"))

    def test_sandbox_sends_and_fails_on_request(self):
        ok = self._message(self.bob, channel="sms", direction="outbound", body_text="Hello")
        refused = self._message(
            self.bob, channel="sms", direction="outbound", body_text="x [sandbox:credit]"
        )
        results = self.sandbox._send_messages(ok | refused)
        self.assertEqual(results[ok.id].external_id, f"sandbox-{ok.uuid}")
        self.assertEqual(results[refused.id].error.failure_type, "credit")
