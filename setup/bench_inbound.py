"""Part 2, inbound processing: signed Sandbox webhooks are stored as the
webhook route stores them, then an Odoo process applies them as the webhook
cron does, timed. Beside it, on a database of its own made the same way, the
same messages take Odoo's own path (what Odoo's WhatsApp app does: one
message_post per message into a Discuss channel per customer); then status
reports (sent, delivered, read) of messages we sent are stored and applied."""

import json
import time

from bench_common import BATCH_SIZE
from bench_webhooks import INBOUND_NUMBER, inbound_event, sandbox_signature

NAME = "inbound"
TITLE = "Inbound processing"
STATUSES = ("sent", "delivered", "read")


def add_arguments(parser):
    parser.add_argument("--inbound", type=int, default=2000, help="inbound messages applied")
    parser.add_argument(
        "--statuses", type=int, default=3000, help="status reports applied (sent, delivered, read)"
    )


def status_event(index):
    """The index-th status report: each outbound message bench-out-<n> is
    reported sent, delivered then read."""
    message, step = divmod(index, len(STATUSES))
    return {
        "type": "status",
        "id": f"bench-out-{message}",
        "status": STATUSES[step],
        "timestamp": int(time.time()),
    }


def _account(env):
    account = env["contact.centre.provider"].search([("name", "=", "Bench Sandbox SMS")])
    return account or env["contact.centre.provider"].create(
        {"name": "Bench Sandbox SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
    )


def store_sandbox_events(env, account, events):
    """Store each Sandbox event as a webhook of its own, as the route would."""
    from odoo.addons.cc_base.tools import WebhookRequest  # noqa: PLC0415 - inside Odoo

    Event = env["contact.centre.webhook.event"]
    for event in events:
        body = json.dumps({"events": [event]}).encode()
        headers = {
            "content-type": "application/json",
            "x-sandbox-signature": sandbox_signature(account.webhook_secret, body),
        }
        Event._store(account, WebhookRequest("POST", "/bench", body, headers))


def _apply_all(env):
    """Apply every due event as the webhook cron does: its seconds."""
    Event = env["contact.centre.webhook.event"]
    started = time.monotonic()
    while Event._cron_process(batch_size=BATCH_SIZE, auto_commit=True):
        pass
    return time.monotonic() - started


def step_store(env, params):
    """Store `count` inbound-message webhooks of a new Sandbox account."""
    store_sandbox_events(
        env, _account(env), (inbound_event(index) for index in range(params["count"]))
    )
    return {"stored": env["contact.centre.webhook.event"].search_count([])}


def step_apply(env, _params):
    """Apply every stored event as the webhook cron does, until none is due."""
    Event = env["contact.centre.webhook.event"]
    stored = Event.search_count([])
    seconds = _apply_all(env)
    return {
        "events": stored,
        "not_applied": Event.search_count([("state", "!=", "done")]),
        "messages": env["contact.centre.message"].search_count([("direction", "=", "inbound")]),
        "posts": env["mail.message"].search_count(
            [("model", "=", "discuss.channel"), ("message_type", "=", "comment")]
        ),
        "contacts": env["res.partner"].search_count(
            [("sms_number", "=like", INBOUND_NUMBER[:6] + "%")]
        ),
        "seconds": seconds,
    }


def step_odoo_path(env, _params):
    """The stored messages as Odoo's WhatsApp app applies them: per message,
    find or create the partner by number and a Discuss channel per customer,
    then one message_post; committed per batch, as a cron does."""
    Event = env["contact.centre.webhook.event"]
    Partner = env["res.partner"]
    Channel = env["discuss.channel"]
    bodies = Event.search([], order="id").mapped("body")
    env.cr.commit()
    started = time.monotonic()
    for start in range(0, len(bodies), BATCH_SIZE):
        for body in bodies[start : start + BATCH_SIZE]:
            for event in json.loads(body)["events"]:
                partner = Partner.search([("phone", "=", event["from"])], limit=1)
                if not partner:
                    partner = Partner.create({"name": event["name"], "phone": event["from"]})
                channel = Channel.search(
                    [("channel_type", "=", "group"), ("name", "=", event["from"])], limit=1
                )
                if not channel:
                    channel = Channel.create(
                        {
                            "name": event["from"],
                            "channel_type": "group",
                            "channel_partner_ids": [(4, partner.id)],
                        }
                    )
                channel.message_post(
                    author_id=partner.id,
                    body=event["text"],
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        env.cr.commit()
    seconds = time.monotonic() - started
    return {
        "posts": env["mail.message"].search_count(
            [("model", "=", "discuss.channel"), ("message_type", "=", "comment")]
        ),
        "channels": Channel.search_count([("channel_type", "=", "group")]),
        "seconds": seconds,
    }


def step_statuses(env, params):
    """Messages we sent (one per three reports) in a conversation, each shown
    in Discuss; their status reports stored as webhooks, then applied as the
    webhook cron does, timed."""
    count = params["count"]
    account = _account(env)
    contact = env["res.partner"].create({"name": "Bench status", "sms_number": "+32470999999"})
    conversation = env["discuss.channel"]._cc_conversation_for(contact, account)
    sent_count = -(-count // len(STATUSES))
    posts = env["mail.message"].create(
        [
            {
                "model": "discuss.channel",
                "res_id": conversation.id,
                "body": f"Outbound {index}",
                "message_type": "comment",
            }
            for index in range(sent_count)
        ]
    )
    Message = env["contact.centre.message"]
    sent = Message.create(
        [
            {
                "contact_id": contact.id,
                "conversation_id": conversation.id,
                "mail_message_id": post.id,
                "channel": "sms",
                "direction": "outbound",
                "provider_id": account.id,
                "body_text": f"Outbound {index}",
                "status": "queued",
                "external_message_id": f"bench-out-{index}",
            }
            for index, post in enumerate(posts)
        ]
    )
    Event = env["contact.centre.webhook.event"]
    Event.search([]).unlink()
    store_sandbox_events(env, _account(env), (status_event(index) for index in range(count)))
    env.cr.commit()
    seconds = _apply_all(env)
    return {
        "events": count,
        "not_applied": Event.search_count([("state", "!=", "done")]),
        "read": Message.search_count([("id", "in", sent.ids), ("status", "=", "read")]),
        "messages": len(sent),
        "seconds": seconds,
    }


STEPS = {
    "inbound_store": step_store,
    "inbound_apply": step_apply,
    "inbound_odoo_path": step_odoo_path,
    "inbound_statuses": step_statuses,
}


def summary(ours, odoo, statuses):
    mine = ours["messages"] / ours["seconds"]
    theirs = odoo["posts"] / odoo["seconds"]
    return [
        f"{'inbound applied':<18}{mine:5.0f} msg/s  "
        f"(Odoo's message_post path {theirs:.0f} msg/s: × {mine / theirs:.1f})",
        f"{'statuses applied':<18}{statuses['events'] / statuses['seconds']:5.0f} /s",
    ]


def run(bench):
    count = bench.arguments.inbound
    database = bench.new_database()
    odoo_database = bench.new_database()
    for name in (database, odoo_database):
        bench.step(name, "inbound_store", count=count)
    print("Applying the stored events", flush=True)
    ours = bench.step(database, "inbound_apply")
    print(
        f"  ours: {ours['messages']} inbound messages from {ours['contacts']} contacts, "
        f"{ours['posts']} Discuss posts ({ours['events']} events, {ours['not_applied']} "
        f"not applied) in {ours['seconds']:.1f}s",
        flush=True,
    )
    print("The same messages through Odoo's message_post, one per message", flush=True)
    odoo = bench.step(odoo_database, "inbound_odoo_path")
    print(
        f"  Odoo's path: {odoo['posts']} Discuss posts in {odoo['channels']} channels "
        f"in {odoo['seconds']:.1f}s",
        flush=True,
    )
    print("Applying status reports", flush=True)
    statuses = bench.step(database, "inbound_statuses", count=bench.arguments.statuses)
    print(
        f"  {statuses['events']} status reports of {statuses['messages']} messages "
        f"({statuses['read']} read, {statuses['not_applied']} not applied) "
        f"in {statuses['seconds']:.1f}s",
        flush=True,
    )
    return summary(ours, odoo, statuses)
