"""Infobip's SMS API on 127.0.0.1, for the tests and for demos.

It accepts both send endpoints with the `App` key (401 otherwise), answers
in Infobip's shapes, refuses single destinations, throttles or fails on
demand, pushes delivery reports to the URL each message was sent with (in
batches, duplicated or out of order on demand), serves the pull endpoints
(each report once) and writes inbound SMS. On its own, for a person playing
the customer against `make run` (API key "simulator-key", base URL the
address it prints)::

    .venv/bin/python tests/simulate.py cc_sms_infobip.tests.infobip_simulator --port 8129

and, once Odoo has sent a message through it::

    curl -d '{"from": "+32470001122", "text": "Hello"}' localhost:8129/simulator/inbound
    curl -d '{"outcome": "delivered"}' localhost:8129/simulator/reports
"""

import base64
import json
import random
import time
import uuid
from collections import Counter
from datetime import datetime, timezone

from odoo.addons.cc_base.tests.simulator import ProviderSimulator
from odoo.addons.cc_base.tools import count_segments

API_KEY = "simulator-key"
BALANCE = {"balance": 47.79, "currency": "EUR"}
PRICE = {"pricePerMessage": 0.0065, "currency": "EUR"}

# Statuses by what they mean; "sent", "delivered" and "failed" are the
# conformance kit's words.
STATUSES = {
    "accepted": (1, "PENDING", 26, "PENDING_ACCEPTED", "Message sent to next instance"),
    "sent": (1, "PENDING", 7, "PENDING_ENROUTE", "Message sent to next instance"),
    "operator": (3, "DELIVERED", 2, "DELIVERED_TO_OPERATOR", "Message delivered to operator"),
    "delivered": (3, "DELIVERED", 5, "DELIVERED_TO_HANDSET", "Message delivered to handset"),
    "undeliverable": (
        2,
        "UNDELIVERABLE",
        4,
        "UNDELIVERABLE_REJECTED_OPERATOR",
        "Message rejected by operator",
    ),
    "failed": (4, "EXPIRED", 15, "EXPIRED_EXPIRED", "Message expired"),
    "rejected": (5, "REJECTED", 14, "REJECTED_DESTINATION", "Invalid destination address"),
    "no_credit": (5, "REJECTED", 12, "REJECTED_NOT_ENOUGH_CREDITS", "Not enough credits"),
}
NO_ERROR = {
    "groupId": 0,
    "groupName": "OK",
    "id": 0,
    "name": "NO_ERROR",
    "description": "No Error",
    "permanent": False,
}
HANDSET_ERROR = {
    "groupId": 1,
    "groupName": "HANDSET_ERRORS",
    "id": 27,
    "name": "EC_ABSENT_SUBSCRIBER",
    "description": "Absent Subscriber",
    "permanent": False,
}
# How the simulator refuses a send it is told to fail: an HTTP error
# (status, envelope), or a status of the destination inside a 200 answer.
REFUSALS = {
    "wrong_number": "rejected",
    "credit": "no_credit",
    "authentication": (
        401,
        {
            "requestError": {
                "serviceException": {"messageId": "UNAUTHORIZED", "text": "Invalid login details"}
            }
        },
    ),
    "rate_limited": (
        429,
        {
            "errorCode": "E429",
            "description": "Too many requests.",
            "action": "Slow down and retry later.",
            "violations": [],
            "resources": [],
        },
    ),
    "provider_unavailable": (
        500,
        {
            "requestError": {
                "serviceException": {
                    "messageId": "GENERAL_ERROR",
                    "text": "Something went wrong. Please contact support.",
                }
            }
        },
    ),
}


def status(name):
    group_id, group_name, status_id, status_name, description = STATUSES[name]
    return {
        "groupId": group_id,
        "groupName": group_name,
        "id": status_id,
        "name": status_name,
        "description": description,
    }


def infobip_time(moment=None):
    """Infobip's timestamp form: 2015-06-04T13:02:00.134+0000."""
    moment = moment or datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


class InfobipSimulator(ProviderSimulator):
    routes = [
        ("POST", r"/sms/3/messages", "_send_v3"),
        ("POST", r"/sms/2/text/advanced", "_send_v2"),
        ("GET", r"/sms/3/reports", "_pull_reports"),
        ("GET", r"/sms/1/reports", "_pull_reports"),
        ("GET", r"/sms/1/inbox/reports", "_pull_inbox"),
        ("GET", r"/account/1/balance", "_balance"),
        # For a person playing the customer and the network.
        ("POST", r"/simulator/inbound", "_demo_inbound"),
        ("POST", r"/simulator/reports", "_demo_reports"),
    ]

    def __init__(self, api_key=API_KEY, **kwargs):
        super().__init__(**kwargs)
        self.api_key = api_key
        # What the next sends meet, in order: failure types of REFUSALS.
        self.refusals = []
        # Destinations (digits) refused inside a 200 answer.
        self.rejected_numbers = set()
        # Every message accepted or refused, by message id: what was sent.
        self.messages = {}
        # Reports and inbound SMS waiting for a pull, oldest first.
        self.pull_reports = []
        self.inbox = []
        # (username, password) Odoo asks of our webhooks, when it does.
        self.webhook_credentials = None
        # (status, payload) the next API calls get whatever they ask.
        self.canned_answers = []
        # (time.time(), callbackData) of each destination accepted, in order.
        self.arrivals = []
        # The share of sends that meet a fault, and the seed that picks them.
        self.fault_share = 0
        self.fault_seed = 0
        self._sends_seen = Counter()

    # The API

    def answer_next(self, http_status, payload):
        """Make the next API call get this answer, whatever it asks."""
        self.canned_answers.append((http_status, payload))

    def _unauthorized(self, request):
        if self.canned_answers:
            return self.canned_answers.pop(0)
        if request.headers.get("Authorization") != f"App {self.api_key}":
            return 401, {
                "requestError": {
                    "serviceException": {
                        "messageId": "UNAUTHORIZED",
                        "text": "Invalid login details",
                    }
                }
            }
        return None

    def _balance(self, request):
        return self._unauthorized(request) or (200, BALANCE)

    def fail_next_send(self, failure_type):
        self.refusals.append(failure_type)

    def inject_faults(self, share, seed=0):
        """Answer a `share` of sends with a 500, a 429 or no answer at all
        (the messages taken, the connection closed), in thirds. Which sends
        is decided by the seed, the send's first message (its callbackData)
        and how often that message came before: the same run meets the same
        faults whatever the order of the requests."""
        self.fault_share = share
        self.fault_seed = seed

    def _fault(self, request):
        if not self.fault_share:
            return None
        first = request.json()["messages"][0]
        key = (first.get("webhooks") or {}).get("callbackData") or first.get("callbackData")
        self._sends_seen[key] += 1
        draw = random.Random(f"{self.fault_seed}:{key}:{self._sends_seen[key]}").random()
        if draw >= self.fault_share:
            return None
        return ("provider_unavailable", "rate_limited", "no_answer")[
            int(3 * draw / self.fault_share)
        ]

    def duplicates(self):
        """{callbackData: times accepted} of the messages accepted more than once."""
        counts = Counter(callback_data for _at, callback_data in self.arrivals)
        return {key: count for key, count in counts.items() if count > 1}

    def _accept_all(self, request, api, details):
        """Accept or refuse each destination of a send; `details(message)`
        reads the message's fields, named as the endpoint names them."""
        return [
            self._accept(api, destination, **details(message))
            for message in request.json()["messages"]
            for destination in message["destinations"]
        ]

    @staticmethod
    def _v3_details(message):
        webhooks = message.get("webhooks") or {}
        return {
            "sender": message.get("sender"),
            "text": message["content"]["text"],
            "notify_url": (webhooks.get("delivery") or {}).get("url"),
            "callback_data": webhooks.get("callbackData"),
            "validity": (message.get("options") or {}).get("validityPeriod"),
        }

    @staticmethod
    def _v2_details(message):
        return {
            "sender": message.get("from"),
            "text": message["text"],
            "notify_url": message.get("notifyUrl"),
            "callback_data": message.get("callbackData"),
            "validity": message.get("validityPeriod"),
        }

    def _send_v3(self, request):
        if refused := self._unauthorized(request) or self._http_refusal():
            return refused
        fault = self._fault(request)
        if fault in REFUSALS:
            return self._refusal(fault)
        answers = self._accept_all(request, "v3", self._v3_details)
        if fault:
            return None
        return 200, {
            "bulkId": uuid.uuid4().hex,
            "messages": [
                {
                    "messageId": sent["messageId"],
                    "status": sent["status"],
                    "destination": sent["to"],
                    "details": {"messageCount": sent["smsCount"]},
                }
                for sent in answers
            ],
        }

    def _send_v2(self, request):
        if refused := self._unauthorized(request) or self._http_refusal():
            return refused
        fault = self._fault(request)
        if fault in REFUSALS:
            return self._refusal(fault)
        answers = self._accept_all(request, "v2", self._v2_details)
        if fault:
            return None
        answer = {
            "messages": [
                {
                    "to": sent["to"],
                    "status": sent["status"],
                    "messageId": sent["messageId"],
                    "smsCount": sent["smsCount"],
                }
                for sent in answers
            ]
        }
        if len(answers) > 1:
            answer["bulkId"] = uuid.uuid4().hex
        return 200, answer

    def _http_refusal(self):
        if self.refusals and isinstance(REFUSALS[self.refusals[0]], tuple):
            return self._refusal(self.refusals.pop(0))
        return None

    @staticmethod
    def _refusal(failure_type):
        http_status, envelope = REFUSALS[failure_type]
        headers = {"Retry-After": "30"} if http_status == 429 else {}
        return http_status, envelope, headers

    def _accept(self, api, destination, **details):
        to = destination["to"]
        if to in self.rejected_numbers:
            outcome = "rejected"
        elif self.refusals:
            outcome = REFUSALS[self.refusals.pop(0)]
        else:
            outcome = "accepted"
        sent = {
            "api": api,
            "messageId": destination.get("messageId") or uuid.uuid4().hex,
            "to": to,
            "status": status(outcome),
            "smsCount": count_segments(details["text"]).segments,
            "bulkId": None,
            **details,
        }
        self.messages[sent["messageId"]] = sent
        if outcome == "accepted":
            self.arrivals.append((time.time(), details["callback_data"]))
        return sent

    # Delivery reports

    def report(self, message_id, outcome):
        """A delivery report of a message sent, in the format of the endpoint
        it was sent with (v2: from, smsCount; v3: sender, messageCount)."""
        sent = self.messages[message_id]
        failed = STATUSES[outcome][0] in (2, 4, 5)
        report = {
            "bulkId": sent["bulkId"],
            "messageId": message_id,
            "to": sent["to"],
            "sentAt": infobip_time(),
            "doneAt": infobip_time(),
            "price": PRICE,
            "status": status(outcome),
            "error": HANDSET_ERROR if failed else NO_ERROR,
        }
        if sent["callback_data"]:
            report["callbackData"] = sent["callback_data"]
        if sent["api"] == "v3":
            report.update(sender=sent["sender"], messageCount=sent["smsCount"])
        else:
            report.update({"from": sent["sender"], "smsCount": sent["smsCount"]})
        return report

    def webhook(self, payload):
        """(body, headers) of a webhook request as Infobip sends it."""
        headers = {"Content-Type": "application/json"}
        if self.webhook_credentials:
            token = base64.b64encode(":".join(self.webhook_credentials).encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return json.dumps(payload).encode(), headers

    def report_request(self, message_id, outcome):
        return self.webhook({"results": [self.report(message_id, outcome)]})

    def push_reports(self, outcome="delivered", batch_size=100, duplicate=False, shuffle=False):
        """Post a report of every message sent to the URL it was sent with,
        up to batch_size a request; duplicated or out of order on demand.
        Returns the HTTP statuses Odoo answered."""
        by_url = {}
        for message_id, sent in self.messages.items():
            if sent["notify_url"] and sent["status"]["groupId"] == 1:
                by_url.setdefault(sent["notify_url"], []).append(self.report(message_id, outcome))
        statuses = []
        for url, reports in by_url.items():
            if duplicate:
                reports = reports + reports
            if shuffle:
                random.shuffle(reports)
            for start in range(0, len(reports), batch_size):
                body, headers = self.webhook({"results": reports[start : start + batch_size]})
                statuses.append(self.deliver(url, body, headers))
        return statuses

    def queue_report(self, message_id, outcome):
        """Keep a report for the pull endpoint rather than pushing it."""
        self.pull_reports.append(self.report(message_id, outcome))

    def _pull_reports(self, request):
        if refused := self._unauthorized(request):
            return refused
        limit = int(request.query.get("limit", 50))
        results, self.pull_reports = self.pull_reports[:limit], self.pull_reports[limit:]
        return 200, {"results": results}

    # Inbound SMS

    def inbound(self, external_id, sender, text, keyword=None, to="385921004026"):
        words = text.split(" ", 1)
        matched = keyword and words[0].upper() == keyword.upper()
        return {
            "messageId": external_id,
            "from": sender.lstrip("+"),
            "to": to,
            "text": text,
            "cleanText": words[1] if matched and len(words) > 1 else text,
            "keyword": keyword if matched else "",
            "receivedAt": infobip_time(),
            "smsCount": 1,
            "price": {"pricePerMessage": 0.0, "currency": "EUR"},
            "callbackData": None,
        }

    def inbound_request(self, external_id, sender, text, keyword=None):
        return self.webhook(
            {
                "results": [self.inbound(external_id, sender, text, keyword)],
                "messageCount": 1,
                "pendingMessageCount": 0,
            }
        )

    def queue_inbound(self, external_id, sender, text, keyword=None):
        self.inbox.append(self.inbound(external_id, sender, text, keyword))

    def _pull_inbox(self, request):
        if refused := self._unauthorized(request):
            return refused
        limit = int(request.query.get("limit", 50))
        results, self.inbox = self.inbox[:limit], self.inbox[limit:]
        return 200, {
            "results": results,
            "messageCount": len(results),
            "pendingMessageCount": len(self.inbox),
        }

    # Playing the customer and the network by hand

    def _known_webhook_url(self):
        urls = [sent["notify_url"] for sent in self.messages.values() if sent["notify_url"]]
        return urls[-1] if urls else None

    def _demo_inbound(self, request):
        """Post an inbound SMS {"from", "text", "keyword"?, "url"?} to the
        account's webhook URL (by default the one of the last message sent)."""
        order = request.json() or {}
        url = order.get("url") or self._known_webhook_url()
        if not url or not order.get("from"):
            return 400, {"error": "Give from and text (and url until Odoo has sent a message)."}
        body, headers = self.inbound_request(
            uuid.uuid4().hex, order["from"], order.get("text", ""), order.get("keyword")
        )
        return 200, {"odoo_status": self.deliver(url, body, headers)}

    def _demo_reports(self, request):
        """Push a report {"outcome": "delivered"} of every message sent."""
        outcome = (request.json() or {}).get("outcome", "delivered")
        if outcome not in STATUSES:
            return 400, {"error": f"outcome is one of {', '.join(STATUSES)}"}
        return 200, {"odoo_statuses": self.push_reports(outcome)}


def main():
    InfobipSimulator.main("Infobip's SMS API, simulated, for demos.")


if __name__ == "__main__":
    main()
