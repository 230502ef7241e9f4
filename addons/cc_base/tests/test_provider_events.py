from itertools import permutations

from odoo.tests import BaseCase, tagged

from ..tools import (
    InboundMessage,
    Media,
    PayloadError,
    ProviderError,
    SendResult,
    StatusUpdate,
    ident,
    json_body,
    next_status,
    obj,
    objs,
    text,
)

PROVIDER_STATUSES = ("sent", "delivered", "read", "failed")


def apply_all(statuses, start="queued"):
    status = start
    for incoming in statuses:
        status = next_status(status, incoming) or status
    return status


@tagged("post_install", "-at_install")
class TestStatusMachine(BaseCase):
    def test_every_order_of_every_pair(self):
        # Whatever order two reports arrive in, the message ends in the same
        # state: the furthest one, a failure only while not yet delivered.
        expected = {
            frozenset({"sent", "delivered"}): "delivered",
            frozenset({"sent", "read"}): "read",
            frozenset({"delivered", "read"}): "read",
            frozenset({"sent", "failed"}): "failed",
        }
        for first, second in permutations(PROVIDER_STATUSES, 2):
            pair = frozenset({first, second})
            with self.subTest(order=(first, second)):
                if pair in expected:
                    self.assertEqual(apply_all([first, second]), expected[pair])
        # A failure and a delivery: the customer has the message either way
        # the reports come, unless the failure came first (then it stays).
        self.assertEqual(apply_all(["delivered", "failed"]), "delivered")
        self.assertEqual(apply_all(["read", "failed"]), "read")
        self.assertEqual(apply_all(["failed", "delivered"]), "failed")
        self.assertEqual(apply_all(["failed", "read"]), "failed")

    def test_late_and_repeated_reports_change_nothing(self):
        self.assertIsNone(next_status("delivered", "sent"))
        self.assertIsNone(next_status("read", "delivered"))
        self.assertIsNone(next_status("sent", "sent"))
        self.assertIsNone(next_status("cancelled", "sent"))
        self.assertIsNone(next_status("failed", "failed"))

    def test_read_without_delivered_skips_ahead(self):
        self.assertEqual(next_status("sent", "read"), "read")
        self.assertEqual(next_status("queued", "delivered"), "delivered")

    def test_status_update_needs_a_known_status_and_a_message(self):
        with self.assertRaises(ValueError):
            StatusUpdate(status="bounced", external_id="x")
        with self.assertRaises(ValueError):
            StatusUpdate(status="sent")
        with self.assertRaises(ValueError):
            StatusUpdate(status="failed", uuid="abc", failure_type="exploded")
        self.assertEqual(StatusUpdate(status="sent", uuid="abc").uuid, "abc")


@tagged("post_install", "-at_install")
class TestProviderError(BaseCase):
    def test_failure_types_come_from_the_closed_list(self):
        with self.assertRaises(ValueError):
            ProviderError("exploded", "Boom")

    def test_recoverable_failures(self):
        self.assertTrue(ProviderError("rate_limited", "Slow down").recoverable)
        self.assertTrue(ProviderError("provider_unavailable", "Down").recoverable)
        self.assertFalse(ProviderError("wrong_number", "No such number").recoverable)
        self.assertFalse(ProviderError("authentication", "Bad token").recoverable)

    def test_words_carry_the_provider_code(self):
        self.assertEqual(str(ProviderError("credit", "No money", code=1301)), "[1301] No money")

    def test_send_result(self):
        self.assertTrue(SendResult(external_id="wamid.1").ok)
        self.assertFalse(SendResult(error=ProviderError("unknown", "?")).ok)


@tagged("post_install", "-at_install")
class TestEventsCheckWhatParsersHandOver(BaseCase):
    """A value of the wrong type in an event is refused where the event is
    made, with its name, rather than later in SQL (issue #11, bad input)."""

    def test_wrongly_typed_or_missing_values(self):
        cases = {
            "InboundMessage.body: a text expected, not list": lambda: InboundMessage(
                "in-1", "+32470123456", ["Hello"]
            ),
            "InboundMessage.external_id: a text expected, not dict": lambda: InboundMessage(
                {"id": "in-1"}, "+32470123456"
            ),
            "has the provider's id": lambda: InboundMessage(None, "+32470123456"),
            "too long for an id": lambda: InboundMessage("x" * 3000, "+32470123456"),
            "StatusUpdate.external_id: a text expected, not list": lambda: StatusUpdate(
                status="sent", external_id=["wamid.1"]
            ),
            "StatusUpdate.timestamp is not a date and time": lambda: StatusUpdate(
                status="sent", external_id="wamid.1", timestamp="yesterday"
            ),
            "Media.caption: a text expected, not int": lambda: Media("image", caption=3),
        }
        for reason, make in cases.items():
            with self.subTest(reason=reason), self.assertRaisesRegex(PayloadError, reason):
                make()
        self.assertEqual(InboundMessage("in-1", None, "Hi").body, "Hi", "a user id may stand in")

    def test_payload_readers(self):
        self.assertEqual(obj(None, "x"), {})
        self.assertEqual(objs(None, "x"), [])
        self.assertEqual(text(42, "x"), "42")
        for reader, value, reason in (
            (obj, ["a"], "x: an object expected, not list"),
            (objs, {"a": 1}, "x: a list expected, not dict"),
            (objs, [{}, None], r"x\[1\]: an object expected, not null"),
            (text, True, "x: a text expected, not bool"),
            (ident, "1" * 256, "too long for an id"),
        ):
            with self.subTest(reason=reason), self.assertRaisesRegex(PayloadError, reason):
                reader(value, "x")
        with self.assertRaisesRegex(PayloadError, "Sandbox webhook body is not JSON"):
            json_body(b'{"events": [', "Sandbox")
        with self.assertRaisesRegex(PayloadError, "Sandbox webhook body: an object expected"):
            json_body(b"[]", "Sandbox")
        # Parts of a body are stored as they come (Meta's pricing, a
        # template's object): PostgreSQL refuses NUL characters in them.
        self.assertEqual(
            json_body(b'{"a\\u0000": {"b": ["x\\u0000", 1]}}', "Sandbox"),
            {"a\ufffd": {"b": ["x\ufffd", 1]}},
        )
