from .access import check_agent
from .phone import to_e164
from .provider_error import ProviderError, WebhookRejected
from .provider_events import (
    InboundMessage,
    Media,
    SendResult,
    StatusUpdate,
    WebhookRequest,
    next_status,
)
from .provider_http import mask, send_request, send_requests
from .routing import Router, parse_prefixes
from .selection import selection_label
from .sms_segments import SegmentCount, count_segments
from .store import split_store
from .webhook_credentials import check_url_secret_and_basic
from .webhook_payload import (
    PayloadError,
    ident,
    json_body,
    json_value,
    obj,
    objs,
    storable,
    storable_data,
    text,
)
from .whatsapp_markup import whatsapp_to_html
