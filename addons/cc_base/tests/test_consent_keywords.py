from unittest.mock import patch

from odoo.tests import tagged

from ..models.contact_centre_consent_keyword import normalise_keyword
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestConsentKeywords(ContactCentreCommon):
    def _receive(self, contact, text, channel="sms"):
        provider = self.sandbox_sms if channel == "sms" else self.sandbox_whatsapp
        message = self._message(contact, channel=channel, provider_id=provider.id, body_text=text)
        message._process_inbound()
        return message

    def _replies(self, contact):
        return self.env["contact.centre.message"].search(
            [("contact_id", "=", contact.id), ("direction", "=", "outbound")]
        )

    def test_normalisation(self):
        self.assertEqual(normalise_keyword("  Arrêt ! "), "ARRET")
        self.assertEqual(normalise_keyword("«stop»"), "STOP")
        self.assertEqual(normalise_keyword("¡Baja!"), "BAJA")

    def test_keywords_in_several_languages_opt_out(self):
        for text in ("stop", "Arrêt", "¡BAJA!", "Unsubscribe.", "parar", "alto"):
            with self.subTest(text=text):
                self.bob.opt_out_sms = False
                self._receive(self.bob, text)
                self.assertTrue(self.bob.opt_out_sms)
                self.assertTrue(self.bob.opt_out_sms_date)

    def test_confirmation_reaches_the_contact_who_just_opted_out(self):
        stop = self._receive(self.bob, "STOP")
        reply = self._replies(self.bob)
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.reply_to_message_id, stop)
        self.assertIn("START", reply.body_text)
        self.assertEqual(stop.handled_by, "consent_keyword")
        self.env["contact.centre.message"]._cron_send_queued()
        self.assertEqual(reply.status, "sent")

    def test_french_keyword_answers_in_french(self):
        self._receive(self.bob, "arret")
        self.assertIn("Vous ne recevrez plus", self._replies(self.bob).body_text)

    def test_a_sentence_with_stop_is_not_a_keyword(self):
        self._receive(self.bob, "Please don't stop sending me offers")
        self.assertFalse(self.bob.opt_out_sms)
        self.assertFalse(self._replies(self.bob))

    def test_a_message_already_handled_is_left_alone(self):
        message = self._message(
            self.bob, channel="sms", provider_id=self.sandbox_sms.id, body_text="STOP"
        )
        message.handled_by = "consent_keyword"
        message._process_inbound()
        self.assertFalse(self.bob.opt_out_sms)
        self.assertFalse(self._replies(self.bob))

    def test_handlers_answer_in_their_order_and_claim_what_they_answer(self):
        """Whatever order addons load in, the handlers run by sequence and a
        later one sees only what the earlier ones left."""
        Message = type(self.env["contact.centre.message"])
        seen = []

        def claim_everything(messages):
            seen.append(("first", messages._unhandled_inbound().ids))
            messages._unhandled_inbound().handled_by = "consent_keyword"

        def look(messages):
            seen.append(("last", messages._unhandled_inbound().ids))

        Message._cc_test_first, Message._cc_test_last = claim_everything, look
        self.addCleanup(delattr, Message, "_cc_test_first")
        self.addCleanup(delattr, Message, "_cc_test_last")
        handlers = [(99, "_cc_test_last"), (10, "_apply_consent_keywords"), (5, "_cc_test_first")]
        message = self._message(self.bob, channel="sms", provider_id=self.sandbox_sms.id)
        with patch.object(Message, "_inbound_handlers", lambda self: handlers):
            message._process_inbound()
        self.assertEqual(seen, [("first", message.ids), ("last", [])])

    def test_a_failing_handler_loses_neither_the_message_nor_the_others(self):
        Message = type(self.env["contact.centre.message"])

        def fail_halfway(messages):
            messages.contact_id.name = "Half-written"
            raise ValueError("a reply that does not render")

        Message._cc_test_fail = fail_halfway
        self.addCleanup(delattr, Message, "_cc_test_fail")
        handlers = [(5, "_cc_test_fail"), (10, "_apply_consent_keywords")]
        message = self._message(
            self.bob, channel="sms", provider_id=self.sandbox_sms.id, body_text="STOP"
        )
        with (
            patch.object(Message, "_inbound_handlers", lambda self: handlers),
            self.assertLogs("odoo.addons.cc_base.models.contact_centre_message_inbound") as logs,
        ):
            message._process_inbound()
        self.assertIn("a reply that does not render", "\n".join(logs.output))
        self.assertTrue(message.exists())
        self.assertEqual(self.bob.name, "Bob", "the failed handler's work is undone")
        self.assertTrue(self.bob.opt_out_sms, "the next handler still ran")

    def test_only_the_opt_in_keyword_opts_back_in(self):
        self._receive(self.bob, "STOP")
        self._receive(self.bob, "Hello, where is my parcel?")
        self.assertTrue(self.bob.opt_out_sms, "an ordinary message does not opt back in")
        self._receive(self.bob, "start")
        self.assertFalse(self.bob.opt_out_sms)
        self.assertTrue(self.bob.opt_in_sms)

    def test_keywords_are_per_channel(self):
        self._receive(self.alice, "STOP", channel="whatsapp")
        self.assertTrue(self.alice.opt_out_whatsapp)
        self.assertFalse(self.alice.opt_out_sms)
