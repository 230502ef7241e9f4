from odoo.tests import BaseCase, tagged

from ..tools.keywords import contains_phrase, keyword_words
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestKeywordTools(BaseCase):
    def test_words_ignore_accents_case_and_punctuation(self):
        self.assertEqual(keyword_words("Horaires d'ouverture ?"), ("HORAIRES", "D", "OUVERTURE"))
        self.assertEqual(keyword_words("  ¿Qué HORARIO?"), ("QUE", "HORARIO"))

    def test_phrases_match_whole_words_only(self):
        words = keyword_words("Hello, what are your opening hours please?")
        self.assertTrue(contains_phrase(words, "opening hours"))
        self.assertTrue(contains_phrase(words, "HOURS"))
        self.assertFalse(contains_phrase(words, "hour"))
        self.assertFalse(contains_phrase(words, "hours opening"))
        self.assertFalse(contains_phrase(words, " ? "))


@tagged("post_install", "-at_install")
class TestInteractivePayload(ContactCentreCommon):
    def test_interactive_choices_travel_with_the_queued_message(self):
        payload = {
            "kind": "buttons",
            "options": [{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}],
        }
        message = self._queue(
            self.bob,
            channel="sms",
            body_text="Shall we call you?\n1. Yes\n2. No",
            message_type="interactive",
            interactive_payload=payload,
        )
        self.Message._cron_send_queued()
        self.assertEqual(message.status, "sent")
        self.assertEqual(message.interactive_payload, payload)
        self.assertFalse(message.copy().interactive_payload)
