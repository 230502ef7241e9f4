from datetime import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestMessage(ContactCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.whatsapp_account = cls.env["contact.centre.provider"].create(
            {"name": "WhatsApp", "channel": "whatsapp"}
        )
        cls.other_whatsapp_account = cls.env["contact.centre.provider"].create(
            {"name": "Other WhatsApp", "channel": "whatsapp"}
        )

    def test_new_message_gets_reference_uuid_and_status(self):
        inbound = self._message(self.alice)
        outbound = self._message(self.alice, direction="outbound")
        self.assertRegex(inbound.name, r"^MSG\d{8}$")
        self.assertNotEqual(inbound.name, outbound.name)
        self.assertRegex(inbound.uuid, r"^[0-9a-f]{32}$")
        self.assertNotEqual(inbound.uuid, outbound.uuid)
        self.assertEqual(inbound.status, "received")
        self.assertEqual(outbound.status, "queued")
        self.assertTrue(inbound.status_timestamp)

    def test_status_change_is_timed(self):
        message = self._message(self.alice, direction="outbound")
        message.status_timestamp = datetime(2026, 1, 1)
        message.status = "sent"
        self.assertGreater(message.status_timestamp, datetime(2026, 1, 1))

    def test_external_id_is_unique_per_provider_account(self):
        values = {"provider_id": self.whatsapp_account.id, "external_message_id": "wamid.1"}
        self._message(self.alice, **values)
        self._message(
            self.alice, provider_id=self.other_whatsapp_account.id, external_message_id="wamid.1"
        )
        self._message(self.alice, external_message_id="wamid.1")
        self._message(self.alice, external_message_id=False)
        self._message(self.alice, external_message_id=False)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._message(self.bob, **values)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._message(self.bob, external_message_id="wamid.1")

    def test_uuid_is_unique(self):
        first = self._message(self.alice)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._message(self.alice, uuid=first.uuid)

    def test_provider_account_works_on_the_message_channel(self):
        with self.assertRaisesRegex(ValidationError, "provider account WhatsApp works on WhatsApp"):
            self._message(self.bob, channel="sms", provider_id=self.whatsapp_account.id)

    def test_provider_account_is_checked_for_each_message_of_a_batch(self):
        values = {"contact_id": self.bob.id, "direction": "outbound", "body_text": "Hi"}
        with self.assertRaisesRegex(ValidationError, "SMS message but provider account WhatsApp"):
            self.env["contact.centre.message"].create(
                [
                    {**values, "channel": "whatsapp", "provider_id": self.whatsapp_account.id},
                    {**values, "channel": "sms", "provider_id": self.whatsapp_account.id},
                ]
            )

    def test_counts_per_channel(self):
        for _i in range(3):
            self._message(self.alice)
        self._message(self.alice, channel="sms", direction="outbound")
        self._message(self.bob, channel="sms")
        self.assertEqual((self.alice.whatsapp_message_count, self.alice.sms_message_count), (3, 1))
        self.assertEqual((self.bob.whatsapp_message_count, self.bob.sms_message_count), (0, 1))

    def test_counts_take_one_query_for_many_partners(self):
        partners = self.Partner.create([{"name": f"P{i}"} for i in range(20)])
        for partner in partners:
            self._message(partner)
            self._message(partner, channel="sms")
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.assertEqual(partners[0].whatsapp_message_count, 1)
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.assertEqual(partners.mapped("sms_message_count"), [1] * 20)

    def test_last_message_times_follow_messages(self):
        self._message(self.alice, message_timestamp=datetime(2026, 5, 1, 9, 0))
        self._message(self.alice, message_timestamp=datetime(2026, 5, 3, 9, 0))
        self._message(self.alice, channel="sms", message_timestamp=datetime(2026, 5, 2, 9, 0))
        self.assertEqual(self.alice.last_whatsapp_message, datetime(2026, 5, 3, 9, 0))
        self.assertEqual(self.alice.last_sms_message, datetime(2026, 5, 2, 9, 0))
        self.assertFalse(self.bob.last_whatsapp_message)

    def test_conversation_history_oldest_first(self):
        late = self._message(self.alice, message_timestamp=datetime(2026, 5, 3))
        early = self._message(self.alice, message_timestamp=datetime(2026, 5, 1))
        sms = self._message(self.alice, channel="sms", message_timestamp=datetime(2026, 5, 2))
        self.assertEqual(self.alice.get_conversation_history(), early | sms | late)
        self.assertEqual(list(self.alice.get_conversation_history()), [early, sms, late])
        self.assertEqual(list(self.alice.get_conversation_history("whatsapp")), [early, late])
        self.assertEqual(list(self.alice.get_conversation_history(limit=2)), [sms, late])

    def test_mark_read_moves_only_received_messages(self):
        inbound = self._message(self.alice)
        outbound = self._message(self.alice, direction="outbound")
        (inbound | outbound).action_mark_read()
        self.assertEqual(inbound.status, "read")
        self.assertEqual(outbound.status, "queued")

    def test_partner_smart_button_opens_its_messages(self):
        message = self._message(self.alice)
        self._message(self.alice, channel="sms")
        action = self.alice.action_view_whatsapp_messages()
        self.assertEqual(self.Message.search(action["domain"]), message)
