"""Provider-neutral types that provider addons produce and cc_base applies.

Plain Python, so that a provider's parsing and sending can be tested without
a database: a webhook request in, events out; messages in, send results out.
"""

from dataclasses import dataclass, field
from datetime import datetime

from .provider_error import FAILURE_TYPE_KEYS
from .webhook_payload import PayloadError, ident

# Outbound messages only move forward along this order; see next_status().
STATUS_RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}


@dataclass(frozen=True)
class WebhookRequest:
    """A provider's HTTP request as it reached us, stored as it came."""

    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


@dataclass(frozen=True)
class Media:
    """A file the customer sent: the provider's handle to download it later."""

    media_type: str
    provider_media_id: str = None
    url: str = None
    mimetype: str = None
    filename: str = None
    caption: str = None

    def __post_init__(self):
        _check_texts(self, "provider_media_id", "url", "mimetype", "filename", "caption")


@dataclass(frozen=True)
class InboundMessage:
    external_id: str
    sender: str
    body: str = ""
    message_type: str = "text"
    timestamp: datetime = None
    profile_name: str = None
    # Which of our numbers / senders received it, as the provider names it.
    recipient: str = None
    reply_to_external_id: str = None
    media: tuple = ()
    # The keyword the customer wrote to (SMS short codes), for inbound campaigns.
    keyword: str = None

    def __post_init__(self):
        if not self.external_id:
            raise PayloadError("An inbound message has the provider's id")
        _check_ids(self, "external_id", "reply_to_external_id")
        _check_texts(self, "sender", "body", "message_type", "profile_name", "recipient", "keyword")
        _check_moment(self)
        if not all(isinstance(media, Media) for media in self.media):
            raise PayloadError("An inbound message's media are Media")


@dataclass(frozen=True)
class StatusUpdate:
    status: str
    external_id: str = None
    # Our own message uuid when the provider hands our callback data back.
    uuid: str = None
    timestamp: datetime = None
    failure_type: str = None
    error_message: str = None

    def __post_init__(self):
        if self.status not in (*STATUS_RANK, "failed"):
            raise ValueError(f"Unknown status {self.status!r}")
        if not (self.external_id or self.uuid):
            raise ValueError("A status update names its message by external id or uuid")
        if self.failure_type and self.failure_type not in FAILURE_TYPE_KEYS:
            raise ValueError(f"Unknown failure type {self.failure_type!r}")
        _check_ids(self, "external_id", "uuid")
        _check_texts(self, "error_message")
        _check_moment(self)


@dataclass(frozen=True)
class SendResult:
    """What became of one outgoing message: accepted (with the provider's id) or
    refused (with a ProviderError)."""

    external_id: str = None
    error: Exception = None

    @property
    def ok(self):
        return self.error is None


def next_status(current, incoming):
    """The status a message takes when the provider reports `incoming`, or None
    when the report changes nothing (late, repeated or after a final state).

    queued < sent < delivered < read; read implies delivered; failed is final
    and keeps its error; a failure after delivery is ignored (the customer has
    the message)."""
    if current in ("failed", "cancelled"):
        return None
    if incoming == "failed":
        return "failed" if current in ("queued", "sent") else None
    if current not in STATUS_RANK or STATUS_RANK[incoming] <= STATUS_RANK[current]:
        return None
    return incoming


# What a parser hands over is checked here, once for every provider: a value
# of the wrong type would otherwise fail later, in SQL, without a clear reason.


def _check_texts(event, *names):
    for name in names:
        value = getattr(event, name)
        if value is not None and not isinstance(value, str):
            raise PayloadError(
                f"{type(event).__name__}.{name}: a text expected, not {type(value).__name__}"
            )


def _check_ids(event, *names):
    _check_texts(event, *names)
    for name in names:
        ident(getattr(event, name), f"{type(event).__name__}.{name}")


def _check_moment(event):
    if event.timestamp is not None and not isinstance(event.timestamp, datetime):
        raise PayloadError(f"{type(event).__name__}.timestamp is not a date and time")
