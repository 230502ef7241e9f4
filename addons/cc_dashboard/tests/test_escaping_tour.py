from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.common import GROUP_AGENT
from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestDashboardEscapingTour(HttpCase):
    """Issue #11's security probe on the dashboard: an agent's name, a
    contact's name, a provider account's name and a customer's text made of
    HTML and script stay text on the Overview and in the reports' pivot,
    graph and list views (the tour says which)."""

    def test_hostile_names_and_texts_are_text_on_the_dashboard(self):
        agent = new_test_user(
            self.env,
            login="escaping_dashboard_agent",
            groups=f"base.group_user,{GROUP_AGENT}",
            name=hostile("Eve"),
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": hostile("Desk"),
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        contact = self.env["res.partner"].create(
            {"name": hostile("Mallory"), "whatsapp_number": "+32 470 99 88 11"}
        )
        conversation = self.env["discuss.channel"]._cc_conversation_for(contact, provider)
        conversation._cc_assign(agent)
        now = fields.Datetime.now()
        values = {
            "contact_id": contact.id,
            "channel": "whatsapp",
            "provider_id": provider.id,
            "conversation_id": conversation.id,
        }
        self.env["contact.centre.message"].create(
            [
                dict(
                    values,
                    direction="inbound",
                    body_text=hostile("there"),
                    message_timestamp=now - timedelta(minutes=10),
                ),
                dict(
                    values,
                    direction="outbound",
                    status="sent",
                    body_text=hostile("answer"),
                    message_timestamp=now - timedelta(minutes=5),
                ),
            ]
        )
        response = self.env["contact.centre.response"].search(
            [("conversation_id", "=", conversation.id)]
        )
        self.assertEqual(response.agent_id, agent, "the reports have the agent's answer")
        self.start_tour(
            "/odoo/action-cc_dashboard.contact_centre_overview_action",
            "cc_dashboard_escaping",
            login="admin",
        )
        report_escaping("dashboard", TOUR_FILE)
