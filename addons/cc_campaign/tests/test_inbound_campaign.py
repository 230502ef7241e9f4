from odoo.tests import tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install")
class TestInboundCampaign(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["contact.centre.tag"].create({"name": "Club"})
        cls.club = cls.Campaign.with_user(cls.manager).create(
            {
                "name": "Club",
                "campaign_type": "inbound",
                "channel": "sms",
                "keyword": "Join",
                "tag_ids": [cls.tag.id],
                "reply_body": "Welcome {{ object.name }}!",
            }
        )
        cls.club.with_user(cls.manager).action_start()

    def _answers(self, contact):
        return self.Message.search(
            [("contact_id", "=", contact.id), ("direction", "=", "outbound")]
        )

    def test_keyword_joins_the_campaign(self):
        message = self._reply(self.bob, "join!")
        self.assertEqual(message.handled_by, "campaign_keyword")
        self.assertEqual(message.campaign_id, self.club)
        self.assertIn(self.tag, self.bob.contact_centre_tag_ids)
        self.assertTrue(self.bob.opt_in_sms)
        self.assertTrue(self.bob.opt_in_sms_date)
        self.assertIn(self.bob, self.club.contact_ids)
        self.assertIn(self.club, self.bob.campaign_ids)
        evidence = self.bob.message_ids.filtered(lambda m: "Opted in to SMS" in (m.body or ""))
        self.assertIn(message.name, evidence.body, "the opt-in cites the customer's message")
        answer = self._answers(self.bob)
        self.assertEqual((answer.body_text, answer.campaign_id), ("Welcome Bob!", self.club))
        self.assertEqual(answer.reply_to_message_id, message)
        self._send()
        self.assertEqual(answer.status, "sent")
        self.assertEqual(self.club.response_count, 1)

    def test_keyword_first_in_a_sentence_counts_once(self):
        self._reply(self.bob, "JOIN please")
        second = self._reply(self.bob, "Join")
        self.assertEqual(second.handled_by, "campaign_keyword")
        self.assertEqual(len(self._answers(self.bob)), 1, "answered once")

    def test_other_messages_and_stop_are_left_alone(self):
        self.assertFalse(self._reply(self.bob, "Joining you later").handled_by)
        stop = self._reply(self.carol, "STOP")
        self.assertEqual(stop.handled_by, "consent_keyword")
        self.assertFalse(stop.campaign_id)

    def test_paused_or_other_channel_campaign_does_not_listen(self):
        self.assertFalse(self._reply(self.alice, "JOIN", channel="whatsapp").handled_by)
        self.club.with_user(self.manager).action_pause()
        self.assertFalse(self._reply(self.bob, "JOIN").handled_by)
