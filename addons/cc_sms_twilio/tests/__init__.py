from . import (
    test_conformance_twilio,
    test_twilio_faults,
    test_twilio_http,
    test_twilio_samples,
    test_twilio_signature,
    test_twilio_tour,
)
