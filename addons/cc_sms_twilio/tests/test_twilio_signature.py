from twilio.request_validator import RequestValidator

from odoo.tests import BaseCase, tagged

from odoo.addons.cc_base.tools import WebhookRequest

from ..tools import compute_signature, form_params, requested_url, signature_matches
from .twilio_simulator import AUTH_TOKEN, TwilioSimulator

# twilio-python's own test vectors (tests/unit/test_request_validator.py).
VECTOR_TOKEN = "12345"
VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = [
    ("CallSid", "CA1234567890ABCDE"),
    ("Caller", "+14158675309"),
    ("Digits", "1234"),
    ("From", "+14158675309"),
    ("To", "+18005551212"),
]
PUBLIC_URL = "https://sms.example.com/contact_centre/webhook/twilio/k3y?uuid=0a1b"


@tagged("post_install", "-at_install")
class TestTwilioSignature(BaseCase):
    """Our X-Twilio-Signature against twilio-python's RequestValidator, the
    reference: what it computes we compute, what it accepts we accept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.validator = RequestValidator(AUTH_TOKEN)
        # Not started: it only builds and signs requests here.
        cls.simulator = TwilioSimulator()
        cls.addClassCleanup(cls.simulator.server_close)

    def test_twilio_python_vectors(self):
        self.assertEqual(
            compute_signature(VECTOR_TOKEN, VECTOR_URL, VECTOR_PARAMS),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        )
        self.assertEqual(
            compute_signature(
                VECTOR_TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", VECTOR_PARAMS
            ),
            "kvajT1Ptam85bY51eRf/AJRuM3w=",
        )
        repeated = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
        ]
        self.assertEqual(
            compute_signature(VECTOR_TOKEN, VECTOR_URL, repeated), "IK+Dwps556ElfBT0I3Rgjkr1wJU="
        )
        # The URL signed with or without its default port passes, as in twilio-python.
        for signature in ("RSOYDt4T1cUTdK1PDd93/VVr8B8=", "kvajT1Ptam85bY51eRf/AJRuM3w="):
            self.assertTrue(signature_matches(VECTOR_TOKEN, VECTOR_URL, VECTOR_PARAMS, signature))

    def _simulated_requests(self):
        self.simulator.messages["SM1"] = {
            "To": "+32470990011",
            "From": "+15005550006",
            "StatusCallback": PUBLIC_URL,
        }
        inbound = self.simulator.inbound_params("SM2", "+32470990011", "Été à 5 € ? 👍")
        yield "inbound", inbound
        yield "status", self.simulator.status_params("SM1", "undelivered")
        yield (
            "unknown parameters",
            self.simulator.status_params(
                "SM1", "delivered", extra=[("NewField", "x&y=z"), ("ChannelPrefix", "sms")]
            ),
        )

    def test_simulator_signs_as_twilio_python(self):
        for name, params in self._simulated_requests():
            with self.subTest(name):
                body, headers = self.simulator.signed(PUBLIC_URL, params)
                signature = headers["X-Twilio-Signature"]
                self.assertEqual(
                    signature, self.validator.compute_signature(PUBLIC_URL, dict(params))
                )
                self.assertTrue(self.validator.validate(PUBLIC_URL, dict(params), signature))
                # What we read back from the body is what Twilio signed.
                request = WebhookRequest("POST", "/", body=body)
                self.assertEqual(form_params(request), params)

    def test_we_accept_what_twilio_python_accepts(self):
        for name, params in self._simulated_requests():
            with self.subTest(name):
                signature = self.validator.compute_signature(PUBLIC_URL, dict(params))
                self.assertTrue(signature_matches(AUTH_TOKEN, PUBLIC_URL, params, signature))
                with_port = PUBLIC_URL.replace("example.com/", "example.com:443/")
                signature = self.validator.compute_signature(with_port, dict(params))
                self.assertTrue(signature_matches(AUTH_TOKEN, PUBLIC_URL, params, signature))

    def test_we_refuse_what_twilio_python_refuses(self):
        params = self.simulator.inbound_params("SM3", "+32470990011", "Hello")
        signature = self.validator.compute_signature(PUBLIC_URL, dict(params))
        other_token = RequestValidator("another-token").compute_signature(PUBLIC_URL, dict(params))
        tampered = [(n, "Goodbye" if n == "Body" else v) for n, v in params]
        cases = {
            "missing": (PUBLIC_URL, params, None),
            "empty": (PUBLIC_URL, params, ""),
            "wrong token": (PUBLIC_URL, params, other_token),
            "another URL": (PUBLIC_URL.replace("uuid=0a1b", "uuid=ffff"), params, signature),
            "plain http": (PUBLIC_URL.replace("https", "http"), params, signature),
            "tampered body": (PUBLIC_URL, tampered, signature),
            "a parameter added": (PUBLIC_URL, [*params, ("Extra", "1")], signature),
        }
        for name, (url, given, header) in cases.items():
            with self.subTest(name):
                self.assertFalse(self.validator.validate(url, dict(given), header or ""))
                self.assertFalse(signature_matches(AUTH_TOKEN, url, given, header))
        self.assertFalse(signature_matches("", PUBLIC_URL, params, signature), "no token, no trust")

    def test_requested_url_direct_and_behind_a_proxy(self):
        request = WebhookRequest(
            "POST",
            "/contact_centre/webhook/twilio/k3y",
            headers={
                "host": "127.0.0.1:8069",
                "x-forwarded-host": "sms.example.com",
                "x-forwarded-proto": "https",
            },
            query={"uuid": "0a1b"},
        )
        self.assertEqual(requested_url(request, proxy_mode=True), PUBLIC_URL)
        self.assertEqual(
            requested_url(request, proxy_mode=False),
            "http://127.0.0.1:8069/contact_centre/webhook/twilio/k3y?uuid=0a1b",
            "forwarded headers are only trusted in proxy mode",
        )
        chained = WebhookRequest(
            "POST",
            "/contact_centre/webhook/twilio/k3y",
            headers={
                "host": "10.0.0.2",
                "x-forwarded-host": "evil.example.com, sms.example.com",
                "x-forwarded-proto": "http, https",
            },
        )
        self.assertEqual(
            requested_url(chained, proxy_mode=True),
            "https://sms.example.com/contact_centre/webhook/twilio/k3y",
            "the nearest proxy's values, as Odoo's proxy mode reads them",
        )
