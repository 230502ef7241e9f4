from unittest.mock import patch

from odoo.tests import tagged

from .common import ScriptsCommon


@tagged("post_install", "-at_install")
class TestRanking(ScriptsCommon):
    """The agent sees first the scripts that fit the conversation."""

    def _answered(self):
        """The agent has already answered: the stage suggests nothing."""
        self._say("Hi, I am Sam from the shop", direction="outbound")

    def test_customer_words_suggest_scripts(self):
        self._answered()
        self._say("How MUCH would that be?")
        self.assertEqual(self._ranking()[0], self.pricing)
        self._say("And where is my parcel?")
        ranking = self._ranking()
        # Both of the customer's questions are answered first, by sequence.
        self.assertEqual(ranking[:2].ids, [self.pricing.id, self.delivery.id])

    def test_keywords_ignore_accents_and_case_but_need_whole_words(self):
        self._answered()
        self._say("Quel est votre TÂRIF ?")
        self.assertEqual(self._ranking()[0], self.pricing)
        self._say("This is priceless, the hint was very helpful")
        self._say("Ordering was easy")
        self._say("Have a nice day")
        _scripts, scores = self.Script.get_relevant_scripts(self.conversation)
        # "priceless", "Ordering" are not "price" nor "order", and the TARIF
        # message is older than the three latest.
        self.assertFalse(any(scores.values()), scores)
        self.assertEqual(self._ranking()[0], self.greeting)

    def test_contact_tags_suggest_scripts(self):
        self._answered()
        self.assertEqual(self._ranking()[0], self.greeting)
        self.alice.contact_centre_tag_ids = self.vip_tag
        self.assertEqual(self._ranking()[0], self.vip)

    def test_new_conversation_suggests_a_greeting_resolved_a_closing(self):
        self._say("Good morning")
        self.closing.sequence = 1
        self.assertEqual(self._ranking()[0], self.greeting)
        self._answered()
        self.assertEqual(self._ranking()[0], self.closing)
        self.conversation.action_cc_resolve()
        self.closing.sequence = 99
        self.assertEqual(self._ranking()[0], self.closing)

    def test_customer_words_weigh_more_than_the_stage(self):
        self._say("Good evening, what is the price of the blue one?")
        ranking = self._ranking()
        self.assertEqual(ranking[:2].ids, [self.pricing.id, self.greeting.id])

    def test_campaign_scripts_come_first_through_the_hook(self):
        self._answered()

        def campaign_matches(scripts, conversation):
            self.assertEqual(conversation, self.conversation)
            return scripts & self.delivery

        with patch.object(type(self.Script), "_campaign_matches", campaign_matches):
            self.assertEqual(self._ranking()[0], self.delivery)
        self.assertFalse(self.Script._campaign_matches(self.conversation))

    def test_ties_go_by_sequence_then_usage(self):
        self._answered()
        self.pricing.sequence = self.delivery.sequence = 5
        self.assertEqual(self._ranking()[:2].ids, [self.pricing.id, self.delivery.id])
        self.delivery.with_user(self.agent).increment_usage()
        self.assertEqual(self._ranking()[:2].ids, [self.delivery.id, self.pricing.id])
        self.pricing.sequence = 4
        self.assertEqual(self._ranking()[:2].ids, [self.pricing.id, self.delivery.id])

    def test_panel_lists_suggested_scripts_first_rendered_for_the_contact(self):
        self._answered()
        self._say("What's the price?")
        panel = self.Script.with_user(self.manager).get_panel_scripts(self.conversation.id)
        self.assertEqual(panel[0]["id"], self.pricing.id)
        self.assertTrue(panel[0]["suggested"])
        self.assertEqual(panel[0]["text"], "Pricing for Alice")
        self.assertEqual(panel[0]["category"], "Test Scripts")
        self.assertIn("Pricing for Alice", panel[0]["preview_html"])
        self.assertFalse(any(line["suggested"] for line in panel[1:]))
        self.assertEqual(len(panel), 5)
