from pathlib import Path

from odoo.tests import HttpCase, tagged

from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

NAME = hostile("Mallory")
CODE = hostile("code")
TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestCampaignEscapingTour(HttpCase):
    """Issue #11's security probe for campaigns: a campaign's name, a
    template parameter's value and a recipient's name (another parameter)
    made of HTML and script show as text in the campaigns' overview, the
    campaign's preview and parameters, and its messages (the tour says
    which)."""

    def test_hostile_campaign_texts_are_text_in_every_view(self):
        self.env.company.cc_quiet_hours = False
        self.env["contact.centre.provider"].search([]).state = "disabled"
        self.env["contact.centre.provider"].create(
            {
                "name": "Escaping WhatsApp",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
                "rate_limit": 0,
            }
        )
        contact = self.env["res.partner"].create({"name": NAME, "whatsapp_number": "+32470990077"})
        template = self.env["contact.centre.template"].create(
            {
                "name": "Escaping probe",
                "channel": "whatsapp",
                "body": "Hi {{1}}, your code is {{2}}.",
            }
        )
        campaign = self.env["contact.centre.campaign"].create(
            {
                "name": hostile("Sale"),
                "channel": "whatsapp",
                "contact_ids": [(6, 0, contact.ids)],
                "use_template": True,
                "template_id": template.id,
            }
        )
        campaign.template_param_ids.filtered(lambda p: p.position == 1).field_name = "name"
        campaign.template_param_ids.filtered(lambda p: p.position == 2).default_value = CODE
        campaign.action_start()
        self.env["contact.centre.campaign"]._cron_run_campaigns()
        self.assertEqual(
            campaign.message_ids.body_text,
            f"Hi {NAME}, your code is {CODE}.",
            "the message carries the parameters as written",
        )
        self.start_tour(
            "/odoo/action-cc_campaign.contact_centre_campaign_action_overview",
            "cc_campaign_escaping",
            login="admin",
        )
        report_escaping("campaigns", TOUR_FILE)
