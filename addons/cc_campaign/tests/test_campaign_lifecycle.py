from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install")
class TestCampaignLifecycle(CampaignCommon):
    def test_pause_holds_the_queue_and_resume_sends(self):
        campaign = self._campaign(self.bob | self.carol)
        self._run(campaign)
        campaign.with_user(self.manager).action_pause()
        self._send()
        self.assertEqual(set(campaign.message_ids.mapped("status")), {"queued"})
        self.assertEqual(self.Message._count_due(), 0, "a paused campaign's messages are not due")
        campaign.with_user(self.manager).action_resume()
        self._send()
        self.assertEqual(set(campaign.message_ids.mapped("status")), {"sent"})

    def test_pause_stops_messages_the_sender_already_holds(self):
        campaign = self._campaign(self.bob | self.carol)
        self._run(campaign)
        claimed = self.Message._claim_due(10)
        self.assertEqual(claimed, campaign.message_ids)
        campaign.with_user(self.manager).action_pause()
        claimed._send_claimed()
        self.assertEqual(set(claimed.mapped("status")), {"queued"})
        self.assertEqual(set(claimed.mapped("attempt_count")), {0}, "no attempt was made")
        campaign.with_user(self.manager).action_resume()
        self._send()
        self.assertEqual(set(claimed.mapped("status")), {"sent"})

    def test_cancel_withdraws_every_message_not_sent(self):
        campaign = self._campaign(self.bob)
        self._run(campaign)
        self._send()
        later = self.Partner.create({"name": "Late", "sms_number": "+32470000009"})
        campaign.contact_ids |= later
        campaign.enqueue_done = False
        self.Campaign._cron_run_campaigns()
        campaign.with_user(self.manager).action_cancel()
        by_contact = {m.contact_id: m.status for m in campaign.message_ids}
        self.assertEqual(by_contact, {self.bob: "sent", later: "cancelled"})
        self.assertEqual((campaign.state, campaign.cancelled_count), ("cancelled", 1))
        self._send()
        self.assertEqual(
            campaign.message_ids.filtered(lambda m: m.contact_id == later).status, "cancelled"
        )
        with self.assertRaisesRegex(UserError, "cannot do this while cancelled"):
            campaign.with_user(self.manager).action_resume()

    def test_cancelled_then_restarted_writes_to_those_it_withdrew(self):
        campaign = self._campaign(self.bob)
        self._run(campaign)
        campaign.with_user(self.manager).action_cancel()
        self.assertEqual(campaign.message_ids.status, "cancelled")
        campaign.with_user(self.manager).action_draft()
        messages = self._run(campaign)
        self._send()
        self.assertEqual((messages.contact_id, messages.status), (self.bob, "sent"))

    def test_scheduled_campaign_starts_at_its_date(self):
        campaign = self._campaign(self.bob)
        when = datetime(2030, 5, 1, 9, 0)
        with freeze_time(when - timedelta(days=1)):
            campaign.with_user(self.manager).schedule_send(when)
            self.assertEqual(campaign.state, "scheduled")
            self.Campaign._cron_run_campaigns()
            self.assertFalse(campaign.message_ids, "not before its date")
        with freeze_time(when + timedelta(minutes=1)):
            self.Campaign._cron_run_campaigns()
            self.assertEqual(campaign.state, "running")
            self.assertEqual(campaign.start_date, when + timedelta(minutes=1))
            self.assertEqual(campaign.message_ids.contact_id, self.bob)

    def test_a_campaign_must_be_complete_to_start(self):
        empty = self.Campaign.with_user(self.manager).create({"name": "Empty", "channel": "sms"})
        with self.assertRaisesRegex(UserError, "no message to send"):
            empty.with_user(self.manager).action_start()
        empty.message_body = "Hi"
        with self.assertRaisesRegex(UserError, "nobody to write to"):
            empty.with_user(self.manager).action_start()
        with self.assertRaisesRegex(UserError, "in the future"):
            self._campaign(self.bob).with_user(self.manager).schedule_send()

    def test_send_to_contacts_queues_at_once(self):
        campaign = self._campaign(self.bob | self.carol)
        campaign.with_user(self.manager).send_to_contacts()
        self.assertEqual(campaign.state, "running")
        self.assertEqual(len(campaign.message_ids), 2)

    def test_managers_run_campaigns_users_see_them(self):
        campaign = self._campaign(self.bob)
        self.assertEqual(campaign.with_user(self.cc_user).sent_count, 0)
        with self.assertRaises(UserError):
            campaign.with_user(self.agent).action_start()
        with self.assertRaises(AccessError):
            self.Campaign.with_user(self.agent).create({"name": "Mine", "channel": "sms"})
        with self.assertRaises(AccessError):
            campaign.with_user(self.cc_user).write({"name": "Renamed"})

    def test_bad_filter_is_refused_with_its_reason(self):
        with self.assertRaisesRegex(Exception, "contact filter of Broken cannot be read"):
            self._campaign(name="Broken", contact_domain="[('no_such_field', '=', 1)]")

    def test_utm_links(self):
        campaign = self._campaign(self.bob, name="Black Friday", channel="whatsapp")
        self.assertEqual(campaign.utm_campaign_id.name, "Black Friday")
        self.assertEqual(campaign.source_id.name, "Black Friday")
        self.assertEqual(campaign.medium_id, self.env.ref("cc_campaign.utm_medium_whatsapp"))

    def test_audience_stays_in_the_campaign_company(self):
        other = self.env["res.company"].create({"name": "Other company"})
        stranger = self.Partner.create(
            {"name": "Stranger", "sms_number": "+32470000012", "company_id": other.id}
        )
        campaign = self._campaign(self.bob | stranger)
        self.assertEqual(campaign.contact_count, 1)
        self._run(campaign)
        self.assertEqual(campaign.message_ids.contact_id, self.bob)
