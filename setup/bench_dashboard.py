"""Part 4, dashboard: cc_dashboard is installed, a history of
`--dashboard-messages` messages over `--dashboard-conversations` conversations
(half of them answers, with their response times) is written in SQL, and the
server time of the Overview's data call and of each report's first screen is
measured as a manager sees them (record rules apply). A quick run is
`--only=dashboard --dashboard-messages=100000 --dashboard-conversations=10000`."""

import time
from datetime import datetime, timedelta

NAME = "dashboard"
TITLE = "Dashboard"


def add_arguments(parser):
    parser.add_argument(
        "--dashboard-messages", type=int, default=1_000_000, help="messages of the history"
    )
    parser.add_argument(
        "--dashboard-conversations", type=int, default=100_000, help="conversations they are in"
    )


# The dashboard's history: this many agents, over this many days.
DASHBOARD_AGENTS = 10
DASHBOARD_DAYS = 90
DASHBOARD_NUMBER_PREFIX = "+32473"
# Each figure is measured this many times: the first call (cold caches) and
# the fastest are printed.
DASHBOARD_RUNS = 3


def step_dashboard_data(env, params):
    """Write the dashboard's history in SQL, timed: conversations of one
    contact each, on a WhatsApp and an SMS account, by DASHBOARD_AGENTS
    agents; their messages alternate customer message and answer, each
    answer with its response-time record, the last customer message unread,
    one answer in twenty failed."""
    Provider = env["contact.centre.provider"]
    accounts = Provider.create(
        [
            {"name": f"Bench dashboard {channel}", "code": "sandbox", "channel": channel}
            for channel in ("whatsapp", "sms")
        ]
    )
    agents = env["res.users"].create(
        [
            {
                "name": f"Bench agent {index}",
                "login": f"bench-agent-{index}",
                "groups_id": [(4, env.ref("cc_base.group_contact_centre_agent").id)],
            }
            for index in range(DASHBOARD_AGENTS)
        ]
    )
    env.flush_all()
    conversations = params["conversations"]
    per_conversation = max(2, params["messages"] // conversations)
    started = time.monotonic()
    cr = env.cr
    cr.execute(
        "INSERT INTO res_partner (name, complete_name, ref, sms_number, whatsapp_number, active, "
        "type, is_company, lang, create_uid, write_uid, create_date, write_date) "
        "SELECT 'Customer ' || n, 'Customer ' || n, 'bench-dashboard', "
        "%(prefix)s || lpad(n::text, 6, '0'), %(prefix)s || lpad(n::text, 6, '0'), true, "
        "'contact', false, 'en_US', 1, 1, now(), now() FROM generate_series(1, %(count)s) n",
        {"prefix": DASHBOARD_NUMBER_PREFIX, "count": conversations},
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    # Conversation n: customer n, account and agent by n, state by n; it
    # starts at a random moment of the last DASHBOARD_DAYS days.
    cr.execute(
        """
        CREATE TEMP TABLE bench_conversation AS
        SELECT p.id AS contact_id, row_number() OVER (ORDER BY p.id) AS n,
               now() - interval '1 day' - random() * interval '%(days)s days' AS started
          FROM res_partner p WHERE p.ref = 'bench-dashboard';
        INSERT INTO discuss_channel (name, channel_type, uuid, cc_contact_id, cc_provider_id,
                                     cc_channel, cc_agent_id, cc_state, cc_resolved_at,
                                     create_uid, write_uid, create_date, write_date)
        SELECT 'Customer ' || c.n, 'contact_centre', md5(random()::text),
               c.contact_id, (%(accounts)s)[1 + c.n %% 2], (ARRAY['whatsapp', 'sms'])[1 + c.n %% 2],
               CASE WHEN c.n %% 7 = 0 THEN NULL ELSE (%(agents)s)[1 + c.n %% %(agent_count)s] END,
               (ARRAY['open', 'pending', 'resolved', 'resolved'])[1 + c.n %% 4],
               CASE WHEN c.n %% 4 >= 2 THEN now() - random() * interval '%(days)s days' END,
               1, 1, now(), now()
          FROM bench_conversation c;
        CREATE TEMP TABLE bench_message AS
        SELECT ch.id AS conversation_id, ch.cc_contact_id AS contact_id,
               ch.cc_provider_id AS provider_id, ch.cc_channel AS channel,
               ch.cc_agent_id AS agent_id, j, c.started, (random() * 3600)::int AS wait
          FROM discuss_channel ch
          JOIN bench_conversation c ON c.contact_id = ch.cc_contact_id,
               generate_series(0, %(per)s - 1) j
         WHERE ch.channel_type = 'contact_centre';
        """,
        {
            "accounts": accounts.ids,
            "agents": agents.ids,
            "agent_count": len(agents),
            "days": DASHBOARD_DAYS,
            "per": per_conversation,
        },
    )
    # Message j of a conversation comes j hours after its start: customers
    # write on even j, answers come on odd j, `wait` seconds later.
    cr.execute(
        """
        INSERT INTO contact_centre_message (name, uuid, contact_id, channel, direction,
            provider_id, company_id, message_type, body_text, status, failure_type,
            message_timestamp, status_timestamp, conversation_id, assigned_agent_id,
            create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH' || b.conversation_id || '-' || b.j, md5(random()::text),
               b.contact_id, b.channel,
               CASE WHEN b.j %% 2 = 0 THEN 'inbound' ELSE 'outbound' END,
               b.provider_id, 1, 'text', 'Hello', CASE
                   WHEN b.j %% 2 = 0 AND b.j >= %(per)s - 2 THEN 'received'
                   WHEN b.j %% 2 = 0 THEN 'read'
                   WHEN (b.conversation_id + b.j) %% 20 = 0 THEN 'failed'
                   ELSE 'delivered' END,
               CASE WHEN b.j %% 2 = 1 AND (b.conversation_id + b.j) %% 20 = 0 THEN 'credit' END,
               b.started + b.j * interval '1 hour'
                   + CASE WHEN b.j %% 2 = 1 THEN b.wait * interval '1 second' ELSE '0' END,
               now(), b.conversation_id, b.agent_id, 1, 1, now(), now()
          FROM bench_message b
        """,
        {"per": per_conversation},
    )
    cr.execute(
        """
        INSERT INTO contact_centre_response (inbound_message_id, reply_message_id,
            conversation_id, contact_id, provider_id, channel, company_id, agent_id,
            customer_at, replied_at, wait_seconds, business_seconds, is_first,
            create_uid, write_uid, create_date, write_date)
        SELECT q.id, a.id, q.conversation_id, q.contact_id, q.provider_id, q.channel, 1,
               a.assigned_agent_id, q.message_timestamp, a.message_timestamp,
               extract(epoch FROM a.message_timestamp - q.message_timestamp),
               extract(epoch FROM a.message_timestamp - q.message_timestamp),
               q.name LIKE '%%-0', 1, 1, now(), now()
          FROM contact_centre_message q
          JOIN contact_centre_message a ON a.conversation_id = q.conversation_id
               AND a.name = 'BENCH' || q.conversation_id || '-' ||
                   (split_part(q.name, '-', 2)::int + 1)
         WHERE q.name LIKE 'BENCH%%' AND q.direction = 'inbound' AND a.status != 'failed'
        """
    )
    env.cr.commit()
    cr.execute("SELECT count(*) FROM contact_centre_message")
    [[messages]] = cr.fetchall()
    cr.execute("SELECT count(*) FROM contact_centre_response")
    [[responses]] = cr.fetchall()
    return {
        "messages": messages,
        "responses": responses,
        "conversations": conversations,
        "seconds": time.monotonic() - started,
    }


def step_dashboard(env, _params):
    """The server time of the Overview's data call for each period, and of
    each report's first screen (its default view, grouped as the web client
    asks), as a contact centre manager."""
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
        times = []
        for _run in range(DASHBOARD_RUNS):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
            user_env.invalidate_all()
        return {"first_ms": 1000 * times[0], "best_ms": 1000 * min(times)}

    Dashboard = user_env["contact.centre.dashboard"]
    results = {
        f"Overview ({period})": measure(lambda p=period: Dashboard.get_overview({"period": p}))
        for period in ("today", "7d", "30d")
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
    bench.vacuum(
        database,
        ["contact_centre_message", "contact_centre_response", "discuss_channel", "res_partner"],
    )
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
