"""A fake SMS provider, built the way a provider addon is, for testing the
conformance kit on something other than the Sandbox: it speaks JSON over
HTTP to the simulator of test_conformance_fake through _send_api_request,
and signs its webhooks with an HMAC of the API key.

Importing this module declares the model: only FakeModelLoader does it,
after backing up the registry (see odoo-test-helper's README).
"""

import hashlib
import hmac
import json
from datetime import datetime, timezone
from urllib.parse import urlencode

from odoo import api, fields, models

from ..tools import InboundMessage, ProviderError, SendResult, StatusUpdate, WebhookRejected
from ..tools.provider_http import default_error

SIGNATURE_HEADER = "X-Fake-Signature"
# Our status -> the provider's words for it.
STATUS_MAPPING = {
    "sent": ("ACCEPTED",),
    "delivered": ("DELIVERED",),
    "read": ("SEEN",),
    "failed": ("UNDELIVERABLE", "EXPIRED"),
}
OUR_STATUS = {theirs: ours for ours, names in STATUS_MAPPING.items() for theirs in names}
# The provider's error codes -> our failure types; other errors go by HTTP status.
ERROR_FAILURE_TYPES = {
    "NUMBER_UNKNOWN": "wrong_number",
    "NO_CREDIT": "credit",
    "EXPIRED": "expired",
}


def fake_signature(key, body):
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


class ContactCentreProviderFake(models.Model):
    _inherit = "contact.centre.provider"

    code = fields.Selection(selection_add=[("fake", "Fake")], ondelete={"fake": "set default"})
    fake_api_url = fields.Char("Fake API URL")
    fake_api_key = fields.Char(
        "Fake API Key",
        required_if_provider="fake",
        secret=True,
        groups="cc_base.group_contact_centre_admin",
        copy=False,
    )

    @api.depends("code")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "fake").update(
            {
                "support_delivery_reports": True,
                "support_read_receipts": True,
                "support_inbound": True,
            }
        )

    def _fake_request(self, method, path, **kwargs):
        # The key goes in the query string, as with many SMS APIs: the URL
        # is logged, masked.
        sudo = self.sudo()
        query = urlencode({"api_key": sudo.fake_api_key})
        return self._send_api_request(method, f"{sudo.fake_api_url}{path}?{query}", **kwargs).json()

    def _test_connection(self):
        if self.code != "fake":
            return super()._test_connection()
        return self._fake_request("GET", "/account")["name"]

    def _send_messages(self, messages):
        if self.code != "fake":
            return super()._send_messages(messages)
        return {message.id: self._fake_send(message) for message in messages}

    def _fake_send(self, message):
        try:
            answer = self._fake_request(
                "POST",
                "/messages",
                json={
                    "to": message.contact_id.sms_number,
                    "text": message.body_text,
                    "callbackData": message.uuid,
                },
            )
        except ProviderError as error:
            return SendResult(error=error)
        return SendResult(external_id=answer["messageId"])

    def _api_error_parser(self):
        if self.code != "fake":
            return super()._api_error_parser()
        return fake_error

    def _verify_webhook(self, request):
        if self.code != "fake":
            return super()._verify_webhook(request)
        expected = fake_signature(self.sudo().fake_api_key, request.body)
        if not hmac.compare_digest(request.header(SIGNATURE_HEADER, ""), expected):
            raise WebhookRejected("bad or missing fake signature", status=401)

    def _parse_webhook(self, request):
        if self.code != "fake":
            return super()._parse_webhook(request)
        payload = json.loads(request.body)
        return [self._fake_inbound(message) for message in payload.get("messages", [])] + [
            self._fake_status(report) for report in payload.get("reports", [])
        ]

    @api.model
    def _fake_inbound(self, message):
        return InboundMessage(
            external_id=message["messageId"],
            sender=f"+{message['from']}",
            body=message["text"],
            timestamp=_utc(message["receivedAt"]),
        )

    @api.model
    def _fake_status(self, report):
        error = report.get("error") or {}
        return StatusUpdate(
            status=OUR_STATUS[report["status"]],
            external_id=report["messageId"],
            uuid=report.get("callbackData"),
            timestamp=_utc(report["doneAt"]),
            failure_type=ERROR_FAILURE_TYPES.get(error.get("code")),
            error_message=error.get("message"),
        )


def fake_error(response):
    """The ProviderError of the fake provider's error answer."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError):
        return default_error(response)
    if error.get("code") in ERROR_FAILURE_TYPES:
        return ProviderError(
            ERROR_FAILURE_TYPES[error["code"]], error.get("message", ""), code=error["code"]
        )
    return default_error(response)


def _utc(timestamp):
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)
