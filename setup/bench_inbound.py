"""Part 2, inbound processing: signed Sandbox webhooks are stored as the
webhook route stores them, then an Odoo process applies them as the webhook
cron does, timed."""

import json

from bench_common import BATCH_SIZE
from bench_webhooks import INBOUND_NUMBER, inbound_event, sandbox_signature

NAME = "inbound"
TITLE = "Inbound processing"


def add_arguments(parser):
    parser.add_argument("--inbound", type=int, default=2000, help="inbound messages applied")


def step_store(env, params):
    """Store `count` inbound-message webhooks of a new Sandbox account."""
    from odoo.addons.cc_base.tools import WebhookRequest  # noqa: PLC0415 - inside Odoo

    account = env["contact.centre.provider"].create(
        {"name": "Bench Sandbox SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
    )
    Event = env["contact.centre.webhook.event"]
    for index in range(params["count"]):
        body = json.dumps({"events": [inbound_event(index)]}).encode()
        headers = {
            "content-type": "application/json",
            "x-sandbox-signature": sandbox_signature(account.webhook_secret, body),
        }
        Event._store(account, WebhookRequest("POST", "/bench", body, headers))
    return {"stored": Event.search_count([])}


def step_apply(env, _params):
    """Apply every stored event as the webhook cron does, until none is due."""
    import time  # noqa: PLC0415

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
        "contacts": env["res.partner"].search_count(
            [("sms_number", "=like", INBOUND_NUMBER[:6] + "%")]
        ),
        "seconds": seconds,
    }


STEPS = {"inbound_store": step_store, "inbound_apply": step_apply}


def run(bench):
    database = bench.new_database()
    bench.step(database, "inbound_store", count=bench.arguments.inbound)
    print("Applying the stored events", flush=True)
    inbound = bench.step(database, "inbound_apply")
    print(
        f"  {inbound['messages']} inbound messages from {inbound['contacts']} contacts "
        f"({inbound['events']} events, {inbound['not_applied']} not applied) "
        f"in {inbound['seconds']:.1f}s",
        flush=True,
    )
    return [f"{'inbound applied':<18}{inbound['messages'] / inbound['seconds']:5.0f} msg/s"]
