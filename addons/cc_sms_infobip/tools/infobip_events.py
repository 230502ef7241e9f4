"""Infobip's webhook and pull payloads turned into cc_base's provider-neutral
events. Plain Python: the samples of Infobip's documentation and client go
through it without a database."""

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from odoo.addons.cc_base.tools import InboundMessage, StatusUpdate

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
    moment = datetime.fromisoformat(_COMPACT_OFFSET.sub(r"\1:\2", text.replace("Z", "+00:00")))
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def status_of(status):
    """(our status, failure type) for an Infobip status object."""
    group = status.get("groupId")
    if group in const.FAILED_GROUPS:
        failure_type = const.FAILURE_TYPE_BY_STATUS.get(
            status.get("name"), const.FAILURE_TYPE_BY_GROUP.get(group, "unknown")
        )
        return "failed", failure_type
    if group == const.GROUP_DELIVERED and status.get("name") == const.DELIVERED_TO_HANDSET:
        return "delivered", None
    # PENDING, and DELIVERED_TO_OPERATOR: with the network, not yet the phone.
    return "sent", None


def _words(status, error):
    """The provider's explanation of a failure, status and error together."""
    parts = [status.get("description") or status.get("name")]
    if error and error.get("id"):
        parts.append(f"{error.get('name')}: {error.get('description')}")
    return " / ".join(part for part in parts if part)


def report_event(report):
    """An InfobipStatusUpdate for one delivery report, v2 (smsCount, from) or
    v3 (messageCount, sender)."""
    status = report.get("status") or {}
    error = report.get("error") or {}
    ours, failure_type = status_of(status)
    price = report.get("price") or {}
    return InfobipStatusUpdate(
        status=ours,
        external_id=report.get("messageId"),
        uuid=report.get("callbackData"),
        timestamp=parse_timestamp(report.get("doneAt") or report.get("sentAt")),
        failure_type=failure_type,
        error_message=_words(status, error) if ours == "failed" else None,
        price=price.get("pricePerMessage"),
        currency=price.get("currency"),
        segment_count=report.get("messageCount", report.get("smsCount")),
    )


def inbound_event(result):
    """An InboundMessage for one inbound SMS (MO_JSON_2)."""
    sender = result["from"]
    return InboundMessage(
        external_id=result["messageId"],
        sender=sender if sender.startswith("+") else f"+{sender}",
        body=result.get("text") or "",
        timestamp=parse_timestamp(result.get("receivedAt")),
        recipient=result.get("to"),
        keyword=result.get("keyword") or None,
    )


def events_from_payload(payload):
    """Every event of a webhook or pull answer: {"results": [...]} holds
    delivery reports (they have a status) or inbound messages."""
    return [
        report_event(result) if "status" in result else inbound_event(result)
        for result in payload.get("results") or []
    ]
