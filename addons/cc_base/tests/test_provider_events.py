from itertools import permutations

from odoo.tests import BaseCase, tagged

from ..tools import ProviderError, SendResult, StatusUpdate, next_status

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
