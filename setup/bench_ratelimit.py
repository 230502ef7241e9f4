"""Part 5, rate limit: an SMS campaign through an Infobip account limited to
`--ratelimit-rate` messages a second (Infobip's simulator, which timestamps
each message it takes), sent by `--ratelimit-senders` Odoo processes at once
on the same database, each running the sender cron's loop. The account's
budget is shared through its row (the provider's _wait_for_rate); the rate
the simulator saw while every sender was sending (not while the last one was
still starting, nor after the first ran out of messages) should be the
limit, and no message should arrive twice."""

import bisect
import threading
import time

import faults

NAME = "ratelimit"
TITLE = "Rate limit across servers"


def add_arguments(parser):
    parser.add_argument("--ratelimit-rate", type=float, default=80, help="messages/s allowed")
    parser.add_argument(
        "--ratelimit-messages", type=int, default=2000, help="messages of the campaign"
    )
    parser.add_argument(
        "--ratelimit-senders", type=int, default=2, help="Odoo processes sending at once"
    )


def step_prepare(env, params):
    """The account, audience and campaign of the fault suite, the audience
    queued as the campaign runner cron does."""
    created = faults.step_campaign(env, params)
    campaign = env["contact.centre.campaign"].browse(created["campaign"])
    while not campaign.enqueue_done:
        env["contact.centre.campaign"]._cron_run_campaigns(auto_commit=True)
        campaign.invalidate_recordset(["enqueue_done"])
    return created


def step_send(env, params):
    """Send as the sender cron does; say when this sender started and stopped
    (the simulator's clock: time.time())."""
    started = time.time()
    result = faults.step_send(env, params)
    return {**result, "started": started, "stopped": time.time()}


STEPS = {"ratelimit_prepare": step_prepare, "ratelimit_send": step_send}


def measure(arrivals, rate, steady):
    """(messages/s over the `steady` (start, end) window, its deviation from
    `rate`, the most taken in any one second). The rate is the arrivals in
    the window over its length: counting from one arrival to another would
    make chunks' edges count."""
    times = sorted(at for at, _callback in arrivals)
    # A sender starts by claiming: no arrival yet.
    start, end = max(steady[0], times[0]), min(steady[1], times[-1])
    measured = (bisect.bisect_left(times, end) - bisect.bisect_left(times, start)) / (end - start)
    busiest = max(bisect.bisect_left(times, at + 1) - index for index, at in enumerate(times))
    return measured, measured / rate - 1, busiest


def run(bench):
    arguments = bench.arguments
    faults.load_addons()
    from odoo.addons.cc_sms_infobip.tests.infobip_simulator import (  # noqa: PLC0415
        InfobipSimulator,
    )

    database = bench.new_database(faults.ADDONS)
    simulator = InfobipSimulator.start()
    try:
        bench.step(
            database,
            "ratelimit_prepare",
            tag="ratelimit",
            prefix="+32476",
            contacts=arguments.ratelimit_messages,
            url=simulator.url,
            api_key=simulator.api_key,
            rate_limit=arguments.ratelimit_rate,
        )
        print(
            f"Sending {arguments.ratelimit_messages} messages at {arguments.ratelimit_rate:.0f}/s "
            f"from {arguments.ratelimit_senders} processes",
            flush=True,
        )
        spans = []
        senders = [
            threading.Thread(target=lambda: spans.append(bench.step(database, "ratelimit_send")))
            for _ in range(arguments.ratelimit_senders)
        ]
        started = time.monotonic()
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        seconds = time.monotonic() - started
    finally:
        simulator.stop()
    steady = (max(span["started"] for span in spans), min(span["stopped"] for span in spans))
    measured, deviation, busiest = measure(simulator.arrivals, arguments.ratelimit_rate, steady)
    duplicates = len(simulator.duplicates())
    span = simulator.arrivals[-1][0] - simulator.arrivals[0][0]
    print(
        f"  {len(simulator.arrivals)} taken in {span:.1f}s ({seconds:.0f}s with the "
        f"processes' start); {measured:.1f} msg/s while all senders sent "
        f"({deviation:+.1%}), busiest second {busiest}, {duplicates} duplicates",
        flush=True,
    )
    return [
        f"{'rate limit':<18}{measured:5.1f} msg/s for {arguments.ratelimit_rate:.0f} allowed "
        f"({deviation:+.1%}; target within 5 %), busiest second {busiest}, "
        f"{duplicates} duplicates, {arguments.ratelimit_senders} senders"
    ]
