import re
from urllib.parse import urlencode, urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import config

from odoo.addons.cc_base.tools import ProviderError, WebhookRejected, storable_data

from .. import const
from ..tools import (
    error_from_response,
    events_from_form,
    form_params,
    requested_url,
    signature_matches,
)

ACCOUNT_SID_PATTERN = re.compile(r"AC[0-9a-fA-F]{32}")
MESSAGING_SERVICE_SID_PATTERN = re.compile(r"MG[0-9a-fA-F]{32}")
# A number in E.164 form, or an alphanumeric sender id (1 to 11 letters,
# digits and spaces, at least one letter), as Twilio takes them in From.
SENDER_PATTERN = re.compile(r"\+[1-9][0-9]{1,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}")


class ContactCentreProvider(models.Model):
    """Twilio SMS: sends through the Messages API (one message a request,
    form-encoded, HTTP Basic), receives status callbacks and inbound SMS on
    the account's webhook URL, signed with X-Twilio-Signature."""

    _inherit = "contact.centre.provider"

    code = fields.Selection(
        selection_add=[("twilio", "Twilio")], ondelete={"twilio": "set default"}
    )
    twilio_account_sid = fields.Char(
        "Twilio Account SID",
        required_if_provider="twilio",
        copy=False,
        help="AC followed by 32 characters, on your Twilio console's dashboard.",
    )
    twilio_auth_token = fields.Char(
        required_if_provider="twilio",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="Signs Twilio's webhooks too: after changing it at Twilio, change it here.",
    )
    twilio_messaging_service_sid = fields.Char(
        "Messaging Service SID",
        copy=False,
        help="MG followed by 32 characters: send through this Messaging Service "
        "(its sender pool) rather than from the account's sender number.",
    )
    twilio_api_url = fields.Char(
        "Twilio API URL",
        default=const.API_URL,
        required_if_provider="twilio",
        help="Twilio's API address; another one only for tests and demos.",
    )

    @api.constrains("code", "sender", "twilio_account_sid", "twilio_messaging_service_sid")
    def _check_twilio_identifiers(self):
        for provider in self.filtered(lambda p: p.code == "twilio"):
            if provider.twilio_account_sid and not ACCOUNT_SID_PATTERN.fullmatch(
                provider.twilio_account_sid
            ):
                raise ValidationError(
                    self.env._(
                        "A Twilio Account SID is AC followed by 32 letters and digits; "
                        "copy it from your Twilio console."
                    )
                )
            service = provider.twilio_messaging_service_sid
            if service and not MESSAGING_SERVICE_SID_PATTERN.fullmatch(service):
                raise ValidationError(
                    self.env._(
                        "A Messaging Service SID is MG followed by 32 letters and digits; "
                        "copy it from your Twilio console."
                    )
                )
            if provider.sender and not SENDER_PATTERN.fullmatch(provider._twilio_sender()):
                raise ValidationError(
                    self.env._(
                        "Twilio cannot send from “%(sender)s”: give a number in international "
                        "form (+14155550100) or a sender id of up to 11 letters and digits.",
                        sender=provider.sender,
                    )
                )

    @api.constrains("code", "state", "sender", "twilio_messaging_service_sid")
    def _check_twilio_sender(self):
        for provider in self.filtered(lambda p: p.code == "twilio" and p.state != "disabled"):
            if not (provider.sender or provider.twilio_messaging_service_sid):
                raise ValidationError(
                    self.env._(
                        "%(account)s needs a sender number or a Messaging Service SID to send "
                        "through Twilio.",
                        account=provider.name,
                    )
                )

    @api.depends("code")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "twilio").update(
            {"support_delivery_reports": True, "support_inbound": True}
        )

    # Calling Twilio

    def _twilio_request(self, method, path, **kwargs):
        sudo = self.sudo()
        base_url = (sudo.twilio_api_url or const.API_URL).strip().rstrip("/")
        url = base_url + path.format(sid=sudo.twilio_account_sid)
        auth = (sudo.twilio_account_sid, sudo.twilio_auth_token or "")
        return self._send_api_request(
            method, url, auth=auth, headers={"Accept": "application/json"}, **kwargs
        ).json()

    def _api_error_parser(self):
        if self.code != "twilio":
            return super()._api_error_parser()
        return error_from_response

    def _test_connection(self):
        if self.code != "twilio":
            return super()._test_connection()
        account = self._twilio_request("GET", const.ACCOUNT_PATH)
        if account.get("status") != "active":
            raise ProviderError(
                "authentication",
                self.env._(
                    "Twilio knows the account “%(name)s”, but it is %(status)s: it cannot send.",
                    name=account.get("friendly_name"),
                    status=account.get("status"),
                ),
            )
        return self.env._(
            "Twilio accepted the credentials of “%(name)s” (%(type)s account, %(status)s).",
            name=account.get("friendly_name"),
            type=account.get("type"),
            status=account.get("status"),
        )

    # Sending

    def _send_messages(self, messages):
        if self.code != "twilio":
            return super()._send_messages(messages)
        return self._send_one_by_one(messages, self._twilio_send_one)

    def _twilio_send_one(self, message):
        answer = self._twilio_request(
            "POST", const.MESSAGES_PATH, data=self._twilio_message_form(message)
        )
        return answer.get("sid")

    def _twilio_message_form(self, message):
        form = {
            "To": (message.contact_id.sms_number or "").replace(" ", ""),
            "Body": message.body_text or "",
            "StatusCallback": self._twilio_status_callback_url(message),
        }
        if self.twilio_messaging_service_sid:
            form["MessagingServiceSid"] = self.twilio_messaging_service_sid
        else:
            form["From"] = self._twilio_sender()
        return form

    def _twilio_sender(self):
        """The sender as Twilio takes it: a number without its spaces."""
        sender = (self.sender or "").strip()
        return sender.replace(" ", "") if sender.startswith("+") else sender

    def _twilio_status_callback_url(self, message):
        """The webhook URL, naming the message by our uuid."""
        url = urlsplit(self.sudo().webhook_url)
        return url._replace(query=urlencode({const.UUID_PARAMETER: message.uuid})).geturl()

    # Webhooks

    def _verify_webhook(self, request):
        if self.code != "twilio":
            return super()._verify_webhook(request)
        signature = request.header(const.SIGNATURE_HEADER.lower())
        url = requested_url(request, config["proxy_mode"])
        if not signature_matches(
            self.sudo().twilio_auth_token, url, form_params(request), signature
        ):
            raise WebhookRejected(f"missing or wrong X-Twilio-Signature for {url}")

    def _parse_webhook(self, request):
        if self.code != "twilio":
            return super()._parse_webhook(request)
        # The signature covers the fields as sent; what is stored has no NUL.
        return events_from_form(
            storable_data(dict(form_params(request))),
            storable_data(request.query).get(const.UUID_PARAMETER),
        )

    def _fetch_media(self, media):
        """Twilio's media URLs may require the account's credentials; they
        are only ever sent to Twilio's own API address."""
        if self.code != "twilio":
            return super()._fetch_media(media)
        sudo = self.sudo()
        api_url = (sudo.twilio_api_url or const.API_URL).strip().rstrip("/") + "/"
        auth = (
            (sudo.twilio_account_sid, sudo.twilio_auth_token or "")
            if media.url.startswith(api_url)
            else None
        )
        response = self._send_api_request("GET", media.url, auth=auth)
        return response.content, response.headers.get("Content-Type", media.mimetype)
