"""setup/bench*.py: the pure parts (percentiles, signed webhooks, status reports,
the summaries)."""

import hashlib
import hmac
import json
import threading
import urllib.request
from collections import Counter

import pytest

import bench_inbound
import bench_scale
import bench_sending
import bench_webhooks
import iap_sms_endpoint
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
        ("", "no-op POST"): load(1400, 0.01),
        ("", "one-INSERT POST"): load(1300, 0.01),
        ("", "webhooks"): load(1230, 0.012),
        ("dbfilter", "/web/health"): load(600, 0.02),
        ("dbfilter", "no-op POST"): load(500, 0.02),
        ("dbfilter", "one-INSERT POST"): load(480, 0.02),
        ("dbfilter", "webhooks"): load(1200, 0.012),
    }
    assert bench_webhooks.summary(loads, ["", "dbfilter"]) == [
        "webhook ack            1230 req/s  p50 12 ms  p99 12 ms   "
        "(floors /web/health 1500 req/s: 82 %; no-op POST 1400 req/s: 88 %; "
        "one-INSERT POST 1300 req/s: 95 %)",
        "webhook ack, dbfilter  1200 req/s  p50 12 ms  p99 12 ms   "
        "(floors /web/health 600 req/s: 200 %; no-op POST 500 req/s: 240 %; "
        "one-INSERT POST 480 req/s: 250 %)",
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


def phase(count, seconds, queries, start, peak, **extra):
    return {
        "count": count,
        "seconds": seconds,
        "queries": queries,
        "rss_start_mb": start,
        "rss_peak_mb": peak,
        **extra,
    }


def test_sending_summary_puts_ours_beside_odoo():
    ours = {
        "enqueue": phase(10000, 5.0, 500, 130.0, 140.0),
        "send": phase(10000, 4.0, 1500, 130.0, 131.0, not_sent=0),
    }
    odoo = {
        "enqueue": phase(10000, 16.0, 450, 130.0, 240.0),
        "send": phase(10000, 8.0, 440, 130.0, 140.0, not_sent=0),
    }
    lines = bench_sending.summary([(10000, ours, odoo, None)])
    assert lines[1:] == [
        "                              ours        Odoo   ratio",
        "10k enqueue contacts/s        2000         625    3.2×",
        "   queries/message            0.05        0.04",
        "   memory growth MB             10         110   (peak 140 / 240 MB)",
        "10k send msg/s                2500        1250    2.0×",
        "   queries/message            0.15        0.04",
        "   memory growth MB              1          10   (peak 131 / 140 MB)",
        "10k both msg/s                1111         417    2.7×   (queued and sent, end to end)",
    ]


def test_sending_summary_puts_the_code_before_beside_ours():
    ours = {"enqueue": phase(100, 1.0, 1, 1.0, 1.0), "send": phase(100, 1.0, 1, 1.0, 1.0)}
    odoo = {"enqueue": phase(100, 2.0, 1, 1.0, 1.0), "send": phase(100, 0.5, 1, 1.0, 1.0)}
    before = {"enqueue": phase(100, 4.0, 1, 1.0, 1.0), "send": phase(100, 2.0, 1, 1.0, 1.0)}
    lines = bench_sending.summary([(100, ours, odoo, before)])
    assert lines[2:4] == [
        "100 enqueue contacts/s         100          50    2.0×",
        "   before                       25                0.5×   (ours ÷ before 4.00×)",
    ]


def test_sending_summary_puts_the_campaigns_sent_at_once_side_by_side():
    ours = {"enqueue": phase(100, 1.0, 1, 1.0, 1.0), "send": phase(100, 1.0, 1, 1.0, 1.0)}
    odoo = {"enqueue": phase(100, 2.0, 1, 1.0, 1.0), "send": phase(100, 0.5, 1, 1.0, 1.0)}
    before = {"enqueue": phase(100, 4.0, 1, 1.0, 1.0), "send": phase(100, 2.0, 1, 1.0, 1.0)}
    ours["at_once"] = {"count": 100, "seconds": 1.25}
    odoo["at_once"] = {"count": 100, "seconds": 2.5}
    before["at_once"] = {"count": 100, "seconds": 5.0}
    lines = bench_sending.summary([(100, ours, odoo, before)])
    assert lines[-2:] == [
        "100 at once msg/s               80          40    2.0×   "
        "(queued and sent side by side, as two cron workers)",
        "   before                       20                0.5×   (ours ÷ before 4.00×)",
    ]


def test_sending_summary_says_what_was_not_sent_and_the_sample():
    ours = {"enqueue": phase(10, 1.0, 1, 1.0, 1.0), "send": phase(8, 1.0, 1, 1.0, 1.0, not_sent=2)}
    odoo = {"enqueue": phase(10, 1.0, 1, 1.0, 1.0), "send": phase(0, 0.0, 0, 1.0, 1.0, not_sent=10)}
    lines = bench_sending.summary([(10, ours, odoo, None)])
    assert "10 send msg/s                    8           0    0.0×" in lines
    assert lines[-1] == "   not sent: ours 2, Odoo 10"
    sampled = bench_sending.summary([(10, ours, odoo, None)], sample=5)
    assert sampled[0].endswith("; sending timed on the first 5 messages of each side")
    assert not any("not sent" in line for line in sampled)


def test_iap_endpoint_answers_success_for_every_number():
    params = {
        "messages": [
            {
                "content": "Hi",
                "numbers": [{"uuid": "a", "number": "+1"}, {"uuid": "b", "number": "+2"}],
            },
            {"content": "Yo", "numbers": [{"uuid": "c", "number": "+3"}]},
        ]
    }
    assert iap_sms_endpoint.send_results(params) == [
        {"uuid": "a", "state": "success", "credit": 1},
        {"uuid": "b", "state": "success", "credit": 1},
        {"uuid": "c", "state": "success", "credit": 1},
    ]


def test_iap_endpoint_speaks_json_rpc():
    endpoint = iap_sms_endpoint.IapSmsEndpoint()
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    try:
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": "r1",
            "params": {
                "messages": [{"content": "Hi", "numbers": [{"uuid": "u1", "number": "+1"}]}]
            },
        }
        request = urllib.request.Request(
            endpoint.url + iap_sms_endpoint.SEND_PATH,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        answer = json.load(urllib.request.urlopen(request))
        assert answer == {
            "jsonrpc": "2.0",
            "id": "r1",
            "result": [{"uuid": "u1", "state": "success", "credit": 1}],
        }
        assert json.load(urllib.request.urlopen(endpoint.url)) == {"accepted": 1}
    finally:
        endpoint.shutdown()
        endpoint.server_close()


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
            "overview": {
                "get_overview": {"first_ms": 300.0, "best_ms": 250.0},
                "get_agents": {"first_ms": 100.0, "best_ms": 90.0},
                "both at once": {"first_ms": 320.0, "best_ms": 260.0},
            },
        },
    )
    assert lines == [
        "Scale: 10000 versus 1000000 messages (server time; events: fastest of 3 rounds "
        "taken in turns)",
        "  inbound message     20.00 ms    23.00 ms  growth  +15 % (target < 20 %)",
        "  status              12.00 ms    12.60 ms  growth   +5 % (target < 20 %)",
        "  On 1000000 messages (first call, then fastest of 3):",
        "  agent inbox page                120 ms       80 ms  (target 100 ms)",
        "  Overview (30d), figures         300 ms      250 ms",
        "  Overview (30d), agent table     100 ms       90 ms",
        "  Overview (30d), both at once    320 ms      260 ms  (target 300 ms)",
        "  contact lookup                 1.23 ms  (average; target 5 ms)",
    ]


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
