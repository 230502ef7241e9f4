from odoo.tests import tagged

from .common import DashboardCommon


@tagged("post_install", "-at_install")
class TestReports(DashboardCommon):
    """The reports' pivot and graph views read grouped figures, medians
    included, as the user may see them."""

    def _pivot(self, model, groupby, measures, user=None, domain=()):
        Report = self.env[model].with_context(tz="Europe/Brussels")
        if user:
            Report = Report.with_user(user)
        fields = Report.fields_get(measures, ["aggregator"])
        specs = [f"{name}:{fields[name]['aggregator']}" for name in measures]
        return {
            group[groupby]: group
            for group in Report.read_group([*domain, *self._ours(model)], specs, [groupby])
        }

    def _ours(self, model):
        """The day's data, not the demo's."""
        date = {"contact.centre.response": "customer_at"}.get(model, "date")
        return [(date, "<", "2026-03-07")]

    def test_message_volume(self):
        rows = self._pivot("contact.centre.report.message", "channel", [])
        self.assertEqual(
            {channel: row["channel_count"] for channel, row in rows.items()},
            {"whatsapp": 6, "sms": 6},
        )
        by_day = self._pivot("contact.centre.report.message", "date:day", [])
        self.assertEqual(
            {day: row["date_count"] for day, row in by_day.items()},
            {"05 Mar 2026": 2, "06 Mar 2026": 10},
        )
        failed = self._pivot(
            "contact.centre.report.message", "failure_type", [], domain=[("status", "=", "failed")]
        )
        self.assertEqual(failed["credit"]["failure_type_count"], 1)

    def test_response_time_medians(self):
        rows = self._pivot("contact.centre.response", "channel", ["business_seconds"])
        # WhatsApp: 1800, 1800, 600; SMS: 300, 1200.
        self.assertEqual(rows["whatsapp"]["business_seconds"], 1800)
        self.assertEqual(rows["sms"]["business_seconds"], 750)
        firsts = self._pivot(
            "contact.centre.response",
            "channel",
            ["business_seconds"],
            domain=[("is_first", "=", True)],
        )
        self.assertEqual(firsts["whatsapp"]["business_seconds"], 1800)
        self.assertEqual(firsts["sms"]["business_seconds"], 750)

    def test_agent_performance(self):
        measures = [
            "conversation_id",
            "messages_sent",
            "response_seconds",
            "first_response_seconds",
            "resolved_count",
        ]
        rows = self._pivot("contact.centre.report.agent", "agent_id", measures)
        agent = rows[(self.agent.id, self.agent.display_name)]
        self.assertEqual([agent[name] for name in measures], [1, 2, 1800.0, 1800.0, 0])
        other = rows[(self.other_agent.id, self.other_agent.display_name)]
        self.assertEqual([other[name] for name in measures], [2, 3, 750.0, 750.0, 1])

    def test_agents_see_their_own_rows(self):
        for model, groupby in (
            ("contact.centre.report.agent", "agent_id"),
            ("contact.centre.report.message", "agent_id"),
            ("contact.centre.response", "agent_id"),
        ):
            rows = self._pivot(model, groupby, [], user=self.agent)
            self.assertEqual(list(rows), [(self.agent.id, self.agent.display_name)], model)
            managers = self._pivot(model, groupby, [], user=self.manager)
            self.assertGreaterEqual(len(managers), 2, model)
