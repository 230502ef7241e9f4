"""A stand-in for Meta's WhatsApp Cloud API on 127.0.0.1, speaking its
request and answer formats (PROVIDERS.md A.7): send, media upload / get /
download / delete, templates with paging and creation (a media header's
sample through the Resumable Upload API of the app), flows, the phone
number's details. It checks the bearer token (190 when wrong), enforces the
24-hour window on demand, synchronously (400 131047) or asynchronously (200,
then a failed status), refuses the next sends with any error code, and signs
the webhooks it builds: statuses for what it accepted, and messages the
customer writes, delivered duplicated, reordered or batched on demand, and
again on any answer but 200.

Run it on its own to play the customer against `make run`::

    python -m odoo.addons.cc_whatsapp_meta.tests.meta_simulator --port 8121 \\
        --webhook-url http://localhost:8069/contact_centre/webhook/meta/<key>

then point the demo account's Graph API URL at http://127.0.0.1:8121, and
write as the customer with
``curl -d '{"from": "32470123456", "text": "Hello"}' http://127.0.0.1:8121/customer``.
"""

import hashlib
import hmac
import itertools
import json
import threading
import time

from odoo.addons.cc_base.tests.simulator import ProviderSimulator

ACCESS_TOKEN = "meta-sim-token-6b1f0c"
APP_SECRET = "meta-sim-app-secret-93d2"
PHONE_NUMBER_ID = "106540352242922"
# The number of the demo account, which the simulator run on its own plays.
DEMO_PHONE_NUMBER_ID = "109870000000001"
WABA_ID = "102290129340398"
APP_ID = "1480226952910344"
DISPLAY_PHONE_NUMBER = "15550783881"
VERSION = r"(?P<version>v\d+\.\d+)"
NODE = r"(?P<node>[\w.:=-]+)"
MESSAGE_TYPES = {
    "text",
    "template",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "reaction",
}
WINDOW_SECONDS = 24 * 3600
# The files the Resumable Upload API takes, and those a media header's sample may be.
UPLOAD_TYPES = {"application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"}
HEADER_SAMPLE_TYPES = {
    "IMAGE": {"image/jpeg", "image/jpg", "image/png"},
    "VIDEO": {"video/mp4"},
    "DOCUMENT": {"application/pdf"},
}
# Meta's words and HTTP status for the errors the simulator produces.
ERRORS = {
    100: (400, "Invalid parameter"),
    190: (401, "Error validating access token: Session has expired"),
    130429: (400, "Rate limit hit: Cloud API message throughput has been reached."),
    131000: (500, "Something went wrong"),
    131016: (503, "Service unavailable"),
    131026: (400, "Message undeliverable"),
    131042: (400, "Business eligibility payment issue"),
    131047: (
        400,
        "Re-engagement message: more than 24 hours have passed since the recipient last "
        "replied to the sender number.",
    ),
    131050: (400, "User has stopped marketing messages"),
    131053: (400, "Media upload error"),
    131056: (
        400,
        "(Business Account, Consumer Account) pair rate limit hit: too many messages sent "
        "from this phone number to the same phone number in a short period of time.",
    ),
    132001: (404, "Template name does not exist in the translation"),
    132015: (400, "Template is paused"),
}


def signature(app_secret, body):
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def error_answer(code, details=None):
    status, title = ERRORS.get(code, (400, "Error"))
    return status, {
        "error": {
            "message": f"(#{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details or title},
            "fbtrace_id": "AsimTrace",
        }
    }


class MetaSimulator(ProviderSimulator):
    routes = [
        ("POST", r"/customer", "_customer_writes"),
        ("GET", r"/download/(?P<media_id>\w+)", "_download"),
        ("POST", rf"/{VERSION}/{NODE}/messages", "_messages"),
        ("POST", rf"/{VERSION}/{NODE}/media", "_upload"),
        ("GET", rf"/{VERSION}/{NODE}/message_templates", "_templates"),
        ("POST", rf"/{VERSION}/{NODE}/message_templates", "_create_template"),
        ("POST", rf"/{VERSION}/{NODE}/uploads", "_start_upload"),
        ("POST", rf"/{VERSION}/(?P<session>upload:\w+)", "_upload_file"),
        ("GET", rf"/{VERSION}/{NODE}/flows", "_flows"),
        ("GET", rf"/{VERSION}/{NODE}", "_node"),
        ("DELETE", rf"/{VERSION}/{NODE}", "_delete_media"),
    ]

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument("--webhook-url", required=True, help="the Odoo account's webhook URL")
        parser.add_argument(
            "--window", choices=["sync", "async"], help="enforce the 24-hour window"
        )

    @classmethod
    def from_arguments(cls, arguments, **options):
        simulator = super().from_arguments(
            arguments,
            webhook_url=arguments.webhook_url,
            auto_deliver=True,
            phone_number_id=DEMO_PHONE_NUMBER_ID,
            **options,
        )
        simulator.window_mode = arguments.window
        return simulator

    def banner(self):
        return (
            f"Meta simulator on {self.url}: token {self.access_token}, app secret "
            f"{self.app_secret}, phone number id {self.phone_number_id}, WABA {self.waba_id}"
        )

    def __init__(
        self, webhook_url=None, auto_deliver=False, phone_number_id=PHONE_NUMBER_ID, **kwargs
    ):
        super().__init__(**kwargs)
        self.access_token = ACCESS_TOKEN
        self.app_secret = APP_SECRET
        self.phone_number_id = phone_number_id
        self.waba_id = WABA_ID
        self.app_id = APP_ID
        self.display_phone_number = DISPLAY_PHONE_NUMBER
        self.quality_rating = "GREEN"
        # Where the webhooks go; with auto_deliver they go at once, in a
        # thread, else they wait in outbox until deliver_outbox().
        self.webhook_url = webhook_url
        self.auto_deliver = auto_deliver
        # Headers added to every webhook request (a test server's cookie).
        self.extra_headers = {}
        self._ids = itertools.count(1)
        self.reset()

    def reset(self):
        """Forget every request, message, file, template and instruction (between tests)."""
        self.requests = []
        self.outbox = []
        # None: no window check; "sync": 400 131047; "async": 200, then failed.
        self.window_mode = None
        self.last_inbound = {}
        # Error codes the next sends are refused with, in order: (code, asynchronous).
        self.refusals = []
        self.sent = []
        self.media = {}
        self.templates = []
        self.created_templates = []
        # Resumable uploads: {session id: (file name, length, type)}, and the
        # files received, {handle: (file name, type, bytes)}.
        self.upload_sessions = {}
        self.uploads = {}
        self.flows = []
        # Meta may answer with fewer items than asked for.
        self.page_size_cap = 100

    # Test controls

    def fail_next(self, code, asynchronous=False):
        """Refuse the next send with Meta's error code: at once (HTTP error),
        or, asynchronously, with a 200 followed by a failed status."""
        self.refusals.append((code, asynchronous))

    def sent_payloads(self):
        """The JSON bodies of the messages this simulator accepted, oldest first."""
        return [payload for _wamid, payload in self.sent]

    # The Cloud API

    def _authorized(self, request):
        expected = f"Bearer {self.access_token}"
        return hmac.compare_digest(request.headers.get("Authorization", ""), expected)

    def _check(self, request, node=None):
        if not self._authorized(request):
            return error_answer(190)
        if node is not None and node not in (self.phone_number_id, self.waba_id):
            return error_answer(100, f"Unsupported request: object {node} does not exist")
        return None

    def _node(self, request):
        node = request.params["node"]
        if refused := self._check(request):
            return refused
        if node == self.phone_number_id:
            return 200, {
                "id": self.phone_number_id,
                "display_phone_number": self.display_phone_number,
                "verified_name": "Contact Centre Simulator",
                "quality_rating": self.quality_rating,
            }
        template = next((t for t in self.templates if t["id"] == node), None)
        if template:
            return 200, template
        if node in self.media:
            content, mimetype, _filename = self.media[node]
            return 200, {
                "messaging_product": "whatsapp",
                "url": f"{self.url}/download/{node}",
                "mime_type": mimetype,
                "sha256": hashlib.sha256(content).hexdigest(),
                "file_size": len(content),
                "id": node,
            }
        return error_answer(100, f"Unsupported get request: object {node} does not exist")

    def _messages(self, request):
        if refused := self._check(request, request.params["node"]):
            return refused
        payload = request.json()
        if payload.get("status") == "read":
            self.sent.append((None, payload))
            return 200, {"success": True}
        if invalid := self._invalid(payload):
            return error_answer(100, invalid)
        wamid = f"wamid.SIM{next(self._ids):06d}"
        to = payload["to"].lstrip("+")
        failure = None
        if self.refusals:
            code, asynchronous = self.refusals.pop(0)
            if not asynchronous:
                return error_answer(code)
            failure = code
        elif self._window_closed(payload, to):
            if self.window_mode == "sync":
                return error_answer(131047)
            failure = 131047
        self.sent.append((wamid, payload))
        reference = payload.get("biz_opaque_callback_data")
        if failure:
            self._post(self.status_payload(wamid, "failed", to, reference, error_code=failure))
        else:
            self._post(self.status_payload(wamid, "sent", to, reference))
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload["to"], "wa_id": to}],
            "messages": [{"id": wamid}],
        }
        if payload["type"] == "template":
            answer["messages"][0]["message_status"] = "accepted"
        return 200, answer

    def _window_closed(self, payload, to):
        """Free text (not a template or a reaction) to a customer who has
        not written for 24 hours, when the window is enforced."""
        return (
            self.window_mode
            and payload["type"] not in ("template", "reaction")
            and time.time() - self.last_inbound.get(to, 0) > WINDOW_SECONDS
        )

    @staticmethod
    def _invalid(payload):
        """What Meta would refuse in a send request, or None."""
        if payload.get("messaging_product") != "whatsapp":
            return "messaging_product must be whatsapp"
        if not payload.get("to") and not payload.get("recipient"):
            return "to is required"
        kind = payload.get("type", "text")
        if kind not in MESSAGE_TYPES or not isinstance(payload.get(kind), dict | list):
            return f"The parameter {kind} is required"
        content = payload[kind]
        if kind == "text" and not content.get("body"):
            return "text.body is required"
        if kind in ("image", "video", "audio", "document", "sticker") and bool(
            content.get("id")
        ) == bool(content.get("link")):
            return f"{kind} needs exactly one of id or link"
        if kind == "interactive" and content.get("type") in ("button", "list"):
            return _invalid_choices(content)
        return None

    def _upload(self, request):
        if refused := self._check(request, request.params["node"]):
            return refused
        content_type = request.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/form-data"):
            return error_answer(100, "Upload media as multipart/form-data")
        fields, files = _multipart(request.body, content_type)
        if fields.get("messaging_product") != "whatsapp" or "file" not in files:
            return error_answer(100, "messaging_product and file are required")
        filename, mimetype, content = files["file"]
        media_id = f"{next(self._ids) + 900000000}"
        self.media[media_id] = (content, fields.get("type") or mimetype, filename)
        return 200, {"id": media_id}

    def add_media(self, content, mimetype, filename=None):
        """A file the customer sends: its media id, as a webhook names it."""
        media_id = f"{next(self._ids) + 800000000}"
        self.media[media_id] = (content, mimetype, filename)
        return media_id

    def _download(self, request):
        if not self._authorized(request):
            return error_answer(190)
        media = self.media.get(request.params["media_id"])
        if not media:
            return 404, {"error": {"message": "URL expired", "code": 100}}
        return 200, media[0], {"Content-Type": media[1]}

    def _delete_media(self, request):
        if refused := self._check(request):
            return refused
        if self.media.pop(request.params["node"], None) is None:
            return error_answer(100, "No such media")
        return 200, {"success": True}

    def _templates(self, request):
        if refused := self._check(request, request.params["node"]):
            return refused
        return 200, self._page(request, self.templates, "message_templates")

    def _flows(self, request):
        if refused := self._check(request, request.params["node"]):
            return refused
        return 200, self._page(request, self.flows, "flows")

    def _page(self, request, items, edge):
        """One page of items, with Meta's cursors and a next URL but on the last page."""
        limit = min(int(request.query.get("limit") or 25), self.page_size_cap)
        start = int(request.query.get("after") or 0)
        page = {"data": items[start : start + limit]}
        end = start + limit
        if items:
            page["paging"] = {"cursors": {"before": str(start), "after": str(min(end, len(items)))}}
            if end < len(items):
                version = request.params["version"]
                page["paging"]["next"] = (
                    f"{self.url}/{version}/{request.params['node']}/{edge}?limit={limit}&after={end}"
                )
        return page

    def _create_template(self, request):
        if refused := self._check(request, request.params["node"]):
            return refused
        template = request.json()
        if not template.get("name") or not template.get("components"):
            return error_answer(100, "name and components are required")
        if invalid := self._invalid_header(template["components"]):
            return error_answer(100, invalid)
        template_id = str(next(self._ids) + 700000000)
        self.created_templates.append(template)
        self.templates.append({**template, "id": template_id, "status": "PENDING"})
        return 200, {"id": template_id, "status": "PENDING", "category": template.get("category")}

    def _invalid_header(self, components):
        """What Meta would refuse in a template's media header, or None: its
        example must be the handle of a file of its kind uploaded here."""
        header = next((c for c in components if c.get("type") == "HEADER"), {})
        accepted = HEADER_SAMPLE_TYPES.get(header.get("format"))
        if not accepted:
            return None
        handles = (header.get("example") or {}).get("header_handle") or []
        upload = self.uploads.get(handles[0]) if len(handles) == 1 else None
        if not upload:
            return f"A {header['format']} header needs example.header_handle of an uploaded file"
        if upload[1] not in accepted:
            return f"The sample of a {header['format']} header cannot be {upload[1]}"
        return None

    # The Resumable Upload API of the app

    def _start_upload(self, request):
        """POST /{app id}/uploads?file_name&file_length&file_type: a session."""
        token = request.query.get("access_token")
        if not self._authorized(request) and token != self.access_token:
            return error_answer(190)
        if request.params["node"] != self.app_id:
            return error_answer(100, f"Unsupported post request: object {request.params['node']}")
        length, file_type = request.query.get("file_length", ""), request.query.get("file_type")
        if not length.isdigit() or file_type not in UPLOAD_TYPES:
            return error_answer(100, "file_length and a supported file_type are required")
        session = f"upload:SIM{next(self._ids):06d}"
        self.upload_sessions[session] = (request.query.get("file_name"), int(length), file_type)
        return 200, {"id": session}

    def _upload_file(self, request):
        """POST /{upload session id}, the bytes, with the token as OAuth and
        file_offset: 0; answers the file's handle."""
        headers = {name.lower(): value for name, value in request.headers.items()}
        if not hmac.compare_digest(headers.get("authorization", ""), f"OAuth {self.access_token}"):
            return error_answer(190)
        session = self.upload_sessions.get(request.params["session"])
        if not session:
            return error_answer(100, "No such upload session")
        filename, length, file_type = session
        if headers.get("file_offset") != "0" or len(request.body) != length:
            return error_answer(100, "file_offset must be 0 and the body file_length bytes")
        handle = f"4::{request.params['session'][7:]}:{hashlib.sha256(request.body).hexdigest()}"
        self.uploads[handle] = (filename, file_type, request.body)
        return 200, {"h": handle}

    # Webhooks

    def envelope(self, field, value):
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.waba_id, "changes": [{"field": field, "value": value}]}],
        }

    def _metadata(self):
        return {
            "display_phone_number": self.display_phone_number,
            "phone_number_id": self.phone_number_id,
        }

    def inbound_payload(self, wa_id, message_type="text", content=None, name="Customer", **extra):
        """A messages webhook carrying one message the customer wrote; it
        opens the customer's window here as at Meta."""
        wa_id = wa_id.lstrip("+")
        self.last_inbound[wa_id] = time.time()
        message = {
            "from": wa_id,
            "id": extra.pop("message_id", None) or f"wamid.IN{next(self._ids):06d}",
            "timestamp": str(int(time.time())),
            "type": message_type,
            message_type: content if content is not None else {"body": ""},
            **extra,
        }
        return self.envelope(
            "messages",
            {
                "messaging_product": "whatsapp",
                "metadata": self._metadata(),
                "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                "messages": [message],
            },
        )

    def status_payload(self, wamid, status, recipient, reference=None, error_code=None):
        report = {
            "id": wamid,
            "status": status,
            "timestamp": str(int(time.time())),
            "recipient_id": recipient,
            "conversation": {
                "id": f"conv-{recipient}",
                "expiration_timestamp": str(int(time.time()) + WINDOW_SECONDS),
                "origin": {"type": "service"},
            },
            "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"},
        }
        if reference:
            report["biz_opaque_callback_data"] = reference
        if error_code:
            title = ERRORS.get(error_code, (400, "Error"))[1]
            report["errors"] = [
                {
                    "code": error_code,
                    "title": title,
                    "message": title,
                    "error_data": {"details": title},
                }
            ]
            del report["conversation"], report["pricing"]
        return self.envelope(
            "messages",
            {"messaging_product": "whatsapp", "metadata": self._metadata(), "statuses": [report]},
        )

    def account_error_payload(self, code, details=None):
        """A messages webhook carrying an error about the account itself
        (value.errors), not about one message."""
        title = ERRORS.get(code, (400, "Error"))[1]
        error = {
            "code": code,
            "title": title,
            "message": title,
            "error_data": {"details": details or title},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }
        return self.envelope(
            "messages",
            {"messaging_product": "whatsapp", "metadata": self._metadata(), "errors": [error]},
        )

    def signed(self, payload, app_secret=None):
        """(body, headers) of a webhook request as Meta sends it."""
        body = json.dumps(payload).encode()
        return body, {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature(app_secret or self.app_secret, body),
        }

    def _post(self, payload):
        self.outbox.append(payload)
        if self.auto_deliver and self.webhook_url:
            threading.Thread(target=self.deliver_outbox, daemon=True).start()

    def deliver_outbox(self, duplicate=False, reorder=False, batch=False):
        """Send the waiting webhooks to Odoo: each one twice, in reverse
        order, or all as one request with several entries, on demand.
        Returns the HTTP statuses Odoo answered."""
        payloads, self.outbox = self.outbox, []
        if reorder:
            payloads.reverse()
        if batch and payloads:
            payloads = [
                {
                    "object": "whatsapp_business_account",
                    "entry": [entry for payload in payloads for entry in payload["entry"]],
                }
            ]
        if duplicate:
            payloads = [payload for payload in payloads for _twice in range(2)]
        return [
            self.deliver(self.webhook_url, body, {**headers, **self.extra_headers})
            for body, headers in map(self.signed, payloads)
        ]

    def _customer_writes(self, request):
        """The person playing the customer writes: {"from", "text"}."""
        message = request.json()
        self._post(self.inbound_payload(message["from"], content={"body": message["text"]}))
        return 200, {"queued": True}


def _invalid_choices(interactive):
    """What Meta refuses in reply buttons or a list: its documented limits."""
    if not 0 < len((interactive.get("body") or {}).get("text") or "") <= 1024:
        return "interactive.body.text is required, up to 1024 characters"
    action = interactive.get("action") or {}
    if interactive["type"] == "button":
        replies = [button.get("reply") or {} for button in action.get("buttons") or ()]
        if not 0 < len(replies) <= 3:
            return "interactive.action.buttons takes 1 to 3 buttons"
        limits = {"id": 256, "title": 20}
        if len({reply.get("title") for reply in replies}) < len(replies):
            return "Button titles must be unique"
    else:
        if not 0 < len(action.get("button") or "") <= 20:
            return "interactive.action.button is required, up to 20 characters"
        replies = [row for section in action.get("sections") or () for row in section["rows"]]
        if not 0 < len(replies) <= 10:
            return "interactive.action.sections take 1 to 10 rows in total"
        limits = {"id": 200, "title": 24, "description": 72}
    for reply in replies:
        for key, limit in limits.items():
            if len(reply.get(key) or "") > limit or (key != "description" and not reply.get(key)):
                return f"{key} is required, up to {limit} characters: {reply.get(key)!r}"
    return None


def _multipart(body, content_type):
    """({field: value}, {name: (filename, mimetype, bytes)}) of a multipart body."""
    boundary = content_type.split("boundary=")[1].strip('"').encode()
    fields, files = {}, {}
    for part in body.split(b"--" + boundary)[1:-1]:
        head, _sep, content = part.strip(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n") if ": " in line)
        disposition = headers.get("Content-Disposition", "")
        params = dict(
            item.strip().split("=", 1) for item in disposition.split(";")[1:] if "=" in item
        )
        name = params.get("name", "").strip('"')
        if "filename" in params:
            files[name] = (
                params["filename"].strip('"'),
                headers.get("Content-Type", "application/octet-stream"),
                content,
            )
        else:
            fields[name] = content.decode()
    return fields, files


def main():
    MetaSimulator.main("Meta WhatsApp Cloud API simulator", port=8121)


if __name__ == "__main__":
    main()
