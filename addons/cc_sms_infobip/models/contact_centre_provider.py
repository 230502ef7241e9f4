import json
import logging
import re
from collections import defaultdict
from urllib.parse import urlencode

from odoo import api, fields, models, modules
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from odoo.addons.cc_base.tools import (
    ProviderError,
    SendResult,
    WebhookRequest,
    check_url_secret_and_basic,
    json_body,
)

from .. import const
from ..tools import error_from_response, events_from_payload, send_refusal

_logger = logging.getLogger(__name__)

# What Infobip takes as a sender: 3 to 11 letters and digits, or a number of
# 3 to 14 digits.
SENDER_PATTERN = re.compile(r"[A-Za-z0-9 ]{3,11}|\+?[0-9]{3,14}")

# The query parameter of the webhook URL that carries the account's secret.
SECRET_PARAMETER = "secret"


class ContactCentreProvider(models.Model):
    """Infobip SMS: sends through /sms/3/messages, receives delivery reports
    and inbound SMS on the account's webhook URL. Infobip does not sign its
    webhooks: the URL carries the account's webhook secret, and the account
    may also require HTTP Basic credentials (Infobip notification profiles)."""

    _inherit = "contact.centre.provider"

    code = fields.Selection(
        selection_add=[("infobip", "Infobip")], ondelete={"infobip": "set default"}
    )
    infobip_base_url = fields.Char(
        "Infobip Base URL",
        required_if_provider="infobip",
        help="Your account's own API address, e.g. https://xxxxx.api.infobip.com.",
    )
    infobip_api_key = fields.Char(
        "Infobip API Key",
        required_if_provider="infobip",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
    )
    infobip_validity_minutes = fields.Integer(
        "Validity Period (minutes)",
        default=const.MAX_VALIDITY_MINUTES,
        help="How long Infobip keeps trying to deliver a message; at most 48 hours.",
    )
    infobip_batch_size = fields.Integer(
        "Messages per Request",
        default=100,
        help="How many messages of a campaign go to Infobip in one request.",
    )
    infobip_price_per_sms = fields.Float(
        "Price per SMS",
        digits=(16, 6),
        help="What Infobip charges for one SMS to your usual destinations: the composer "
        "estimates the cost of a message with it before sending.",
    )
    infobip_currency_id = fields.Many2one(
        "res.currency",
        "Price Currency",
        default=lambda self: self.env.company.currency_id,
    )
    infobip_legacy_api = fields.Boolean(
        "Send with /sms/2/text/advanced",
        help="For older Infobip accounts that do not have /sms/3/messages yet.",
    )
    infobip_pull = fields.Boolean(
        "Pull Reports and Inbound SMS",
        help="For an Odoo that Infobip's webhooks cannot reach: a scheduled action "
        "fetches delivery reports and inbound SMS from Infobip instead.",
    )
    infobip_webhook_username = fields.Char(
        "Webhook Username",
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="When set, Infobip's webhooks must also carry these HTTP Basic credentials "
        "(set them in the notification profile's security).",
    )
    infobip_webhook_password = fields.Char(
        "Webhook Password",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
    )

    _sql_constraints = [
        (
            "infobip_validity_range",
            "CHECK(COALESCE(infobip_validity_minutes, 1) "
            f"BETWEEN 1 AND {const.MAX_VALIDITY_MINUTES})",
            "The validity period is between 1 minute and 48 hours.",
        ),
        (
            "infobip_batch_size_positive",
            "CHECK(COALESCE(infobip_batch_size, 1) > 0)",
            "At least one message goes in each request.",
        ),
    ]

    @api.constrains("code", "sender")
    def _check_infobip_sender(self):
        for provider in self.filtered(lambda p: p.code == "infobip" and p.sender):
            if not SENDER_PATTERN.fullmatch(provider.sender):
                raise ValidationError(
                    self.env._(
                        "Infobip cannot send as “%(sender)s”: a sender is 3 to 11 letters and "
                        "digits (e.g. ACME), or a number of 3 to 14 digits.",
                        sender=provider.sender,
                    )
                )

    @api.depends("code", "infobip_pull")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "infobip").update(
            {"support_delivery_reports": True, "support_inbound": True}
        )
        self.filtered(lambda p: p.code == "infobip" and p.infobip_pull).support_sync = True

    @api.depends("webhook_secret")
    def _compute_webhook_url(self):  # pylint: disable=missing-return
        super()._compute_webhook_url()
        for provider in self.filtered(lambda p: p.code == "infobip" and p.webhook_url):
            query = urlencode({SECRET_PARAMETER: provider.webhook_secret or ""})
            provider.webhook_url = f"{provider.webhook_url}?{query}"

    # Calling Infobip

    def _infobip_request(self, method, path, **kwargs):
        return self._send_api_request(**self._infobip_call(method, path, **kwargs)).json()

    def _infobip_call(self, method, path, **kwargs):
        """The arguments of _send_api_request for a call to Infobip's API."""
        sudo = self.sudo()
        base_url = (sudo.infobip_base_url or "").strip().rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            base_url = f"https://{base_url}"
        headers = {
            "Authorization": f"App {sudo.infobip_api_key}",
            "Accept": "application/json",
        }
        return {"method": method, "url": f"{base_url}{path}", "headers": headers, **kwargs}

    def _api_error_parser(self):
        if self.code != "infobip":
            return super()._api_error_parser()
        return error_from_response

    def _test_connection(self):
        if self.code != "infobip":
            return super()._test_connection()
        balance = self._infobip_request("GET", const.BALANCE_PATH)
        return self.env._(
            "Infobip accepted the API key. Balance: %(balance)s %(currency)s.",
            balance=balance.get("balance"),
            currency=balance.get("currency", ""),
        )

    # Sending

    def _sms_part_price(self):
        if self.code != "infobip":
            return super()._sms_part_price()
        return self.infobip_price_per_sms, self.infobip_currency_id

    def _send_messages(self, messages):
        if self.code != "infobip":
            return super()._send_messages(messages)
        # What the requests carry, read at once rather than one batch at a time.
        messages.fetch(["contact_id", "body_text", "uuid"])
        messages.contact_id.fetch(["sms_number"])
        batches = list(split_every(self.infobip_batch_size or 1, messages.ids, messages.browse))
        path = const.LEGACY_SEND_PATH if self.infobip_legacy_api else const.SEND_PATH
        body = self._infobip_v2_body if self.infobip_legacy_api else self._infobip_v3_body
        answers = self._send_api_requests(
            [self._infobip_call("POST", path, json=body(batch)) for batch in batches]
        )
        results = {}
        for batch, answer in zip(batches, answers, strict=True):
            results.update(self._infobip_send_results(batch, answer))
        return results

    def _infobip_send_results(self, messages, answer):
        """{message id: SendResult} from Infobip's answer to the request that
        sent these messages (its response, or the ProviderError it met)."""
        if isinstance(answer, ProviderError):
            return dict.fromkeys(messages.ids, SendResult(error=answer))
        # One answer per destination, in the order they were sent.
        results = {}
        by_segments = defaultdict(lambda: messages.browse())
        for message, sent in zip(messages, answer.json().get("messages") or [], strict=False):
            refusal = send_refusal(sent.get("status"))
            results[message.id] = SendResult(
                error=refusal, external_id=None if refusal else sent.get("messageId")
            )
            # v3: details.messageCount, v2: smsCount.
            segments = (sent.get("details") or {}).get("messageCount", sent.get("smsCount"))
            if segments and not refusal:
                by_segments[segments] |= message
        # One write per segment count, not one per message.
        for segments, counted in by_segments.items():
            counted.infobip_segment_count = segments
        return results

    def _infobip_delivery_url(self):
        """Where Infobip pushes delivery reports; none when this account pulls
        them, as Infobip keeps for pulling only the reports it does not push."""
        return False if self.infobip_pull else self.sudo().webhook_url

    def _infobip_v3_body(self, messages):
        delivery_url = self._infobip_delivery_url()
        delivery = {"delivery": {"url": delivery_url, "intermediateReport": True}}
        return {
            "messages": [
                {
                    "sender": self.sender,
                    "destinations": [{"to": _infobip_number(message)}],
                    "content": {"text": message.body_text or ""},
                    "options": {
                        "validityPeriod": {
                            "amount": self.infobip_validity_minutes,
                            "timeUnit": "MINUTES",
                        }
                    },
                    "webhooks": {
                        **(delivery if delivery_url else {}),
                        "contentType": "application/json",
                        "callbackData": message.uuid,
                    },
                }
                for message in messages
            ],
            "options": {"includeSmsCountInResponse": True},
        }

    def _infobip_v2_body(self, messages):
        delivery_url = self._infobip_delivery_url()
        delivery = {
            "notifyUrl": delivery_url,
            "notifyContentType": "application/json",
            "intermediateReport": True,
        }
        return {
            "messages": [
                {
                    "from": self.sender,
                    "destinations": [{"to": _infobip_number(message)}],
                    "text": message.body_text or "",
                    "validityPeriod": self.infobip_validity_minutes,
                    **(delivery if delivery_url else {}),
                    "callbackData": message.uuid,
                }
                for message in messages
            ]
        }

    # Pulling what the webhooks would have brought

    def _sync(self):
        if self.code != "infobip":
            return super()._sync()
        reports, inbound = self._infobip_pull()
        return self.env._(
            "Pulled %(reports)s delivery reports and %(inbound)s inbound SMS from Infobip.",
            reports=reports,
            inbound=inbound,
        )

    def _infobip_pull(self, commit=False):
        """Fetch the delivery reports and inbound SMS Infobip holds for us
        and store them as webhook events: they are applied as pushed ones
        are. Infobip hands each out only once, so with `commit` (the cron)
        what was fetched is committed at once. Returns (reports, inbound SMS)
        counts."""
        self.ensure_one()
        Event = self.env["contact.centre.webhook.event"].sudo()
        counts = []
        reports_path = const.LEGACY_REPORTS_PATH if self.infobip_legacy_api else const.REPORTS_PATH
        for path in (reports_path, const.INBOX_PATH):
            answer = self._infobip_request("GET", path, params={"limit": const.PULL_LIMIT})
            results = answer.get("results") or []
            if results:
                request = WebhookRequest("GET", path, body=json.dumps(answer).encode())
                Event._store(self, request)
                if commit:
                    Event._commit_progress()
            counts.append(len(results))
        return tuple(counts)

    @api.model
    def _cron_infobip_pull(self, auto_commit=None):
        if auto_commit is None:
            auto_commit = not modules.module.current_test
        for account in self.search(
            [("code", "=", "infobip"), ("state", "!=", "disabled"), ("infobip_pull", "=", True)]
        ):
            try:
                account._infobip_pull(commit=auto_commit)
            except ProviderError as error:
                _logger.info("Pulling from Infobip for %s failed: %s", account.name, error)

    # Webhooks

    def _webhook_fields(self):
        return [*super()._webhook_fields(), "infobip_webhook_username"]

    def _verify_webhook(self, request):
        if self.code != "infobip":
            return super()._verify_webhook(request)
        sudo = self.sudo()
        check_url_secret_and_basic(
            request,
            SECRET_PARAMETER,
            sudo.webhook_secret,
            sudo.infobip_webhook_username,
            sudo.infobip_webhook_password,
            "Infobip webhook",
        )

    def _parse_webhook(self, request):
        if self.code != "infobip":
            return super()._parse_webhook(request)
        return events_from_payload(json_body(request.body, "Infobip"))


def _infobip_number(message):
    """The customer's number as Infobip writes it: digits, no plus."""
    return (message.contact_id.sms_number or "").replace(" ", "").lstrip("+")
