from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AutomationCommon

# Monday 5 January 2026, Brussels is UTC+1.
MONDAY_10_BRUSSELS = datetime(2026, 1, 5, 9, 0)
MONDAY_20_BRUSSELS = datetime(2026, 1, 5, 19, 0)
SATURDAY_10_BRUSSELS = datetime(2026, 1, 10, 9, 0)


@tagged("post_install", "-at_install")
class TestTriggers(AutomationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_reply = cls.Automation.create(
            {
                "name": "We are open",
                "channel": "sms",
                "trigger_type": "business_hours",
                "resource_calendar_id": cls.office_hours.id,
                "response_message": "An agent answers you shortly, {{ object.name }}.",
            }
        )
        cls.closed_reply = cls.Automation.create(
            {
                "name": "We are closed",
                "channel": "sms",
                "trigger_type": "after_hours",
                "resource_calendar_id": cls.office_hours.id,
                "response_message": "We are closed, we answer you tomorrow.",
            }
        )

    def test_business_hours_answer_in_office_hours(self):
        self._receive(self.bob, "Hello", at=MONDAY_10_BRUSSELS)
        reply = self._replies(self.bob)
        self.assertEqual(reply.body_text, "An agent answers you shortly, Bob.")
        self.assertEqual(reply.automation_id, self.open_reply)
        self.assertEqual(self.open_reply.reply_count, 1)
        action = self.open_reply.with_user(self.manager).action_view_messages()
        self.assertEqual(self.Message.search(action["domain"]), reply)

    def test_after_hours_answer_in_the_evening_and_at_the_weekend(self):
        self._receive(self.bob, "Hello", at=MONDAY_20_BRUSSELS)
        self._receive(self.bob, "Anyone?", at=SATURDAY_10_BRUSSELS)
        replies = self._replies(self.bob)
        self.assertEqual(replies.mapped("automation_id"), self.closed_reply)
        self.assertEqual(len(replies), 2)

    def test_public_holiday_is_after_hours(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.office_hours.id,
                "date_from": datetime(2026, 1, 4, 23, 0),
                "date_to": datetime(2026, 1, 5, 22, 59),
            }
        )
        self._receive(self.bob, "Hello", at=MONDAY_10_BRUSSELS)
        self.assertEqual(self._replies(self.bob).automation_id, self.closed_reply)

    def test_hours_are_read_in_the_calendar_time_zone(self):
        # 9:00 UTC is 10:00 in Brussels but 4:00 in New York.
        self.office_hours.tz = "America/New_York"
        self._receive(self.bob, "Hello", at=MONDAY_10_BRUSSELS)
        self.assertEqual(self._replies(self.bob).automation_id, self.closed_reply)
        # 19:00 UTC is 14:00 in New York.
        self._receive(self.bob, "Hello again", at=MONDAY_20_BRUSSELS)
        self.assertEqual(self._replies(self.bob)[-1].automation_id, self.open_reply)

    def test_provider_account_hours_when_the_automation_has_none(self):
        night_shift = self.env["resource.calendar"].create(
            {
                "name": "Night shift",
                "tz": "Europe/Brussels",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {"name": "Monday night", "dayofweek": "0", "hour_from": 18, "hour_to": 23},
                    ),
                ],
            }
        )
        self.sandbox_sms.cc_business_hours_id = night_shift
        (self.open_reply | self.closed_reply).resource_calendar_id = False
        self._receive(self.bob, "Hello", at=MONDAY_20_BRUSSELS)
        self.assertEqual(self._replies(self.bob).automation_id, self.open_reply)

    def test_automations_restricted_to_other_accounts_stay_silent(self):
        (self.open_reply | self.closed_reply).provider_ids = self.sandbox_whatsapp
        self._receive(self.bob, "Hello", at=MONDAY_10_BRUSSELS)
        self.assertFalse(self._replies(self.bob))


@tagged("post_install", "-at_install")
class TestKeywords(AutomationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hours = cls.Automation.create(
            {
                "name": "Opening hours",
                "automation_type": "keyword_response",
                "trigger_keywords": "opening hours, horaires, horario",
                "response_message": "We are open from 8:00 to 17:00.",
                "priority": 10,
            }
        )
        cls.info = cls.Automation.create(
            {
                "name": "Information",
                "automation_type": "keyword_response",
                "trigger_keywords": "info",
                "response_message": "See our website.",
                "priority": 20,
            }
        )

    def test_keyword_response_sets_a_keyword_trigger(self):
        self.assertEqual(self.hours.trigger_type, "keyword")

    def test_case_accents_and_punctuation_do_not_count(self):
        for text in ("Quels sont vos HORAIRES ?", "¿Cuál es su horário?", "opening hours!!"):
            with self.subTest(text=text):
                message = self._receive(self.bob, text)
                self.assertEqual(self._replies(self.bob)[-1].reply_to_message_id, message)
                self.assertEqual(message.handled_by, "automation")

    def test_only_whole_words_and_phrases_match(self):
        self._receive(self.bob, "I need information about hours of opening")
        self.assertFalse(self._replies(self.bob))

    def test_first_by_priority_answers_alone(self):
        self._receive(self.bob, "info about your opening hours please")
        reply = self._replies(self.bob)
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.automation_id, self.hours)
        self.info.priority = 1
        self._receive(self.alice, "info about your opening hours please", channel="whatsapp")
        self.assertEqual(self._replies(self.alice).automation_id, self.info)

    def test_opt_out_keyword_is_not_answered_by_an_automation(self):
        self.Automation.create({"name": "Catch all", "response_message": "Thanks!", "priority": 99})
        message = self._receive(self.bob, "STOP")
        self.assertEqual(message.handled_by, "consent_keyword")
        self.assertEqual(len(self._replies(self.bob)), 1, "only the opt-out confirmation")
        self.assertFalse(self._replies(self.bob).automation_id)

    def test_a_keyword_rule_needs_keywords(self):
        with self.assertRaises(ValidationError):
            self.Automation.create(
                {"name": "Empty", "trigger_type": "keyword", "response_message": "Hi"}
            )


@tagged("post_install", "-at_install")
class TestAnswers(AutomationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["contact.centre.template"].create(
            {
                "name": "Back soon",
                "channel": "whatsapp",
                "body": "Hello {{ object.name }}, write again.",
            }
        )
        cls.reply = cls.Automation.create(
            {
                "name": "Welcome",
                "response_message": "Hello {{ object.name }}!",
                "response_template_id": cls.template.id,
            }
        )

    def test_free_text_inside_the_window(self):
        self._receive(self.alice, "Hi", channel="whatsapp")
        reply = self._replies(self.alice)
        self.assertEqual(reply.body_text, "Hello Alice!")
        self.assertFalse(reply.template_id)
        self.Message._cron_send_queued()
        self.assertEqual(reply.status, "sent")

    def test_only_the_template_outside_the_window(self):
        # The provider delivered a two-day-old message: the window is closed.
        self._receive(self.alice, "Hi", channel="whatsapp", at=datetime.now() - timedelta(days=2))
        reply = self._replies(self.alice)
        self.assertEqual(reply.template_id, self.template)
        self.assertEqual(reply.body_text, "Hello Alice, write again.")
        self.assertEqual(reply.status, "queued")

    def test_nothing_outside_the_window_without_a_template(self):
        self.reply.response_template_id = False
        message = self._receive(
            self.alice, "Hi", channel="whatsapp", at=datetime.now() - timedelta(days=2)
        )
        self.assertFalse(self._replies(self.alice))
        self.assertFalse(message.handled_by)

    def test_opted_out_contacts_get_nothing(self):
        self.alice.opt_out_whatsapp = True
        self._receive(self.alice, "Hi", channel="whatsapp")
        self.assertFalse(self._replies(self.alice))

    def test_the_answer_is_in_the_contact_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.reply.with_context(lang="fr_FR").response_message = "Bonjour {{ object.name }} !"
        self.bob.lang = "fr_FR"
        self._receive(self.bob, "Salut")
        self._receive(self.alice, "Hi", channel="whatsapp")
        self.assertEqual(self._replies(self.bob).body_text, "Bonjour Bob !")
        self.assertEqual(self._replies(self.alice).body_text, "Hello Alice!")

    def test_the_answer_shows_in_the_conversation(self):
        message = self._receive(self.alice, "Hi", channel="whatsapp")
        reply = self._replies(self.alice)
        self.assertEqual(reply.conversation_id, message.conversation_id)
        self.assertIn("Hello Alice!", str(reply.mail_message_id.body))


@tagged("post_install", "-at_install")
class TestProtections(AutomationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reply = cls.Automation.create({"name": "Thanks", "response_message": "Thanks!"})

    def test_our_own_echo_is_not_answered(self):
        self._receive(self.bob, "Hi")
        self._receive(self.bob, "Thanks!")
        self.assertEqual(len(self._replies(self.bob)), 1)

    def test_delivery_receipts_are_not_answered(self):
        self._receive(self.bob, "Hi")
        reply = self._replies(self.bob)
        self.Message._cron_send_queued()
        self.sandbox_sms.with_user(self.agent).action_sandbox_deliver_now()
        self.assertEqual(reply.status, "read")
        self.assertEqual(self._replies(self.bob), reply)

    def test_a_message_from_our_own_number_is_not_answered(self):
        self.sandbox_sms.sender = "+33698765432"
        self._receive(self.bob, "Hi")
        self.assertFalse(self._replies(self.bob))

    def test_flood_limit_per_conversation_and_hour(self):
        self.env["ir.config_parameter"].set_param("cc_automation.max_answers_per_hour", "3")
        for index in range(5):
            self._receive(self.bob, f"Message {index}")
        self.assertEqual(len(self._replies(self.bob)), 3)
        self._receive(self.alice, "Hi", channel="whatsapp")
        self.assertEqual(len(self._replies(self.alice)), 1, "the limit is per conversation")

    def test_agent_takeover_until_resolved(self):
        message = self._receive(self.bob, "Hi")
        conversation = message.conversation_id
        conversation.with_user(self.agent).action_cc_assign_to_me()
        self.assertTrue(conversation.cc_automation_paused)
        self._receive(self.bob, "Are you there?")
        self.assertEqual(len(self._replies(self.bob)), 1, "the agent answers, not the robot")
        conversation.with_user(self.agent).action_cc_resolve()
        self.assertFalse(conversation.cc_automation_paused)
        self._receive(self.bob, "One more question")
        self.assertEqual(len(self._replies(self.bob)), 2)

    def test_assigning_to_an_agent_takes_over_and_resume_lets_automations_answer(self):
        message = self._receive(self.bob, "Hi")
        conversation = message.conversation_id
        self.env["contact.centre.assign"].with_user(self.manager).create(
            {"conversation_ids": [Command.set(conversation.ids)], "agent_id": self.agent.id}
        ).action_assign()
        self.assertTrue(conversation.cc_automation_paused)
        self._receive(self.bob, "Still there?")
        self.assertEqual(len(self._replies(self.bob)), 1)
        conversation.with_user(self.agent).action_cc_resume_automations()
        self._receive(self.bob, "Hello again")
        self.assertEqual(len(self._replies(self.bob)), 2)

    def test_taking_a_message_takes_its_conversation_over(self):
        message = self._receive(self.bob, "Hi")
        message.with_user(self.agent).action_assign_to_me()
        self.assertTrue(message.conversation_id.cc_automation_paused)

    def test_an_agent_reply_takes_over(self):
        message = self._receive(self.alice, "Hi", channel="whatsapp")
        conversation = message.conversation_id
        conversation._cc_assign(self.agent)
        conversation.with_user(self.agent).message_post(
            body="I am on it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._commit_point()
        self.assertTrue(conversation.cc_automation_paused)
        self._receive(self.alice, "Great", channel="whatsapp")
        self.assertEqual(self._replies(self.alice).mapped("body_text"), ["Thanks!", "I am on it"])
