import json
from unittest.mock import patch

from odoo.service import db as service_db
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from odoo.addons.base.tests.test_ir_cron import CronMixinCase

from ..controllers import webhook_database
from ..models.contact_centre_provider_sandbox import SIGNATURE_HEADER, sandbox_signature


@tagged("post_install", "-at_install")
class TestWebhookController(HttpCase, CronMixinCase):
    """The webhook over real HTTP: verify, store raw once, answer at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = cls.env["contact.centre.provider"].create(
            {"name": "Webhook Sandbox", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )
        cls.Event = cls.env["contact.centre.webhook.event"]

    def _url(self, key=None):
        return f"/contact_centre/webhook/sandbox/{key or self.sandbox.webhook_key}"

    def _post(self, payload, signature=None, key=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        signature = signature or sandbox_signature(self.sandbox.webhook_secret, body)
        return self.url_open(
            self._url(key),
            data=body,
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
        )

    def _events(self):
        return self.Event.search([("provider_id", "=", self.sandbox.id)])

    def _inbound(self, external_id="in-1", text="Hello"):
        return {
            "events": [
                {
                    "type": "message",
                    "id": external_id,
                    "from": "+32470555123",
                    "text": text,
                    "name": "Webhook Customer",
                    "timestamp": 1767225600,
                }
            ]
        }

    def test_verified_request_is_stored_once_and_acknowledged(self):
        with self.capture_triggers("cc_base.ir_cron_process_webhook_events") as triggers:
            response = self._post(self._inbound())
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "pending")
        self.assertEqual(json.loads(event.body), self._inbound())
        self.assertEqual(event.headers["content-type"], "application/json")
        self.assertTrue(triggers.records, "processing is woken at once")
        self.assertFalse(
            self.env["contact.centre.message"].search([("external_message_id", "=", "in-1")]),
            "nothing is applied inside the request",
        )
        # The provider sends the same request again: acknowledged, not stored twice.
        self.assertEqual(self._post(self._inbound()).status_code, 200)
        self.assertEqual(len(self._events()), 1)

        self.Event._cron_process()
        message = self.env["contact.centre.message"].search([("external_message_id", "=", "in-1")])
        self.assertEqual(message.contact_id.name, "Webhook Customer")
        self.assertEqual(event.state, "done")

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_bad_signature_is_refused_and_not_stored(self):
        for signature in ("sha256=forged", sandbox_signature("other key", b"{}")):
            with self.subTest(signature=signature):
                self.assertEqual(self._post(self._inbound(), signature=signature).status_code, 403)
        response = self.url_open(self._url(), data=b"{}")
        self.assertEqual(response.status_code, 403, "no signature at all")
        self.assertFalse(self._events())

    def test_secret_in_the_url_is_not_stored(self):
        body = json.dumps(self._inbound()).encode()
        response = self.url_open(
            f"{self._url()}?token={self.sandbox.webhook_secret}&profile=dlr",
            data=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sandbox_signature(self.sandbox.webhook_secret, body),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._events().query, {"token": "********", "profile": "dlr"})

    def test_nul_characters_are_stored_not_a_server_error(self):
        body = b'{"events": [\x00]}'
        response = self.url_open(
            f"{self._url()}?profile=a%00b",
            data=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sandbox_signature(self.sandbox.webhook_secret, body),
            },
        )
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual(event.body, '{"events": [\ufffd]}')
        self.assertEqual(event.query, {"profile": "a\ufffdb"})
        self.Event._cron_process()
        self.assertEqual(event.state, "failed", "kept, for a manager to see and replay")
        self.assertIn("Sandbox webhook body is not JSON", event.error)

    def test_escaped_nul_characters_in_ids_and_texts_are_replaced(self):
        """JSON may carry a NUL as \\u0000, which PostgreSQL refuses in a
        stored text and in a query: the message is kept, its NULs replaced."""
        self.assertEqual(self._post(self._inbound("in-\x00", "Hi\x00there")).status_code, 200)
        self._events()._process()
        self.assertEqual(self._events().state, "done", self._events().error)
        message = self.env["contact.centre.message"].search(
            [("provider_id", "=", self.sandbox.id), ("direction", "=", "inbound")]
        )
        self.assertEqual(
            (message.external_message_id, message.body_text), ("in-\ufffd", "Hi\ufffdthere")
        )

    def test_malformed_events_fail_with_a_reason(self):
        good = self._inbound()["events"][0]
        cases = {
            "events[0]: an object expected, not null": {"events": [None]},
            "'None' is not a Unix timestamp": {"events": [{**good, "timestamp": None}]},
            "event.id: a text expected, not dict": {"events": [{**good, "id": {"x": 1}}]},
            "A sandbox message names no sender": {"events": [{**good, "from": None}]},
            "Unknown sandbox event type 'typing'": {"events": [{**good, "type": "typing"}]},
        }
        for payload in cases.values():
            self.assertEqual(self._post(payload).status_code, 200)
        self.Event._cron_process()
        errors = sorted(self._events().mapped("error"))
        self.assertEqual(errors, sorted(f"PayloadError: {reason}" for reason in cases))
        self.assertEqual(
            set(self._events().mapped("state")), {"failed"}, "failed at once: no retry mends them"
        )

    @mute_logger("odoo.http")
    def test_unknown_or_disabled_account(self):
        self.assertEqual(self._post(self._inbound(), key="guessed").status_code, 404)
        self.sandbox.state = "disabled"
        self.assertEqual(self._post(self._inbound()).status_code, 404)
        self.assertFalse(self._events())

    def test_oversize_body(self):
        self.env["ir.config_parameter"].sudo().set_param("cc_base.webhook_max_bytes", "200")
        response = self._post(self._inbound(text="x" * 300))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._events())
        self.assertEqual(self._post(self._inbound(text="short")).status_code, 200)

    @mute_logger("odoo.http")
    def test_url_check_is_for_providers_that_do_it(self):
        self.assertEqual(self.url_open(self._url()).status_code, 404)

    def test_account_url_changes_are_seen_at_once(self):
        old_key = self.sandbox.webhook_key
        self.sandbox.webhook_key = "renewed-key"
        self.assertEqual(self._post(self._inbound(), key="renewed-key").status_code, 200)
        with mute_logger("odoo.http"):
            self.assertEqual(self._post(self._inbound("in-2"), key=old_key).status_code, 404)
        other = self.sandbox.copy({"name": "Second Sandbox", "state": "enabled"})
        body = json.dumps(self._inbound("in-3")).encode()
        response = self.url_open(
            self._url(other.webhook_key),
            data=body,
            headers={SIGNATURE_HEADER: sandbox_signature(other.webhook_secret, body)},
        )
        self.assertEqual(response.status_code, 200, "a new account is reached at once")

    def test_account_changes_are_seen_at_once_by_a_worker_that_kept_it(self):
        """The workers keep an account's secrets and state: a new secret and
        a disabled account count from the next request."""
        self.assertEqual(self._post(self._inbound("in-1")).status_code, 200)
        old_secret = self.sandbox.webhook_secret
        self.sandbox.webhook_secret = "a-new-secret"
        self.assertEqual(self._post(self._inbound("in-2")).status_code, 200)
        body = json.dumps(self._inbound("in-3")).encode()
        with mute_logger("odoo.addons.cc_base.controllers.webhook"):
            refused = self._post(None, sandbox_signature(old_secret, body), raw=body)
        self.assertEqual(refused.status_code, 403, "the old secret is refused")
        self.sandbox.state = "disabled"
        with mute_logger("odoo.http"):
            self.assertEqual(self._post(self._inbound("in-4")).status_code, 404)
        self.assertEqual(len(self._events()), 2)

    def test_dbfilter_lists_the_databases_once_for_webhooks(self):
        """With a dbfilter, Odoo lists the databases for each request without
        a session; the webhook routes reuse the list a while."""
        dbfilter = {"dbfilter": f"^{self.env.cr.dbname}$"}
        with (
            patch.dict(config.options, dbfilter),
            patch.dict(webhook_database._kept, clear=True),
            patch.object(service_db, "list_dbs", wraps=service_db.list_dbs) as list_dbs,
        ):
            for index in range(3):
                self.assertEqual(self._post(self._inbound(f"in-{index}")).status_code, 200)
            self.assertEqual(list_dbs.call_count, 1)
            self.assertEqual(len(self._events()), 3)
            self.url_open("/web/health")
            self.url_open("/web/health")
            self.assertEqual(list_dbs.call_count, 3, "other routes are left to Odoo")
