from .infobip_errors import error_from_response, send_refusal
from .infobip_events import (
    InfobipStatusUpdate,
    events_from_payload,
    inbound_event,
    parse_timestamp,
    report_event,
    status_of,
)
