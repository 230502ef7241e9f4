from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo.tests import BaseCase, tagged

from ..tools import quiet_until, recipient_timezone
from .common import CampaignCommon

BRUSSELS = pytz.timezone("Europe/Brussels")
NEW_YORK = pytz.timezone("America/New_York")


@tagged("post_install", "-at_install")
class TestQuietHoursTools(BaseCase):
    def test_quiet_hours_end_in_the_morning_local_time(self):
        # 22:30 in Brussels (winter, UTC+1): quiet until 08:00 there, 07:00 UTC.
        self.assertEqual(
            quiet_until(datetime(2030, 1, 10, 21, 30), BRUSSELS, 21.0, 8.0),
            datetime(2030, 1, 11, 7, 0),
        )
        # 05:00 in Brussels: until 08:00 the same day.
        self.assertEqual(
            quiet_until(datetime(2030, 1, 10, 4, 0), BRUSSELS, 21.0, 8.0),
            datetime(2030, 1, 10, 7, 0),
        )
        # Same instant, 16:30 in New York: allowed.
        self.assertIsNone(quiet_until(datetime(2030, 1, 10, 21, 30), NEW_YORK, 21.0, 8.0))

    def test_summer_time_and_daytime_quiet_hours(self):
        # 22:00 in Brussels in summer (UTC+2): until 08:00 local, 06:00 UTC.
        self.assertEqual(
            quiet_until(datetime(2030, 7, 10, 20, 0), BRUSSELS, 21.0, 8.0),
            datetime(2030, 7, 11, 6, 0),
        )
        self.assertEqual(
            quiet_until(datetime(2030, 7, 10, 10, 30), BRUSSELS, 12.0, 13.5),
            datetime(2030, 7, 10, 11, 30),
        )
        self.assertIsNone(quiet_until(datetime(2030, 7, 10, 10, 30), BRUSSELS, 8.0, 8.0))

    def test_recipient_time_zone(self):
        self.assertEqual(recipient_timezone("Asia/Tokyo", "+32470123456").zone, "Asia/Tokyo")
        self.assertEqual(recipient_timezone(False, "+32470123456").zone, "Europe/Brussels")
        self.assertEqual(recipient_timezone(False, "+12125550123").zone, "America/New_York")
        self.assertEqual(recipient_timezone(False, False, "Europe/Paris").zone, "Europe/Paris")


@tagged("post_install", "-at_install")
class TestQuietHoursCampaign(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_yorker = cls.Partner.create({"name": "Nina", "sms_number": "+12125550123"})
        cls.tokyo = cls.Partner.create(
            {"name": "Taro", "sms_number": "+32470000011", "tz": "Asia/Tokyo"}
        )

    def test_messages_wait_for_the_morning_of_each_recipient(self):
        campaign = self._campaign(self.bob | self.new_yorker | self.tokyo, quiet_hours=True)
        # 21:30 UTC: 22:30 in Paris, 16:30 in New York, 06:30 in Tokyo.
        with freeze_time("2030-01-10 21:30:00"):
            self._run(campaign)
            self._send()
            by_contact = {m.contact_id: m for m in campaign.message_ids}
            self.assertEqual(by_contact[self.new_yorker].status, "sent")
            self.assertEqual(by_contact[self.bob].status, "queued")
            self.assertEqual(by_contact[self.bob].next_attempt_at, datetime(2030, 1, 11, 7, 0))
            self.assertEqual(by_contact[self.tokyo].next_attempt_at, datetime(2030, 1, 10, 23, 0))
            self.assertEqual(campaign.quiet_pending_count, 2)
        with freeze_time("2030-01-10 23:00:01"):
            self._send()
            self.assertEqual(by_contact[self.tokyo].status, "sent")
            self.assertEqual(by_contact[self.bob].status, "queued")
        with freeze_time("2030-01-11 07:00:01"):
            self._send()
            self.assertEqual(by_contact[self.bob].status, "sent")

    def test_a_message_due_in_quiet_hours_is_held_when_sent(self):
        campaign = self._campaign(self.bob, quiet_hours=True)
        with freeze_time("2030-01-10 12:00:00"):
            self._run(campaign)
        message = campaign.message_ids
        self.assertEqual(message.status, "queued")
        # The sender only gets to it at night (a long campaign, a busy queue).
        with freeze_time("2030-01-10 22:00:00"):
            self._send()
        self.assertEqual(message.status, "queued")
        self.assertEqual(message.attempt_count, 0)
        self.assertEqual(message.quiet_hours_until, datetime(2030, 1, 11, 7, 0))
        with freeze_time("2030-01-11 07:00:01"):
            self._send()
        self.assertEqual(message.status, "sent")

    def test_company_default(self):
        self.company.write(
            {"cc_quiet_hours": True, "cc_quiet_hours_start": 20.0, "cc_quiet_hours_end": 9.5}
        )
        campaign = self._campaign(self.bob)
        self.assertEqual(
            (campaign.quiet_hours, campaign.quiet_hours_start, campaign.quiet_hours_end),
            (True, 20.0, 9.5),
        )
