from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CampaignCommon


@tagged("post_install", "-at_install")
class TestCampaignSending(CampaignCommon):
    def _numbered(self, count, channel="sms", **values):
        field = "sms_number" if channel == "sms" else "whatsapp_number"
        return self.Partner.create(
            [
                {"name": f"Customer {index}", field: f"+3247111{index:04d}", **values}
                for index in range(count)
            ]
        )

    def test_audience_from_filters_and_contacts_in_batches(self):
        customers = self._numbered(5, comment="spring")
        campaign = self._campaign(self.bob, contact_domain="[('comment', '=', 'spring')]")
        self.assertEqual(campaign.contact_count, 6)
        campaign.with_user(self.manager).action_start()
        self.assertTrue(campaign._enqueue_audience(batch_size=2))
        messages = campaign.message_ids
        self.assertEqual(messages.contact_id, customers | self.bob)
        self.assertEqual(set(messages.mapped("status")), {"queued"})
        self.assertEqual(
            messages.filtered(lambda m: m.contact_id == self.bob).body_text,
            "Hi Bob!",
            "placeholders are filled in for each contact",
        )
        self.assertTrue(campaign.enqueue_done)
        self._send()
        self.assertEqual(set(messages.mapped("status")), {"sent"})
        self.assertEqual(campaign.sent_count, 6)
        self.Campaign._cron_run_campaigns()
        self.assertEqual(campaign.state, "completed")
        self.assertTrue(campaign.end_date)

    def test_text_without_placeholders_goes_out_as_written(self):
        customers = self._numbered(3)
        text = "Spring sale: 20% off {everything}, <today> & tomorrow!"
        campaign = self._campaign(customers, message_body=text)
        render = patch.object(
            self.registry["contact.centre.campaign"], "_render_for", side_effect=AssertionError
        )
        with render:
            messages = self._run(campaign)
        self.assertEqual(messages.mapped("body_text"), [text] * 3)
        self.assertEqual(len(set(messages.mapped("uuid"))), 3)
        self.assertEqual(messages.company_id, campaign.company_id)
        self.assertEqual(set(messages.mapped("message_type")), {"text"})

    def test_placeholders_are_filled_in_for_each_contact(self):
        customers = self._numbered(3)
        messages = self._run(self._campaign(customers, message_body="Hi {{ object.name }}!"))
        self.assertEqual(
            {message.contact_id.name: message.body_text for message in messages},
            {f"Customer {index}": f"Hi Customer {index}!" for index in range(3)},
        )

    def test_queuing_and_sending_take_as_many_queries_for_a_large_batch(self):
        """A batch costs the same queries whatever its size: nothing is done
        one contact or one message at a time."""

        def queries(size):
            campaign = self._campaign(self._numbered(size))
            campaign.with_user(self.manager).action_start()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            campaign._enqueue_audience(batch_size=size)
            queued = self.env.cr.sql_log_count
            self.Message._cron_send_queued(batch_size=size)
            sent = self.env.cr.sql_log_count
            self.assertEqual(set(campaign.message_ids.mapped("status")), {"sent"})
            self.assertEqual(len(campaign.message_ids), size)
            return queued - before, sent - queued

        queries(1)  # caches warm up
        self.assertEqual(queries(3), queries(12))

    def test_each_recipient_gets_the_account_for_their_number(self):
        france = self.Provider.create(
            {
                "name": "France SMS",
                "code": "sandbox",
                "channel": "sms",
                "state": "enabled",
                "sequence": 1,
                "route_prefixes": "+33",
                "rate_limit": 0,
            }
        )
        messages = self._run(self._campaign(self.bob | self.carol))
        routed = {message.contact_id: message.provider_id for message in messages}
        self.assertEqual(routed, {self.bob: france, self.carol: self.sandbox_sms})

    def test_interrupted_run_resumes_without_writing_twice(self):
        customers = self._numbered(5)
        campaign = self._campaign(customers)
        campaign.with_user(self.manager).action_start()
        # The runner's time is up after its first batch: it stops there.
        self.assertFalse(campaign._enqueue_audience(batch_size=2, deadline=0.0))
        self.assertEqual(len(campaign.message_ids), 2)
        self.assertFalse(campaign.enqueue_done)
        self._send()
        self.Campaign._cron_run_campaigns()
        messages = campaign.message_ids
        self.assertEqual(len(messages), 5)
        self.assertEqual(messages.contact_id, customers, "one message per contact")
        self.assertEqual(campaign.state, "running", "the last three are still queued")
        self._send()
        self.Campaign._cron_run_campaigns()
        self.assertEqual(campaign.state, "completed")

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_message_per_contact(self):
        campaign = self._campaign(self.bob)
        self._run(campaign)
        vals = {
            "campaign_id": campaign.id,
            "contact_id": self.bob.id,
            "channel": "sms",
            "direction": "outbound",
            "body_text": "Again",
        }
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Message.create(vals)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Message.create(
                dict(vals, contact_id=self.carol.id, campaign_number=self.bob.sms_number)
            )

    def test_opted_out_contacts_are_skipped_and_counted(self):
        self.carol.opt_out_sms = True
        campaign = self._campaign(self.bob | self.carol | self.alice)
        self._run(campaign)
        self._send()
        by_contact = {m.contact_id: m for m in campaign.message_ids}
        self.assertEqual(by_contact[self.bob].status, "sent")
        self.assertEqual(
            (by_contact[self.carol].status, by_contact[self.carol].failure_type),
            ("failed", "opted_out"),
        )
        self.assertEqual(by_contact[self.alice].failure_type, "wrong_number")
        self.assertEqual(
            (
                campaign.targeted_count,
                campaign.sent_count,
                campaign.skipped_count,
                campaign.skipped_opted_out_count,
                campaign.skipped_no_number_count,
                campaign.failed_count,
            ),
            (3, 1, 2, 1, 1, 0),
        )
        # The funnel draws each stage against the targeted contacts.
        for label, width, count in (("Skipped", 67, 2), ("Sent", 33, 1), ("Failed", 0, 0)):
            self.assertRegex(
                campaign.funnel_html,
                rf">{label}</span><div [^>]*><div [^>]*width: {width}%[^>]*></div></div>"
                rf"<span [^>]*>{count}</span>",
            )

    def test_whatsapp_outside_the_window_needs_a_template(self):
        free = self._campaign(self.alice | self.carol, channel="whatsapp", name="Free text")
        self._run(free)
        self.assertEqual(set(free.message_ids.mapped("failure_type")), {"window_closed"})
        self.assertEqual(free.skipped_window_count, 2)
        templated = self._campaign(
            self.alice | self.carol,
            channel="whatsapp",
            name="Template",
            use_template=True,
            template_id=self.template.id,
        )
        self._run(templated)
        self._send()
        self.assertEqual(set(templated.message_ids.mapped("status")), {"sent"})
        self.assertEqual(
            templated.message_ids.filtered(lambda m: m.contact_id == self.alice).body_text,
            "Hello Alice, 20% off!",
        )
        self.assertEqual(set(templated.message_ids.mapped("message_type")), {"template"})

    def test_both_channels_fall_back_to_the_other_one(self):
        no_whatsapp = self.bob
        whatsapp_opted_out = self.Partner.create(
            {
                "name": "Dan",
                "whatsapp_number": "+32470000004",
                "sms_number": "+32470000005",
                "opt_out_whatsapp": True,
            }
        )
        prefers_sms = self.Partner.create(
            {
                "name": "Eve",
                "whatsapp_number": "+32470000006",
                "sms_number": "+32470000007",
                "preferred_channel": "sms",
            }
        )
        campaign = self._campaign(
            no_whatsapp | whatsapp_opted_out | prefers_sms | self.carol | self.alice,
            channel="both",
            use_template=True,
            template_id=self.template.id,
        )
        self._run(campaign)
        channels = {m.contact_id: m.channel for m in campaign.message_ids}
        self.assertEqual(
            channels,
            {
                no_whatsapp: "sms",
                whatsapp_opted_out: "sms",
                prefers_sms: "sms",
                self.carol: "whatsapp",
                self.alice: "whatsapp",
            },
        )
        sms = campaign.message_ids.filtered(lambda m: m.channel == "sms")
        self.assertFalse(sms.template_id, "on SMS a WhatsApp template is plain text")
        self.assertEqual(sms.provider_id, self.sandbox_sms)

    def test_template_its_provider_refuses_means_sms_or_skipped(self):
        """No provider in these tests refuses a template: a provider addon's
        refusal (cc_whatsapp_meta's, of a template Meta has not approved) is
        played by a patched hook."""
        Template = type(self.env["contact.centre.template"])
        campaign = self._campaign(
            self.carol | self.alice,
            channel="both",
            use_template=True,
            template_id=self.template.id,
        )
        with patch.object(Template, "_send_refusal", lambda t: "Promo is paused."):
            self._run(campaign)
        by_contact = {m.contact_id: m for m in campaign.message_ids}
        self.assertEqual(by_contact[self.carol].channel, "sms", "Carol has an SMS number too")
        self.assertEqual(by_contact[self.carol].status, "queued")
        self.assertEqual(
            (
                by_contact[self.alice].status,
                by_contact[self.alice].failure_type,
                by_contact[self.alice].error_message,
            ),
            ("failed", "template_missing", "Promo is paused."),
        )
        self.assertEqual((campaign.skipped_count, campaign.skipped_template_count), (1, 1))
        self.assertEqual(campaign.failed_count, 0)

    def test_no_template_means_sms_for_whatsapp_customers_without_a_window(self):
        campaign = self._campaign(self.carol, channel="both")
        self._run(campaign)
        self.assertEqual(campaign.message_ids.channel, "sms")
        self.assertEqual(campaign.message_ids.status, "queued")

    def test_one_message_per_contact_and_per_number(self):
        namesake = self.Partner.create({"name": "Bob again", "sms_number": self.bob.sms_number})
        campaign = self._campaign(
            self.bob | namesake, contact_domain=f"[('id', '=', {self.bob.id})]"
        )
        self.assertEqual(campaign.contact_count, 2)
        self._run(campaign)
        self.assertEqual(campaign.message_ids.contact_id, self.bob)

    def test_existing_conversations_get_the_message_no_new_one_is_started(self):
        self._reply(self.bob, "Hello?")
        conversation = self.env["discuss.channel"].search([("cc_contact_id", "=", self.bob.id)])
        campaign = self._campaign(self.bob | self.carol)
        messages = self._run(campaign)
        by_contact = {m.contact_id: m for m in messages}
        self.assertEqual(by_contact[self.bob].conversation_id, conversation)
        self.assertTrue(by_contact[self.bob].mail_message_id)
        self.assertFalse(by_contact[self.carol].conversation_id)
        self.assertFalse(
            self.env["discuss.channel"].search_count([("cc_contact_id", "=", self.carol.id)])
        )

    def test_figures_and_responses(self):
        campaign = self._campaign(self.bob | self.carol, response_days=2)
        self._run(campaign)
        self._send()
        self._deliver()
        self.assertEqual(
            (campaign.sent_count, campaign.delivered_count, campaign.read_count), (2, 2, 2)
        )
        answer = self._reply(self.bob, "Sounds good")
        self.assertEqual(answer.campaign_id, campaign)
        self._reply(self.bob, "Really")
        self.assertEqual(campaign.response_count, 1, "responders are counted once")
        self.assertEqual(campaign.response_rate, 50.0)
        self.assertIn(campaign, self.bob.campaign_ids)
        self.assertEqual(
            self.Partner.search([("campaign_ids", "in", campaign.ids)]), self.bob | self.carol
        )

    def test_late_answers_are_not_responses(self):
        campaign = self._campaign(self.bob, response_days=1)
        self._run(campaign)
        self._send()
        campaign.message_ids.message_timestamp = campaign.message_ids.message_timestamp.replace(
            year=2020
        )
        self.assertFalse(self._reply(self.bob, "Hi").campaign_id)
        self.assertEqual(campaign.response_count, 0)
