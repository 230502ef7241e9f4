"""A generic HTTP SMS gateway on 127.0.0.1, for the tests and for demos.

It takes messages at /api/send, as a JSON body, form fields (POST) or a query
string (GET), with the fields to, text and, optionally, from, reference and
callback_url; checks the API key (header X-API-Key by default, or Bearer, or
HTTP Basic); answers {"messages": [{"id": ..., "status": "ACCEPTED"}]};
refuses sends on demand with the HTTP statuses gateways use (401, 402, 429,
503); and builds status callbacks ({"reference", "id", "status", "error"})
and inbound SMS ({"id", "from", "text"}) as JSON or form data. On its own,
for a person playing the customer against `make run` (API key
"simulator-key")::

    .venv/bin/python tests/simulate.py cc_sms_http.tests.http_gateway_simulator --port 8131

and, once Odoo has sent a message through it::

    curl -d '{"status": "DELIVERED"}' localhost:8131/simulator/reports
"""

import base64
import json
import uuid
from urllib.parse import urlencode

from odoo.addons.cc_base.tests.simulator import ProviderSimulator

API_KEY = "simulator-key"
# Our statuses (the conformance kit's words) in the gateway's.
STATUSES = {"sent": "SENT", "delivered": "DELIVERED", "read": "DELIVERED", "failed": "FAILED"}
REFUSALS = {
    "authentication": (401, {"error": "Invalid API key"}),
    "credit": (402, {"error": "Not enough credit"}),
    "rate_limited": (429, {"error": "Too many requests"}),
    "provider_unavailable": (503, {"error": "Service unavailable"}),
}


class HttpGatewaySimulator(ProviderSimulator):
    routes = [
        ("POST", r"/api/send", "_send"),
        ("GET", r"/api/send", "_send"),
        ("GET", r"/api/balance", "_balance"),
        ("GET", r"/", "_home"),
        # For a person playing the network.
        ("POST", r"/simulator/reports", "_demo_reports"),
    ]

    def __init__(self, api_key=API_KEY, **kwargs):
        super().__init__(**kwargs)
        # ("header", name, key), ("bearer", token) or ("basic", user, password)
        self.auth = ("header", "X-API-Key", api_key)
        self.api_key = api_key
        # Failure types of REFUSALS the next sends meet, in order.
        self.refusals = []
        # Every message accepted, by the gateway's id: the fields it was sent with.
        self.messages = {}
        # (username, password) Odoo asks of our callbacks, when it does.
        self.webhook_credentials = None

    # The API

    def _authorized(self, request):
        kind, *credentials = self.auth
        if kind == "header":
            name, key = credentials
            return request.headers.get(name) == key
        if kind == "bearer":
            return request.headers.get("Authorization") == f"Bearer {credentials[0]}"
        token = base64.b64encode(":".join(credentials).encode()).decode()
        return request.headers.get("Authorization") == f"Basic {token}"

    def fail_next_send(self, failure_type):
        self.refusals.append(failure_type)

    @staticmethod
    def _fields(request):
        if request.method == "GET":
            return request.query
        if "json" in request.headers.get("Content-Type", ""):
            return request.json()
        return request.form()

    def _send(self, request):
        if not self._authorized(request):
            return REFUSALS["authentication"]
        if self.refusals:
            http_status, answer = REFUSALS[self.refusals.pop(0)]
            return http_status, answer, {"Retry-After": "30"} if http_status == 429 else {}
        fields = self._fields(request)
        if not fields.get("to") or "text" not in fields:
            return 400, {"error": "to and text are required"}
        message_id = f"gw-{uuid.uuid4().hex[:12]}"
        self.messages[message_id] = dict(fields)
        return 200, {"messages": [{"id": message_id, "to": fields["to"], "status": "ACCEPTED"}]}

    def _balance(self, request):
        if not self._authorized(request):
            return REFUSALS["authentication"]
        return 200, {"balance": 12.5, "currency": "EUR"}

    def _home(self, request):
        return 200, "HTTP gateway simulator"

    # Callbacks

    def webhook(self, payload, form=False):
        """(body, headers) of a callback as the gateway sends it."""
        if form:
            body, headers = (
                urlencode(payload).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
        else:
            body, headers = json.dumps(payload).encode(), {"Content-Type": "application/json"}
        if self.webhook_credentials:
            token = base64.b64encode(":".join(self.webhook_credentials).encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return body, headers

    def report(self, message_id, status):
        """A status callback of a message sent; status is ours or the gateway's."""
        sent = self.messages[message_id]
        gateway_status = STATUSES.get(status, status)
        report = {"reference": sent.get("reference"), "id": message_id, "status": gateway_status}
        if gateway_status == "FAILED":
            report["error"] = "Absent subscriber"
        return report

    def report_request(self, message_id, status, form=False):
        return self.webhook(self.report(message_id, status), form=form)

    def inbound_request(self, external_id, sender, text, form=False):
        return self.webhook({"id": external_id, "from": sender.lstrip("+"), "text": text}, form)

    def push_reports(self, status="delivered"):
        """Post a status callback of every message sent to the callback URL it
        was sent with; returns the HTTP statuses Odoo answered."""
        return [
            self.deliver(sent["callback_url"], *self.report_request(message_id, status))
            for message_id, sent in self.messages.items()
            if sent.get("callback_url")
        ]

    def _demo_reports(self, request):
        status = (request.json() or {}).get("status", "DELIVERED")
        return 200, {"odoo_statuses": self.push_reports(status)}


def main():
    HttpGatewaySimulator.main("A generic HTTP SMS gateway for Contact Centre", port=8131)


if __name__ == "__main__":
    main()
