"""Twilio's webhooks (status callbacks and inbound SMS, both form-encoded)
turned into cc_base's provider-neutral events. Plain Python: no database."""

from odoo.addons.cc_base.tools import InboundMessage, Media, PayloadError, StatusUpdate, ident

from .. import const
from .twilio_errors import failure_type_of

MEDIA_TYPES = {"image", "video", "audio"}
# Twilio attaches at most 10 media files to a message.
MAX_MEDIA = 10


def status_event(form, uuid=None):
    """A StatusUpdate for a status callback, or None for a status that
    means nothing to us."""
    twilio_status = form.get("MessageStatus") or form.get("SmsStatus")
    ours = const.STATUS_MAP.get(twilio_status)
    if not ours:
        return None
    failed = ours == "failed"
    error_code = form.get("ErrorCode")
    words = f"Twilio: {twilio_status}"
    if error_code:
        words += f", error {error_code} ({const.ERROR_DOCS_URL}{error_code})"
    return StatusUpdate(
        status=ours,
        external_id=_sid(form),
        uuid=uuid,
        failure_type=failure_type_of(error_code) if failed else None,
        error_message=words if failed else None,
    )


def _sid(form):
    return ident(form.get("MessageSid") or form.get("SmsSid"), "Twilio MessageSid")


def _media(form):
    count = form.get("NumMedia") or "0"
    if not count.isdigit() or int(count) > MAX_MEDIA:
        raise PayloadError(f"Twilio NumMedia: 0 to {MAX_MEDIA} expected, not {count[:20]!r}")
    media = []
    for index in range(int(count)):
        url = form.get(f"MediaUrl{index}")
        if not url:
            continue
        mimetype = form.get(f"MediaContentType{index}") or "application/octet-stream"
        kind = mimetype.split("/", 1)[0]
        media.append(
            Media(
                media_type=kind if kind in MEDIA_TYPES else "document",
                url=url,
                mimetype=mimetype,
            )
        )
    return tuple(media)


def inbound_event(form):
    """An InboundMessage for an inbound SMS (or MMS, with its media)."""
    if not form.get("From"):
        raise PayloadError("Twilio inbound SMS without its sender (From)")
    media = _media(form)
    return InboundMessage(
        external_id=_sid(form),
        sender=form["From"],
        body=form.get("Body") or "",
        message_type=media[0].media_type if media else "text",
        recipient=form.get("To"),
        media=media,
    )


def events_from_form(form, uuid=None):
    """The event of one Twilio webhook: an inbound message, or the status of
    one of ours (uuid: the one its callback URL carries)."""
    twilio_status = form.get("MessageStatus") or form.get("SmsStatus")
    if twilio_status in const.INBOUND_STATUSES:
        return [inbound_event(form)]
    event = status_event(form, uuid)
    return [event] if event else []
