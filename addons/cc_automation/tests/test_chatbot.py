from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AutomationCommon


@tagged("post_install", "-at_install")
class TestChatbot(AutomationCommon):
    """A small flow: greet, ask for the department (sales or support), for
    sales ask the email, for support hand over to an agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flow = cls.Chatbot.create({"name": "Welcome", "timeout_minutes": 30})
        Step = cls.env["contact.centre.chatbot.step"]

        def step(sequence, step_type, message, **values):
            return Step.create(
                {
                    "chatbot_id": cls.flow.id,
                    "sequence": sequence,
                    "step_type": step_type,
                    "message": message,
                    **values,
                }
            )

        cls.hello = step(10, "message", "Hello {{ object.name }}!")
        cls.menu = step(20, "question", "What do you need?")
        cls.email = step(
            30,
            "input",
            "Your email, please?",
            input_validation="email",
            input_field_id=cls.env.ref("base.field_res_partner__email").id,
            retry_message="That is not an email address.",
        )
        cls.bye = step(40, "end", "Thank you, we will write to you.")
        cls.agent_step = step(50, "handover", "An agent is coming.")
        cls.menu.option_ids = [
            Command.create({"name": "Sales", "sequence": 1}),
            Command.create({"name": "Support", "sequence": 2, "next_step_id": cls.agent_step.id}),
        ]
        cls.sales, cls.support = cls.menu.option_ids
        cls.automation = cls.Automation.create(
            {
                "name": "Welcome flow",
                "automation_type": "chatbot",
                "chatbot_id": cls.flow.id,
                "trigger_type": "keyword",
                "trigger_keywords": "hello, menu",
            }
        )

    def _session(self, contact):
        return self.env["contact.centre.chatbot.session"].search(
            [("conversation_id.cc_contact_id", "=", contact.id)], limit=1
        )

    def test_whatsapp_reply_buttons_and_branch_to_handover(self):
        self._receive(self.alice, "Hello", channel="whatsapp")
        greeting, question = self._replies(self.alice)
        self.assertEqual(greeting.body_text, "Hello Alice!")
        self.assertEqual(question.message_type, "interactive")
        payload = question.interactive_payload
        self.assertEqual(payload["kind"], "buttons")
        self.assertEqual(payload["text"], "What do you need?", "the question, for providers")
        self.assertEqual([option["title"] for option in payload["options"]], ["Sales", "Support"])
        self.assertIn("1. Sales\n2. Support", question.body_text, "the text fallback")
        # The customer taps "Support": the provider hands back the button's id.
        answer = self._receive(self.alice, payload["options"][1]["id"], channel="whatsapp")
        self.assertEqual(answer.handled_by, "automation")
        self.assertEqual(self._replies(self.alice)[-1].body_text, "An agent is coming.")
        session = self._session(self.alice)
        self.assertEqual(session.state, "handover")
        self.assertEqual(session.answer_ids.value, "Support")
        conversation = session.conversation_id
        self.assertTrue(conversation.cc_automation_paused)
        note = conversation.message_ids.filtered(lambda m: m.message_type == "notification")[:1]
        self.assertIn("Support", str(note.body), "the agent sees the answers so far")
        self._receive(self.alice, "Hello?", channel="whatsapp")
        self.assertEqual(len(self._replies(self.alice)), 3, "the bot is silent after handover")

    def test_whatsapp_list_beyond_three_options(self):
        self.menu.option_ids = [Command.create({"name": f"Choice {n}"}) for n in range(2)]
        self._receive(self.alice, "menu", channel="whatsapp")
        payload = self._replies(self.alice)[-1].interactive_payload
        self.assertEqual(payload["kind"], "list")
        self.assertEqual(len(payload["options"]), 4)
        self.assertEqual(payload["button"], "Choose")

    def test_sms_numbered_options_input_validation_and_end(self):
        self._receive(self.bob, "hello")
        question = self._replies(self.bob)[-1]
        self.assertEqual(question.message_type, "text")
        self.assertFalse(question.interactive_payload)
        self.assertEqual(question.body_text, "What do you need?\n1. Sales\n2. Support")
        self._receive(self.bob, "1")
        self.assertEqual(self._replies(self.bob)[-1].body_text, "Your email, please?")
        self._receive(self.bob, "bob at example")
        retry, asked_again = self._replies(self.bob)[-2:]
        self.assertEqual(retry.body_text, "That is not an email address.")
        self.assertEqual(asked_again.body_text, "Your email, please?")
        self.assertFalse(self.bob.email)
        self._receive(self.bob, "Bob@Example.com")
        self.assertEqual(self.bob.email, "bob@example.com")
        self.assertEqual(self._replies(self.bob)[-1].body_text, "Thank you, we will write to you.")
        session = self._session(self.bob)
        self.assertEqual(session.state, "done")
        self.assertEqual(session.answer_ids.mapped("value"), ["Sales", "bob@example.com"])

    def test_the_editor_shows_where_each_answer_leads(self):
        self.assertEqual(self.hello.branches, "→ What do you need?")
        self.assertEqual(
            self.menu.branches, "Sales → Your email, please? · Support → An agent is coming."
        )
        self.assertEqual(self.email.branches, "→ Thank you, we will write to you.")
        self.assertFalse(self.agent_step.branches)

    def test_sms_option_by_its_text(self):
        self._receive(self.bob, "hello")
        self._receive(self.bob, "support!")
        self.assertEqual(self._session(self.bob).state, "handover")

    def test_unexpected_answers_retry_then_hand_over(self):
        self.flow.retry_limit = 1
        self._receive(self.bob, "hello")
        self._receive(self.bob, "7")
        self.assertEqual(
            self._replies(self.bob)[-2].body_text, "Please answer with the number of your choice."
        )
        self.assertEqual(self._session(self.bob).state, "running")
        self._receive(self.bob, "banana")
        self.assertEqual(self._session(self.bob).state, "handover")

    def test_talk_to_a_person_at_any_step(self):
        self._receive(self.bob, "hello")
        self._receive(self.bob, "I want to talk to a real person")
        self.assertEqual(self._session(self.bob).state, "handover")
        self.assertEqual(self._replies(self.bob)[-1].body_text, self.flow.handover_message)

    def test_restart_keyword(self):
        self._receive(self.bob, "hello")
        self._receive(self.bob, "1")
        self._receive(self.bob, "restart")
        last_two = self._replies(self.bob)[-2:]
        self.assertEqual(last_two.mapped("body_text")[0], "Hello Bob!")
        session = self._session(self.bob)
        self.assertEqual(session.step_id, self.menu)
        self.assertFalse(session.answer_ids)

    def test_opting_out_ends_the_flow(self):
        self._receive(self.bob, "hello")
        session = self._session(self.bob)
        self._receive(self.bob, "STOP")
        self.assertEqual(session.state, "done")
        self._receive(self.bob, "START")
        self._receive(self.bob, "1")
        self.assertFalse(self._session(self.bob).answer_ids, "the old questions are not resumed")

    def test_timeout_ends_the_flow_politely(self):
        self._receive(self.bob, "hello")
        session = self._session(self.bob)
        session.last_activity_at = fields.Datetime.now() - timedelta(minutes=20)
        session._cron_time_out()
        self.assertEqual(session.state, "running")
        session.last_activity_at = fields.Datetime.now() - timedelta(minutes=31)
        session._cron_time_out()
        self.assertEqual(session.state, "timeout")
        self.assertEqual(self._replies(self.bob)[-1].body_text, self.flow.timeout_message)
        # The next message starts afresh.
        self._receive(self.bob, "hello")
        self.assertEqual(self._session(self.bob).state, "running")

    def test_a_loop_of_steps_that_never_wait_ends(self):
        self.hello.next_step_id = self.bye
        self.bye.write({"step_type": "message", "next_step_id": self.hello.id})
        self._receive(self.bob, "hello")
        self.assertEqual(
            self._replies(self.bob).mapped("body_text"),
            ["Hello Bob!", "Thank you, we will write to you."],
        )
        self.assertEqual(self._session(self.bob).state, "done")

    def test_a_flow_refused_by_the_gate_does_not_start(self):
        self.bob.opt_out_sms = True
        message = self._receive(self.bob, "hello")
        self.assertFalse(self._session(self.bob))
        self.assertFalse(message.handled_by)

    def test_answers_are_for_managers_and_the_conversation(self):
        self._receive(self.bob, "hello")
        self._receive(self.bob, "2")
        session = self._session(self.bob)
        self.assertEqual(session.with_user(self.manager).answer_ids.value, "Support")
        with self.assertRaises(AccessError):
            session.with_user(self.agent).read(["state"])
        with self.assertRaises(AccessError):
            self.flow.with_user(self.agent).write({"name": "Mine"})

    def test_a_running_flow_answers_before_keyword_automations(self):
        self.Automation.create(
            {
                "name": "Numbers",
                "automation_type": "keyword_response",
                "trigger_keywords": "1",
                "response_message": "One?",
                "priority": 1,
            }
        )
        self._receive(self.bob, "hello")
        self._receive(self.bob, "1")
        self.assertEqual(self._replies(self.bob)[-1].body_text, "Your email, please?")
