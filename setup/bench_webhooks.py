"""Part 1, webhook acknowledgement: a real Odoo server (2 workers, no cron) on
a database of its own receives signed Sandbox inbound-message webhooks from a
pool of threads; the same load on /web/health, the cheapest route that still
goes through a worker, is the floor beside it."""

import hashlib
import hmac
import itertools
import json
import time

from bench_common import HEALTH_REQUEST, LOG_DIR, WARM_UP_SECONDS, load, report_load

NAME = "webhooks"
TITLE = "Webhook acknowledgement"
# Inbound messages come from this many customers, each writing several times.
INBOUND_SENDERS = 500
INBOUND_NUMBER = "+32470{:06d}"


def add_arguments(parser):
    parser.add_argument("--seconds", type=float, default=10, help="of load on each route")
    parser.add_argument("--concurrency", type=int, default=16)


def webhook_requests(account):
    """A source of signed Sandbox webhooks, each a new inbound message, that
    the load's threads share (itertools.count is thread-safe)."""
    indexes = itertools.count()
    return lambda: webhook_request(account, next(indexes))


def webhook_request(account, index):
    """The index-th inbound message: its customer writes again every
    INBOUND_SENDERS messages."""
    body = json.dumps({"events": [inbound_event(index)]}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Sandbox-Signature": sandbox_signature(account["webhook_secret"], body),
    }
    return "POST", f"/contact_centre/webhook/sandbox/{account['webhook_key']}", body, headers


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


def step_prepare(env, _params):
    """The Sandbox SMS account the webhooks come to."""
    account = env["contact.centre.provider"].create(
        {"name": "Bench Sandbox SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
    )
    return {"webhook_key": account.webhook_key, "webhook_secret": account.webhook_secret}


STEPS = {"webhooks_prepare": step_prepare}


def run(bench):
    arguments = bench.arguments
    database = bench.new_database()
    account = bench.step(database, "webhooks_prepare")
    print(
        f"Webhook load: {arguments.seconds}s per route, "
        f"{arguments.concurrency} at a time, 2 workers",
        flush=True,
    )
    next_webhook = webhook_requests(account)
    log = LOG_DIR / "webhooks.log"
    with bench.server(database, name="webhooks") as port:
        load(port, lambda: HEALTH_REQUEST, arguments.concurrency, WARM_UP_SECONDS)
        load(port, next_webhook, arguments.concurrency, WARM_UP_SECONDS)
        floor = load(port, lambda: HEALTH_REQUEST, arguments.concurrency, arguments.seconds)
        report_load("/web/health", floor, log)
        webhooks = load(port, next_webhook, arguments.concurrency, arguments.seconds)
        report_load("webhooks", webhooks, log)
    return summary(floor, webhooks)


def summary(floor, webhooks):
    share = 100 * webhooks.per_second / floor.per_second
    return [
        f"{'webhook ack':<18}{webhooks.per_second:5.0f} req/s  "
        f"p50 {webhooks.latency_ms(50):.0f} ms  p99 {webhooks.latency_ms(99):.0f} ms   "
        f"(floor /web/health {floor.per_second:.0f} req/s: {share:.0f} %)"
    ]
