from datetime import datetime
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.cc_dashboard.models.message_count_tables import CONVERSATION_DAYS, COUNT_TABLES

from .common import DashboardCommon


@tagged("post_install", "-at_install")
class TestMessageCounts(DashboardCommon):
    """The Overview reads a manager's figures from the counts kept by quarter
    hour and by conversation and day: they stay those of the messages
    themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_whatsapp = cls.Provider.create(
            {"name": "Other WhatsApp", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )

    def _overview(self, user, live=False, **options):
        Dashboard = self.Dashboard.with_user(user)
        options = {"period": "7d", **options}
        if not live:
            return self._page(Dashboard, options)
        with patch.object(type(Dashboard), "_counts_serve", return_value=False):
            return self._page(Dashboard, options)

    def _assert_as_the_messages(self):
        for options in (
            {},
            {"period": "today"},
            {"channel": "sms"},
            {"provider_id": self.sandbox_whatsapp.id},
            {"provider_id": self.other_whatsapp.id},
            # The days before: the previous period's whole days are counted.
            {"period": "custom", "date_from": "2026-03-07", "date_to": "2026-03-08"},
        ):
            self.assertEqual(
                self._overview(self.manager, **options),
                self._overview(self.manager, live=True, **options),
                options,
            )

    def test_counts_serve_managers_only(self):
        Dashboard = self.Dashboard
        moments = [datetime(2026, 3, 5, 23, 0), datetime(2026, 3, 6, 5, 45)]
        self.assertTrue(Dashboard.with_user(self.manager)._counts_serve(*moments))
        # An agent's rules keep their own and the unassigned messages.
        self.assertFalse(Dashboard.with_user(self.agent)._counts_serve(*moments))
        # A time zone whose offset is no whole number of quarters.
        self.assertFalse(
            Dashboard.with_user(self.manager)._counts_serve(datetime(2026, 3, 5, 23, 7))
        )
        # A rule of the database's own: the counts cannot apply it.
        self.env["ir.rule"].create(
            {
                "name": "SMS only",
                "model_id": self.env["ir.model"]._get_id("contact.centre.message"),
                "domain_force": "[('channel', '=', 'sms')]",
            }
        )
        self.assertFalse(Dashboard.with_user(self.manager)._counts_serve(*moments))
        cards = {
            card["key"]: card for card in self._overview(self.manager, period="today")["cards"]
        }
        self.assertEqual(cards["messages"]["value"], 6)

    def test_counts_follow_messages_written_deleted_moved(self):
        self._assert_as_the_messages()
        self._say(self.carol_chat, "inbound", (3, 6, 11, 50))
        self._say(self.carol_chat, "inbound", (3, 2, 8, 0))
        self.m6.unlink()
        self.m7.message_timestamp = datetime(2026, 3, 1, 10, 20)
        (self.m1 | self.m2).provider_id = self.other_whatsapp
        self.r3.direction = "inbound"
        self._assert_as_the_messages()
        cards = {card["key"]: card for card in self._overview(self.manager)["cards"]}
        self.assertEqual(cards["messages"]["value"], 13)

    def _most_rows_of_a_key(self):
        """{count table: the most rows one of its keys has}."""
        most = {}
        for table in COUNT_TABLES:
            key = ", ".join(table.key)
            self.env.cr.execute(
                f"SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM {table.name} GROUP BY {key}) AS k"  # noqa: SQL
            )
            most[table.name] = self.env.cr.fetchone()[0]
        return most

    def test_counts_added_up_by_the_cron(self):
        self._say(self.carol_chat, "inbound", (3, 6, 11, 50))
        self.m6.unlink()
        (self.m1 | self.m3).provider_id = self.other_whatsapp
        self.env.flush_all()
        self.assertTrue(all(most > 1 for most in self._most_rows_of_a_key().values()))
        self.Message._cron_compact_message_counts()
        self.assertEqual(set(self._most_rows_of_a_key().values()), {1})
        self._assert_as_the_messages()

    def _cards(self, user, **options):
        return {card["key"]: card["value"] for card in self._overview(user, **options)["cards"]}

    def test_unread_follows_the_messages_read(self):
        # Bob's unread message on a whole day of the period, with Carol's.
        self.m5.message_timestamp = datetime(2026, 3, 5, 10, 0)
        self._assert_as_the_messages()
        self.assertEqual(self._cards(self.manager)["unread"], 2)
        self.m5.status = "read"
        self._assert_as_the_messages()
        self.assertEqual(self._cards(self.manager)["unread"], 1)

    def test_conversation_days_are_read(self):
        """A manager's conversations and agents of whole days come from the
        conversation days (emptied here, so they no longer match)."""
        live = self._overview(self.manager, live=True)
        self.env.flush_all()
        self.env.cr.execute(f"DELETE FROM {CONVERSATION_DAYS.name}")  # noqa: SQL
        overview = self._overview(self.manager)
        # Dave wrote only on Thursday, a whole day of the period, answered by
        # the other agent: neither counts any more.
        agents = {row["id"]: row for row in overview["agents"]}
        live_agents = {row["id"]: row for row in live["agents"]}
        self.assertEqual(live_agents[self.other_agent.id]["conversations"], 2)
        self.assertEqual(agents[self.other_agent.id]["conversations"], 1)
        self.assertEqual(overview["cards"][0], live["cards"][0])

    def test_agents_keep_their_own_figures(self):
        self._say(self.carol_chat, "inbound", (3, 6, 11, 50))
        overview = self._overview(self.other_agent, period="today")
        self.assertEqual(overview, self._overview(self.other_agent, live=True, period="today"))
        cards = {card["key"]: card["value"] for card in overview["cards"]}
        # Their messages and the unassigned ones (Carol's), as in their lists.
        self.assertEqual(cards["messages"], 8)
        self.assertEqual(sum(sum(s["data"]) for s in overview["chart"]["series"]), 8)
