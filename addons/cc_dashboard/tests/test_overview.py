import json

from odoo.tests import tagged

from odoo.addons.bus.models.bus import json_dump

from .common import DashboardCommon


@tagged("post_install", "-at_install")
class TestOverview(DashboardCommon):
    """The Overview's figures for Friday in Brussels, against Thursday,
    computed by hand from the day in DashboardCommon."""

    def _overview(self, user=None, **options):
        dashboard = self.Dashboard.with_user(user) if user else self.Dashboard
        return self._page(dashboard, {"period": "today", **options})

    def _cards(self, overview):
        return {card["key"]: (card["value"], card["previous"]) for card in overview["cards"]}

    def test_cards_today_against_yesterday(self):
        cards = self._cards(self._overview(self.manager))
        self.assertEqual(
            cards,
            {
                "messages": (10, 2),
                "unread": (2, 0),
                "open": (1, 1),
                "pending": (1, 0),
                "unassigned": (1, 0),
                "response_rate": (60.0, 100.0),
                "first_response": (750.0, 1800.0),
                "response": (600.0, 1800.0),
            },
        )

    def test_resolved_conversations_unread_but_not_open(self):
        self.bob_chat.with_user(self.other_agent).action_cc_resolve()
        cards = self._cards(self._overview(self.manager))
        # Bob's unread message still counts; his conversation is no longer pending.
        self.assertEqual(
            {key: cards[key] for key in ("unread", "open", "pending", "unassigned")},
            {"unread": (2, 0), "open": (1, 1), "pending": (0, 0), "unassigned": (1, 0)},
        )

    def test_period_is_the_users_days(self):
        period = self._overview()["period"]
        self.assertEqual(period, {"start": "2026-03-05 23:00:00", "end": "2026-03-06 23:00:00"})
        # In UTC, Dave's night messages were on Thursday.
        utc = self.Dashboard.with_context(tz="UTC").get_overview({"period": "today"})
        self.assertEqual(self._cards(utc)["messages"], (8, 4))

    def test_longer_and_custom_periods(self):
        seven = self._overview(period="7d")["period"]
        self.assertEqual(seven["start"], "2026-02-27 23:00:00")
        self.assertEqual(self._cards(self._overview(period="7d"))["messages"], (12, 0))
        custom = self._overview(period="custom", date_from="2026-03-05", date_to="2026-03-05")
        self.assertEqual(self._cards(custom)["messages"], (2, 0))
        with self.assertRaisesRegex(Exception, "first day is not after its last day"):
            self._overview(period="custom", date_from="2026-03-06", date_to="2026-03-05")

    def test_filters(self):
        sms = self._cards(self._overview(channel="sms"))
        self.assertEqual(sms["messages"], (6, 0))
        self.assertEqual(sms["response"], (750.0, None))
        whatsapp_account = self._cards(self._overview(provider_id=self.sandbox_whatsapp.id))
        self.assertEqual(whatsapp_account["messages"], (4, 2))
        self.assertEqual(whatsapp_account["unread"], (1, 0))

    def test_cards_open_their_lists(self):
        cards = {card["key"]: card for card in self._overview()["cards"]}
        for key, model, expected in (
            ("messages", "contact.centre.message", 10),
            ("unread", "discuss.channel", 2),
            ("unassigned", "discuss.channel", 1),
            ("pending", "discuss.channel", 1),
            ("response", "contact.centre.response", 3),
            ("first_response", "contact.centre.response", 2),
        ):
            action = cards[key]["action"]
            self.assertEqual(action["res_model"], model)
            self.assertEqual(self.env[model].search_count(action["domain"]), expected, key)
        unread = self.env["discuss.channel"].search(cards["unread"]["action"]["domain"])
        self.assertEqual(unread, self.bob_chat | self.carol_chat)

    def test_chart_by_hour_of_the_users_day(self):
        chart = self._overview()["chart"]
        self.assertEqual(len(chart["labels"]), 24)
        totals = {(s["channel"], s["direction"]): s["data"] for s in chart["series"]}
        self.assertEqual(sum(totals["sms", "inbound"]), 3)
        self.assertEqual(totals["sms", "inbound"][0], 1, "Dave wrote at 0:30 in Brussels")
        self.assertEqual(totals["whatsapp", "inbound"][chart["labels"].index("10:00")], 1)
        self.assertEqual(sum(totals["whatsapp", "outbound"]), 2)
        self.assertEqual(sum(totals["sms", "outbound"]), 3)
        week = self._overview(period="7d")["chart"]
        self.assertEqual(week["labels"][-1], "2026-03-06")

    def test_messages_card_counts_the_charts_groups(self):
        # The chart's groups give the card: a message counts even when its
        # hour has no slot of the chart (Sunday 29 March 2026 in Brussels,
        # when 2:00 became 3:00, has 23 hours).
        self._say(self.carol_chat, "inbound", (3, 29, 21, 30))
        self._say(self.carol_chat, "outbound", (3, 29, 0, 30), status="delivered")
        overview = self._overview(period="custom", date_from="2026-03-29", date_to="2026-03-29")
        self.assertEqual(self._cards(overview)["messages"], (2, 0))
        self.assertEqual(self._cards(overview)["response_rate"], (0.0, None))

    def test_chart_hours_on_the_days_the_clocks_change(self):
        # Sunday 29 March 2026 in Brussels has no 2:00 and 23 hours; Sunday
        # 25 October has 2:00 twice and 25 hours: both charted by the hour.
        self._say(self.carol_chat, "inbound", (3, 29, 21, 30))
        self._say(self.carol_chat, "inbound", (10, 25, 0, 30))
        self._say(self.carol_chat, "inbound", (10, 25, 1, 30))
        spring = self._overview(period="custom", date_from="2026-03-29", date_to="2026-03-29")
        labels = spring["chart"]["labels"]
        self.assertEqual((len(labels), labels[-1]), (23, "23:00"))
        self.assertNotIn("02:00", labels)
        [series] = spring["chart"]["series"]
        self.assertEqual(series["data"][labels.index("23:00")], 1)
        autumn = self._overview(period="custom", date_from="2026-10-25", date_to="2026-10-25")
        labels = autumn["chart"]["labels"]
        self.assertEqual((len(labels), labels[0], labels[-1]), (24, "00:00", "23:00"))
        [series] = autumn["chart"]["series"]
        self.assertEqual(series["data"][labels.index("02:00")], 2, "2:30 in summer, then winter")

    def test_agents(self):
        agents = {row["name"]: row for row in self._overview(self.manager)["agents"]}
        self.assertEqual(
            agents[self.agent.name],
            dict(
                agents[self.agent.name],
                conversations=1,
                messages_sent=2,
                first_response=None,
                response=600.0,
                resolved=0,
            ),
        )
        self.assertEqual(
            agents[self.other_agent.name],
            dict(
                agents[self.other_agent.name],
                conversations=2,
                messages_sent=3,
                first_response=750.0,
                response=750.0,
                resolved=1,
            ),
        )

    def test_agents_count_answers_that_took_no_business_time(self):
        # Alice writes and is answered before her account's business hours
        # (Friday 6:00 and 6:10 in Brussels): a response of 0 seconds.
        self._say(self.alice_chat, "inbound", (3, 6, 5, 0), status="read")
        self._say(self.alice_chat, "outbound", (3, 6, 5, 10), status="delivered")
        agents = {row["name"]: row for row in self._overview(self.manager)["agents"]}
        self.assertEqual(agents[self.agent.name]["response"], 300.0, "median of 0 and 600 s")

    def test_agents_filtered(self):
        sms = self._overview(self.manager, channel="sms")["agents"]
        self.assertEqual(
            [
                (row["name"], row["conversations"], row["messages_sent"], row["response"])
                for row in sms
            ],
            [(self.other_agent.name, 2, 3, 750.0)],
        )
        whatsapp = self._overview(self.manager, provider_id=self.sandbox_whatsapp.id)["agents"]
        self.assertEqual(
            [(row["name"], row["conversations"], row["resolved"]) for row in whatsapp],
            [(self.agent.name, 1, 0)],
        )

    def test_delivery_health_and_retry(self):
        [failure] = self._overview()["failures"]
        self.assertEqual((failure["failure_type"], failure["count"]), ("credit", 1))
        self.assertEqual(
            self.Message.search(failure["action"]["domain"]),
            self.f1,
        )
        retried = self.Dashboard.with_user(self.other_agent).retry_failed(
            {"period": "today"}, "credit"
        )
        self.assertEqual((retried, self.f1.status), (1, "queued"))

    def test_recent_activity(self):
        recent = self._overview()["recent"]
        self.assertEqual(recent[0]["id"], self.m6.id)
        self.assertEqual(
            {key: recent[0][key] for key in ("contact", "channel", "direction", "status")},
            {
                "contact": "Carol",
                "channel": "whatsapp",
                "direction": "inbound",
                "status": "received",
            },
        )
        sms = self._overview(channel="sms")["recent"]
        self.assertEqual(sms[0]["id"], self.f1.id)

    def test_agents_see_their_own_figures(self):
        overview = self._overview(self.other_agent)
        self.assertEqual([row["name"] for row in overview["agents"]], [self.other_agent.name])
        cards = self._cards(overview)
        # Their messages and the unassigned ones (Carol's), as in their lists.
        self.assertEqual(cards["messages"], (7, 0))
        self.assertEqual(cards["response"], (750.0, None))
        self.assertEqual(cards["first_response"], (750.0, None))
        # Bob's conversation is theirs, Carol's nobody's.
        self.assertEqual(cards["unread"], (2, 0))
        mine = self._cards(self._overview(self.agent))
        self.assertEqual(mine["response"], (600.0, 1800.0))
        self.assertEqual(mine["unread"], (1, 0))
        self.assertEqual(self._cards(self._overview(self.agent, channel="sms"))["unread"], (0, 0))
        self.assertEqual(
            [r["name"] for r in self._overview(self.agent)["agents"]], [self.agent.name]
        )

    def test_new_message_tells_open_dashboards(self):
        self.env.cr.precommit.run()
        Bus = self.env["bus.bus"]
        channel = json_dump(
            [self.env.cr.dbname, "res.groups", self.env.ref("cc_base.group_contact_centre_user").id]
        )
        before = Bus.search_count([("channel", "=", channel)])
        self._say(self.carol_chat, "inbound", (3, 6, 11, 50))
        self._say(self.carol_chat, "inbound", (3, 6, 11, 51))
        self.env.cr.precommit.run()
        notifications = Bus.search([("channel", "=", channel)], order="id")[before:]
        # One per transaction, without content: each dashboard reads what it may see.
        self.assertEqual(
            [json.loads(n.message) for n in notifications],
            [{"type": "cc_dashboard/activity", "payload": {}}],
        )
