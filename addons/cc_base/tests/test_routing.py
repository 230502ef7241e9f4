from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestRouting(ContactCentreCommon):
    """Which SMS account a new message goes through (order, number prefixes,
    countries, company), and failover to the next one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only this test's accounts send SMS (demo data has its own).
        cls.Provider.search([("channel", "=", "sms")]).write({"state": "disabled"})
        cls.alice.sms_number = "+32 470 12 34 56"
        cls.carol = cls.Partner.create({"name": "Carol", "sms_number": "+1 202 555 0147"})

    def _account(self, name, sequence, **values):
        return self.Provider.create(
            {
                "name": name,
                "code": "sandbox",
                "channel": "sms",
                "state": "enabled",
                "sequence": sequence,
                **values,
            }
        )

    def _queue(self, contact, body="Hello", send_now=False, **values):
        messages = self.Message._queue_outbound(
            [{"contact_id": contact.id, "channel": "sms", "body_text": body, **values}],
            send_now=send_now,
            raise_if_refused=False,
        )
        if send_now:
            self._commit_point()
        return messages

    def test_prefixes_choose_the_account(self):
        belgium = self._account("Belgium", 10, route_prefixes="+32")
        france = self._account("France mobiles", 20, route_prefixes="+33 6, +33 7")
        anywhere = self._account("Anywhere", 30)
        self.assertEqual(self._queue(self.alice).provider_id, belgium)
        self.assertEqual(self._queue(self.bob).provider_id, france)
        self.assertEqual(self._queue(self.carol).provider_id, anywhere)
        self.assertEqual(self.Provider._default_for("sms", "+33698765432"), france)

    def test_countries_choose_the_account(self):
        self._account("Belgium", 10, route_country_ids=[self.country_be.id])
        france = self._account("France", 20, route_country_ids=[self.country_fr.id])
        self.assertEqual(self._queue(self.bob).provider_id, france)
        refused = self._queue(self.carol)
        self.assertEqual((refused.status, refused.failure_type), ("failed", "no_account"))
        self.assertIn("may send to +12025550147", refused.error_message)

    def test_the_order_of_the_list_is_the_order_of_preference(self):
        second = self._account("Second", 20)
        first = self._account("First", 10, state="test")
        self.assertEqual(self._queue(self.bob).provider_id, second, "enabled before test")
        first.state = "enabled"
        self.assertEqual(self._queue(self.carol).provider_id, first)
        self.assertEqual(self._queue(self.bob).provider_id, second, "Bob's conversation stays")

    def test_an_account_sends_for_its_company_only(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        ours = self._account("Ours", 20)
        theirs = self._account("Theirs", 10, company_id=other_company.id)
        self.assertEqual(self._queue(self.bob).provider_id, ours)
        message = self._queue(self.bob, company_id=other_company.id)
        self.assertEqual(message.provider_id, theirs)

    def test_a_conversation_keeps_its_account(self):
        self._account("Cheap", 10)
        usual = self._account("Usual", 20)
        self.env["discuss.channel"]._cc_conversation_for(self.bob, usual)
        self.assertEqual(self._queue(self.bob).provider_id, usual)

    def test_composer_routes_each_recipient(self):
        belgium = self._account("Belgium", 10, route_prefixes="+32")
        france = self._account("France", 20, route_prefixes="+33")
        action = (
            (self.alice | self.bob).with_user(self.agent)._contact_centre_composer_action("sms")
        )
        composer = Form(
            self.env["contact.centre.composer"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        self.assertFalse(composer.provider_id, "each recipient their own account")
        composer.body = "Hello {{ object.name }}"
        composer = composer.save()
        self.assertIn("Belgium: 1 SMS", composer.send_estimate)
        self.assertIn("France: 1 SMS", composer.send_estimate)
        composer.action_send()
        sent = {line.partner_id: line.message_id.provider_id for line in composer.line_ids}
        self.assertEqual(sent, {self.alice: belgium, self.bob: france})

    def test_composer_keeps_the_chosen_account_while_recipients_change(self):
        self._account("Belgium", 10, route_prefixes="+32")
        france = self._account("France", 20, route_prefixes="+33")
        composer = Form(self.env["contact.centre.composer"].with_user(self.agent))
        composer.channel = "sms"
        composer.partner_ids.add(self.alice)
        composer.provider_id = france
        composer.partner_ids.add(self.bob)
        self.assertEqual(composer.provider_id, france)
        composer.channel = "whatsapp"
        self.assertFalse(
            composer.provider_id, "a WhatsApp message cannot go through an SMS account"
        )

    def test_bad_prefix_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "“32a” is not a number prefix"):
            self._account("Bad", 10, route_prefixes="+33, 32a")

    # Failover

    def test_failover_moves_the_message_and_says_why(self):
        first = self._account("First", 10, route_failover=True)
        second = self._account("Second", 20)
        message = self._queue(self.bob, body="Hi [sandbox:credit]", send_now=True)
        self.assertEqual((message.provider_id, message.status), (second, "queued"))
        self.assertEqual(message.routing_tried_ids, first)
        self.assertIn("Moved from First to Second: Insufficient credit", message.routing_note)
        notes = message.conversation_id.message_ids.filtered(
            lambda m: m.message_type == "notification"
        )
        self.assertIn("Moved from First to Second", notes[:1].body)
        # The second account sends it (it does not refuse this text).
        message.body_text = "Hi"
        self.Message._cron_send_queued()
        self.assertEqual((message.status, message.provider_id), ("sent", second))

    def test_failover_ends_with_the_last_account(self):
        first = self._account("First", 10, route_failover=True)
        second = self._account("Second", 20, route_failover=True)
        message = self._queue(self.bob, body="Hi [sandbox:authentication]", send_now=True)
        self.Message._cron_send_queued()
        self.assertEqual((message.status, message.failure_type), ("failed", "authentication"))
        self.assertEqual((message.provider_id, message.routing_tried_ids), (second, first))

    def test_no_failover_unless_the_account_passes_failures_on(self):
        first = self._account("First", 10)
        self._account("Second", 20)
        message = self._queue(self.bob, body="Hi [sandbox:credit]", send_now=True)
        self.assertEqual((message.status, message.provider_id), ("failed", first))

    def test_only_provider_side_failures_fail_over(self):
        first = self._account("First", 10, route_failover=True)
        self._account("Second", 20)
        message = self._queue(self.bob, body="Hi [sandbox:wrong_number]", send_now=True)
        self.assertEqual((message.status, message.provider_id), ("failed", first))

    def test_an_unavailable_provider_gets_a_second_chance_first(self):
        first = self._account("First", 10, route_failover=True)
        second = self._account("Second", 20)
        message = self._queue(self.bob, body="Hi [sandbox:provider_unavailable]", send_now=True)
        self.assertEqual((message.status, message.provider_id), ("queued", first))
        self.assertGreater(message.next_attempt_at, fields.Datetime.now())
        message.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)
        self.Message._cron_send_queued()
        self.assertEqual((message.status, message.provider_id), ("queued", second))
