"""Part 1, webhook acknowledgement: real Odoo servers (2 workers, no cron) on
a database of their own, with cc_whatsapp_meta, receive signed Meta webhooks
(a mix of customer messages and statuses, built as Meta sends them) from a
load generator, beside two floors of the same server: /web/health, the
cheapest route that still opens the database (auth='none'), and a do-nothing
POST (cc_bench_floor: no user, as on the webhook routes; a read-write
transaction; the body read), which is all Odoo does for a webhook before our
code runs. Beside them too, the least storing a webhook before answering it
can cost: a POST that only writes its body in one INSERT (cc_bench_floor).

The same is measured on a second server with a dbfilter, on which Odoo
lists the databases for every request that has no session.

Routes and servers take turns, --rounds times, so that a change in the
load of a shared machine weighs on all of them alike. The load generator
runs in --load-processes processes of threads, its CPU time per request
printed (about 0.7 ms, a fifth of the floor's): on 2 cores, 2 processes gave
the floor a little more than one (105-121 against 103-115 req/s on a loaded
machine) and raw sockets or asyncio less.
"""

import contextlib
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path

from bench_common import (
    HEALTH_REQUEST,
    LOG_DIR,
    WARM_UP_SECONDS,
    Load,
    addons_path,
    load,
    report_load,
)

NAME = "webhooks"
TITLE = "Webhook acknowledgement"
BENCH_ADDONS = Path(__file__).resolve().parent / "bench_addons"
NOOP_PATH = "/cc_bench/noop"
INSERT_PATH = "/cc_bench/insert"
# What the webhooks are compared with, in routes().
FLOORS = ("/web/health", "no-op POST", "one-INSERT POST")

# The Meta account the webhooks come to (the values of Meta's documentation).
WABA_ID = "102290129340398"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_PHONE_NUMBER = "15550783881"
# Customers who write, each several times; statuses are for our replies to them.
CUSTOMERS = 500
CUSTOMER_NUMBER = "32470{:06d}"
# What a contact centre receives while it answers its customers: for every
# 4 messages from customers, 6 statuses of the replies (sent, delivered, read).
MIX = ("text", "sent", "delivered", "image", "read", "reply", "sent", "delivered", "button", "read")
# Each source of requests numbers its webhooks from a block of its own.
BLOCK = 10**8


def add_arguments(parser):
    parser.add_argument("--seconds", type=float, default=10, help="of load on each route")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--load-processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="turns the routes take")


# The webhooks


def webhook_requests(account):
    """Sources of signed Meta webhooks for the load's processes: each call
    (one per process) numbers its webhooks from a new block, so that no two
    webhooks of a run are the same."""
    blocks = itertools.count()

    def source(_process, _processes):
        indexes = itertools.count(next(blocks) * BLOCK)
        return lambda: webhook_request(account, next(indexes))

    return source


def webhook_request(account, index):
    """The index-th webhook of the mix, signed with the account's app secret."""
    body = json.dumps(meta_payload(MIX[index % len(MIX)], index)).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "facebookexternalua",
        "X-Hub-Signature-256": meta_signature(account["app_secret"], body),
    }
    return "POST", account["webhook_path"], body, headers


def meta_signature(app_secret, body):
    """cc_whatsapp_meta's meta_signature, copied: the addons import only inside Odoo."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def meta_payload(kind, index):
    """A messages webhook as Meta sends it (PROVIDERS.md, Meta's samples):
    one message from a customer, or one status of a reply to a customer."""
    customer = CUSTOMER_NUMBER.format(index % CUSTOMERS)
    timestamp = str(int(time.time()))
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": DISPLAY_PHONE_NUMBER,
            "phone_number_id": PHONE_NUMBER_ID,
        },
    }
    if kind in ("sent", "delivered", "read"):
        value["statuses"] = [status(kind, f"wamid.BENCHOUT{index // 3}", customer, timestamp)]
    else:
        message = {"from": customer, "id": f"wamid.BENCHIN{index}", "timestamp": timestamp}
        value["contacts"] = [{"profile": {"name": f"Customer {customer}"}, "wa_id": customer}]
        value["messages"] = [{**message, **message_content(kind, index)}]
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}],
    }


def message_content(kind, index):
    if kind == "image":
        return {
            "type": "image",
            "image": {"mime_type": "image/jpeg", "sha256": "4654+8g=", "id": f"{index}"},
        }
    if kind == "button":
        return {
            "type": "interactive",
            "context": {"from": DISPLAY_PHONE_NUMBER, "id": f"wamid.BENCHOUT{index // 3}"},
            "interactive": {"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}},
        }
    content = {"type": "text", "text": {"body": f"Hello, this is message {index}."}}
    if kind == "reply":
        content["context"] = {"from": DISPLAY_PHONE_NUMBER, "id": f"wamid.BENCHOUT{index // 3}"}
    return content


def status(kind, wamid, customer, timestamp):
    report = {"id": wamid, "status": kind, "timestamp": timestamp, "recipient_id": customer}
    if kind != "read":
        report["conversation"] = {"id": f"conv{customer}", "origin": {"type": "service"}}
        report["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
    return report


# Sandbox inbound messages, which bench_inbound stores
INBOUND_SENDERS = 500
INBOUND_NUMBER = "+32470{:06d}"


def inbound_event(index):
    sender = index % INBOUND_SENDERS
    return {
        "type": "message",
        "id": f"bench-{index}",
        "from": INBOUND_NUMBER.format(sender),
        "text": f"Hello, this is message {index}.",
        "name": f"Bench customer {sender}",
        "timestamp": int(time.time()),
    }


def sandbox_signature(key, body):
    """cc_base's sandbox_signature, copied: the addons import only inside Odoo."""
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


# The run


def step_prepare(env, _params):
    """The Meta account the webhooks come to."""
    account = env["contact.centre.provider"].create(
        {
            "name": "Bench Meta",
            "code": "meta",
            "channel": "whatsapp",
            "meta_waba_id": WABA_ID,
            "meta_phone_number_id": PHONE_NUMBER_ID,
            "meta_access_token": "bench-token",
            "meta_app_secret": "bench-app-secret",
            "state": "enabled",
        }
    )
    return {
        "webhook_path": f"/contact_centre/webhook/meta/{account.webhook_key}",
        "app_secret": account.meta_app_secret,
    }


STEPS = {"webhooks_prepare": step_prepare}


def with_bench_addons(options, addons=None):
    """--addons-path with the bench's addons, and another copy of our addons
    instead of ours when given."""
    return f"--addons-path={addons_path(options, addons)},{BENCH_ADDONS}"


def routes(account):
    """{label: source of requests} of what is measured on each server."""
    body = webhook_request(account, 0)[2]
    noop = ("POST", NOOP_PATH, body, {"Content-Type": "application/json"})
    insert = ("POST", INSERT_PATH, body, {"Content-Type": "application/json"})
    return {
        "/web/health": lambda _process, _processes: lambda: HEALTH_REQUEST,
        "no-op POST": lambda _process, _processes: lambda: noop,
        "one-INSERT POST": lambda _process, _processes: lambda: insert,
        "webhooks": webhook_requests(account),
    }


def run(bench):
    arguments = bench.arguments
    path = with_bench_addons(bench.options)
    database = bench.new_database("cc_whatsapp_meta")
    account = bench.step(database, "webhooks_prepare")
    bench.install(database, "cc_bench_floor", path)
    servers = {"": [path], "dbfilter": [path, f"--db-filter=^{database}$"]}
    if arguments.baseline_addons:
        servers["baseline"] = [
            with_bench_addons(bench.options, arguments.baseline_addons.resolve())
        ]
    sources = routes(account)
    print(
        f"Webhook load: {arguments.seconds}s per route in {arguments.rounds} rounds, "
        f"{arguments.concurrency} at a time from {arguments.load_processes} processes; "
        f"servers: {', '.join(label or 'no dbfilter' for label in servers)}",
        flush=True,
    )
    results = {}
    with contextlib.ExitStack() as stack:
        ports = {
            label: stack.enter_context(
                bench.server(database, *options, name=f"webhooks-{label or 'plain'}")
            )
            for label, options in servers.items()
        }

        def measure(label, route, seconds):
            return load(
                ports[label],
                sources[route],
                arguments.concurrency,
                seconds,
                arguments.load_processes,
            )

        for label in servers:
            for route in sources:
                measure(label, route, WARM_UP_SECONDS)
        for _round in range(arguments.rounds):
            for label in servers:
                for route in sources:
                    results.setdefault((label, route), []).append(
                        measure(label, route, arguments.seconds / arguments.rounds)
                    )
    loads = {key: combine(parts) for key, parts in results.items()}
    for (label, route), result in loads.items():
        report_load(f"{route}{f' ({label})' if label else ''}", result, LOG_DIR / "webhooks.log")
    return summary(loads, servers)


def combine(loads):
    """One Load of the rounds of a route."""
    return Load(
        acknowledged=sum(part.acknowledged for part in loads),
        refused=sum((part.refused for part in loads), start=type(loads[0].refused)()),
        seconds=sum(part.seconds for part in loads),
        latencies=[latency for part in loads for latency in part.latencies],
        client_cpu=sum(part.client_cpu for part in loads),
    )


def summary(loads, servers):
    """One line per server: the webhooks beside its floors; then what the
    load generator cost."""
    lines = []
    for label in servers:
        webhooks = loads[label, "webhooks"]
        floors = "; ".join(
            f"{route} {loads[label, route].per_second:.0f} req/s: "
            f"{100 * webhooks.per_second / loads[label, route].per_second:.0f} %"
            for route in FLOORS
        )
        lines.append(
            f"{'webhook ack' + (f', {label}' if label else ''):<22}"
            f"{webhooks.per_second:5.0f} req/s  p50 {webhooks.latency_ms(50):.0f} ms  "
            f"p99 {webhooks.latency_ms(99):.0f} ms   (floors {floors})"
        )
    answered = sum(result.acknowledged + sum(result.refused.values()) for result in loads.values())
    cpu = sum(result.client_cpu for result in loads.values())
    lines.append(f"{'  load generator':<22}{1000 * cpu / answered:.2f} ms CPU per request")
    return lines
