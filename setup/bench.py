"""Measure the contact centre on this machine; print the figures, assert nothing.

1. Webhook acknowledgement: a real Odoo server (2 workers, no cron) on a
   database of its own receives signed Sandbox inbound-message webhooks from
   a pool of threads; the same load on /web/health, the cheapest route that
   still goes through a worker and the database, is the floor beside it.
2. Inbound processing: another Odoo process applies the stored events, as
   the webhook cron would, and is timed.
3. Sender: a third one queues SMS through a Sandbox account with no rate
   limit, then times the sender cron sending them.
4. Campaign: cc_campaign is installed, then a fourth process queues an SMS
   campaign to 100,000 contacts as its runner cron does (time and peak
   memory), and the sender cron sends its messages through the Sandbox
   account with no rate limit (messages per second).

5. Dashboard: cc_dashboard is installed, a history of `--dashboard-messages`
   messages over `--dashboard-conversations` conversations (half of them
   answers, with their response times) is written in SQL, and the server
   time of the Overview's data call and of each report's first screen is
   measured as a manager sees them (record rules apply). `--only-dashboard`
   runs this step alone, on a database of its own: a quick run is
   `--only-dashboard --dashboard-messages=100000 --dashboard-conversations=10000`.

The database (cc_base without demo data) is created for the run; the server
is stopped and the database dropped at the end, whatever happens.
"""

import argparse
import contextlib
import hashlib
import hmac
import http.client
import itertools
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from odoo_conf import CONF, odoo_command, read_options
from postgres import connect
from run_tests import free_port
from suite_databases import Databases

ROOT = Path(__file__).resolve().parent.parent
SERVER_LOG = ROOT / ".data" / "bench-server.log"
DB_PREFIX = "cc_bench_"
WORKERS = 2
BATCH_SIZE = 200
# Load on each route before measuring: every worker loads the registry on
# its first request, which is not what is measured.
WARM_UP_SECONDS = 2
SERVER_START_SECONDS = 120
# Inbound messages come from this many customers, each writing several times:
# the first message of each creates its contact, the others find it.
INBOUND_SENDERS = 500
INBOUND_NUMBER = "+32470{:06d}"
# The queued SMS go to this many contacts, several to each.
RECIPIENTS = 200
RECIPIENT_NUMBER = "+32471{:06d}"
# The campaign's audience: its own numbers, its own name to find it by.
CAMPAIGN_NUMBER_PREFIX = "+32472"
CAMPAIGN_AUDIENCE = "bench-audience"


class BenchError(Exception):
    """The bench could not measure; its text says what went wrong."""


@dataclass
class Load:
    """What one route answered to a load: how fast, how long each request took."""

    acknowledged: int
    refused: Counter  # {HTTP status, or None when the connection failed: count}
    seconds: float
    latencies: list

    @property
    def per_second(self):
        return self.acknowledged / self.seconds

    def latency_ms(self, percent):
        return 1000 * percentile(self.latencies, percent)


def percentile(values, percent):
    """The nearest-rank percentile: a latency some request really had."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * percent / 100)) - 1]


# The load generator: one connection per request, as Odoo's prefork workers
# close each connection after answering.

HEALTH_REQUEST = ("GET", "/web/health", None, {})


def send(port, request):
    """Send one (method, path, body, headers) request: its HTTP status (None
    when the connection failed) and how long it took."""
    method, path, body, headers = request
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = None
    finally:
        connection.close()
    return status, time.perf_counter() - started


def load(port, next_request, concurrency, seconds):
    """Keep `concurrency` requests in flight for `seconds`: each thread sends
    its next request as soon as it has its answer. A fixed time rather than a
    fixed count, so that a fast machine is measured as long as a slow one."""
    deadline = time.perf_counter() + seconds
    stopped = threading.Event()

    def client():
        answers = []
        while time.perf_counter() < deadline and not stopped.is_set():
            answers.append(send(port, next_request()))
        return answers

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        started = time.perf_counter()
        clients = [pool.submit(client) for _ in range(concurrency)]
        try:
            answers = [answer for future in clients for answer in future.result()]
        finally:
            stopped.set()
        elapsed = time.perf_counter() - started
    latencies = [latency for status, latency in answers if status == 200]
    refused = Counter(status for status, _latency in answers if status != 200)
    return Load(len(latencies), refused, elapsed, latencies)


def webhook_requests(account):
    """A source of signed Sandbox webhooks, each a new inbound message, that
    the load's threads share (itertools.count is thread-safe)."""
    indexes = itertools.count()
    return lambda: webhook_request(account, next(indexes))


def webhook_request(account, index):
    """The index-th inbound message: its customer writes again every
    INBOUND_SENDERS messages."""
    sender = index % INBOUND_SENDERS
    event = {
        "type": "message",
        "id": f"bench-{index}",
        "from": INBOUND_NUMBER.format(sender),
        "text": f"Hello, this is message {index}.",
        "name": f"Bench customer {sender}",
        "timestamp": int(time.time()),
    }
    body = json.dumps({"events": [event]}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Sandbox-Signature": sandbox_signature(account["webhook_secret"], body),
    }
    return "POST", f"/contact_centre/webhook/sandbox/{account['webhook_key']}", body, headers


def sandbox_signature(key, body):
    """cc_base's sandbox_signature, copied: the addons import only inside Odoo."""
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


# The Odoo server under load


@contextlib.contextmanager
def odoo_server(arguments, database):
    """A prefork Odoo server on free ports, in its own process group so that
    stopping it stops its workers too; yields its HTTP port."""
    port = free_port()
    command = odoo_command(
        arguments.odoo_bin,
        arguments.config,
        database,
        f"--workers={WORKERS}",
        "--max-cron-threads=0",
        "--no-database-list",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        "--log-level=warn",
    )
    with SERVER_LOG.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_serving(process, port)
        yield port
    finally:
        stop(process)


def wait_until_serving(process, port):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"The Odoo server stopped at start: see {SERVER_LOG}")
        if send(port, HEALTH_REQUEST)[0] == 200:
            return
        time.sleep(0.5)
    raise BenchError(f"The Odoo server did not answer in {SERVER_START_SECONDS}s: see {SERVER_LOG}")


def stop(process):
    """SIGTERM lets the server stop its workers and gevent process; SIGKILL
    the whole group if it does not within 30 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Steps that run inside Odoo, each in an Odoo process of its own (this script
# again, with --step): they print their result as one JSON line.


def step_prepare(env, _arguments):
    """The Sandbox SMS account the webhooks come to and the messages go out
    through, sending as fast as it can."""
    import odoo.release  # noqa: PLC0415 - steps run inside Odoo only

    account = env["contact.centre.provider"].create(
        {
            "name": "Bench Sandbox SMS",
            "code": "sandbox",
            "channel": "sms",
            "state": "enabled",
            "rate_limit": 0,
        }
    )
    return {
        "id": account.id,
        "webhook_key": account.webhook_key,
        "webhook_secret": account.webhook_secret,
        "odoo": odoo.release.serie,
    }


def step_inbound(env, _arguments):
    """Apply every stored event as the webhook cron does, until none is due."""
    Event = env["contact.centre.webhook.event"]
    Message = env["contact.centre.message"]
    stored = Event.search_count([])
    started = time.monotonic()
    while Event._cron_process(batch_size=BATCH_SIZE, auto_commit=True):
        pass
    seconds = time.monotonic() - started
    return {
        "events": stored,
        "not_applied": Event.search_count([("state", "!=", "done")]),
        "messages": Message.search_count([("direction", "=", "inbound")]),
        "contacts": env["res.partner"].search_count([("sms_number", "=like", "+32470%")]),
        "seconds": seconds,
    }


def step_sender(env, arguments):
    """Queue `messages` SMS to RECIPIENTS new contacts, then send them all as
    the sender cron does; the queuing and the sending are timed apart."""
    Message = env["contact.centre.message"]
    contacts = env["res.partner"].create(
        [
            {"name": f"Bench recipient {index}", "sms_number": RECIPIENT_NUMBER.format(index)}
            for index in range(RECIPIENTS)
        ]
    )
    env.cr.commit()
    started = time.monotonic()
    queued = Message._queue_outbound(
        [
            {
                "contact_id": contacts[index % RECIPIENTS].id,
                "channel": "sms",
                "provider_id": arguments.account,
                "body_text": f"Hello, your order {index} has shipped.",
            }
            for index in range(arguments.messages)
        ]
    )
    env.cr.commit()
    queue_seconds = time.monotonic() - started
    started = time.monotonic()
    while Message._cron_send_queued(batch_size=BATCH_SIZE, auto_commit=True):
        pass
    seconds = time.monotonic() - started
    return {
        "queued": len(queued),
        "queue_seconds": queue_seconds,
        "sent": Message.search_count([("id", "in", queued.ids), ("status", "=", "sent")]),
        "seconds": seconds,
    }


def step_campaign(env, arguments):
    """Queue an SMS campaign to `campaign_contacts` contacts as its runner
    cron does, timed, with the process's peak memory; then send up to
    `campaign_send` of its messages as the sender cron does, timed."""
    import resource  # noqa: PLC0415 - Unix only, like Odoo's workers

    Campaign = env["contact.centre.campaign"]
    Message = env["contact.centre.message"]
    # The audience is written in SQL: creating contacts is not what is measured.
    env.cr.execute(
        "INSERT INTO res_partner (name, complete_name, ref, sms_number, active, type, "
        "is_company, lang, create_uid, write_uid, create_date, write_date) "
        "SELECT 'Recipient ' || n, 'Recipient ' || n, %s, %s || lpad(n::text, 6, '0'), true, "
        "'contact', false, 'en_US', 1, 1, now(), now() FROM generate_series(1, %s) n",
        (CAMPAIGN_AUDIENCE, CAMPAIGN_NUMBER_PREFIX, arguments.campaign_contacts),
    )
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    campaign = Campaign.create(
        {
            "name": "Bench campaign",
            "channel": "sms",
            "provider_id": arguments.account,
            "contact_domain": repr([("ref", "=", CAMPAIGN_AUDIENCE)]),
            "message_body": "Hello {{ object.name }}, our spring sale starts today.",
            "quiet_hours": False,
        }
    )
    campaign.action_start()
    env.cr.commit()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    while not campaign.enqueue_done:
        Campaign._cron_run_campaigns(auto_commit=True)
        campaign.invalidate_recordset(["enqueue_done"])
    enqueue_seconds = time.monotonic() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queued = Message.search_count([("campaign_id", "=", campaign.id)])
    started = time.monotonic()
    sent = 0
    while sent < arguments.campaign_send and Message._cron_send_queued(
        batch_size=BATCH_SIZE, auto_commit=True
    ):
        sent = Message.search_count([("campaign_id", "=", campaign.id), ("status", "=", "sent")])
    return {
        "contacts": arguments.campaign_contacts,
        "queued": queued,
        "enqueue_seconds": enqueue_seconds,
        # ru_maxrss is in KiB on Linux.
        "peak_mb": rss_peak / 1024,
        "peak_increase_mb": (rss_peak - rss_before) / 1024,
        "sent": sent,
        "send_seconds": time.monotonic() - started,
    }


# The dashboard's history: this many agents, over this many days.
DASHBOARD_AGENTS = 10
DASHBOARD_DAYS = 90
DASHBOARD_NUMBER_PREFIX = "+32473"
# Each figure is measured this many times: the first call (cold caches) and
# the fastest are printed.
DASHBOARD_RUNS = 3


def step_dashboard_data(env, arguments):
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
    conversations = arguments.dashboard_conversations
    per_conversation = max(2, arguments.dashboard_messages // conversations)
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


def step_dashboard(env, _arguments):
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


STEPS = {
    "prepare": step_prepare,
    "inbound": step_inbound,
    "sender": step_sender,
    "campaign": step_campaign,
    "dashboard_data": step_dashboard_data,
    "dashboard": step_dashboard,
}


def run_step(arguments):
    """Inside Odoo: open the database's registry and run one step in it."""
    import odoo  # noqa: PLC0415 - steps run inside Odoo only
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        ["--config", arguments.config, "--database", arguments.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(arguments.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        result = STEPS[arguments.step](env, arguments)
    print(json.dumps(result))


def odoo_step(arguments, database, step, *options):
    """Run a step in a new Odoo process; return what it printed."""
    command = [sys.executable, __file__, "--config", arguments.config, "--database", database]
    command += ["--step", step, *options]
    output = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if output.returncode != 0:
        raise BenchError(f"The {step} step failed (its log is above).")
    return json.loads(output.stdout.splitlines()[-1])


# The bench


def create_database(arguments, database, addon="cc_base"):
    """cc_base alone, without demo data: only what the bench creates is there
    (later an addon is installed into it: cc_campaign)."""
    command = odoo_command(
        arguments.odoo_bin,
        arguments.config,
        database,
        f"--init={addon}",
        "--without-demo=all",
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    )
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise BenchError(f"Installing {addon} into {database} failed (its log is above).")


def measure_webhooks(arguments, database, account):
    """The floor and the webhooks, one after the other on the same warm server."""
    next_webhook = webhook_requests(account)
    with odoo_server(arguments, database) as port:
        load(port, lambda: HEALTH_REQUEST, arguments.concurrency, WARM_UP_SECONDS)
        load(port, next_webhook, arguments.concurrency, WARM_UP_SECONDS)
        floor = load(port, lambda: HEALTH_REQUEST, arguments.concurrency, arguments.seconds)
        report_load("/web/health", floor)
        webhooks = load(port, next_webhook, arguments.concurrency, arguments.seconds)
        report_load("webhooks", webhooks)
    return floor, webhooks


def report_load(label, result):
    refused = ", ".join(f"{count} × {status}" for status, count in result.refused.items())
    if not result.acknowledged:
        raise BenchError(f"{label}: no request was answered 200 ({refused}); see {SERVER_LOG}")
    print(
        f"  {label}: {result.acknowledged} answered 200 in {result.seconds:.1f}s, "
        f"p50 {result.latency_ms(50):.0f} ms, p99 {result.latency_ms(99):.0f} ms"
        + (f"; not answered 200: {refused}" if refused else ""),
        flush=True,
    )


def postgres_major(options):
    connection = connect(options)
    try:
        return connection.server_version // 10000
    finally:
        connection.close()


def summary(versions, floor, webhooks, inbound, sender, campaign):
    """The figures, one line each, numbers aligned."""
    share = 100 * webhooks.per_second / floor.per_second
    return "\n".join(
        [
            f"Contact Centre benchmarks — {versions}",
            f"{'webhook ack':<18}{webhooks.per_second:5.0f} req/s  "
            f"p50 {webhooks.latency_ms(50):.0f} ms  p99 {webhooks.latency_ms(99):.0f} ms   "
            f"(floor /web/health {floor.per_second:.0f} req/s: {share:.0f} %)",
            f"{'inbound applied':<18}{inbound['messages'] / inbound['seconds']:5.0f} msg/s",
            f"{'sender (no limit)':<18}{sender['sent'] / sender['seconds']:5.0f} msg/s",
            f"{'campaign queued':<18}{campaign['queued'] / campaign['enqueue_seconds']:5.0f} "
            f"contacts/s  ({campaign['queued']} in {campaign['enqueue_seconds']:.0f} s, "
            f"peak memory {campaign['peak_mb']:.0f} MB, "
            f"+{campaign['peak_increase_mb']:.0f} MB while queuing)",
            f"{'campaign sent':<18}{campaign['sent'] / campaign['send_seconds']:5.0f} msg/s",
        ]
    )


def bench_dashboard(arguments, database):
    """Install cc_dashboard, write its history, time its figures."""
    print(
        f"Installing cc_dashboard, writing {arguments.dashboard_messages} messages over "
        f"{arguments.dashboard_conversations} conversations",
        flush=True,
    )
    create_database(arguments, database, "cc_dashboard")
    sizes = (
        f"--dashboard-messages={arguments.dashboard_messages}",
        f"--dashboard-conversations={arguments.dashboard_conversations}",
    )
    data = odoo_step(arguments, database, "dashboard_data", *sizes)
    vacuum(arguments, database)
    print(
        f"  {data['messages']} messages in the database, {data['responses']} response times, "
        f"written in {data['seconds']:.0f}s",
        flush=True,
    )
    timings = odoo_step(arguments, database, "dashboard", *sizes)
    return data, timings


def vacuum(arguments, database):
    """What autovacuum does on a server a while after a bulk write, done at
    once (it may be off or late here): the statistics, and the visibility
    map that lets a period be counted from an index alone."""
    connection = connect(read_options(arguments.config), dbname=database)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE contact_centre_message, contact_centre_response, "
            "discuss_channel, res_partner"
        )
    connection.close()


def dashboard_summary(data, timings):
    lines = [
        f"Dashboard on {data['messages']} messages, {data['conversations']} conversations "
        f"(server time, as a manager; first call, then fastest of {DASHBOARD_RUNS})"
    ]
    lines += [
        f"  {label:<30}{times['first_ms']:7.0f} ms  {times['best_ms']:7.0f} ms"
        for label, times in timings.items()
    ]
    return "\n".join(lines)


def bench(arguments, options, database):
    started = time.monotonic()
    if arguments.only_dashboard:
        print(f"Creating {database} (cc_base, no demo data)", flush=True)
        data, timings = bench_dashboard(arguments, database)
        print(f"\nDone in {time.monotonic() - started:.0f}s\n")
        print(dashboard_summary(data, timings))
        return
    print(f"Creating {database} (cc_base, no demo data)", flush=True)
    create_database(arguments, database)
    account = odoo_step(arguments, database, "prepare")
    print(
        f"Webhook load: {arguments.seconds}s per route, "
        f"{arguments.concurrency} at a time, {WORKERS} workers",
        flush=True,
    )
    floor, webhooks = measure_webhooks(arguments, database, account)
    print("Applying the stored events", flush=True)
    inbound = odoo_step(arguments, database, "inbound")
    print(
        f"  {inbound['messages']} inbound messages from {inbound['contacts']} contacts "
        f"({inbound['events']} events, {inbound['not_applied']} not applied) "
        f"in {inbound['seconds']:.1f}s",
        flush=True,
    )
    print(f"Sending {arguments.messages} queued SMS", flush=True)
    sender = odoo_step(
        arguments,
        database,
        "sender",
        f"--messages={arguments.messages}",
        f"--account={account['id']}",
    )
    print(
        f"  queued in {sender['queue_seconds']:.1f}s; {sender['sent']} sent "
        f"in {sender['seconds']:.1f}s",
        flush=True,
    )
    print(f"Installing cc_campaign, queuing a {arguments.campaign_contacts}-contact campaign")
    create_database(arguments, database, "cc_campaign")
    campaign = odoo_step(
        arguments,
        database,
        "campaign",
        f"--campaign-contacts={arguments.campaign_contacts}",
        f"--campaign-send={arguments.campaign_send}",
        f"--account={account['id']}",
    )
    print(
        f"  {campaign['queued']} messages queued in {campaign['enqueue_seconds']:.1f}s; "
        f"{campaign['sent']} sent in {campaign['send_seconds']:.1f}s",
        flush=True,
    )
    data, timings = bench_dashboard(arguments, database)
    print(f"\nDone in {time.monotonic() - started:.0f}s\n")
    versions = (
        f"{os.cpu_count()} cores, Odoo {account['odoo']}, PostgreSQL {postgres_major(options)}"
    )
    print(summary(versions, floor, webhooks, inbound, sender, campaign))
    print(dashboard_summary(data, timings))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(CONF))
    parser.add_argument("--odoo-bin")
    parser.add_argument("--seconds", type=float, default=10, help="of load on each route")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--messages", type=int, default=2000, help="SMS queued then sent")
    parser.add_argument(
        "--campaign-contacts", type=int, default=100_000, help="audience of the campaign"
    )
    parser.add_argument(
        "--campaign-send", type=int, default=10_000, help="campaign messages sent, timed"
    )
    parser.add_argument(
        "--dashboard-messages",
        type=int,
        default=1_000_000,
        help="messages of the dashboard's history",
    )
    parser.add_argument(
        "--dashboard-conversations",
        type=int,
        default=100_000,
        help="conversations they belong to",
    )
    parser.add_argument(
        "--only-dashboard", action="store_true", help="measure the dashboard only (quick)"
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--account", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    arguments.config = str(Path(arguments.config).resolve())
    if arguments.step:
        run_step(arguments)
        return 0
    if not arguments.odoo_bin:
        parser.error("--odoo-bin is required")

    options = read_options(arguments.config)
    options.setdefault("data_dir", str(ROOT / ".data" / "odoo"))
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    database = f"{DB_PREFIX}{secrets.token_hex(4)}"
    # SIGTERM (a CI timeout, kill) must still stop the server and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        bench(arguments, options, database)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: no figures.", file=sys.stderr)
        return 130
    finally:
        Databases(options).drop([database])
    return 0


if __name__ == "__main__":
    sys.exit(main())
