from . import test_conformance_twilio, test_twilio_http, test_twilio_signature
