import re
import uuid
from urllib.parse import urlencode, urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cc_base.tools import ProviderError, check_url_secret_and_basic, to_e164
from odoo.addons.cc_base.tools.provider_http import default_error

from .. import const
from ..tools import CallbackMapping, RequestTemplate, TemplateError, dig, events_from_callback
from ..tools.http_template import parse_path

DEFAULT_JSON_TEMPLATE = """{
    "to": "{{ to }}",
    "from": "{{ from }}",
    "text": "{{ text }}",
    "reference": "{{ uuid }}",
    "callback_url": "{{ callback_url }}"
}"""
DEFAULT_PAIRS_TEMPLATE = "to={{ to }}&from={{ from }}&text={{ text }}&reference={{ uuid }}"
# An HTTP header name (RFC 9110 token).
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
PATH_FIELDS = (
    "http_message_id_path",
    "http_callback_id_path",
    "http_callback_status_path",
    "http_callback_error_path",
    "http_inbound_from_path",
    "http_inbound_text_path",
    "http_inbound_id_path",
)


class ContactCentreProvider(models.Model):
    """Any HTTP SMS gateway, configured without code: where and how to call
    it, a request template, where its answer keeps the message id, and how to
    read its status callbacks and inbound SMS. Callbacks are authenticated by
    the account's secret in the webhook URL (and optional Basic credentials)."""

    _inherit = "contact.centre.provider"

    code = fields.Selection(
        selection_add=[("http", "HTTP Gateway (Custom API)")], ondelete={"http": "set default"}
    )
    http_url = fields.Char(
        "Endpoint URL",
        required_if_provider="http",
        help="The address the gateway takes messages at, e.g. https://sms.example.com/api/send.",
    )
    http_method = fields.Selection(
        [("POST", "POST"), ("GET", "GET")], "HTTP Method", default="POST", required=True
    )
    http_template_format = fields.Selection(
        [("json", "JSON body"), ("form", "Form fields")],
        "Request Format",
        default="json",
        required=True,
        help="How a POST carries the template: a JSON document, or form fields "
        "(key=value&...). A GET always carries it as a query string.",
    )
    http_template = fields.Text(
        "Request Template",
        required_if_provider="http",
        default=DEFAULT_JSON_TEMPLATE,
        help="The request, with placeholders: {{ to }}, {{ to_digits }}, {{ from }}, "
        "{{ text }}, {{ uuid }}, {{ callback_url }}. JSON: put each placeholder inside a "
        'string ("to": "{{ to }}"). Form or query string: to={{ to }}&text={{ text }}.',
    )
    http_auth_type = fields.Selection(
        [
            ("none", "None"),
            ("header", "API key in a header"),
            ("basic", "HTTP Basic"),
            ("bearer", "Bearer token"),
        ],
        "Authentication",
        default="header",
        required=True,
    )
    http_auth_header = fields.Char(
        "API Key Header", default="X-API-Key", help="The header that carries the API key."
    )
    http_api_key = fields.Char(
        "API Key or Token",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
    )
    http_username = fields.Char("Username", copy=False, groups="cc_base.group_contact_centre_admin")
    http_password = fields.Char(
        "Password", secret=True, copy=False, groups="cc_base.group_contact_centre_admin"
    )
    http_message_id_path = fields.Char(
        "Message ID in the Answer",
        help="Where the gateway's answer keeps the message id, as a dotted path "
        "(messages.0.id). When set, an answer without it is a failure.",
    )
    http_test_url = fields.Char(
        "Test URL",
        help="An address of the gateway that costs nothing (balance, account details): Test "
        "Connection calls it with the credentials. Without it, Test Connection only checks "
        "that the gateway's host answers.",
    )
    http_test_number = fields.Char(
        "Test Number", help="Where Send a Test SMS sends one (a billable SMS)."
    )
    http_callback_id_path = fields.Char(
        "Message Reference in Callbacks",
        help="Where a status callback names the message, as a dotted path (reference).",
    )
    http_callback_id_kind = fields.Selection(
        [("uuid", "Our UUID ({{ uuid }})"), ("external", "The gateway's message id")],
        "The Reference Is",
        default="uuid",
        required=True,
    )
    http_callback_status_path = fields.Char(
        "Status in Callbacks",
        help="Where a status callback keeps the status (status). Set it to receive "
        "delivery reports.",
    )
    http_status_sent_values = fields.Char(
        "Sent Statuses", help="Comma-separated status values meaning sent (accepted, sent)."
    )
    http_status_delivered_values = fields.Char(
        "Delivered Statuses", help="Comma-separated status values meaning delivered."
    )
    http_status_failed_values = fields.Char(
        "Failed Statuses", help="Comma-separated status values meaning failed."
    )
    http_callback_error_path = fields.Char(
        "Error in Callbacks", help="Where a failed status callback explains why (optional)."
    )
    http_inbound_from_path = fields.Char(
        "Sender of Inbound SMS",
        help="Where an inbound SMS callback keeps the customer's number (from). Set it to "
        "receive SMS.",
    )
    http_inbound_text_path = fields.Char("Text of Inbound SMS")
    http_inbound_id_path = fields.Char(
        "ID of Inbound SMS",
        help="Where an inbound SMS callback keeps the gateway's id of the SMS, so that a "
        "repeated callback makes one message.",
    )
    http_webhook_username = fields.Char(
        "Callback Username",
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="When set, the gateway's callbacks must also carry these HTTP Basic credentials.",
    )
    http_webhook_password = fields.Char(
        "Callback Password",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
    )

    # Configuration checked at save time

    @api.onchange("http_method", "http_template_format")
    def _onchange_http_format(self):
        """A GET carries form fields; the default template follows the format
        while it is a default."""
        if self.http_method == "GET":
            self.http_template_format = "form"
        defaults = (DEFAULT_JSON_TEMPLATE, DEFAULT_PAIRS_TEMPLATE)
        if not self.http_template or self.http_template.strip() in defaults:
            self.http_template = (
                DEFAULT_JSON_TEMPLATE
                if self._http_template_kind() == "json"
                else DEFAULT_PAIRS_TEMPLATE
            )

    def _http_template_kind(self):
        return (
            "json"
            if self.http_method == "POST" and self.http_template_format == "json"
            else "pairs"
        )

    @api.constrains(
        "code",
        "state",
        "http_url",
        "http_method",
        "http_template_format",
        "http_template",
        "http_auth_type",
        "http_auth_header",
        "http_test_url",
        *PATH_FIELDS,
        "http_status_sent_values",
        "http_status_delivered_values",
        "http_status_failed_values",
    )
    def _check_http_configuration(self):
        for provider in self.filtered(lambda p: p.code == "http"):
            problem = provider._http_configuration_problem()
            if problem:
                raise ValidationError(
                    self.env._("%(account)s: %(problem)s", account=provider.name, problem=problem)
                )

    def _http_configuration_problem(self):
        """What is wrong with this account's gateway configuration, in words,
        or None."""
        for url in (self.http_url, self.http_test_url):
            if url and not (
                urlsplit(url.strip()).scheme in ("http", "https") and urlsplit(url.strip()).netloc
            ):
                return self.env._("“%s” is not a web address: start it with https://.", url)
        if self.http_method == "GET" and self.http_template_format == "json":
            return self.env._(
                "A GET request has no body: choose Form fields and write the template as a "
                "query string (to={{ to }}&text={{ text }}), or send with POST."
            )
        if self.http_template:
            try:
                template = RequestTemplate(self.http_template, self._http_template_kind())
            except TemplateError as error:
                return str(error)
            if not {"to", "to_digits"} & template.placeholders() or "text" not in (
                template.placeholders()
            ):
                return self.env._(
                    "The request template must carry the number ({{ to }} or {{ to_digits }}) "
                    "and the text ({{ text }})."
                )
        if self.http_auth_type == "header" and not HEADER_NAME.fullmatch(
            (self.http_auth_header or "").strip()
        ):
            return self.env._("Name the header that carries the API key (e.g. X-API-Key).")
        for name in PATH_FIELDS:
            if self[name]:
                try:
                    parse_path(self[name])
                except TemplateError as error:
                    return f"{self._fields[name].get_description(self.env)['string']}: {error}"
        if self.http_callback_status_path and not self.http_callback_id_path:
            return self.env._("Say where a status callback names the message (Message Reference).")
        if self.http_callback_status_path and not (
            self.http_status_delivered_values or self.http_status_failed_values
        ):
            return self.env._("List the status values that mean delivered or failed.")
        if self.http_inbound_text_path and not self.http_inbound_from_path:
            return self.env._("Say where an inbound SMS keeps the customer's number (Sender).")
        if self.state != "disabled":
            sudo = self.sudo()
            if self.http_auth_type in ("header", "bearer") and not sudo.http_api_key:
                return self.env._("Fill in the API key or token.")
            if self.http_auth_type == "basic" and not sudo.http_username:
                return self.env._("Fill in the username for HTTP Basic.")
        return None

    @api.depends("code", "http_callback_status_path", "http_inbound_from_path")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        for provider in self.filtered(lambda p: p.code == "http"):
            provider.support_delivery_reports = bool(provider.http_callback_status_path)
            provider.support_inbound = bool(provider.http_inbound_from_path)

    @api.depends("webhook_secret")
    def _compute_webhook_url(self):  # pylint: disable=missing-return
        super()._compute_webhook_url()
        for provider in self.filtered(lambda p: p.code == "http" and p.webhook_url):
            query = urlencode({const.SECRET_PARAMETER: provider.webhook_secret or ""})
            provider.webhook_url = f"{provider.webhook_url}?{query}"

    # Calling the gateway

    def _http_auth(self):
        """(headers, requests auth) of the account's authentication."""
        sudo = self.sudo()
        if self.http_auth_type == "header":
            return {self.http_auth_header.strip(): sudo.http_api_key or ""}, None
        if self.http_auth_type == "bearer":
            return {"Authorization": f"Bearer {sudo.http_api_key or ''}"}, None
        if self.http_auth_type == "basic":
            return {}, (sudo.http_username or "", sudo.http_password or "")
        return {}, None

    def _http_call(self, method, url, headers=None, **kwargs):
        auth_headers, auth = self._http_auth()
        return self._send_api_request(
            method, url, headers={**auth_headers, **(headers or {})}, auth=auth, **kwargs
        )

    def _api_error_parser(self):
        if self.code != "http":
            return super()._api_error_parser()
        return _http_error

    def _test_connection(self):
        if self.code != "http":
            return super()._test_connection()
        if self.http_test_url:
            response = self._http_call("GET", self.http_test_url.strip())
            return self.env._(
                "The gateway accepted the credentials (HTTP %(status)s): %(answer)s",
                status=response.status_code,
                answer=(response.text or "").strip()[:200],
            )
        parts = urlsplit(self.http_url.strip())
        try:
            response = self._send_api_request("GET", f"{parts.scheme}://{parts.netloc}/")
            status = response.status_code
        except ProviderError as error:
            if not isinstance(error.code, int):
                raise
            status = error.code
        return self.env._(
            "The gateway's host answers (HTTP %(status)s). Nothing was sent and the credentials "
            "were not checked: set a Test URL to check them, or send a test SMS.",
            status=status,
        )

    def _http_values(self, number, text, message_uuid):
        """The placeholders' values for one SMS."""
        number = (number or "").replace(" ", "")
        return {
            "to": number,
            "to_digits": number.lstrip("+"),
            "from": self.sender or "",
            "text": text or "",
            "uuid": message_uuid,
            "callback_url": self.sudo().webhook_url or "",
        }

    def _http_send_one(self, values):
        """Send one SMS; return the gateway's message id (None when the account
        does not say where to find it), or raise a ProviderError."""
        rendered = RequestTemplate(self.http_template, self._http_template_kind()).render(values)
        if self.http_method == "GET":
            kwargs = {"params": rendered}
        elif self.http_template_format == "json":
            kwargs = {"json": rendered}
        else:
            kwargs = {"data": rendered}
        response = self._http_call(
            self.http_method,
            self.http_url.strip(),
            headers={"Accept": "application/json"},
            **kwargs,
        )
        if not self.http_message_id_path:
            return None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        message_id = dig(answer, self.http_message_id_path) if answer is not None else None
        if message_id in (None, ""):
            raise ProviderError(
                "unknown",
                self.env._(
                    "The gateway's answer has no message id at %(path)s: %(answer)s",
                    path=self.http_message_id_path,
                    answer=(response.text or "").strip()[:200],
                ),
                code=response.status_code,
            )
        return str(message_id)

    def _send_messages(self, messages):
        if self.code != "http":
            return super()._send_messages(messages)
        return self._send_one_by_one(
            messages,
            lambda message: self._http_send_one(
                self._http_values(message.contact_id.sms_number, message.body_text, message.uuid)
            ),
        )

    def action_http_send_test_sms(self):
        """Send one real (billable) SMS to the test number."""
        self.ensure_one()
        self.env["contact.centre.provider"].check_access("write")
        if not self.http_test_number:
            raise UserError(self.env._("Fill in the Test Number first."))
        return self._notify_provider_call(
            self._http_send_test_sms,
            self.env._("Test SMS sent"),
            self.env._("Test SMS failed"),
        )

    def _http_send_test_sms(self):
        number = to_e164(self.http_test_number, self.company_id.country_id)
        message_id = self._http_send_one(
            self._http_values(number, const.TEST_SMS_TEXT, uuid.uuid4().hex)
        )
        return self.env._(
            "The gateway accepted the test SMS to %(number)s (message id: %(id)s).",
            number=number,
            id=message_id or self.env._("not read"),
        )

    # Callbacks

    def _webhook_fields(self):
        return [*super()._webhook_fields(), "http_webhook_username"]

    def _verify_webhook(self, request):
        if self.code != "http":
            return super()._verify_webhook(request)
        sudo = self.sudo()
        check_url_secret_and_basic(
            request,
            const.SECRET_PARAMETER,
            sudo.webhook_secret,
            sudo.http_webhook_username,
            sudo.http_webhook_password,
            "HTTP gateway's callback",
        )

    def _http_callback_mapping(self):
        return CallbackMapping(
            id_path=self.http_callback_id_path,
            id_is_uuid=self.http_callback_id_kind == "uuid",
            status_path=self.http_callback_status_path,
            sent_values=self.http_status_sent_values,
            delivered_values=self.http_status_delivered_values,
            failed_values=self.http_status_failed_values,
            error_path=self.http_callback_error_path,
            inbound_from_path=self.http_inbound_from_path,
            inbound_text_path=self.http_inbound_text_path,
            inbound_id_path=self.http_inbound_id_path,
        )

    def _parse_webhook(self, request):
        if self.code != "http":
            return super()._parse_webhook(request)
        return events_from_callback(request, self._http_callback_mapping())


def _http_error(response):
    """The ProviderError of a gateway's error answer, by its HTTP status."""
    error = default_error(response)
    failure_type = const.FAILURE_TYPE_BY_STATUS.get(response.status_code)
    if failure_type:
        return ProviderError(failure_type, error.message, code=error.code)
    return error
