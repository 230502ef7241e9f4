from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cc_base.tools import InboundMessage, PayloadError, StatusUpdate

from ..tools import events_from_form
from .common import TwilioSimulatorMixin
from .twilio_simulator import TwilioSimulator


@tagged("post_install", "-at_install")
class TestTwilioSamples(TwilioSimulatorMixin, TransactionCase):
    """Twilio's webhooks as the simulator writes them, read without a
    database; the account's fields, checked as they are saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = TwilioSimulator()
        cls.addClassCleanup(cls.simulator.server_close)
        cls.simulator.messages["SM1"] = {"To": "+32470990011", "From": "+15005550006"}

    def _status(self, twilio_status):
        events = events_from_form(
            dict(self.simulator.status_params("SM1", twilio_status)), uuid="u-1"
        )
        return events[0] if events else None

    def test_every_twilio_status_has_its_meaning(self):
        expected = {
            "accepted": "queued",
            "scheduled": "queued",
            "queued": "queued",
            "sending": "sent",
            "sent": "sent",
            "partially_delivered": "sent",
            "delivered": "delivered",
            "read": "read",
            "undelivered": "failed",
            "failed": "failed",
            "canceled": "failed",
        }
        for twilio_status, ours in expected.items():
            with self.subTest(twilio_status):
                event = self._status(twilio_status)
                self.assertIsInstance(event, StatusUpdate)
                self.assertEqual(
                    (event.status, event.external_id, event.uuid), (ours, "SM1", "u-1")
                )
        self.assertIsNone(self._status("some_future_status"), "an unknown status moves nothing")

    def test_failures_say_why(self):
        undelivered = self._status("undelivered")
        self.assertEqual(undelivered.failure_type, "expired")
        self.assertIn("https://www.twilio.com/docs/errors/30003", undelivered.error_message)
        failed = self._status("failed")
        self.assertEqual(failed.failure_type, "unknown", "30008: unknown error")
        opted_out = events_from_form(
            {"MessageSid": "SM1", "MessageStatus": "failed", "ErrorCode": "21610"}
        )[0]
        self.assertEqual(opted_out.failure_type, "opted_out")
        self.assertIsNone(self._status("delivered").failure_type)

    def test_inbound_sms_and_mms(self):
        params = self.simulator.inbound_params("SM2", "+32470990011", "Hello")
        (event,) = events_from_form(dict(params), uuid=None)
        self.assertEqual(
            event,
            InboundMessage(
                external_id="SM2", sender="+32470990011", body="Hello", recipient="+15005550006"
            ),
        )
        params = self.simulator.inbound_params(
            "MM3", "+32470990011", "Look", media=[("image/jpeg", b"jpg"), ("application/pdf", b"%")]
        )
        (event,) = events_from_form(dict(params))
        self.assertEqual(event.message_type, "image")
        self.assertEqual(
            [(media.media_type, media.mimetype) for media in event.media],
            [("image", "image/jpeg"), ("document", "application/pdf")],
        )
        self.assertTrue(event.media[0].url.startswith(self.simulator.url))

    def test_malformed_forms_are_refused_with_a_reason(self):
        inbound = dict(self.simulator.inbound_params("SM4", "+32470990011", "Hello"))
        cases = {
            "without its sender": ({**inbound, "From": ""}, "without its sender"),
            "a media count that is not one": ({**inbound, "NumMedia": "x"}, "NumMedia"),
            "more media than Twilio sends": ({**inbound, "NumMedia": "999999999"}, "NumMedia"),
            "an id too long": ({**inbound, "MessageSid": "S" * 300}, "too long for an id"),
        }
        for name, (form, words) in cases.items():
            with self.subTest(name), self.assertRaisesRegex(PayloadError, words):
                events_from_form(form)

    # The account

    def test_install_hook_made_the_placeholder_a_twilio_account(self):
        placeholder = self.env.ref("cc_base.provider_twilio_sms")
        self.assertEqual(placeholder.code, "twilio")
        self.assertTrue(placeholder.support_delivery_reports and placeholder.support_inbound)

    def test_bad_identifiers_are_refused_with_a_reason(self):
        cases = {
            "twilio_account_sid": ("AC123", "Account SID is AC followed by 32"),
            "twilio_messaging_service_sid": ("MG-my-service", "Messaging Service SID is MG"),
            "sender": ("+32 470 ABC", "cannot send from"),
        }
        for field, (value, words) in cases.items():
            with self.subTest(field), self.assertRaisesRegex(ValidationError, words):
                self._twilio_account(state="disabled", **{field: value})
        account = self._twilio_account(state="disabled")
        account.sender = "ACME Shop"
        account.sender = "+32470990011"

    def test_an_enabled_account_needs_a_sender_or_a_service(self):
        account = self._twilio_account(state="disabled", sender=False)
        with self.assertRaisesRegex(ValidationError, "sender number or a Messaging Service SID"):
            account.state = "enabled"
        account.twilio_messaging_service_sid = "MG" + "0" * 32
        account.state = "enabled"
        with self.assertRaisesRegex(ValidationError, "Fill in these fields first"):
            account.twilio_auth_token = False

    def test_auth_token_is_for_administrators_only(self):
        account = self._twilio_account()
        manager = new_test_user(
            self.env,
            login="twilio_manager",
            groups="base.group_user,cc_base.group_contact_centre_manager",
        )
        self.assertEqual(account.with_user(manager).twilio_account_sid, account.twilio_account_sid)
        with self.assertRaises(AccessError):
            account.with_user(manager).twilio_auth_token  # noqa: B018
