"""Infobip's webhook and pull payloads turned into cc_base's provider-neutral
events. Plain Python: the samples of Infobip's documentation and client go
through it without a database."""

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from odoo.addons.cc_base.tools import (
    InboundMessage,
    PayloadError,
    StatusUpdate,
    ident,
    obj,
    objs,
    text,
)

from .. import const

# "+0000" (Infobip's usual form) becomes "+00:00", which fromisoformat reads.
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})\Z")


@dataclass(frozen=True)
class InfobipStatusUpdate(StatusUpdate):
    """A delivery report, with what Infobip charged for the message."""

    price: float = None
    currency: str = None
    segment_count: int = None


def parse_timestamp(text):
    """A naive UTC datetime from Infobip's timestamps, whichever offset form
    they use (2015-06-04T13:02:00.134+0000, 2023-08-01T16:10:00+05:30)."""
    if not text:
        return None
    if not isinstance(text, str):
        raise PayloadError(f"A date and time expected, not {type(text).__name__}")
    try:
        moment = datetime.fromisoformat(_COMPACT_OFFSET.sub(r"\1:\2", text.replace("Z", "+00:00")))
    except ValueError:
        raise PayloadError(f"{text[:40]!r} is not a date and time") from None
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def status_of(status):
    """(our status, failure type) for an Infobip status object."""
    group = _number(status.get("groupId"), "status.groupId")
    name = text(status.get("name"), "status.name")
    if group in const.FAILED_GROUPS:
        failure_type = const.FAILURE_TYPE_BY_STATUS.get(
            name, const.FAILURE_TYPE_BY_GROUP.get(group, "unknown")
        )
        return "failed", failure_type
    if group == const.GROUP_DELIVERED and name == const.DELIVERED_TO_HANDSET:
        return "delivered", None
    # PENDING, and DELIVERED_TO_OPERATOR: with the network, not yet the phone.
    return "sent", None


def _number(value, where):
    """A number of Infobip's payload, or None when it is missing."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise PayloadError(f"{where}: a number expected, not {type(value).__name__}")


def _words(status, error):
    """The provider's explanation of a failure, status and error together."""
    parts = [text(status.get("description") or status.get("name"), "status.description")]
    if error and error.get("id"):
        parts.append(
            f"{text(error.get('name'), 'error.name')}: "
            f"{text(error.get('description'), 'error.description')}"
        )
    return " / ".join(part for part in parts if part)


def report_event(report):
    """An InfobipStatusUpdate for one delivery report, v2 (smsCount, from) or
    v3 (messageCount, sender)."""
    status = obj(report.get("status"), "report.status")
    error = obj(report.get("error"), "report.error")
    ours, failure_type = status_of(status)
    price = obj(report.get("price"), "report.price")
    segments = _number(report.get("messageCount", report.get("smsCount")), "report.messageCount")
    return InfobipStatusUpdate(
        status=ours,
        external_id=ident(report.get("messageId"), "report.messageId"),
        uuid=ident(report.get("callbackData"), "report.callbackData"),
        timestamp=parse_timestamp(report.get("doneAt") or report.get("sentAt")),
        failure_type=failure_type,
        error_message=_words(status, error) if ours == "failed" else None,
        price=_number(price.get("pricePerMessage"), "price.pricePerMessage"),
        currency=text(price.get("currency"), "price.currency"),
        segment_count=int(segments) if segments is not None else None,
    )


def inbound_event(result):
    """An InboundMessage for one inbound SMS (MO_JSON_2)."""
    sender = text(result.get("from"), "inbound.from")
    if not sender:
        raise PayloadError("An inbound SMS names no sender")
    return InboundMessage(
        external_id=ident(result.get("messageId"), "inbound.messageId"),
        sender=sender if sender.startswith("+") else f"+{sender}",
        body=text(result.get("text"), "inbound.text") or "",
        timestamp=parse_timestamp(result.get("receivedAt")),
        recipient=text(result.get("to"), "inbound.to"),
        keyword=text(result.get("keyword"), "inbound.keyword") or None,
    )


def events_from_payload(payload):
    """Every event of a webhook or pull answer: {"results": [...]} holds
    delivery reports (they have a status) or inbound messages. A payload not
    shaped as Infobip documents it raises PayloadError."""
    results = objs(obj(payload, "Infobip webhook body").get("results"), "results")
    return [
        report_event(result) if "status" in result else inbound_event(result) for result in results
    ]
