import hashlib
import hmac
import json
import re
import time
from datetime import datetime, timedelta, timezone

from odoo import api, fields, models

from ..tools import (
    InboundMessage,
    PayloadError,
    ProviderError,
    SendResult,
    StatusUpdate,
    WebhookRejected,
    WebhookRequest,
    check_agent,
    ident,
    json_body,
    objs,
    text,
)
from ..tools.provider_error import FAILURE_TYPE_KEYS

SIGNATURE_HEADER = "X-Sandbox-Signature"
# Seconds after sending when the sandbox reports a message delivered, then read.
DELIVERED_AFTER = 2
READ_AFTER = 5
# A message whose text holds "[sandbox:<failure type>]" is refused with that
# failure type, so that failures can be tried without a real provider.
FAILURE_MARK = re.compile(r"\[sandbox:(\w+)\]")


def sandbox_signature(key, body):
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


class ContactCentreProviderSandbox(models.Model):
    """The Sandbox provider: the whole provider interface without a network.

    Its webhook payload is our own JSON, signed with the account's webhook secret
    (see sandbox_signature): {"events": [{"type": "message", "id", "from",
    "text", "name", "timestamp", "reply_to"}, {"type": "status", "id" or
    "uuid", "status", "timestamp", "failure_type", "error"}]}.
    """

    _inherit = "contact.centre.provider"

    code = fields.Selection(
        selection_add=[("sandbox", "Sandbox (no network)")],
        ondelete={"sandbox": "set default"},
    )

    @api.depends("code")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "sandbox").update(
            {
                "support_templates": True,
                "support_media": True,
                "support_interactive": False,
                "support_delivery_reports": True,
                "support_read_receipts": True,
                "support_inbound": True,
            }
        )

    def _test_connection(self):
        if self.code != "sandbox":
            return super()._test_connection()
        return self.env._("The sandbox needs no network: it always answers.")

    def _send_messages(self, messages):
        if self.code != "sandbox":
            return super()._send_messages(messages)
        results = {message.id: self._sandbox_result(message) for message in messages}
        accepted = messages.filtered(lambda m: results[m.id].ok)
        now = fields.Datetime.now()
        # The customer's phone answers later, through the webhook event store,
        # as a real provider's delivery reports would.
        for status, delay in (("delivered", DELIVERED_AFTER), ("read", READ_AFTER)):
            self._sandbox_receive(
                [
                    {
                        "type": "status",
                        "uuid": message.uuid,
                        "id": results[message.id].external_id,
                        "status": status,
                        "timestamp": int(time.time()) + delay,
                    }
                    for message in accepted
                ],
                available_at=now + timedelta(seconds=delay),
            )
        return results

    def action_sandbox_deliver_now(self):
        """Apply this sandbox account's pending delivery and read reports now,
        rather than after their delay (demos, tests)."""
        check_agent(self.env, self.env._("Only agents can deliver sandbox receipts."))
        events = (
            self.env["contact.centre.webhook.event"]
            .sudo()
            .search(
                [
                    ("provider_id", "in", self.filtered(lambda p: p.code == "sandbox").ids),
                    ("state", "=", "pending"),
                ],
                order="next_attempt_at, id",
            )
        )
        events._process()

    def _sandbox_receive(self, events, available_at=None):
        """Store sandbox events as if the sandbox had posted them to our webhook."""
        self.ensure_one()
        if not events:
            return self.env["contact.centre.webhook.event"]
        body = json.dumps({"events": events}).encode()
        return (
            self.env["contact.centre.webhook.event"]
            .sudo()
            ._store(
                self,
                WebhookRequest("POST", f"/contact_centre/webhook/sandbox/{self.id}", body=body),
                available_at=available_at,
            )
        )

    def _sandbox_result(self, message):
        mark = FAILURE_MARK.search(message.body_text or "")
        if mark and mark.group(1) in FAILURE_TYPE_KEYS:
            return SendResult(
                error=ProviderError(
                    mark.group(1), f"The sandbox refused this message ({mark.group(1)})."
                )
            )
        return SendResult(external_id=f"sandbox-{message.uuid}")

    def _verify_webhook(self, request):
        if self.code != "sandbox":
            return super()._verify_webhook(request)
        expected = sandbox_signature(self.sudo().webhook_secret, request.body)
        if not hmac.compare_digest(request.header(SIGNATURE_HEADER, ""), expected):
            raise WebhookRejected("bad or missing sandbox signature")

    def _parse_webhook(self, request):
        if self.code != "sandbox":
            return super()._parse_webhook(request)
        payload = json_body(request.body, "Sandbox")
        return [self._sandbox_event(event) for event in objs(payload.get("events"), "events")]

    @api.model
    def _sandbox_event(self, event):
        try:
            timestamp = datetime.fromtimestamp(int(event["timestamp"]), timezone.utc)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            raise PayloadError(
                f"{str(event.get('timestamp'))[:40]!r} is not a Unix timestamp"
            ) from None
        timestamp = timestamp.replace(tzinfo=None)
        kind = text(event.get("type"), "event.type")
        if kind == "message":
            sender = text(event.get("from"), "event.from")
            if not sender:
                raise PayloadError("A sandbox message names no sender")
            return InboundMessage(
                external_id=ident(event.get("id"), "event.id"),
                sender=sender,
                body=text(event.get("text"), "event.text") or "",
                timestamp=timestamp,
                profile_name=text(event.get("name"), "event.name"),
                reply_to_external_id=ident(event.get("reply_to"), "event.reply_to"),
            )
        if kind == "status":
            return StatusUpdate(
                status=text(event.get("status"), "event.status"),
                external_id=ident(event.get("id"), "event.id"),
                uuid=ident(event.get("uuid"), "event.uuid"),
                timestamp=timestamp,
                failure_type=text(event.get("failure_type"), "event.failure_type"),
                error_message=text(event.get("error"), "event.error"),
            )
        raise PayloadError(f"Unknown sandbox event type {str(kind)[:40]!r}")
