from pathlib import Path

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.common import GROUP_MANAGER
from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

FLOW = hostile("Flow")
GREETING = hostile("Welcome")
OPTION = hostile("Sales")
CUSTOMER = hostile("Mallory")
TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestAutomationEscapingTour(HttpCase):
    """Issue #11's security probe for chatbot flows: a flow's name, a step's
    text, an option's title and what the customer writes, made of HTML and
    script, show as text in the flows' list, the flow's form and the test
    dialog's transcript (the tour says which)."""

    def test_hostile_flow_texts_are_text_in_every_view(self):
        manager = new_test_user(
            self.env,
            login="escaping_cc_manager",
            groups=f"base.group_user,{GROUP_MANAGER}",
            name="Escaping Manager",
        )
        self.env["contact.centre.provider"].create(
            {
                "name": "Escaping Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        flow = self.env["contact.centre.chatbot"].create(
            {
                "name": FLOW,
                "step_ids": [
                    Command.create({"sequence": 1, "step_type": "message", "message": GREETING}),
                    Command.create(
                        {
                            "sequence": 2,
                            "step_type": "question",
                            "message": "Sales or support?",
                            "option_ids": [
                                Command.create({"name": OPTION}),
                                Command.create({"name": "Support"}),
                            ],
                        }
                    ),
                ],
            }
        )
        self.start_tour(
            "/odoo/action-cc_automation.contact_centre_chatbot_action",
            "cc_automation_escaping",
            login=manager.login,
        )
        inbound = flow.session_ids.conversation_id.cc_message_ids.filtered(
            lambda message: message.direction == "inbound"
        )
        self.assertEqual(inbound.body_text, CUSTOMER, "the customer's text arrived as written")
        report_escaping("chatbot flows", TOUR_FILE)
