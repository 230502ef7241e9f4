"""setup/bench*.py: the pure parts (percentiles, signed webhooks, the summaries)."""

import hashlib
import hmac
import json
from collections import Counter

import pytest

import bench_sending
import bench_webhooks
from bench import parse_arguments
from bench_common import Load, _shares, percentile
from bench_webhooks import PHONE_NUMBER_ID, webhook_requests


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


ACCOUNT = {"webhook_path": "/contact_centre/webhook/meta/url-key", "app_secret": "secret"}


def test_webhooks_are_signed_meta_messages_and_statuses():
    source = webhook_requests(ACCOUNT)
    first, second = source(0, 2), source(1, 2)
    requests = [first() for _ in range(600)] + [second() for _ in range(10)]
    method, path, body, headers = requests[0]
    assert (method, path) == ("POST", "/contact_centre/webhook/meta/url-key")
    expected = hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert headers["X-Hub-Signature-256"] == "sha256=" + expected
    assert len({body for _method, _path, body, _headers in requests}) == 610, "all different"
    values = [
        json.loads(body)["entry"][0]["changes"][0]["value"]
        for _method, _path, body, _headers in requests[:600]
    ]
    messages = [value["messages"][0] for value in values if "messages" in value]
    statuses = [value["statuses"][0] for value in values if "statuses" in value]
    assert (len(messages), len(statuses)) == (240, 360)
    assert {message["type"] for message in messages} == {"text", "image", "interactive"}
    assert {status["status"] for status in statuses} == {"sent", "delivered", "read"}
    assert all(value["metadata"]["phone_number_id"] == PHONE_NUMBER_ID for value in values)
    assert len({message["from"] for message in messages}) < len(messages), "customers write again"


def test_webhook_summary_compares_with_the_floors():
    def load(per_second, latency):
        return Load(per_second, Counter(), 1.0, [latency] * 100, client_cpu=per_second / 2000)

    loads = {
        ("", "/web/health"): load(1500, 0.01),
        ("", "no-op public POST"): load(1400, 0.01),
        ("", "webhooks"): load(1230, 0.012),
        ("dbfilter", "/web/health"): load(600, 0.02),
        ("dbfilter", "no-op public POST"): load(500, 0.02),
        ("dbfilter", "webhooks"): load(1200, 0.012),
    }
    assert bench_webhooks.summary(loads, ["", "dbfilter"]) == [
        "webhook ack            1230 req/s  p50 12 ms  p99 12 ms   "
        "(floors /web/health 1500 req/s: 82 %; no-op public POST 1400 req/s: 88 %)",
        "webhook ack, dbfilter  1200 req/s  p50 12 ms  p99 12 ms   "
        "(floors /web/health 600 req/s: 200 %; no-op public POST 500 req/s: 240 %)",
        "  load generator      0.50 ms CPU per request",
    ]


def test_rounds_combine_into_one_load():
    rounds = [
        Load(10, Counter({500: 1}), 1.0, [0.1] * 10, 0.5),
        Load(30, Counter({500: 2, None: 1}), 2.0, [0.2] * 30, 1.0),
    ]
    combined = bench_webhooks.combine(rounds)
    assert (combined.acknowledged, combined.seconds, combined.client_cpu) == (40, 3.0, 1.5)
    assert combined.refused == Counter({500: 3, None: 1})
    assert combined.per_second == 40 / 3


def test_load_is_shared_among_processes():
    assert _shares(16, 2) == [8, 8]
    assert _shares(5, 3) == [2, 2, 1]


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
