"""Meta's webhook payloads read into events, without a database.

Every entry, change, message and status of a payload becomes an event: the
provider-neutral ones of cc_base (extended with what only Meta tells), and
reactions, template updates and errors about the account, which are
Meta's own.
"""

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from odoo.addons.cc_base.tools import (
    InboundMessage,
    Media,
    PayloadError,
    StatusUpdate,
    ident,
    obj,
    objs,
    text,
)

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
    try:
        return datetime.fromtimestamp(int(timestamp), timezone.utc).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError, OSError):
        raise PayloadError(f"{str(timestamp)[:40]!r} is not a Unix timestamp") from None


def parse_payload(payload):
    """Every event of a webhook payload, in the order Meta wrote them. A
    payload not shaped as Meta documents it raises PayloadError."""
    events = []
    for entry in objs(obj(payload, "Meta webhook body").get("entry"), "entry"):
        for change in objs(entry.get("changes"), "entry.changes"):
            value = obj(change.get("value"), "change.value")
            field_name = text(change.get("field"), "change.field")
            events += _account_errors(value)
            if field_name == "messages":
                events += _messages_change(value)
            elif field_name in TEMPLATE_FIELDS:
                events.append(TEMPLATE_FIELDS[field_name](value))
    return events


def _phone_number_id(value):
    return ident(obj(value.get("metadata"), "value.metadata").get("phone_number_id"), "metadata")


def _account_errors(value):
    phone_number_id = _phone_number_id(value)
    return [
        MetaAccountError(
            code=_code(error.get("code")), text=error_text(error), phone_number_id=phone_number_id
        )
        for error in objs(value.get("errors"), "value.errors")
    ]


def _messages_change(value):
    phone_number_id = _phone_number_id(value)
    contacts = {
        ident(contact.get("wa_id"), "contact.wa_id")
        or ident(contact.get("user_id"), "contact.user_id"): contact
        for contact in objs(value.get("contacts"), "value.contacts")
    }
    events = []
    for message in objs(value.get("messages"), "value.messages"):
        contact = contacts.get(ident(message.get("from"), "message.from")) or contacts.get(
            ident(message.get("from_user_id"), "message.from_user_id")
        )
        if contact is None and len(contacts) == 1:
            contact = next(iter(contacts.values()))
        events.append(_message(message, contact or {}, phone_number_id))
    # "deleted" (a legacy status) says nothing about delivery.
    events += [
        _status(status, phone_number_id)
        for status in objs(value.get("statuses"), "value.statuses")
        if text(status.get("status"), "status.status") in STATUS_MAPPING
    ]
    return events


def _message(message, contact, phone_number_id):
    # A customer with a username may come with a business-scoped user id only.
    wa_id = (
        ident(message.get("from"), "message.from")
        or ident(contact.get("wa_id"), "contact.wa_id")
        or ""
    ).lstrip("+")
    sender = f"+{wa_id}" if wa_id.isdigit() else None
    user_id = ident(contact.get("user_id") or message.get("from_user_id"), "user_id")
    external_id = ident(message.get("id"), "message.id")
    if not sender and not user_id:
        raise PayloadError(f"Message {external_id} names no customer")
    kind = text(message.get("type"), "message.type")
    if kind == "reaction":
        reaction = obj(message.get("reaction"), "message.reaction")
        return MetaReaction(
            external_id=external_id,
            sender=sender,
            message_external_id=ident(reaction.get("message_id"), "reaction.message_id"),
            emoji=text(reaction.get("emoji"), "reaction.emoji") or "",
            recipient=phone_number_id,
            timestamp=utc(message.get("timestamp")),
        )
    content = _content(message, kind)
    media = ()
    if kind in MEDIA_TYPES:
        media = (
            Media(
                media_type=kind,
                provider_media_id=ident(content.get("id"), "media id"),
                url=text(content.get("url"), "media url"),
                mimetype=text(content.get("mime_type"), "media mime_type"),
                filename=text(content.get("filename"), "media filename"),
                caption=text(content.get("caption"), "media caption"),
            ),
        )
    return MetaInbound(
        external_id=external_id,
        sender=sender,
        body=message_text(message),
        message_type=MESSAGE_TYPES.get(kind, "unsupported"),
        timestamp=utc(message.get("timestamp")),
        profile_name=text(obj(contact.get("profile"), "contact.profile").get("name"), "name"),
        recipient=phone_number_id,
        reply_to_external_id=ident(obj(message.get("context"), "context").get("id"), "context"),
        media=media,
        user_id=user_id,
        raw=message,
    )


def message_text(message):
    """What a customer's message says, as a person reads it."""
    kind = text(message.get("type"), "message.type")
    content = _content(message, kind)
    words = text(TEXT_OF.get(kind, _unsupported)(content), f"message.{kind}") or ""
    referral = obj(message.get("referral"), "message.referral")
    if referral:
        ad = _words(referral, "headline") or _words(referral, "source_url")
        ad = ad or _words(referral, "source_id")
        words = f"{words}\n(From the ad: {ad})" if words else f"(From the ad: {ad})"
    return words


def _content(message, kind):
    """The part of a message its type names: a list for contacts, else an object."""
    if kind == "contacts":
        return objs(message.get(kind), "message.contacts")
    return obj(message.get(kind), f"message.{kind}")


def _words(content, key):
    """content[key] as text ("" when missing)."""
    return text(content.get(key), key) or ""


def _location(location):
    place = ", ".join(filter(None, (_words(location, "name"), _words(location, "address"))))
    coordinates = f"{location.get('latitude')}, {location.get('longitude')}"
    return f"📍 {place} ({coordinates})" if place else f"📍 {coordinates}"


def _contacts(contacts):
    lines = []
    for contact in objs(contacts, "contacts"):
        name = _words(obj(contact.get("name"), "contact name"), "formatted_name")
        phones = ", ".join(
            _words(phone, "phone") for phone in objs(contact.get("phones"), "phones")
        )
        lines.append(f"👤 {name}: {phones}" if phones else f"👤 {name}")
    return "\n".join(lines)


def _interactive(interactive):
    kind = text(interactive.get("type"), "interactive.type")
    if kind == "nfm_reply":
        return flow_reply_text(obj(interactive.get("nfm_reply"), "nfm_reply"))
    reply = obj(interactive.get(kind), f"interactive.{kind}")
    return " — ".join(filter(None, (_words(reply, "title"), _words(reply, "description"))))


def chosen_option_id(message):
    """The id of the reply button or list row a customer's message taps, or None."""
    interactive = obj(message.get("interactive"), "message.interactive")
    kind = text(interactive.get("type"), "interactive.type")
    if kind not in ("button_reply", "list_reply"):
        return None
    return ident(obj(interactive.get(kind), f"interactive.{kind}").get("id"), "reply id")


def flow_reply_text(nfm_reply):
    """A completed flow's answers, one per line."""
    try:
        answers = obj(json.loads(_words(nfm_reply, "response_json") or "{}"), "response_json")
    except ValueError:
        answers = {}
    lines = [
        f"{key.replace('_', ' ').capitalize()}: {value}"
        for key, value in answers.items()
        if key != "flow_token"
    ]
    title = _words(nfm_reply, "body") or _words(nfm_reply, "name")
    return "\n".join([title, *lines]).strip()


def _order(order):
    items = [
        f"{item.get('quantity')} × {item.get('product_retailer_id')} "
        f"({item.get('item_price')} {item.get('currency')})"
        for item in objs(order.get("product_items"), "order.product_items")
    ]
    return "\n".join(filter(None, ["🛒 " + _words(order, "text"), *items])).strip()


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
    errors = objs(status.get("errors"), "status.errors")
    error = errors[0] if errors else {}
    code = _code(error.get("code"))
    return MetaStatus(
        status=STATUS_MAPPING[status["status"]],
        external_id=ident(status.get("id"), "status.id"),
        uuid=ident(status.get("biz_opaque_callback_data"), "status.biz_opaque_callback_data"),
        timestamp=utc(status.get("timestamp")),
        failure_type=failure_type_of(code) if status["status"] == "failed" else None,
        error_message=error_text(error) if error else None,
        phone_number_id=phone_number_id,
        error_code=code,
        conversation=_conversation(status),
        pricing=_pricing(status),
    )


def _conversation(status):
    """The status's conversation, its values checked (they are stored)."""
    conversation = obj(status.get("conversation"), "status.conversation")
    ident(conversation.get("id"), "conversation.id")
    text(obj(conversation.get("origin"), "conversation.origin").get("type"), "origin.type")
    utc(conversation.get("expiration_timestamp"))
    return conversation or None


def _pricing(status):
    pricing = obj(status.get("pricing"), "status.pricing")
    text(pricing.get("pricing_model"), "pricing.pricing_model")
    text(pricing.get("category"), "pricing.category")
    return pricing or None


def _code(code):
    """Meta's error code: a number (None when missing)."""
    if code is None or (isinstance(code, int) and not isinstance(code, bool)):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    raise PayloadError(f"error code {str(code)[:40]!r} is not a number")


def error_text(error):
    """An error as Meta words it: (#code) title: details."""
    details = _words(obj(error.get("error_data"), "error.error_data"), "details")
    title = _words(error, "title") or _words(error, "message")
    words = f"{title}: {details}" if details and details != title else title
    return f"(#{error.get('code')}) {words}" if error.get("code") is not None else words


def _template(value, **changes):
    template_id = ident(value.get("message_template_id"), "message_template_id")
    if not template_id:
        raise PayloadError("A template update names no template")
    if not template_id.isdigit():
        # It goes into a Graph API path when Odoo does not have the template.
        raise PayloadError(f"message_template_id {template_id[:40]!r} is not a Meta id")
    return MetaTemplateUpdate(
        template_id=template_id,
        name=text(value.get("message_template_name"), "message_template_name"),
        language=text(value.get("message_template_language"), "message_template_language"),
        **{name: text(value.get(key), key) for name, key in changes.items()},
    )


def _template_status(value):
    update = _template(value, status="event", reason="reason")
    return replace(update, reason=None) if update.reason == "NONE" else update


def _template_quality(value):
    return _template(value, quality="new_quality_score")


def _template_category(value):
    return _template(value, category="new_category")


TEMPLATE_FIELDS = {
    "message_template_status_update": _template_status,
    "message_template_quality_update": _template_quality,
    "template_category_update": _template_category,
}
