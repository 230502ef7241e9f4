"""The fault suite: SMS campaigns sent by real prefork Odoo servers, their
crons running as in production, through Infobip's simulator while things go
wrong; each scenario counts, per message uuid at the simulator, what was lost
and what was sent twice.

* provider: the simulator answers 30 % of sends with a 500, a 429 or not at
  all; some numbers it refuses for good.
* crash: the server is killed (kill -9 on its process group) mid-campaign,
  then started again.
* concurrency: two servers (and two more sender processes) send one
  campaign; then the same delivery reports are posted to both servers at
  once and both process the backlog.

Retries wait minutes in production (backoff, Retry-After, the lease of a
dead sender): when nothing has moved for IDLE_SECONDS the suite brings the
retries due forward, as time passing would, and wakes the sender cron.

`--size=ci` (the default, run by `make test`) or `--size=full` (the issue's
sizes, `make soak`). The last lines are a table and "N passed, N failed".
"""

import argparse
import contextlib
import json
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_common import LOG_DIR, Bench, BenchError, run_step
from odoo_conf import CONF, read_options
from postgres import connect
from suite_databases import Databases

ROOT = Path(__file__).resolve().parent.parent
ADDONS = "cc_sms_infobip,cc_campaign"
# Audience sizes of each scenario.
SIZES = {
    "ci": {"provider": 600, "crash": 1000, "concurrency": 600},
    "full": {"provider": 10_000, "crash": 20_000, "concurrency": 10_000},
}
FAULT_SHARE = 0.3
SEED = 11
# One number in this many the simulator refuses for good.
REFUSED_EVERY = 97
# Messages per request to Infobip: many requests, so that faults spread.
BATCH_SIZE = 10
IDLE_SECONDS = 2
SCENARIO_TIMEOUT = 900
CRON_OPTIONS = ("--max-cron-threads=2",)
# Expected in the logs of servers that send at once: PostgreSQL's
# serialization failures, which Odoo retries.
EXPECTED_ERRORS = ("could not serialize access", "deadlock detected")
RECORD_START = re.compile(r"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ )", re.MULTILINE)
# Failures a message may end with, and whether the simulator got it then.
PERMANENT = "wrong_number"
NO_ANSWER = "unknown"  # the provider took it, its answer never came: never resent
GAVE_UP = ("provider_unavailable", "rate_limited")  # after the last attempt


# Steps, inside Odoo


def step_campaign(env, params):
    """An Infobip account on the simulator, an audience of `contacts` new
    contacts and a started SMS campaign to them."""
    account = env["contact.centre.provider"].create(
        {
            "name": f"Infobip {params['tag']}",
            "code": "infobip",
            "channel": "sms",
            "sender": "InfoSMS",
            "infobip_base_url": params["url"],
            "infobip_api_key": params["api_key"],
            "infobip_batch_size": BATCH_SIZE,
            "rate_limit": params.get("rate_limit", 0),
            "state": "enabled",
        }
    )
    # The audience is written in SQL: creating contacts is not what is tested.
    env.cr.execute(
        "INSERT INTO res_partner (name, complete_name, ref, sms_number, active, type, "
        "is_company, lang, create_uid, write_uid, create_date, write_date) "
        "SELECT 'Recipient ' || n, 'Recipient ' || n, %s, %s || lpad(n::text, 6, '0'), true, "
        "'contact', false, 'en_US', 1, 1, now(), now() FROM generate_series(1, %s) n",
        (params["tag"], params["prefix"], params["contacts"]),
    )
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    campaign = env["contact.centre.campaign"].create(
        {
            "name": f"Campaign {params['tag']}",
            "channel": "sms",
            "provider_id": account.id,
            "contact_domain": repr([("ref", "=", params["tag"])]),
            "message_body": "Hello {{ object.name }}, our spring sale starts today.",
            "quiet_hours": False,
        }
    )
    campaign.action_start()
    return {"campaign": campaign.id, "account": account.id}


def step_send(env, _params):
    """Send what is due, as the sender cron does, until nothing is."""
    Message = env["contact.centre.message"]
    done = 0
    while sent := Message._cron_send_queued(auto_commit=True):
        done += sent
    return {"done": done}


def step_process_webhooks(env, _params):
    """Process the webhook events due, as their cron does, until none is."""
    Event = env["contact.centre.webhook.event"]
    done = 0
    while processed := Event._cron_process(auto_commit=True):
        done += processed
    return {"done": done}


COUNTS = ("targeted_count", "sent_count", "failed_count", "skipped_count")


def step_campaign_counts(env, params):
    campaign = env["contact.centre.campaign"].browse(params["campaign"])
    return {name: campaign[name] for name in COUNTS}


STEPS = {
    "faults_campaign": step_campaign,
    "faults_send": step_send,
    "faults_process_webhooks": step_process_webhooks,
    "faults_campaign_counts": step_campaign_counts,
}


# The driver, outside Odoo


class Database:
    """What the suite reads and nudges in the database, in SQL."""

    def __init__(self, options, name):
        self.name = name
        self.connection = connect(options, dbname=name)
        self.connection.autocommit = True
        self.options = options

    def query(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def messages(self, campaign):
        """[(uuid, number, status, failure_type, attempt_count)] of a campaign."""
        return self.query(
            "SELECT m.uuid, p.sms_number, m.status, m.failure_type, m.attempt_count "
            "FROM contact_centre_message m JOIN res_partner p ON p.id = m.contact_id "
            "WHERE m.campaign_id = %s",
            (campaign,),
        )

    def progress(self, campaign):
        return self.query(
            "SELECT c.enqueue_done, count(m.id), count(m.id) FILTER (WHERE m.status = 'queued') "
            "FROM contact_centre_campaign c LEFT JOIN contact_centre_message m "
            "ON m.campaign_id = c.id WHERE c.id = %s GROUP BY c.enqueue_done",
            (campaign,),
        )[0]

    def bring_retries_forward(self):
        """What time passing does: retries (and the leases of a dead sender)
        fall due; then the sender cron, the webhook cron and the campaign
        runner (which a crash stops until its next call) are woken as Odoo
        wakes them."""
        moved = self.query(
            "UPDATE contact_centre_message SET next_attempt_at = now() AT TIME ZONE 'UTC' "
            "WHERE status = 'queued' AND next_attempt_at > now() AT TIME ZONE 'UTC' RETURNING id"
        )
        self.query(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) SELECT res_id, "
            "now() AT TIME ZONE 'UTC' FROM ir_model_data WHERE (module, name) IN "
            "(('cc_base', 'ir_cron_send_queued'), ('cc_base', 'ir_cron_process_webhook_events'), "
            "('cc_campaign', 'ir_cron_run_campaigns'))"
        )
        postgres = connect(self.options)
        postgres.autocommit = True
        with postgres.cursor() as cursor:
            cursor.execute("NOTIFY cron_trigger, %s", (self.name,))
        postgres.close()
        return len(moved)

    def close(self):
        self.connection.close()


class Scenario:
    """One campaign through a simulator of its own, and what came of it."""

    def __init__(self, suite, name, contacts, prefix, fault_share=0.0):
        from odoo.addons.cc_sms_infobip.tests.infobip_simulator import (  # noqa: PLC0415
            InfobipSimulator,
        )

        self.suite = suite
        self.name = name
        self.contacts = contacts
        self.simulator = InfobipSimulator.start()
        self.simulator.inject_faults(fault_share, SEED)
        self.refused = {
            f"{prefix}{index:06d}" for index in range(REFUSED_EVERY, contacts + 1, REFUSED_EVERY)
        }
        self.simulator.rejected_numbers = {number.lstrip("+") for number in self.refused}
        created = suite.bench.step(
            suite.database,
            "faults_campaign",
            tag=f"faults-{name}",
            prefix=prefix,
            contacts=contacts,
            url=self.simulator.url,
            api_key=self.simulator.api_key,
        )
        self.campaign = created["campaign"]
        self.problems = []

    def wait(self, until=None):
        """Wait until the campaign's every message has left the queue (or
        `until()` is true), bringing retries forward whenever all is idle."""
        db = self.suite.db
        deadline = time.monotonic() + SCENARIO_TIMEOUT
        last, still_since = None, time.monotonic()
        while time.monotonic() < deadline:
            enqueued, total, queued = db.progress(self.campaign)
            if until and until():
                return
            if enqueued and total and not queued:
                return
            state = (len(self.simulator.requests), total, queued)
            if state != last:
                last, still_since = state, time.monotonic()
            elif time.monotonic() - still_since > IDLE_SECONDS:
                db.bring_retries_forward()
                still_since = time.monotonic()
            time.sleep(0.3)
        raise BenchError(f"{self.name}: the campaign did not finish in {SCENARIO_TIMEOUT}s")

    def result(self):
        """The scenario's row: each message is sent once, or refused for good
        (a refused number, not received), or failed without an answer
        (received once, never resent), or given up after its last attempt."""
        arrivals = Counter(callback for _at, callback in self.simulator.arrivals)
        rows = self.suite.db.messages(self.campaign)
        failed = Counter()
        lost = sent = 0
        for uuid, number, status, failure_type, attempts in rows:
            received = arrivals.get(uuid, 0)
            if status == "failed":
                failed[failure_type] += 1
            if status in ("sent", "delivered"):
                sent += 1
                ok = received == 1
            elif failure_type == PERMANENT:
                ok = number in self.refused and not received
            elif number in self.refused:
                # Refused for good, unless its request met a fault first.
                ok = failure_type == NO_ANSWER and not received
            elif failure_type == NO_ANSWER:
                ok = received <= 1
            elif failure_type in GAVE_UP:
                ok = attempts >= 5
            else:
                ok = False
            lost += not ok and not received
        duplicated = sum(1 for count in arrivals.values() if count > 1)
        if len(rows) != self.contacts:
            self.problems.append(f"{len(rows)} messages for {self.contacts} contacts")
        counts = self.suite.bench.step(
            self.suite.database, "faults_campaign_counts", campaign=self.campaign
        )
        # A refused number counts as skipped (no such number) in the campaign.
        expected = (len(rows), sent, failed.total() - failed[PERMANENT], failed[PERMANENT])
        if tuple(counts[name] for name in COUNTS) != expected:
            self.problems.append(f"campaign counts {counts}, expected {expected}")
        self.simulator.stop()
        return {
            "scenario": self.name,
            "messages": len(rows),
            "sent": sent,
            "lost": lost,
            "duplicated": duplicated,
            "failed": ", ".join(f"{reason} {count}" for reason, count in sorted(failed.items())),
            "problems": self.problems,
        }


class Suite:
    def __init__(self, bench, size):
        self.bench = bench
        self.size = SIZES[size]
        self.database = bench.new_database(ADDONS)
        self.db = Database(bench.options, self.database)
        self.logs = []

    def server(self, name):
        self.logs.append(LOG_DIR / f"faults-{name}.log")
        return self.bench.server(self.database, *CRON_OPTIONS, name=f"faults-{name}")


def unexpected_errors(logs):
    """ERROR records of these server logs but the expected serialization
    retries (a record goes on over the lines that follow it: PostgreSQL's
    message comes after the query it refused)."""
    errors = []
    for log in logs:
        text = log.read_text(errors="replace") if log.exists() else ""
        errors += [
            f"{log.name}: {record.splitlines()[0][:500]}"
            for record in log_records(text)
            if " ERROR " in record.splitlines()[0]
            and not any(expected in record for expected in EXPECTED_ERRORS)
        ]
    return errors


def log_records(text):
    """The records of an Odoo log: each starts with its timestamp."""
    return [record for record in RECORD_START.split(text) if record.strip()]


def provider_faults(suite):
    scenario = Scenario(
        suite, "provider faults", suite.size["provider"], "+32473", fault_share=FAULT_SHARE
    )
    with suite.server("provider"):
        scenario.wait()
    return scenario.result()


def crash(suite):
    scenario = Scenario(suite, "crash", suite.size["crash"], "+32474")
    with suite.server("crash") as port:
        scenario.wait(until=lambda: len(scenario.simulator.arrivals) >= scenario.contacts // 3)
        suite.bench.kill(port)
    killed_at = len(scenario.simulator.arrivals)
    with suite.server("crash-restarted"):
        scenario.wait()
    row = scenario.result()
    arrived = {callback for _at, callback in scenario.simulator.arrivals}
    in_flight = [
        uuid
        for uuid, _number, status, failure_type, _attempts in suite.db.messages(scenario.campaign)
        if status == "failed" and failure_type == NO_ANSWER
    ]
    row["note"] = (
        f"killed after {killed_at} arrivals; {len(in_flight)} failed in flight, "
        f"{len(set(in_flight) - arrived)} of them never reached the provider"
    )
    return row


def in_thread(suite, scenario, step):
    """A thread running a step in its own Odoo process; a step that fails is
    one of the scenario's problems."""

    def target():
        try:
            suite.bench.step(suite.database, step)
        except BenchError as error:
            scenario.problems.append(str(error))

    return threading.Thread(target=target)


def concurrency(suite):
    scenario = Scenario(suite, "concurrency", suite.size["concurrency"], "+32475")
    with suite.server("first") as first, suite.server("second") as second:
        senders = [in_thread(suite, scenario, "faults_send") for _ in range(2)]
        scenario.wait(until=lambda: len(scenario.simulator.arrivals) > 0)
        for sender in senders:
            sender.start()
        scenario.wait()
        for sender in senders:
            sender.join()
        row = scenario.result()
        row.update(webhook_backlog(suite, scenario, (first, second)))
    return row


def webhook_backlog(suite, scenario, ports):
    """Post a delivery report of every message sent to both servers at once
    (each report twice: a provider that retries), then both servers' crons
    and two processes more work the backlog; every sent message must be
    delivered, each report applied once."""
    simulator = scenario.simulator
    reports = [
        simulator.report(message_id, "delivered")
        for message_id, sent in list(simulator.messages.items())
        if sent["status"]["groupId"] == 1
    ]
    url = next(sent["notify_url"] for sent in simulator.messages.values() if sent["notify_url"])

    def post_all(port):
        target = urlunsplit(urlsplit(url)._replace(netloc=f"127.0.0.1:{port}"))
        statuses = Counter()
        for start in range(0, len(reports), 100):
            body, headers = simulator.webhook({"results": reports[start : start + 100]})
            statuses[simulator.deliver(target, body, headers)] += 1
        return statuses

    posters = [threading.Thread(target=post_all, args=(port,)) for port in ports]
    processors = [in_thread(suite, scenario, "faults_process_webhooks") for _ in range(2)]
    for thread in posters + processors:
        thread.start()
    for thread in posters + processors:
        thread.join()
    db = suite.db
    deadline = time.monotonic() + SCENARIO_TIMEOUT
    while db.query("SELECT count(*) FROM contact_centre_webhook_event WHERE state = 'pending'")[0][
        0
    ]:
        if time.monotonic() > deadline:
            raise BenchError("concurrency: the webhook backlog was not processed")
        db.bring_retries_forward()
        time.sleep(1)
    delivered, events_failed = db.query(
        "SELECT (SELECT count(*) FROM contact_centre_message WHERE campaign_id = %s "
        "AND status = 'delivered'), (SELECT count(*) FROM contact_centre_webhook_event "
        "WHERE state NOT IN ('done', 'pending'))",
        (scenario.campaign,),
    )[0]
    problems = []
    if delivered != len(reports) or events_failed:
        problems.append(
            f"{delivered} delivered for {len(reports)} reports, {events_failed} events not done"
        )
    return {"reports": len(reports), "delivered": delivered, "webhook_problems": problems}


SCENARIOS = {"provider": provider_faults, "crash": crash, "concurrency": concurrency}


def report(rows):
    columns = ("scenario", "messages", "sent", "lost", "duplicated", "failed", "verdict")
    table = [dict.fromkeys(columns, ""), *rows]
    table[0].update({column: column for column in columns})
    widths = {column: max(len(str(row.get(column, ""))) for row in table) for column in columns}
    print("\nFault suite")
    for row in table:
        print("  ".join(str(row.get(column, "")).ljust(widths[column]) for column in columns))
    for row in rows:
        for problem in row.get("problems", []) + row.get("webhook_problems", []):
            print(f"  {row['scenario']}: {problem}")
        if "note" in row or "reports" in row:
            extra = {key: row[key] for key in ("note", "reports", "delivered") if key in row}
            print(f"  {row['scenario']}: {json.dumps(extra)}")


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(CONF))
    parser.add_argument("--odoo-bin")
    parser.add_argument("--size", choices=SIZES, default="ci")
    parser.add_argument("--only", type=lambda text: text.split(","), default=list(SCENARIOS))
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--step-params", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--addons-path", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if not arguments.step and not arguments.odoo_bin:
        parser.error("--odoo-bin is required")
    arguments.config = str(Path(arguments.config).resolve())
    return arguments


def load_addons():
    """The simulators live in the addons' test packages, under odoo.addons."""
    from odoo.tools import config  # noqa: PLC0415

    import odoo.addons  # noqa: PLC0415

    config["test_enable"] = True
    odoo.addons.__path__.append(str(ROOT / "addons"))


def run(arguments):
    """Run the scenarios; return (passed, failed)."""
    options = read_options(arguments.config)
    options.setdefault("data_dir", str(ROOT / ".data" / "odoo"))
    bench = Bench(arguments, options)
    bench.script = Path(__file__).resolve()
    load_addons()
    rows = []
    try:
        suite = Suite(bench, arguments.size)
        for name in arguments.only:
            print(f"== {name}", flush=True)
            started, first_log = time.monotonic(), len(suite.logs)
            try:
                row = SCENARIOS[name](suite)
            except BenchError as error:
                row = {"scenario": name, "problems": [str(error)]}
            row["problems"] += unexpected_errors(suite.logs[first_log:])[:5]
            row["verdict"] = (
                "FAIL"
                if row.get("lost")
                or row.get("duplicated")
                or row["problems"]
                or row.get("webhook_problems")
                or "sent" not in row
                else "PASS"
            )
            print(f"  {row['verdict']} in {time.monotonic() - started:.0f}s", flush=True)
            rows.append(row)
        suite.db.close()
    finally:
        Databases(options).drop(bench.databases)
    report(rows)
    failed = sum(row["verdict"] != "PASS" for row in rows)
    return len(rows) - failed, failed


def main():
    arguments = parse_arguments()
    if arguments.step:
        run_step(arguments, STEPS)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with contextlib.suppress(KeyboardInterrupt):
        passed, failed = run(arguments)
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    return 130


if __name__ == "__main__":
    sys.exit(main())
