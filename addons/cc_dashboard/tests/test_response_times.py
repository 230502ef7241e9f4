from datetime import datetime

from odoo.tests import tagged

from .common import DashboardCommon


@tagged("post_install", "-at_install")
class TestResponseTimes(DashboardCommon):
    """Each answer records how long the customer waited, in all and in the
    account's business hours, once."""

    def _fact(self, message):
        return self.env["contact.centre.response"].search([("inbound_message_id", "=", message.id)])

    def test_business_hours_count_only_working_time(self):
        # Thursday 17:30 and 17:40 in Brussels, answered Friday 9:30: the
        # night is not counted, half an hour of Friday is.
        first, second = self._fact(self.m1), self._fact(self.m2)
        self.assertEqual((first.wait_seconds, first.business_seconds), (16 * 3600, 1800))
        self.assertEqual((second.wait_seconds, second.business_seconds), (57000, 1800))
        self.assertEqual((first.reply_message_id, second.reply_message_id), (self.r1, self.r1))
        self.assertEqual(first.agent_id, self.agent)

    def test_account_without_hours_counts_every_hour(self):
        fact = self._fact(self.m7)
        self.assertEqual((fact.wait_seconds, fact.business_seconds), (1200, 1200))

    def test_first_response_of_a_conversation(self):
        self.assertTrue(self._fact(self.m1).is_first)
        self.assertFalse(self._fact(self.m2).is_first)
        self.assertFalse(self._fact(self.m3).is_first)
        self.assertTrue(self._fact(self.m4).is_first)

    def test_unanswered_and_failed(self):
        # Bob's second message got only a message that failed: not answered.
        self.assertFalse(self._fact(self.m5))
        self.assertFalse(self._fact(self.m6))

    def test_answer_counts_once_sent(self):
        reply = self._say(self.bob_chat, "outbound", (3, 6, 11, 50))
        self.assertFalse(self._fact(self.m5), "a queued message has not answered yet")
        reply.status = "sent"
        fact = self._fact(self.m5)
        self.assertEqual((fact.reply_message_id, fact.business_seconds), (reply, 3000))
        reply.status = "delivered"
        self.assertEqual(len(self._fact(self.m5)), 1)

    def test_receipts_of_an_answer_record_nothing_again(self):
        # r1 answered when it was sent. Its read receipt reads the message,
        # writes the status and tells the open dashboards (reading their
        # group): no look for customer messages it could answer, which takes
        # two more queries.
        self.env.cr.flush()
        self.r1.invalidate_recordset()
        with self.assertQueryCount(5):
            self.r1.status = "read"
            self.env.cr.flush()
        self.assertEqual(self._fact(self.m1).reply_message_id, self.r1)

    def test_answer_after_resolution_is_a_first_response_again(self):
        again = self._say(self.dave_chat, "inbound", (3, 6, 12, 0))
        self._say(self.dave_chat, "outbound", (3, 6, 12, 2), status="sent")
        fact = self._fact(again)
        self.assertTrue(fact.is_first)
        self.assertEqual(fact.business_seconds, 120)

    def test_public_holiday_is_not_business_time(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.office_hours.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 0),
            }
        )
        # Friday 16:00 to Tuesday 9:15 in Brussels, Monday off: 1 h 15 min.
        seconds = self.office_hours._cc_business_seconds(
            datetime(2026, 3, 6, 15, 0), datetime(2026, 3, 10, 8, 15)
        )
        self.assertEqual(seconds, 4500)

    def test_backfill_records_what_was_answered_before(self):
        Response = self.env["contact.centre.response"]
        Response.search([]).unlink()
        Response._backfill()
        ours = [("customer_at", "<", "2026-03-07")]
        self.assertEqual(Response.search_count(ours), 5)
        self.assertEqual(self._fact(self.m1).business_seconds, 1800)
        self.assertTrue(self._fact(self.m7).is_first)
