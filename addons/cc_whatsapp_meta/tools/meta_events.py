"""Meta's webhook payloads read into events, without a database.

Every entry, change, message and status of a payload becomes an event: the
provider-neutral ones of cc_base (extended with what only Meta tells), and
reactions, template updates and errors about the account, which are
Meta's own.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from odoo.addons.cc_base.tools import InboundMessage, Media, StatusUpdate

from ..const import STATUS_MAPPING
from .meta_errors import failure_type_of

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
# Meta's inbound message types -> ours (contact.centre.message.message_type).
MESSAGE_TYPES = {
    "text": "text",
    "image": "image",
    "video": "video",
    "audio": "audio",
    "document": "document",
    "sticker": "sticker",
    "location": "location",
    "contacts": "contacts",
    "interactive": "interactive",
    "button": "interactive",
    "order": "order",
    "system": "system",
    "request_welcome": "system",
}


@dataclass(frozen=True)
class MetaInbound(InboundMessage):
    """An inbound message with what Meta adds: the business-scoped user id,
    which may come without a phone number, and the message as Meta sent it."""

    user_id: str = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MetaStatus(StatusUpdate):
    """A status with the number it concerns, and Meta's conversation and
    pricing information."""

    phone_number_id: str = None
    error_code: int = None
    conversation: dict = None
    pricing: dict = None


@dataclass(frozen=True)
class MetaReaction:
    """A customer's emoji on one of the conversation's messages; no emoji
    removes it."""

    external_id: str
    sender: str
    message_external_id: str
    emoji: str
    recipient: str = None
    timestamp: datetime = None


@dataclass(frozen=True)
class MetaTemplateUpdate:
    """A template's status, quality or category changed at Meta."""

    template_id: str
    name: str = None
    language: str = None
    status: str = None
    reason: str = None
    quality: str = None
    category: str = None


@dataclass(frozen=True)
class MetaAccountError:
    """An error Meta reports about the account or the app rather than about
    one message (a change's value.errors)."""

    code: int
    text: str
    phone_number_id: str = None


def utc(timestamp):
    if not timestamp:
        return None
    return datetime.fromtimestamp(int(timestamp), timezone.utc).replace(tzinfo=None)


def parse_payload(payload):
    """Every event of a webhook payload, in the order Meta wrote them."""
    events = []
    for entry in payload.get("entry") or ():
        for change in entry.get("changes") or ():
            value = change.get("value") or {}
            events += _account_errors(value)
            if change.get("field") == "messages":
                events += _messages_change(value)
            elif change.get("field") in TEMPLATE_FIELDS:
                events.append(TEMPLATE_FIELDS[change["field"]](value))
    return events


def _account_errors(value):
    phone_number_id = (value.get("metadata") or {}).get("phone_number_id")
    return [
        MetaAccountError(
            code=error.get("code"), text=error_text(error), phone_number_id=phone_number_id
        )
        for error in value.get("errors") or ()
    ]


def _messages_change(value):
    phone_number_id = (value.get("metadata") or {}).get("phone_number_id")
    contacts = {
        contact.get("wa_id") or contact.get("user_id"): contact
        for contact in value.get("contacts") or ()
    }
    events = []
    for message in value.get("messages") or ():
        contact = contacts.get(message.get("from")) or contacts.get(message.get("from_user_id"))
        if contact is None and len(contacts) == 1:
            contact = next(iter(contacts.values()))
        events.append(_message(message, contact or {}, phone_number_id))
    # "deleted" (a legacy status) says nothing about delivery.
    events += [
        _status(status, phone_number_id)
        for status in value.get("statuses") or ()
        if status.get("status") in STATUS_MAPPING
    ]
    return events


def _message(message, contact, phone_number_id):
    # A customer with a username may come with a business-scoped user id only.
    wa_id = (message.get("from") or contact.get("wa_id") or "").lstrip("+")
    sender = f"+{wa_id}" if wa_id.isdigit() else None
    user_id = contact.get("user_id") or message.get("from_user_id")
    if not sender and not user_id:
        raise ValueError(f"Message {message.get('id')} names no customer")
    kind = message.get("type")
    if kind == "reaction":
        reaction = message.get("reaction") or {}
        return MetaReaction(
            external_id=message["id"],
            sender=sender,
            message_external_id=reaction.get("message_id"),
            emoji=reaction.get("emoji") or "",
            recipient=phone_number_id,
            timestamp=utc(message.get("timestamp")),
        )
    content = message.get(kind) or {}
    media = ()
    if kind in MEDIA_TYPES:
        media = (
            Media(
                media_type=kind,
                provider_media_id=content.get("id"),
                url=content.get("url"),
                mimetype=content.get("mime_type"),
                filename=content.get("filename"),
                caption=content.get("caption"),
            ),
        )
    return MetaInbound(
        external_id=message["id"],
        sender=sender,
        body=message_text(message),
        message_type=MESSAGE_TYPES.get(kind, "unsupported"),
        timestamp=utc(message.get("timestamp")),
        profile_name=(contact.get("profile") or {}).get("name"),
        recipient=phone_number_id,
        reply_to_external_id=(message.get("context") or {}).get("id"),
        media=media,
        user_id=user_id,
        raw=message,
    )


def message_text(message):
    """What a customer's message says, as a person reads it."""
    kind = message.get("type")
    content = message.get(kind) or {}
    text = TEXT_OF.get(kind, _unsupported)(content)
    referral = message.get("referral")
    if referral:
        ad = referral.get("headline") or referral.get("source_url") or referral.get("source_id")
        text = f"{text}\n(From the ad: {ad})" if text else f"(From the ad: {ad})"
    return text


def _location(location):
    place = ", ".join(filter(None, (location.get("name"), location.get("address"))))
    coordinates = f"{location.get('latitude')}, {location.get('longitude')}"
    return f"📍 {place} ({coordinates})" if place else f"📍 {coordinates}"


def _contacts(contacts):
    lines = []
    for contact in contacts or ():
        name = (contact.get("name") or {}).get("formatted_name") or ""
        phones = ", ".join(phone.get("phone", "") for phone in contact.get("phones") or ())
        lines.append(f"👤 {name}: {phones}" if phones else f"👤 {name}")
    return "\n".join(lines)


def _interactive(interactive):
    kind = interactive.get("type")
    if kind == "nfm_reply":
        return flow_reply_text(interactive.get("nfm_reply") or {})
    reply = interactive.get(kind) or {}
    return " — ".join(filter(None, (reply.get("title"), reply.get("description"))))


def chosen_option_id(message):
    """The id of the reply button or list row a customer's message taps, or None."""
    interactive = message.get("interactive") or {}
    kind = interactive.get("type")
    if kind not in ("button_reply", "list_reply"):
        return None
    return (interactive.get(kind) or {}).get("id")


def flow_reply_text(nfm_reply):
    """A completed flow's answers, one per line."""
    try:
        answers = json.loads(nfm_reply.get("response_json") or "{}")
    except ValueError:
        answers = {}
    lines = [
        f"{key.replace('_', ' ').capitalize()}: {value}"
        for key, value in answers.items()
        if key != "flow_token"
    ]
    return "\n".join([nfm_reply.get("body") or nfm_reply.get("name") or "", *lines]).strip()


def _order(order):
    items = [
        f"{item.get('quantity')} × {item.get('product_retailer_id')} "
        f"({item.get('item_price')} {item.get('currency')})"
        for item in order.get("product_items") or ()
    ]
    return "\n".join(filter(None, ["🛒 " + (order.get("text") or ""), *items])).strip()


def _unsupported(_content):
    return "(A message type WhatsApp does not support here)"


TEXT_OF = {
    "text": lambda content: content.get("body", ""),
    "image": lambda content: content.get("caption", ""),
    "video": lambda content: content.get("caption", ""),
    "document": lambda content: content.get("caption", ""),
    "audio": lambda _content: "",
    "sticker": lambda _content: "",
    "location": _location,
    "contacts": _contacts,
    "interactive": _interactive,
    "button": lambda content: content.get("text", ""),
    "order": _order,
    "system": lambda content: content.get("body", ""),
    "request_welcome": lambda _content: "",
}


def _status(status, phone_number_id):
    errors = status.get("errors") or ()
    error = errors[0] if errors else {}
    code = error.get("code")
    return MetaStatus(
        status=STATUS_MAPPING[status["status"]],
        external_id=status.get("id"),
        uuid=status.get("biz_opaque_callback_data"),
        timestamp=utc(status.get("timestamp")),
        failure_type=failure_type_of(code) if status["status"] == "failed" else None,
        error_message=error_text(error) if error else None,
        phone_number_id=phone_number_id,
        error_code=code,
        conversation=status.get("conversation"),
        pricing=status.get("pricing"),
    )


def error_text(error):
    """An error as Meta words it: (#code) title: details."""
    details = (error.get("error_data") or {}).get("details")
    title = error.get("title") or error.get("message") or ""
    text = f"{title}: {details}" if details and details != title else title
    return f"(#{error.get('code')}) {text}" if error.get("code") is not None else text


def _template_status(value):
    return MetaTemplateUpdate(
        template_id=str(value.get("message_template_id")),
        name=value.get("message_template_name"),
        language=value.get("message_template_language"),
        status=value.get("event"),
        reason=value.get("reason") if value.get("reason") not in (None, "NONE") else None,
    )


def _template_quality(value):
    return MetaTemplateUpdate(
        template_id=str(value.get("message_template_id")),
        name=value.get("message_template_name"),
        language=value.get("message_template_language"),
        quality=value.get("new_quality_score"),
    )


def _template_category(value):
    return MetaTemplateUpdate(
        template_id=str(value.get("message_template_id")),
        name=value.get("message_template_name"),
        language=value.get("message_template_language"),
        category=value.get("new_category"),
    )


TEMPLATE_FIELDS = {
    "message_template_status_update": _template_status,
    "message_template_quality_update": _template_quality,
    "template_category_update": _template_category,
}
