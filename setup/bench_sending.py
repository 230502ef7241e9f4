"""Part 3, sending: an SMS campaign (cc_campaign) to each of `--audiences`
contacts through an Infobip account pointed at the Infobip simulator (no
rate limit), beside Odoo's own SMS Marketing (mass_mailing_sms) sending a
mailing to the same contacts through its SMS gateway pointed at a local
endpoint that answers like Odoo's SMS service (setup/iap_sms_endpoint.py).

Each side has a database of its own with the same generated contacts, and
each phase runs in an Odoo process of its own, as its crons do it:
queuing (cc_campaign's runner cron; mass_mailing's queue cron, which makes
the sms.sms of the whole audience), then sending (cc_base's sender cron;
sms's queue cron), every message, or only the first `--send-sample` of each
side when given. Each phase prints its rate, its SQL queries per message
(the cursor's count) and the memory of its process: at the start, and the
peak above it (Linux's VmHWM, reset at the start of the phase). Then each
side sends a second campaign to as many other contacts with both phases at
once, in two processes, as a server's two cron workers run them (unless
`--send-sample` is given): our runner commits each batch it queues and wakes
the sender, so sending starts with the first batch; Odoo's queue cron
commits the whole audience at once, and its SMS cron (hourly) is run beside
it as if it were woken too. With
`--baseline-addons`, another copy of our addons (the code before a change)
sends the same campaign from a third database, each of its phases run just
before ours.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench_common import LOG_DIR, BenchError, addons_path
from run_tests import free_port

NAME = "sending"
TITLE = "Campaign sending"
ROOT = Path(__file__).resolve().parent.parent
NUMBER_PREFIX = "+32472"
AUDIENCE_REF = "bench-audience-{}"
# The audience of the campaign queued and sent at once.
AT_ONCE = "-at-once"
BODY = "Hello {}, our spring sale starts today: 20% off everything in store."
OURS_ADDONS = "cc_campaign,cc_sms_infobip"
ODOO_ADDONS = "mass_mailing_sms"
SIMULATOR = "cc_sms_infobip.tests.infobip_simulator"
SIMULATOR_KEY = "simulator-key"
SERVICE_START_SECONDS = 30
# Room for the ids of a million contacts in the SMS composer.
LITERAL_EVAL_BUFFER = 16 * 1024 * 1024
# The states of an SMS Odoo's SMS service accepted: our "sent".
ACCEPTED = ("pending", "sent")
# How often a sender beside the queuing looks for new work: a server's cron
# worker is woken by the queuing's trigger instead.
POLL_SECONDS = 0.05


def add_arguments(parser):
    parser.add_argument(
        "--audiences",
        type=lambda text: [int(size) for size in text.split(",")],
        default=[10_000, 100_000],
        help="contacts of each campaign, one campaign per size (default 10000,100000)",
    )
    parser.add_argument(
        "--send-sample",
        type=int,
        default=0,
        help="time only the first N messages sent on each side (default: all)",
    )


# Measuring inside a step


class Meter:
    """Time, SQL queries and memory of one phase in this process: the peak
    resident memory is reset at the start (Linux's clear_refs), so that the
    peak read at the end is this phase's."""

    def __init__(self, cr):
        self.cr = cr
        Path("/proc/self/clear_refs").write_text("5")
        self.rss_start = memory_kb("VmRSS")
        self.queries = cr.sql_log_count
        self.started = time.monotonic()
        # The wall clock too: phases run at once in two processes are timed
        # from the first one's start to the last one's end.
        self.started_at = time.time()

    def result(self, count, **extra):
        return {
            "count": count,
            "seconds": time.monotonic() - self.started,
            "started_at": self.started_at,
            "ended_at": time.time(),
            "queries": self.cr.sql_log_count - self.queries,
            "rss_start_mb": self.rss_start / 1024,
            "rss_peak_mb": memory_kb("VmHWM") / 1024,
            **extra,
        }


def memory_kb(key):
    """A figure of /proc/self/status in KiB (VmRSS now, VmHWM the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise BenchError(f"no {key} in /proc/self/status")


def step_audience(env, params):
    """`size` contacts with an SMS-able mobile number, written in SQL: making
    contacts is not what is measured. The same contacts on both sides."""
    from odoo.tools import SQL  # noqa: PLC0415 - steps run inside Odoo only

    ref = AUDIENCE_REF.format(params["size"]) + params.get("suffix", "")
    # The number goes to every number field there is: cc_base's sms_number,
    # Odoo's mobile and its sanitized form (sms).
    numbers = ["mobile"] + [
        name for name in ("sms_number", "phone_sanitized") if name in env["res.partner"]._fields
    ]
    env.cr.execute(
        SQL(
            "INSERT INTO res_partner (name, complete_name, ref, %s, active, type, is_company, "
            "lang, create_uid, write_uid, create_date, write_date) "
            "SELECT 'Recipient ' || n, 'Recipient ' || n, %s, %s, true, 'contact', false, "
            "'en_US', 1, 1, now(), now() FROM (SELECT n, %s || lpad(n::text, 6, '0') AS number "
            "FROM generate_series(1, %s) n) numbers",
            SQL(", ").join(SQL.identifier(name) for name in numbers),
            ref,
            SQL(", ").join(SQL("number") for _name in numbers),
            NUMBER_PREFIX,
            params["size"],
        )
    )
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    return {"ref": ref}


# Our side: cc_campaign through Infobip


def step_ours_prepare(env, params):
    """The Infobip account, pointed at the simulator, and the campaign, started."""
    account = env["contact.centre.provider"].search([("name", "=", "Bench Infobip")])
    account = account or env["contact.centre.provider"].create(
        {
            "name": "Bench Infobip",
            "code": "infobip",
            "channel": "sms",
            "sender": "BenchSMS",
            "infobip_base_url": params["simulator"],
            "infobip_api_key": SIMULATOR_KEY,
            "state": "enabled",
            "rate_limit": 0,
        }
    )
    campaign = env["contact.centre.campaign"].create(
        {
            "name": f"Bench campaign {params['ref']}",
            "channel": "sms",
            "provider_id": account.id,
            "contact_domain": repr([("ref", "=", params["ref"])]),
            "message_body": BODY.format("{{ object.name }}"),
            "quiet_hours": False,
        }
    )
    campaign.action_start()
    return {"campaign": campaign.id}


def step_ours_enqueue(env, params):
    """The runner cron, run until the campaign's audience is queued."""
    Campaign = env["contact.centre.campaign"]
    campaign = Campaign.browse(params["campaign"])
    env.cr.commit()
    meter = Meter(env.cr)
    while not campaign.enqueue_done:
        Campaign._cron_run_campaigns(auto_commit=True)
        campaign.invalidate_recordset(["enqueue_done"])
    queued = env["contact.centre.message"].search_count([("campaign_id", "=", campaign.id)])
    return meter.result(queued)


def row_writes(cr):
    """(row updates, of which heap-only) of the message table so far, this
    process's own included."""
    cr.execute("SELECT pg_stat_force_next_flush()")
    cr.commit()
    cr.execute("SELECT pg_stat_clear_snapshot()")
    cr.execute(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
        "WHERE relname = 'contact_centre_message'"
    )
    return cr.fetchone()


def step_ours_send(env, params):
    """The sender cron, run until the campaign's messages are all sent (or
    `sample` of them); with the message table's row updates it made, and
    how many were heap-only (HOT: no index written)."""
    Message = env["contact.centre.message"]
    campaign = [("campaign_id", "=", params["campaign"])]
    env.cr.commit()
    writes = row_writes(env.cr)
    meter = Meter(env.cr)
    sent = 0
    while Message._cron_send_queued(auto_commit=True):
        sent = Message.search_count([*campaign, ("status", "=", "sent")])
        if params["sample"] and sent >= params["sample"]:
            break
    result = meter.result(sent)
    result["updates"], result["hot_updates"] = (
        after - before for after, before in zip(row_writes(env.cr), writes, strict=True)
    )
    result["not_sent"] = Message.search_count([*campaign, ("status", "!=", "sent")])
    result["provider_ids"] = len(
        Message._read_group([*campaign, ("status", "=", "sent")], ["external_message_id"])
    )
    return result


def send_beside_queuing(env, queued_whole, send):
    """Call `send` (true when it sent something) as a cron worker beside the
    queuing would be woken, until nothing is left once `queued_whole()` says
    the queuing is over: read before the send that finds nothing, each round
    in a new transaction that sees what the queuing committed. Returns the
    Meter it ran under."""
    meter = Meter(env.cr)
    while True:
        env.cr.commit()
        over = queued_whole()
        if send():
            continue
        if over:
            return meter
        time.sleep(POLL_SECONDS)


def step_ours_send_beside_queuing(env, params):
    """The sender cron run beside the runner, as a server's second cron
    worker runs it: each batch queued wakes it (polled here)."""
    Message = env["contact.centre.message"]
    campaign = env["contact.centre.campaign"].browse(params["campaign"])

    def queued_whole():
        campaign.invalidate_recordset(["enqueue_done"])
        return campaign.enqueue_done

    meter = send_beside_queuing(
        env, queued_whole, lambda: Message._cron_send_queued(auto_commit=True)
    )
    return meter.result(
        Message.search_count([("campaign_id", "=", campaign.id), ("status", "=", "sent")])
    )


# Odoo's side: mass_mailing_sms through Odoo's SMS service (IAP)


def step_odoo_prepare(env, params):
    """The SMS gateway pointed at the local endpoint, an IAP account with a
    token, and the mailing to the audience, put in the queue as its Send
    button does."""
    env["ir.config_parameter"].set_param("sms.endpoint", params["endpoint"])
    env["iap.account"].get("sms")
    mailing = env["mailing.mailing"].create(
        {
            "subject": f"Bench mailing {params['ref']}",
            "mailing_type": "sms",
            "mailing_model_id": env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr([("ref", "=", params["ref"])]),
            "body_plaintext": BODY.format("{{ object.name }}"),
        }
    )
    mailing.action_put_in_queue()
    return {"mailing": mailing.id}


def step_odoo_enqueue(env, params):
    """mass_mailing's queue cron: it makes the mailing's sms.sms. Its
    composer reads the audience's ids back with literal_eval, which Odoo
    limits to 100 KiB (about 12,000 contacts): past that the mailing fails
    until the administrator raises ODOO_LIMIT_LITEVAL_BUFFER, as done here."""
    os.environ["ODOO_LIMIT_LITEVAL_BUFFER"] = str(LITERAL_EVAL_BUFFER)
    env.cr.commit()
    meter = Meter(env.cr)
    env["mailing.mailing"]._process_mass_mailing_queue()
    env.cr.commit()
    queued = env["sms.sms"].search_count([("mailing_id", "=", params["mailing"])])
    return meter.result(queued)


def step_odoo_send(env, params):
    """sms's queue cron (10,000 SMS a run), run until nothing is outgoing
    (or `sample` are sent). An SMS the service accepted is `pending` (its
    delivery report makes it `sent`), and marked to delete."""
    Sms = env["sms.sms"]
    mailing = [("mailing_id", "=", params["mailing"])]
    meter = Meter(env.cr)
    sent = 0
    while Sms.search_count([*mailing, ("state", "=", "outgoing")]):
        Sms._process_queue()
        sent = Sms.search_count([*mailing, ("state", "in", ACCEPTED)])
        if params["sample"] and sent >= params["sample"]:
            break
    result = meter.result(sent)
    result["not_sent"] = Sms.search_count([*mailing, ("state", "not in", ACCEPTED)])
    return result


def step_odoo_send_beside_queuing(env, params):
    """sms's queue cron run beside mass_mailing's queue cron, the kindest
    order for Odoo (its own runs hourly)."""
    Sms = env["sms.sms"]
    mailing = env["mailing.mailing"].browse(params["mailing"])
    in_mailing = [("mailing_id", "=", mailing.id)]

    def queued_whole():
        # Its queue cron writes the SMS and leaves "in queue" in one commit.
        mailing.invalidate_recordset(["state"])
        return mailing.state != "in_queue"

    def send():
        if not Sms.search_count([*in_mailing, ("state", "=", "outgoing")]):
            return False
        Sms._process_queue()
        return True

    meter = send_beside_queuing(env, queued_whole, send)
    return meter.result(Sms.search_count([*in_mailing, ("state", "in", ACCEPTED)]))


STEPS = {
    "sending_audience": step_audience,
    "sending_ours_prepare": step_ours_prepare,
    "sending_ours_enqueue": step_ours_enqueue,
    "sending_ours_send": step_ours_send,
    "sending_odoo_prepare": step_odoo_prepare,
    "sending_odoo_enqueue": step_odoo_enqueue,
    "sending_odoo_send": step_odoo_send,
    "sending_ours_send_beside_queuing": step_ours_send_beside_queuing,
    "sending_odoo_send_beside_queuing": step_odoo_send_beside_queuing,
}


# The run


@contextmanager
def service(command, name):
    """A local HTTP service (a simulator) on a free port; yields its URL."""
    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, *command, "--port", str(port)], cwd=ROOT, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVICE_START_SECONDS
        while "listening" not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"{name} did not start: see {log_path}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait()


def run(bench):
    arguments = bench.arguments
    sample = arguments.send_sample
    baseline = arguments.baseline_addons and arguments.baseline_addons.resolve()
    print(f"Installing {OURS_ADDONS} and, apart, {ODOO_ADDONS}", flush=True)
    sides = {"ours": (bench.new_database(OURS_ADDONS), None)}
    if baseline:
        path = f"--addons-path={addons_path(bench.options, baseline)}"
        sides = {"before": (bench.new_database(OURS_ADDONS, path), baseline), **sides}
    odoo_db = bench.new_database(ODOO_ADDONS)
    results = []
    with (
        service(["tests/simulate.py", SIMULATOR], "infobip-simulator") as simulator,
        service(["setup/iap_sms_endpoint.py"], "iap-sms-endpoint") as endpoint,
    ):
        for size in arguments.audiences:
            print(f"Audience of {size} contacts", flush=True)
            campaigns = {}
            for side, (database, addons) in sides.items():
                campaigns[side] = prepare(
                    bench, database, addons, size, "sending_ours_prepare", simulator=simulator
                )
            mailing = prepare(bench, odoo_db, None, size, "sending_odoo_prepare", endpoint=endpoint)
            phases = {side: {} for side in sides}
            for side, (database, addons) in sides.items():
                phases[side]["enqueue"] = bench.step(
                    database, "sending_ours_enqueue", addons, **campaigns[side]
                )
                bench.vacuum(database, ["contact_centre_message"])
            for side, (database, addons) in sides.items():
                phases[side]["send"] = bench.step(
                    database, "sending_ours_send", addons, sample=sample, **campaigns[side]
                )
            for side, figures in phases.items():
                report(side, figures)
            odoo = {"enqueue": bench.step(odoo_db, "sending_odoo_enqueue", **mailing)}
            bench.vacuum(odoo_db, ["sms_sms", "mailing_trace"])
            odoo["send"] = bench.step(odoo_db, "sending_odoo_send", sample=sample, **mailing)
            report("mass_mailing_sms", odoo)
            odoo["send"]["accepted"] = json.load(urllib.request.urlopen(endpoint))["accepted"]
            if not sample:
                at_once = side_by_side(bench, size, sides, odoo_db, simulator, endpoint)
                for side, figures in (*phases.items(), ("mass_mailing_sms", odoo)):
                    figures["at_once"] = at_once[side]
            results.append((size, phases["ours"], odoo, phases.get("before")))
    return summary(results, sample)


def prepare(bench, database, addons, size, step, suffix="", **params):
    """An audience of `size` new contacts, vacuumed, and the campaign or
    mailing to it that `step` makes; return what the step returned."""
    ref = bench.step(database, "sending_audience", addons, size=size, suffix=suffix)["ref"]
    bench.vacuum(database, ["res_partner"])
    return bench.step(database, step, addons, ref=ref, **params)


def side_by_side(bench, size, sides, odoo_db, simulator, endpoint):
    """Each side's campaign to another `size` contacts, queued and sent at
    once by two processes, as a server's two cron workers do it: {side:
    messages sent and seconds from the queuing's start to the last send}."""
    runs = {}
    for side, (database, addons) in sides.items():
        campaign = prepare(
            bench, database, addons, size, "sending_ours_prepare", AT_ONCE, simulator=simulator
        )
        runs[side] = bench.steps_at_once(
            database,
            [("sending_ours_enqueue", campaign), ("sending_ours_send_beside_queuing", campaign)],
            addons,
        )
    mailing = prepare(
        bench, odoo_db, None, size, "sending_odoo_prepare", AT_ONCE, endpoint=endpoint
    )
    runs["mass_mailing_sms"] = bench.steps_at_once(
        odoo_db,
        [("sending_odoo_enqueue", mailing), ("sending_odoo_send_beside_queuing", mailing)],
    )
    figures = {}
    for side, (queuing, sending) in runs.items():
        seconds = max(queuing["ended_at"], sending["ended_at"]) - queuing["started_at"]
        figures[side] = {"count": sending["count"], "seconds": seconds}
        print(f"  {side} at once: {sending['count']} sent in {seconds:.1f}s", flush=True)
    return figures


def report(side, phases):
    for phase, figures in phases.items():
        print(
            f"  {side} {phase}: {figures['count']} in {figures['seconds']:.1f}s, "
            f"{figures['queries']} queries, memory {figures['rss_start_mb']:.0f} MB "
            f"→ peak {figures['rss_peak_mb']:.0f} MB",
            flush=True,
        )


def rate(figures):
    return figures["count"] / figures["seconds"] if figures["seconds"] else 0.0


def per_message(figures):
    return figures["queries"] / figures["count"] if figures["count"] else 0.0


def growth(figures):
    return figures["rss_peak_mb"] - figures["rss_start_mb"]


def audience_label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def end_to_end(phases):
    """Messages sent per second of queuing and sending together."""
    seconds = phases["enqueue"]["seconds"] + phases["send"]["seconds"]
    return phases["send"]["count"] / seconds if seconds else 0.0


def before_line(mine, before, theirs):
    """The baseline's rate, its ratio to Odoo's and ours to it."""
    ratio = before / theirs if theirs else 0.0
    return (
        f"{'   before':<22}{before:12.0f}{'':>12}{ratio:7.1f}×   "
        f"(ours ÷ before {mine / before if before else 0.0:.2f}×)"
    )


def summary(results, sample=0):
    """Our figures beside mass_mailing_sms's, per audience size and phase,
    and the baseline's (the code before a change) when it was measured."""
    lines = [
        "campaign sending: ours (cc_campaign → Infobip simulator) vs mass_mailing_sms "
        "(→ local IAP endpoint)"
        + (f"; sending timed on the first {sample} messages of each side" if sample else ""),
        f"{'':<22}{'ours':>12}{'Odoo':>12}{'ratio':>8}",
    ]
    for size, ours, odoo, before in results:
        for phase, unit in (("enqueue", "contacts/s"), ("send", "msg/s")):
            mine, theirs = ours[phase], odoo[phase]
            label = f"{audience_label(size)} {phase} {unit}"
            ratio = rate(mine) / rate(theirs) if rate(theirs) else 0.0
            lines.append(f"{label:<22}{rate(mine):12.0f}{rate(theirs):12.0f}{ratio:7.1f}×")
            if before:
                lines.append(before_line(rate(mine), rate(before[phase]), rate(theirs)))
            if mine.get("count") and "updates" in mine:
                lines.append(
                    f"{'   row writes/message':<22}{mine['updates'] / mine['count']:12.2f}"
                    f"{'':>20}   ({mine['hot_updates']} of {mine['updates']} heap-only)"
                    + (
                        f"; before {before[phase]['updates'] / before[phase]['count']:.2f}"
                        if before and before[phase].get("count")
                        else ""
                    )
                )
            lines += [
                f"{'   queries/message':<22}{per_message(mine):12.2f}{per_message(theirs):12.2f}",
                f"{'   memory growth MB':<22}{growth(mine):12.0f}{growth(theirs):12.0f}"
                f"   (peak {mine['rss_peak_mb']:.0f} / {theirs['rss_peak_mb']:.0f} MB)",
            ]
        mine, theirs = end_to_end(ours), end_to_end(odoo)
        lines.append(
            f"{f'{audience_label(size)} both msg/s':<22}{mine:12.0f}{theirs:12.0f}"
            f"{mine / theirs if theirs else 0.0:7.1f}×   (queued and sent, end to end)"
        )
        if before:
            lines.append(before_line(mine, end_to_end(before), theirs))
        if "at_once" in odoo:
            mine, theirs = rate(ours["at_once"]), rate(odoo["at_once"])
            lines.append(
                f"{f'{audience_label(size)} at once msg/s':<22}{mine:12.0f}{theirs:12.0f}"
                f"{mine / theirs if theirs else 0.0:7.1f}×   (queued and sent side by side, "
                "as two cron workers)"
            )
            if before:
                lines.append(before_line(mine, rate(before["at_once"]), theirs))
        not_sent = ours["send"].get("not_sent", 0), odoo["send"].get("not_sent", 0)
        if any(not_sent) and not sample:
            lines.append(f"   not sent: ours {not_sent[0]}, Odoo {not_sent[1]}")
    return lines
