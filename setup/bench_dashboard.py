"""Part 4, dashboard: cc_dashboard is installed, a history of
`--dashboard-messages` messages over `--dashboard-conversations` conversations
(half of them answers, with their response times) is written in SQL, and the
server time of the Overview's data (its two calls, alone and at once,
bench_overview) and of each report's first screen is measured as a manager
sees them (record rules apply). A quick run is
`--only=dashboard --dashboard-messages=100000 --dashboard-conversations=10000`."""

from datetime import datetime, timedelta

from bench_common import best_of
from bench_history import HISTORY_TABLES, write_history
from bench_overview import LABELS, measure_overview

NAME = "dashboard"
TITLE = "Dashboard"


def add_arguments(parser):
    parser.add_argument(
        "--dashboard-messages", type=int, default=1_000_000, help="messages of the history"
    )
    parser.add_argument(
        "--dashboard-conversations", type=int, default=100_000, help="conversations they are in"
    )


# Each figure is measured this many times: the first call (cold caches) and
# the fastest are printed.
DASHBOARD_RUNS = 3


def step_dashboard_data(env, params):
    """Write the dashboard's history in SQL, timed (bench_history)."""
    return write_history(env, params["messages"], params["conversations"])


def step_dashboard(env, _params):
    """The server time of the Overview's data (bench_overview) for each
    period, and of each report's first screen (its default view, grouped as
    the web client asks), as a contact centre manager."""
    from odoo.tools import config  # noqa: PLC0415 - steps run inside Odoo only

    manager = env["res.users"].create(
        {
            "name": "Bench manager",
            "login": "bench-manager",
            "tz": "Europe/Brussels",
            "groups_id": [(4, env.ref("cc_base.group_contact_centre_manager").id)],
        }
    )
    env.cr.commit()
    config["limit_time_real"] = 0
    user_env = env(user=manager.id, context={"tz": "Europe/Brussels", "lang": "en_US"})
    since = (datetime.now() - timedelta(days=29)).strftime("%Y-%m-%d")

    def measure(call):
        return best_of(user_env, call, DASHBOARD_RUNS)

    Dashboard = user_env["contact.centre.dashboard"]
    results = {
        f"Overview ({period}), {LABELS[what]}": times
        for period in ("today", "7d", "30d")
        for what, times in measure_overview(Dashboard, {"period": period}, DASHBOARD_RUNS).items()
    }
    reports = {
        "Message Volume (graph)": (
            "contact.centre.report.message",
            [("date", ">=", since)],
            ["__count"],
            ["date:day", "channel"],
        ),
        "Response Times (pivot)": (
            "contact.centre.response",
            [("customer_at", ">=", since)],
            ["business_seconds:median"],
            ["customer_at:week", "channel"],
        ),
        "Agent Performance (pivot)": (
            "contact.centre.report.agent",
            [("date", ">=", since)],
            [
                "conversation_id:count_distinct",
                "messages_sent:sum",
                "first_response_seconds:median",
                "response_seconds:median",
                "resolved_count:sum",
            ],
            ["agent_id"],
        ),
        "Campaign Performance (pivot)": (
            "contact.centre.report.campaign",
            [("date", ">=", since)],
            ["targeted_count:sum", "sent_count:sum", "responder_id:count_distinct"],
            ["campaign_id"],
        ),
    }
    for label, (model, domain, aggregates, groupby) in reports.items():
        if model not in user_env:
            continue
        Report = user_env[model]
        # The pivot asks for the groups and for the total row.
        results[label] = measure(
            lambda Report=Report, d=domain, a=aggregates, g=groupby: (
                Report._read_group(d, g, a),
                Report._read_group(d, [], a),
            )
        )
    return results


STEPS = {"dashboard_data": step_dashboard_data, "dashboard": step_dashboard}


def run(bench):
    arguments = bench.arguments
    print(
        f"Installing cc_dashboard, writing {arguments.dashboard_messages} messages over "
        f"{arguments.dashboard_conversations} conversations",
        flush=True,
    )
    database = bench.new_database("cc_dashboard")
    sizes = {
        "messages": arguments.dashboard_messages,
        "conversations": arguments.dashboard_conversations,
    }
    data = bench.step(database, "dashboard_data", **sizes)
    bench.vacuum(database, HISTORY_TABLES)
    print(
        f"  {data['messages']} messages in the database, {data['responses']} response times, "
        f"written in {data['seconds']:.0f}s",
        flush=True,
    )
    timings = bench.step(database, "dashboard", **sizes)
    return summary(data, timings)


def summary(data, timings):
    lines = [
        f"Dashboard on {data['messages']} messages, {data['conversations']} conversations "
        f"(server time, as a manager; first call, then fastest of {DASHBOARD_RUNS})"
    ]
    lines += [
        f"  {label:<30}{times['first_ms']:7.0f} ms  {times['best_ms']:7.0f} ms"
        for label, times in timings.items()
    ]
    return lines
