from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AutomationCommon


@tagged("post_install", "-at_install")
class TestChatbotTestButton(AutomationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flow = cls.Chatbot.create(
            {
                "name": "Quick",
                "step_ids": [
                    Command.create({"sequence": 1, "step_type": "message", "message": "Welcome!"}),
                    Command.create(
                        {
                            "sequence": 2,
                            "step_type": "question",
                            "message": "Yes or no?",
                            "option_ids": [
                                Command.create({"name": "Yes"}),
                                Command.create({"name": "No"}),
                            ],
                        }
                    ),
                ],
            }
        )

    def _wizard(self):
        action = self.flow.with_user(self.manager).action_test()
        return self.env[action["res_model"]].with_user(self.manager).browse(action["res_id"])

    def _send(self, wizard, text):
        """What the Send button does; the dialog then reads the wizard again."""
        wizard.text = text
        wizard.action_send()
        self.env.invalidate_all()

    def test_the_flow_answers_the_test_customer_in_the_sandbox(self):
        wizard = self._wizard()
        self.assertEqual(wizard.provider_id.code, "sandbox")
        self._send(wizard, "Hi")
        self.assertEqual(wizard.session_state, "running")
        self.assertIn("Welcome!", wizard.transcript_html)
        self.assertIn("Yes or no?", wizard.transcript_html)
        self._send(wizard, "yes")
        self.assertEqual(wizard.session_state, "done")
        self.assertEqual(wizard.session_id.answer_ids.value, "Yes")
        self.assertFalse(wizard.text)

    def test_restart_starts_a_new_session_with_a_clean_transcript(self):
        wizard = self._wizard()
        self._send(wizard, "Hi")
        first = wizard.session_id
        wizard.action_restart()
        self._send(wizard, "Hi again")
        self.assertNotEqual(wizard.session_id, first)
        self.assertEqual(first.state, "done")
        self.assertNotIn(">Hi<", str(wizard.transcript_html))
        self.assertIn("Hi again", wizard.transcript_html)

    def test_an_empty_message_is_refused(self):
        wizard = self._wizard()
        with self.assertRaises(UserError):
            wizard.action_send()

    def test_testing_needs_a_sandbox_account(self):
        self.env["contact.centre.provider"].search([("code", "=", "sandbox")]).state = "disabled"
        with self.assertRaises(UserError):
            self.flow.with_user(self.manager).action_test()
