from .twilio_errors import error_from_response, failure_type_of
from .twilio_events import events_from_form, inbound_event, status_event
from .twilio_signature import (
    compute_signature,
    form_params,
    requested_url,
    signature_matches,
)
