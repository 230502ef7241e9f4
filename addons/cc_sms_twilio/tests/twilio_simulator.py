"""Twilio's Messages API on 127.0.0.1, for the tests and for demos.

It sends with HTTP Basic credentials (401 otherwise) and form-encoded
messages, answers 201 with the Message resource or Twilio's error envelope,
fails on demand, serves the Account resource (the connection test) and the
media of inbound MMS, and posts status callbacks and inbound SMS to Odoo as
Twilio does: form-encoded, signed with X-Twilio-Signature over the URL it
calls and every parameter. On its own, for a person playing the customer
against `make run` (the demo account points at it)::

    .venv/bin/python tests/simulate.py cc_sms_twilio.tests.twilio_simulator --port 8133

and, once Odoo has sent a message through it::

    curl -d '{"from": "+32470001122", "text": "Hello"}' localhost:8133/simulator/inbound
    curl -d '{"status": "delivered"}' localhost:8133/simulator/statuses
"""

import base64
import uuid
from urllib.parse import urlencode

from odoo.addons.cc_base.tests.simulator import ProviderSimulator
from odoo.addons.cc_base.tools import count_segments

from ..const import STATUS_MAP
from ..tools import compute_signature

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "simulator-token"
API_VERSION = "2010-04-01"
MESSAGES_PATH = rf"/{API_VERSION}/Accounts/(?P<sid>AC\w+)/Messages\.json"

# The error codes each status callback of a failure carries.
STATUS_ERRORS = {"undelivered": "30003", "failed": "30008"}
# What the conformance kit says -> the status Twilio reports.
KIT_STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "undelivered"}
# How the simulator refuses a send it is told to fail: (HTTP status, code, words).
REFUSALS = {
    "wrong_number": (400, 21211, "The 'To' number is not a valid phone number."),
    "opted_out": (400, 21610, "Attempt to send to unsubscribed recipient"),
    "authentication": (401, 20003, "Authenticate"),
    "rate_limited": (429, 20429, "Too Many Requests"),
    "provider_unavailable": (503, 20503, "Service Unavailable"),
}


def error_envelope(http_status, code, words):
    return {
        "code": code,
        "message": words,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": http_status,
    }


def new_sid(prefix):
    return prefix + uuid.uuid4().hex


class TwilioSimulator(ProviderSimulator):
    routes = [
        ("POST", MESSAGES_PATH, "_send"),
        ("GET", rf"/{API_VERSION}/Accounts/(?P<sid>AC\w+)\.json", "_account"),
        (
            "GET",
            rf"/{API_VERSION}/Accounts/(?P<sid>AC\w+)/Messages/(?P<message>\w+)"
            r"/Media/(?P<media>ME\w+)",
            "_media",
        ),
        # For a person playing the customer and the network.
        ("POST", r"/simulator/inbound", "_demo_inbound"),
        ("POST", r"/simulator/statuses", "_demo_statuses"),
    ]

    def __init__(self, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, **kwargs):
        super().__init__(**kwargs)
        self.account_sid = account_sid
        self.auth_token = auth_token
        # What the next sends meet, in order: failure types of REFUSALS.
        self.refusals = []
        # Every message accepted, by sid: the form it was sent with.
        self.messages = {}
        # The files of inbound MMS, by media sid: (content type, bytes).
        self.media = {}
        self.account_status = "active"

    # The API

    def _unauthorized(self, request):
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if (
            request.headers.get("Authorization") != f"Basic {expected}"
            or request.params["sid"] != self.account_sid
        ):
            return 401, error_envelope(401, 20003, "Authenticate")
        return None

    def _account(self, request):
        return self._unauthorized(request) or (
            200,
            {
                "sid": self.account_sid,
                "friendly_name": "Simulated Twilio account",
                "status": self.account_status,
                "type": "Full",
                "date_created": "Thu, 01 Jan 2026 00:00:00 +0000",
            },
        )

    def fail_next_send(self, failure_type):
        self.refusals.append(failure_type)

    def _send(self, request):
        if refused := self._unauthorized(request):
            return refused
        if self.refusals:
            http_status, code, words = REFUSALS[self.refusals.pop(0)]
            return http_status, error_envelope(http_status, code, words)
        form = request.form()
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return 400, error_envelope(
                400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required."
            )
        if not form.get("To", "").startswith("+"):
            return 400, error_envelope(400, 21211, REFUSALS["wrong_number"][2])
        sid = new_sid("SM")
        self.messages[sid] = form
        return 201, {
            "sid": sid,
            "account_sid": self.account_sid,
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "to": form["To"],
            "from": form.get("From"),
            "body": form.get("Body", ""),
            "status": "accepted" if form.get("MessagingServiceSid") else "queued",
            "direction": "outbound-api",
            "num_segments": str(count_segments(form.get("Body", "")).segments),
            "num_media": "0",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "api_version": API_VERSION,
            "uri": f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    def _media(self, request):
        if refused := self._unauthorized(request):
            return refused
        content_type, content = self.media[request.params["media"]]
        return 200, content, {"Content-Type": content_type}

    # Webhooks, signed as Twilio signs them

    def signed(self, url, params, auth_token=None):
        """(body, headers) of Twilio's form-encoded POST of params to url."""
        signature = compute_signature(auth_token or self.auth_token, url, params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "X-Twilio-Signature": signature,
            "User-Agent": "TwilioProxy/1.1",
        }
        return urlencode(params).encode(), headers

    def status_params(self, message_sid, status, extra=()):
        """The parameters of a status callback for a message sent."""
        form = self.messages[message_sid]
        params = [
            ("SmsSid", message_sid),
            ("SmsStatus", status),
            ("MessageStatus", status),
            ("To", form["To"]),
        ]
        if form.get("MessagingServiceSid"):
            params.append(("MessagingServiceSid", form["MessagingServiceSid"]))
        params += [
            ("MessageSid", message_sid),
            ("AccountSid", self.account_sid),
            ("From", form.get("From") or "+15005550006"),
            ("ApiVersion", API_VERSION),
        ]
        if status in STATUS_ERRORS:
            params.append(("ErrorCode", STATUS_ERRORS[status]))
        if status in ("delivered", "undelivered"):
            params.append(("RawDlrDoneDate", "2611271200"))
        return params + list(extra)

    def status_request(self, message_sid, status, url=None, extra=()):
        """(body, headers) of a status callback, to the URL the message was
        sent with unless another is given."""
        url = url or self.messages[message_sid]["StatusCallback"]
        return self.signed(url, self.status_params(message_sid, status, extra))

    def inbound_params(self, external_id, sender, text, to="+15005550006", media=()):
        """The parameters of an inbound SMS; media: (content type, bytes)
        pairs make it an MMS whose files the simulator serves."""
        params = [
            ("ToCountry", "US"),
            ("ToState", "CA"),
            ("SmsMessageSid", external_id),
            ("NumMedia", str(len(media))),
            ("ToCity", ""),
            ("FromZip", ""),
            ("SmsSid", external_id),
            ("FromState", ""),
            ("SmsStatus", "received"),
            ("FromCity", ""),
            ("Body", text),
            ("FromCountry", "BE"),
            ("To", to),
            ("ToZip", ""),
            ("NumSegments", "1"),
            ("MessageSid", external_id),
            ("AccountSid", self.account_sid),
            ("From", sender),
            ("ApiVersion", API_VERSION),
        ]
        for index, (content_type, content) in enumerate(media):
            media_sid = new_sid("ME")
            self.media[media_sid] = (content_type, content)
            url = (
                f"{self.url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/"
                f"{external_id}/Media/{media_sid}"
            )
            params += [(f"MediaContentType{index}", content_type), (f"MediaUrl{index}", url)]
        return params

    def inbound_request(self, url, external_id, sender, text, **kwargs):
        return self.signed(url, self.inbound_params(external_id, sender, text, **kwargs))

    def push_statuses(self, status="delivered"):
        """Post a status callback of every message sent to its callback URL.
        Returns the HTTP statuses Odoo answered."""
        return [
            self.deliver(form["StatusCallback"], *self.status_request(sid, status))
            for sid, form in self.messages.items()
            if form.get("StatusCallback")
        ]

    # Playing the customer and the network by hand

    def _known_webhook_url(self):
        """The account's webhook URL: a callback URL without its query."""
        urls = [form["StatusCallback"] for form in self.messages.values()]
        return urls[-1].split("?", 1)[0] if urls else None

    def _demo_inbound(self, request):
        """Post an inbound SMS {"from", "text", "url"?} to the account's
        webhook URL (by default the one of the last message sent)."""
        order = request.json() or {}
        url = order.get("url") or self._known_webhook_url()
        if not url or not order.get("from"):
            return 400, {"error": "Give from and text (and url until Odoo has sent a message)."}
        body, headers = self.inbound_request(
            url, new_sid("SM"), order["from"], order.get("text", "")
        )
        return 200, {"odoo_status": self.deliver(url, body, headers)}

    def _demo_statuses(self, request):
        """Post a status callback {"status": "delivered"} of every message sent."""
        status = (request.json() or {}).get("status", "delivered")
        if status not in STATUS_MAP:
            return 400, {"error": f"status is one of {', '.join(STATUS_MAP)}"}
        return 200, {"odoo_statuses": self.push_statuses(status)}


def main():
    TwilioSimulator.main("Twilio's Messages API, simulated, for demos.", port=8133)


if __name__ == "__main__":
    main()
