"""Part 3, sending: an Odoo process queues SMS through a Sandbox account with
no rate limit, then times the sender cron sending them; then cc_campaign is
installed and an SMS campaign to `--campaign-contacts` contacts is queued as
its runner cron does (time and peak memory), and the sender cron sends up to
`--campaign-send` of its messages (messages per second)."""

import time

from bench_common import BATCH_SIZE

NAME = "sending"
TITLE = "Sending and campaigns"
# The queued SMS go to this many contacts, several to each.
RECIPIENTS = 200
RECIPIENT_NUMBER = "+32471{:06d}"
# The campaign's audience: its own numbers, its own name to find it by.
CAMPAIGN_NUMBER_PREFIX = "+32472"
CAMPAIGN_AUDIENCE = "bench-audience"


def add_arguments(parser):
    parser.add_argument("--messages", type=int, default=2000, help="SMS queued then sent")
    parser.add_argument(
        "--campaign-contacts", type=int, default=100_000, help="audience of the campaign"
    )
    parser.add_argument(
        "--campaign-send", type=int, default=10_000, help="campaign messages sent, timed"
    )


def step_prepare(env, _params):
    """The Sandbox SMS account the messages go out through, as fast as it can."""
    account = env["contact.centre.provider"].create(
        {
            "name": "Bench Sandbox SMS",
            "code": "sandbox",
            "channel": "sms",
            "state": "enabled",
            "rate_limit": 0,
        }
    )
    return {"id": account.id}


def step_sender(env, params):
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
                "provider_id": params["account"],
                "body_text": f"Hello, your order {index} has shipped.",
            }
            for index in range(params["messages"])
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


def step_campaign(env, params):
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
        (CAMPAIGN_AUDIENCE, CAMPAIGN_NUMBER_PREFIX, params["contacts"]),
    )
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    campaign = Campaign.create(
        {
            "name": "Bench campaign",
            "channel": "sms",
            "provider_id": params["account"],
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
    while sent < params["send"] and Message._cron_send_queued(
        batch_size=BATCH_SIZE, auto_commit=True
    ):
        sent = Message.search_count([("campaign_id", "=", campaign.id), ("status", "=", "sent")])
    return {
        "contacts": params["contacts"],
        "queued": queued,
        "enqueue_seconds": enqueue_seconds,
        # ru_maxrss is in KiB on Linux.
        "peak_mb": rss_peak / 1024,
        "peak_increase_mb": (rss_peak - rss_before) / 1024,
        "sent": sent,
        "send_seconds": time.monotonic() - started,
    }


STEPS = {
    "sending_prepare": step_prepare,
    "sending_sender": step_sender,
    "sending_campaign": step_campaign,
}


def run(bench):
    arguments = bench.arguments
    database = bench.new_database()
    account = bench.step(database, "sending_prepare")["id"]
    print(f"Sending {arguments.messages} queued SMS", flush=True)
    sender = bench.step(database, "sending_sender", messages=arguments.messages, account=account)
    print(
        f"  queued in {sender['queue_seconds']:.1f}s; {sender['sent']} sent "
        f"in {sender['seconds']:.1f}s",
        flush=True,
    )
    print(f"Installing cc_campaign, queuing a {arguments.campaign_contacts}-contact campaign")
    bench.install(database, "cc_campaign")
    campaign = bench.step(
        database,
        "sending_campaign",
        contacts=arguments.campaign_contacts,
        send=arguments.campaign_send,
        account=account,
    )
    print(
        f"  {campaign['queued']} messages queued in {campaign['enqueue_seconds']:.1f}s; "
        f"{campaign['sent']} sent in {campaign['send_seconds']:.1f}s",
        flush=True,
    )
    return summary(sender, campaign)


def summary(sender, campaign):
    return [
        f"{'sender (no limit)':<18}{sender['sent'] / sender['seconds']:5.0f} msg/s",
        f"{'campaign queued':<18}{campaign['queued'] / campaign['enqueue_seconds']:5.0f} "
        f"contacts/s  ({campaign['queued']} in {campaign['enqueue_seconds']:.0f} s, "
        f"peak memory {campaign['peak_mb']:.0f} MB, "
        f"+{campaign['peak_increase_mb']:.0f} MB while queuing)",
        f"{'campaign sent':<18}{campaign['sent'] / campaign['send_seconds']:5.0f} msg/s",
    ]
