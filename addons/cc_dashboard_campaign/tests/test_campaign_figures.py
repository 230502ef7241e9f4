from odoo import fields
from odoo.tests import tagged

from odoo.addons.cc_base.tests.common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestCampaignFigures(ContactCentreCommon):
    """A running SMS campaign to Alice, Bob and Carol: Alice's message was
    read, Bob's failed, Carol opted out (skipped); Alice wrote back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carol = cls.Partner.create({"name": "Carol", "sms_number": "+32 470 11 22 33"})
        cls.alice.sms_number = "+32 470 12 34 56"
        cls.campaign = cls.env["contact.centre.campaign"].create(
            {"name": "Dashboard spring sale", "channel": "sms", "message_body": "Hi!"}
        )
        cls.campaign.write({"state": "running", "start_date": fields.Datetime.now()})
        conversation = cls.env["discuss.channel"]._cc_conversation_for(cls.alice, cls.sandbox_sms)
        common = {
            "channel": "sms",
            "provider_id": cls.sandbox_sms.id,
            "campaign_id": cls.campaign.id,
        }
        cls.to_alice = cls._message(
            cls.alice,
            direction="outbound",
            status="read",
            conversation_id=conversation.id,
            **common,
        )
        cls._message(
            cls.bob, direction="outbound", status="failed", failure_type="credit", **common
        )
        cls._message(
            cls.carol, direction="outbound", status="failed", failure_type="opted_out", **common
        )
        cls.alice_reply = cls._message(cls.alice, direction="inbound", **common)

    def test_campaign_message_answers_nobody(self):
        conversation = self.to_alice.conversation_id
        asked = self._message(
            self.alice,
            channel="sms",
            provider_id=self.sandbox_sms.id,
            conversation_id=conversation.id,
        )
        self._message(
            self.alice,
            channel="sms",
            direction="outbound",
            status="sent",
            provider_id=self.sandbox_sms.id,
            conversation_id=conversation.id,
            campaign_id=self.campaign.copy({"name": "Dashboard follow-up"}).id,
        )
        Response = self.env["contact.centre.response"]
        self.assertFalse(Response.search([("inbound_message_id", "=", asked.id)]))

    def test_overview_shows_running_campaigns_with_their_funnel(self):
        overview = (
            self.env["contact.centre.dashboard"]
            .with_user(self.manager)
            .get_overview({"period": "today"})
        )
        [campaign] = [c for c in overview["campaigns"] if c["id"] == self.campaign.id]
        funnel = {stage["key"]: stage["value"] for stage in campaign["funnel"]}
        self.assertEqual(
            funnel,
            {
                "targeted_count": 3,
                "skipped_count": 1,
                "sent_count": 1,
                "delivered_count": 1,
                "read_count": 1,
                "response_count": 1,
                "failed_count": 1,
            },
        )
        self.assertEqual(campaign["response_rate"], 100.0)
        whatsapp = self.env["contact.centre.dashboard"].get_overview(
            {"period": "today", "channel": "whatsapp"}
        )
        self.assertNotIn(self.campaign.id, [c["id"] for c in whatsapp["campaigns"]])

    def test_campaign_performance_report(self):
        measures = [
            "targeted_count",
            "skipped_count",
            "sent_count",
            "delivered_count",
            "read_count",
            "failed_count",
            "responder_id:count_distinct",
        ]
        [row] = (
            self.env["contact.centre.report.campaign"]
            .with_user(self.manager)
            .read_group([("campaign_id", "=", self.campaign.id)], measures, ["campaign_id"])
        )
        self.assertEqual([row[name.split(":")[0]] for name in measures], [3, 1, 1, 1, 1, 1, 1])
        by_campaign = self.env["contact.centre.report.message"].read_group(
            [("campaign_id", "=", self.campaign.id)], [], ["direction"]
        )
        self.assertEqual(
            {row["direction"]: row["direction_count"] for row in by_campaign},
            {"outbound": 3, "inbound": 1},
        )
