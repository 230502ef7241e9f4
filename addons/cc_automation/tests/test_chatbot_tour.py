from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.common import GROUP_MANAGER


@tagged("post_install", "-at_install")
class TestChatbotTour(HttpCase):
    def test_manager_builds_a_flow_and_tests_it_in_the_sandbox(self):
        new_test_user(
            self.env,
            login="tour_cc_manager",
            groups=f"base.group_user,{GROUP_MANAGER}",
            name="Tour Manager",
        )
        self.env["contact.centre.provider"].create(
            {"name": "Tour Sandbox", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )
        self.start_tour(
            "/odoo/action-cc_automation.contact_centre_chatbot_action",
            "cc_automation_chatbot_flow",
            login="tour_cc_manager",
        )
        flow = self.env["contact.centre.chatbot"].search([("name", "=", "Tour flow")])
        self.assertEqual(flow.step_ids.mapped("step_type"), ["message", "question"])
        session = flow.session_ids
        self.assertEqual(session.state, "done")
        self.assertEqual(session.answer_ids.value, "Support")
        self.assertEqual(session.channel, "whatsapp")
        question = session.conversation_id.cc_message_ids.filtered(lambda m: m.interactive_payload)
        self.assertEqual(question.interactive_payload["kind"], "buttons")
