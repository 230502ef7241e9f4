from odoo.tests import BaseCase, tagged

from ..tools import count_segments


@tagged("post_install", "-at_install")
class TestSmsSegments(BaseCase):
    """How many SMS a text takes, as operators count them."""

    def _count(self, text):
        count = count_segments(text)
        return count.encoding, count.length, count.segments

    def test_gsm7(self):
        self.assertEqual(self._count(""), ("GSM-7", 0, 0))
        self.assertEqual(self._count("Hello Bob"), ("GSM-7", 9, 1))
        self.assertEqual(self._count("é" * 160), ("GSM-7", 160, 1))
        self.assertEqual(self._count("a" * 161), ("GSM-7", 161, 2), "153 per part once split")
        self.assertEqual(self._count("a" * 306), ("GSM-7", 306, 2))
        self.assertEqual(self._count("a" * 307), ("GSM-7", 307, 3))

    def test_extended_characters_take_two(self):
        self.assertEqual(self._count("€" * 80), ("GSM-7", 160, 1))
        self.assertEqual(self._count("Price: 5€ [promo]"), ("GSM-7", 20, 1))
        self.assertEqual(self._count("{" * 81), ("GSM-7", 162, 2))

    def test_anything_else_is_ucs2(self):
        self.assertEqual(self._count("Cześć"), ("UCS-2", 5, 1))
        self.assertEqual(self._count("x" * 69 + "ç"), ("UCS-2", 70, 1))
        self.assertEqual(self._count("x" * 70 + "ç"), ("UCS-2", 71, 2), "67 per part once split")
        # An emoji is two UTF-16 units.
        self.assertEqual(self._count("Thanks 👍"), ("UCS-2", 9, 1))
        self.assertEqual(self._count("👍" * 35), ("UCS-2", 70, 1))
        self.assertEqual(self._count("👍" * 36), ("UCS-2", 72, 2))

    def test_long_text(self):
        self.assertEqual(self._count("word " * 200), ("GSM-7", 1000, 7))
        self.assertEqual(self._count("słowo " * 100), ("UCS-2", 600, 9))
