from .twilio_errors import error_from_response
from .twilio_events import events_from_form
from .twilio_signature import (
    compute_signature,
    form_params,
    requested_url,
    signature_matches,
)
