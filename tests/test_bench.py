"""setup/bench*.py: the pure parts (percentiles, signed webhooks, status reports,
the summaries)."""

import hashlib
import hmac
import json
from collections import Counter

import pytest

import bench_inbound
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


def test_status_reports_take_each_message_sent_delivered_read():
    events = [bench_inbound.status_event(index) for index in range(6)]
    assert [(event["id"], event["status"]) for event in events] == [
        ("bench-out-0", "sent"),
        ("bench-out-0", "delivered"),
        ("bench-out-0", "read"),
        ("bench-out-1", "sent"),
        ("bench-out-1", "delivered"),
        ("bench-out-1", "read"),
    ]
    assert {event["type"] for event in events} == {"status"}


def test_inbound_summary_compares_with_odoos_path():
    lines = bench_inbound.summary(
        {"messages": 2000, "seconds": 10.0},
        {"posts": 2000, "seconds": 40.0},
        {"events": 3000, "seconds": 2.5},
    )
    assert lines == [
        "inbound applied     200 msg/s  (Odoo's message_post path 50 msg/s: × 4.0)",
        "statuses applied   1200 /s",
    ]
