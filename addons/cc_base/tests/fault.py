"""The fault suite's shared pieces (issue #11): its size, its seeded
randomness, webhooks delivered again and out of order, bad bodies generated
from real provider payloads, and one report line per scenario.

Fault tests are tagged cc_fault. CC_FAULT_SCALE=ci (the default) keeps them
small enough for every test run; CC_FAULT_SCALE=full (make soak) gives them
the issue's sizes. CC_FAULT_SEED repeats a run's randomness.
"""

import json
import logging
import os
import random
import re
from collections import Counter
from urllib.parse import urlencode

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

_logger = logging.getLogger(__name__)

SCALES = ("ci", "full")
# What a parser raises on a bug rather than on a body it refuses with a reason.
CRASH = re.compile(
    r"^(TypeError|AttributeError|KeyError|IndexError|UnboundLocalError|NameError|"
    r"RecursionError|ZeroDivisionError|OverflowError|ProgrammingError|DataError|"
    r"InternalError|NotNullViolation|StringDataRightTruncation|ProgramLimitExceeded)\b"
)
BAD_KINDS = ("malformed", "truncated", "oversized", "wrongly typed", "unknown type")
# Keys whose value names a kind of thing: where an unknown type goes.
KIND_KEYS = {
    "type",
    "status",
    "field",
    "object",
    "event",
    "groupId",
    "groupName",
    "name",
    "MessageStatus",
    "SmsStatus",
}
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def fault_scale():
    scale = os.environ.get("CC_FAULT_SCALE") or "ci"
    if scale not in SCALES:
        raise ValueError(f"CC_FAULT_SCALE must be one of {', '.join(SCALES)}, not {scale!r}")
    return scale


def sized(ci, full):
    """A scenario's size at the scale of this run."""
    return full if fault_scale() == "full" else ci


def fault_random(scenario):
    """(random.Random, seed) for a scenario; the seed is logged so that
    CC_FAULT_SEED=<seed> repeats the run."""
    seed = int(os.environ.get("CC_FAULT_SEED") or random.randrange(2**32))
    _logger.info("FAULT SEED %s: %s (CC_FAULT_SEED=%s repeats it)", scenario, seed, seed)
    return random.Random(seed), seed


def fault_report(scenario, **figures):
    """The scenario's one line for the end of the test run (setup/test_log.py)."""
    text = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in figures.items())
    _logger.info("FAULT REPORT %s: %s", scenario, text)


def redelivered(webhooks, rng):
    """Every webhook 1 to 3 times, all in random order, as providers retry."""
    copies = [webhook for webhook in webhooks for _times in range(rng.randint(1, 3))]
    rng.shuffle(copies)
    return copies


# Bad bodies


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _replaced(node, path, value):
    """A copy of node with the value at path replaced, or removed when value
    is _REMOVE."""
    if not path:
        return None if value is _REMOVE else value
    copy = node.copy()
    head, rest = path[0], path[1:]
    if rest or value is not _REMOVE:
        copy[head] = _replaced(node[head], rest, value)
    else:
        del copy[head]
    return copy


_REMOVE = object()


def urlencoded(value):
    """A sample written as form fields (bad_bodies' dumps for a provider
    that posts forms); what no form holds, a list where the fields were, is
    written as text."""
    return urlencode(value) if isinstance(value, dict) else str(value)


@st.composite
def bad_bodies(draw, samples, max_bytes, dumps=json.dumps):
    """(kind, body bytes): one of the samples made malformed, truncated,
    oversized, wrongly typed, or naming a type no provider uses, written
    with dumps (JSON, or urlencode for a provider that posts form fields)."""
    sample = draw(st.sampled_from(samples))
    kind = draw(st.sampled_from(BAD_KINDS))
    text = dumps(sample)
    if kind == "malformed":
        position = draw(st.integers(0, len(text)))
        noise = draw(st.text(min_size=1, max_size=5) | st.just("\x00"))
        return kind, draw(
            st.just((text[:position] + noise + text[position:]).encode())
            | st.binary(max_size=200)
            | st.text(max_size=200).map(str.encode)
        )
    if kind == "truncated":
        return kind, text[: draw(st.integers(0, len(text) - 1))].encode()
    paths = list(_paths(sample))
    if kind == "oversized":
        path = draw(st.sampled_from(paths))
        size = draw(st.sampled_from((max_bytes // 10, max_bytes - len(text) - 100, max_bytes * 2)))
        value = draw(st.sampled_from(("x" * size, ["x"] * (size // 6), {"k": "🙂" * (size // 4)})))
        return kind, dumps(_replaced(sample, path, value)).encode()
    if kind == "wrongly typed":
        path = draw(st.sampled_from(paths))
        value = draw(JSON_VALUES | st.just(_REMOVE))
        return kind, dumps(_replaced(sample, path, value)).encode()
    kind_paths = [path for path in paths if path and path[-1] in KIND_KEYS] or paths
    path = draw(st.sampled_from(kind_paths))
    value = draw(st.text(min_size=1, max_size=20) | st.integers())
    return kind, dumps(_replaced(sample, path, value)).encode()


def post_bad_bodies(samples, post, count, seed, max_bytes, dumps=json.dumps):
    """Generate count bad bodies with hypothesis (seeded) and post each one;
    return [(kind, body, HTTP status)]."""
    results = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(bad_bodies(samples, max_bytes, dumps))
    @hypothesis_seed(seed)
    def deliver(case):
        kind, body = case
        results.append((kind, body, post(body).status_code))

    deliver()
    return results


class FaultMixin:
    """For HttpCase fault tests of provider addons."""

    def _run_events(self, batch_size=100):
        """Process every webhook event not tried yet, in the order they came,
        in batches, as the event cron does (a failed event is retried later,
        not here)."""
        Event = self.env["contact.centre.webhook.event"]
        while events := Event.search(
            [("state", "=", "pending"), ("attempt_count", "=", 0)],
            order="received_at, id",
            limit=batch_size,
        ):
            events._process()

    def _deliver_in_disorder(self, scenario, rng, seed, account, webhooks, inbound_ids, expected):
        """Post every webhook 1–3 times in random order (signed by the test's
        _post_body), some again in another form, and apply them as the cron
        does; report, then check one message per inbound id and each sent
        message's final status ({message: status}); rng and seed are the
        scenario's (fault_random), so that its seed repeats the whole run."""
        deliveries = redelivered(webhooks, rng)
        Event = self.env["contact.centre.webhook.event"]
        before = Event.search([("provider_id", "=", account.id)])
        for payload in deliveries:
            # Providers sometimes send a webhook again in another form (another body).
            body = json.dumps(payload, indent=1 if rng.random() < 0.3 else None).encode()
            self.assertEqual(self._post_body(body).status_code, 200)
        self._run_events()
        events = Event.search([("provider_id", "=", account.id)]) - before
        counts = Counter(
            self.env["contact.centre.message"]
            .search([("external_message_id", "in", inbound_ids)])
            .mapped("external_message_id")
        )
        wrong = {
            message.external_message_id: (message.status, status)
            for message, status in expected.items()
            if message.status != status
        }
        fault_report(
            scenario,
            seed=seed,
            webhooks=len(webhooks),
            delivered=len(deliveries),
            stored=len(events),
            applied=len(events.filtered(lambda e: e.state == "done")),
            failed_with_reason=len(events.filtered(lambda e: e.state != "done" and e.error)),
            duplicated=sum(count - 1 for count in counts.values()),
            lost=len(set(inbound_ids) - set(counts)),
            wrong_status=len(wrong),
        )
        self.assertEqual(set(events.mapped("state")), {"done"}, events.mapped("error"))
        self.assertEqual(counts, Counter(inbound_ids), "exactly one message per provider id")
        self.assertFalse(wrong, "(status, expected) of the messages whose status is wrong")
        failed = (
            self.env["contact.centre.message"]
            .concat(*expected)
            .filtered(lambda message: message.status == "failed")
        )
        self.assertTrue(all(failed.mapped("failure_type")), "a failure says why")
        self.assertTrue(all(failed.mapped("error_message")), "in the provider's words")

    def _bad_input(self, scenario, account, samples, post, valid, dumps=json.dumps):
        """Post generated bad bodies to account (post signs them validly;
        dumps writes a sample as a body), then the valid (body, external id)
        pairs; check nothing answers
        5xx, every stored event is applied or failed with a reason, the
        valid messages are applied; log the scenario's report."""
        max_bytes = 256 * 1024
        self.env["ir.config_parameter"].sudo().set_param("cc_base.webhook_max_bytes", max_bytes)
        rng, seed = fault_random(scenario)
        Event = self.env["contact.centre.webhook.event"]
        before = Event.search([("provider_id", "=", account.id)])
        count = sized(60, 10_000)
        results = post_bad_bodies(samples, post, count, rng.randrange(2**32), max_bytes, dumps)
        answers = [status for _kind, _body, status in results]
        self.assertFalse(
            [(kind, body[:300], status) for kind, body, status in results if status >= 500],
            "no bad body gets a 5xx",
        )
        for body, _external_id in valid:
            self.assertEqual(post(body).status_code, 200)
        self._run_events()

        events = Event.search([("provider_id", "=", account.id)]) - before
        applied = events.filtered(lambda event: event.state == "done")
        with_reason = events.filtered(lambda event: event.state != "done" and event.error)
        crashed = with_reason.filtered(lambda event: CRASH.match(event.error))
        Message = self.env["contact.centre.message"].sudo()
        external_ids = [external_id for _body, external_id in valid]
        found = Message.search([("external_message_id", "in", external_ids)])
        fault_report(
            scenario,
            seed=seed,
            delivered=len(results),
            answered_200=answers.count(200),
            answered_4xx=sum(400 <= status < 500 for status in answers),
            answered_5xx=sum(status >= 500 for status in answers),
            stored=len(events),
            applied=len(applied),
            failed_with_reason=len(with_reason),
            crashed=len(crashed),
            valid_after=f"{len(found)}/{len(valid)}",
            duplicated=len(found) - len(set(found.mapped("external_message_id"))),
            lost=len(events - applied - with_reason) + len(set(external_ids)) - len(found),
        )
        self.assertEqual(
            events - applied - with_reason, Event, "every event is applied or says why not"
        )
        self.assertFalse(
            [(event.error, event.body[:300]) for event in crashed][:5],
            "bad bodies are refused with a reason, not a crash",
        )
        self.assertEqual(sorted(found.mapped("external_message_id")), sorted(external_ids))
