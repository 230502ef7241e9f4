from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCampaignTour(HttpCase):
    """A manager builds a campaign in the browser and starts it; the runner
    then queues its messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.cc_quiet_hours = False
        cls.env["contact.centre.provider"].search([]).state = "disabled"
        cls.env["contact.centre.provider"].create(
            {"name": "Tour SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )
        cls.audience = cls.env["res.partner"].create(
            [
                {"name": "Tour Ann", "comment": "tour audience", "sms_number": "+32470990001"},
                {"name": "Tour Ben", "comment": "tour audience", "sms_number": "+32470990002"},
            ]
        )

    def test_build_preview_and_start(self):
        self.start_tour(
            "/odoo/action-cc_campaign.contact_centre_campaign_action_overview?debug=1",
            "cc_campaign_build_and_start",
            login="admin",
        )
        campaign = self.env["contact.centre.campaign"].search([("name", "=", "Tour spring sale")])
        self.assertEqual((campaign.state, campaign.channel), ("running", "sms"))
        self.env["contact.centre.campaign"]._cron_run_campaigns()
        self.assertEqual(
            sorted(campaign.message_ids.mapped("body_text")),
            ["Hello Tour Ann, spring is here!", "Hello Tour Ben, spring is here!"],
        )
