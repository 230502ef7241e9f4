from pathlib import Path

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestCampaignDashboardEscapingTour(HttpCase):
    """Issue #11's security probe for the campaigns' dashboard: a running
    campaign whose name is HTML and script shows it as text on the
    Overview and in the Campaign Performance pivot and graph tooltip."""

    def test_hostile_campaign_name_is_text_on_the_dashboard(self):
        contact = self.env["res.partner"].create(
            {"name": "Escaping Recipient", "sms_number": "+32 470 99 00 55"}
        )
        provider = self.env["contact.centre.provider"].create(
            {"name": "Escaping SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )
        campaign = self.env["contact.centre.campaign"].create(
            {"name": hostile("Sale"), "channel": "sms", "message_body": "Hi!"}
        )
        campaign.write({"state": "running", "start_date": fields.Datetime.now()})
        self.env["contact.centre.message"].create(
            {
                "contact_id": contact.id,
                "channel": "sms",
                "direction": "outbound",
                "status": "sent",
                "provider_id": provider.id,
                "campaign_id": campaign.id,
                "body_text": "Hi!",
            }
        )
        self.start_tour(
            "/odoo/action-cc_dashboard.contact_centre_overview_action",
            "cc_dashboard_campaign_escaping",
            login="admin",
        )
        report_escaping("campaign dashboard", TOUR_FILE)
