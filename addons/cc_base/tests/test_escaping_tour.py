import time
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_AGENT
from .hostile_markup import hostile, report_escaping

# What a customer may write, in a message and as their name.
TEXT = "Hi " + hostile("there")
NAME = hostile("Mallory")
TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestEscapingTour(HttpCase):
    """Issue #11's security probe in the browser: HTML and script in an
    inbound message and a contact name stay text in every view an agent
    opens (the tour says which)."""

    def test_customer_html_is_text_in_every_view(self):
        agent = new_test_user(
            self.env, login="escaping_agent", groups=f"base.group_user,{GROUP_AGENT}"
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": "Escaping Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "escaping-1",
                    "from": "+32470998866",
                    "name": NAME,
                    "text": TEXT,
                    "timestamp": int(time.time()),
                }
            ]
        )._process()
        message = self.env["contact.centre.message"].search(
            [("external_message_id", "=", "escaping-1")]
        )
        self.assertEqual(
            (message.body_text, message.contact_id.name), (TEXT, NAME), "kept as written"
        )
        message.conversation_id._cc_assign(agent)
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{message.conversation_id.id}",
            "cc_base_escaping",
            login=agent.login,
        )
        report_escaping("Discuss, Inbox, messages, contacts", TOUR_FILE)
