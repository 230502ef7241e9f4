from odoo.tests import tagged

from odoo.addons.cc_scripts.tests.common import ScriptsCommon


@tagged("post_install", "-at_install")
class TestCampaignRanking(ScriptsCommon):
    """A customer answering a campaign is met with the campaign's script."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Campaign = cls.env["contact.centre.campaign"]
        cls.spring = Campaign.create({"name": "Spring sale", "channel": "whatsapp"})
        cls.autumn = Campaign.create({"name": "Autumn sale", "channel": "whatsapp"})
        cls.vip.campaign_ids = cls.spring

    def test_the_campaigns_script_comes_first_where_its_message_was_answered(self):
        self._say("Spring sale: 20% off this week", direction="outbound").campaign_id = self.spring
        self._say("Is it for everything?")
        self.assertEqual(self._ranking()[0], self.vip)

    def test_another_campaigns_conversation_gets_no_campaign_script(self):
        self._say("Autumn sale", direction="outbound").campaign_id = self.autumn
        self._say("Is it for everything?")
        _scripts, scores = self.Script.get_relevant_scripts(self.conversation)
        self.assertFalse(scores[self.vip])

    def test_scripts_name_their_campaigns_in_the_form(self):
        self.assertIn(self.vip, self.Script.search([("campaign_ids", "=", self.spring.id)]))
