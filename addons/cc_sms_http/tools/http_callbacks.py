"""Status callbacks and inbound SMS of a configurable HTTP gateway, read with
the account's mapping into cc_base's provider-neutral events."""

import hashlib
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

from odoo.addons.cc_base.tools import InboundMessage, StatusUpdate, json_value, storable_data

from ..const import SECRET_PARAMETER
from .http_template import dig


def _values(text):
    """The comma-separated values of a status list, compared case-insensitively."""
    return {value.strip().lower() for value in (text or "").split(",") if value.strip()}


@dataclass(frozen=True)
class CallbackMapping:
    """Where a gateway's callback keeps what we need (dotted paths), and which
    of its status values mean sent, delivered and failed."""

    id_path: str = None
    id_is_uuid: bool = True
    status_path: str = None
    sent_values: str = ""
    delivered_values: str = ""
    failed_values: str = ""
    error_path: str = None
    inbound_from_path: str = None
    inbound_text_path: str = None
    inbound_id_path: str = None

    def status_of(self, value):
        value = str(value).strip().lower()
        for status, values in (
            ("delivered", self.delivered_values),
            ("failed", self.failed_values),
            ("sent", self.sent_values),
        ):
            if value in _values(values):
                return status
        return None


def callback_items(request):
    """The items of a callback request: its JSON body (an object, or a list
    of them), else its form fields; query parameters but our secret join
    each item. NUL characters are replaced, as the items are stored. A body
    that is not JSON raises PayloadError: the event fails for good at once."""
    query = {k: v for k, v in request.query.items() if k != SECRET_PARAMETER}
    body = request.body or b""
    if "json" in (request.header("content-type") or "") or body.lstrip()[:1] in (b"{", b"["):
        payload = json_value(body, "HTTP gateway") if body.strip() else {}
    else:
        payload = dict(parse_qsl(body.decode(errors="replace")))
    items = payload if isinstance(payload, list) else [payload]
    return storable_data([{**query, **item} for item in items if isinstance(item, dict)])


def _status_event(item, mapping):
    value = dig(item, mapping.status_path)
    status = mapping.status_of(value) if value is not None else None
    reference = dig(item, mapping.id_path) if mapping.id_path else None
    if not status or reference in (None, ""):
        return None
    error = dig(item, mapping.error_path) if mapping.error_path else None
    return StatusUpdate(
        status=status,
        uuid=str(reference) if mapping.id_is_uuid else None,
        external_id=None if mapping.id_is_uuid else str(reference),
        failure_type="unknown" if status == "failed" else None,
        error_message=(f"{value}: {error}" if error else f"{value}")
        if status == "failed"
        else None,
    )


def _inbound_event(item, mapping):
    sender = dig(item, mapping.inbound_from_path)
    if not sender:
        return None
    sender = str(sender).strip().replace(" ", "")
    external_id = dig(item, mapping.inbound_id_path) if mapping.inbound_id_path else None
    if not external_id:
        # Without an id from the gateway, the same request is the same message.
        digest = json.dumps(item, sort_keys=True, default=str).encode()
        external_id = hashlib.sha256(digest).hexdigest()
    text = dig(item, mapping.inbound_text_path) if mapping.inbound_text_path else ""
    return InboundMessage(
        external_id=str(external_id),
        sender=sender if sender.startswith("+") else f"+{sender}",
        body=str(text or ""),
    )


def events_from_callback(request, mapping):
    """The StatusUpdate and InboundMessage events of a callback request; an
    item the mapping does not recognise (a status value not listed) gives none."""
    events = []
    for item in callback_items(request):
        event = (mapping.status_path and _status_event(item, mapping)) or (
            mapping.inbound_from_path and _inbound_event(item, mapping)
        )
        if event:
            events.append(event)
    return events
