"""setup/bench*.py: the pure parts (percentiles, signed webhooks, the summaries)."""

import hashlib
import hmac
import json
from collections import Counter

import pytest

import bench_scale
import bench_sending
import bench_webhooks
from bench import parse_arguments
from bench_common import Load, percentile
from bench_webhooks import webhook_requests


def test_percentile_is_a_value_some_request_had():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 99) == 0.5
    assert percentile(values, 1) == 0.1
    assert percentile(list(range(1, 101)), 99) == 99
    assert percentile([7], 50) == 7


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_webhooks_are_signed_messages_from_repeated_senders():
    next_webhook = webhook_requests({"webhook_key": "url-key", "webhook_secret": "secret"})
    requests = [next_webhook() for _ in range(600)]
    method, path, body, headers = requests[0]
    assert (method, path) == ("POST", "/contact_centre/webhook/sandbox/url-key")
    expected = hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert headers["X-Sandbox-Signature"] == "sha256=" + expected
    events = [json.loads(body)["events"][0] for _method, _path, body, _headers in requests]
    assert {event["type"] for event in events} == {"message"}
    assert len({event["id"] for event in events}) == 600
    assert len({event["from"] for event in events}) == 500
    assert events[0]["from"] == events[500]["from"]


def test_webhook_summary_compares_with_the_floor():
    floor = Load(acknowledged=1500, refused=Counter(), seconds=1.0, latencies=[0.01] * 10)
    webhooks = Load(
        acknowledged=1230, refused=Counter(), seconds=1.0, latencies=[0.012] * 98 + [0.045] * 2
    )
    assert bench_webhooks.summary(floor, webhooks) == [
        "webhook ack        1230 req/s  p50 12 ms  p99 45 ms   (floor /web/health 1500 req/s: 82 %)"
    ]


def test_sending_summary_lines_up_the_figures():
    lines = bench_sending.summary(
        {"sent": 789, "seconds": 1.0},
        {
            "queued": 100000,
            "enqueue_seconds": 125.0,
            "peak_mb": 310.4,
            "peak_increase_mb": 42.2,
            "sent": 10000,
            "send_seconds": 25.0,
        },
    )
    assert lines == [
        "sender (no limit)   789 msg/s",
        "campaign queued     800 contacts/s  (100000 in 125 s, peak memory 310 MB, "
        "+42 MB while queuing)",
        "campaign sent       400 msg/s",
    ]


def test_only_some_parts():
    arguments = parse_arguments(["--odoo-bin", "odoo-bin", "--only=webhooks,dashboard"])
    assert arguments.only == ["webhooks", "dashboard"]
    with pytest.raises(SystemExit):
        parse_arguments(["--odoo-bin", "odoo-bin", "--only=nothing"])


def test_scale_growth():
    assert bench_scale.growth(10.0, 11.5) == pytest.approx(15.0)
    assert bench_scale.growth(10.0, 9.0) == pytest.approx(-10.0)


def test_scale_events():
    [message] = bench_scale.inbound_events(["+32473000001"], "timed")
    assert (message["type"], message["id"], message["from"]) == (
        "message",
        "timed-0",
        "+32473000001",
    )
    [status] = bench_scale.status_events(["bench-sent-7"])
    assert (status["type"], status["id"], status["status"]) == (
        "status",
        "bench-sent-7",
        "delivered",
    )


def test_scale_summary():
    lines = bench_scale.summary(
        {
            1_000_000: {"inbound_ms": 23.0, "status_ms": 12.6},
            10_000: {"inbound_ms": 20.0, "status_ms": 12.0},
        },
        {
            "inbox": {"first_ms": 120.0, "best_ms": 80.4},
            "lookup_ms": 1.234,
            "overview": {"first_ms": 400.0, "best_ms": 290.0},
        },
    )
    assert lines == [
        "Scale: 10000 versus 1000000 messages (server time, one Odoo process)",
        "  inbound message      20.0 ms     23.0 ms  growth  +15 % (target < 20 %)",
        "  status               12.0 ms     12.6 ms  growth   +5 % (target < 20 %)",
        "  On 1000000 messages (first call, then fastest of 3):",
        "  agent inbox page      120 ms       80 ms  (target 100 ms)",
        "  Overview (30d)        400 ms      290 ms  (target 300 ms)",
        "  contact lookup       1.23 ms  (average; target 5 ms)",
    ]
