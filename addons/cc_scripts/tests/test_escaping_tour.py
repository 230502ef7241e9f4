import time
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.common import GROUP_AGENT
from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

NAME = hostile("Mallory")
SCRIPT = hostile("Prices")
CATEGORY = hostile("Sales")
TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestScriptsEscapingTour(HttpCase):
    """Issue #11's security probe for scripts: a script's name, its
    category's and a customer's name, filled into the script's text, made of
    HTML and script show as text in the scripts beside a conversation, the
    composer's ":" suggestions and the scripts' list (the tour says which)."""

    def test_hostile_script_texts_are_text_in_every_view(self):
        agent = new_test_user(
            self.env,
            login="escaping_scripts_agent",
            groups=f"base.group_user,{GROUP_AGENT}",
            name="Escaping Scripts Agent",
        )
        self.env["contact.centre.script"].search([]).active = False
        category = self.env["contact.centre.script.category"].create({"name": CATEGORY})
        self.env["contact.centre.script"].create(
            {
                "name": SCRIPT,
                "category_id": category.id,
                "script_type": "pricing",
                "trigger_keywords": "price",
                "content_html": "<p>{{ object.name }}, our plan costs 29 € a month.</p>",
            }
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": "Escaping Scripts Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "escaping-scripts-1",
                    "from": "+32470998877",
                    "name": NAME,
                    "text": "What is the price?",
                    "timestamp": int(time.time()),
                }
            ]
        )._process()
        conversation = (
            self.env["contact.centre.message"]
            .search([("external_message_id", "=", "escaping-scripts-1")])
            .conversation_id
        )
        self.assertEqual(conversation.cc_contact_id.name, NAME)
        conversation._cc_assign(agent)
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_scripts_escaping",
            login=agent.login,
        )
        self.start_tour(
            "/odoo/action-cc_scripts.contact_centre_script_action",
            "cc_scripts_escaping_list",
            login=agent.login,
        )
        report_escaping("scripts", TOUR_FILE)
