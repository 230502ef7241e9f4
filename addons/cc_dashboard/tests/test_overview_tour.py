from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOverviewTour(HttpCase):
    """A manager opens the Overview, changes its period and follows a card
    to its list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Tour Dashboard Contact", "whatsapp_number": "+32 470 98 76 54"}
        )
        provider = cls.env["contact.centre.provider"].create(
            {"name": "Tour Dashboard", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )
        cls.env["contact.centre.message"].create(
            {
                "contact_id": contact.id,
                "channel": "whatsapp",
                "direction": "inbound",
                "provider_id": provider.id,
                "body_text": "Tour: ten days ago",
                "message_timestamp": fields.Datetime.now() - timedelta(days=10),
            }
        )

    def test_overview_tour(self):
        self.start_tour(
            "/odoo/action-cc_dashboard.contact_centre_overview_action",
            "cc_dashboard_overview",
            login="admin",
        )
