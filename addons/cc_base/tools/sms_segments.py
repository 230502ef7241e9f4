"""How many SMS a text takes: GSM-7 when every character is in the GSM 03.38
alphabet (160 characters, 153 per part when split), UCS-2 otherwise (70, 67
per part; an emoji takes two of them)."""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Escaped with ESC: each takes two of the 160.
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
# (single message, one part of a split message), in characters of the encoding.
LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class SegmentCount:
    encoding: str
    # Length in the encoding's units: GSM-7 septets or UTF-16 code units.
    length: int
    segments: int


def count_segments(text):
    text = text or ""
    if all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text):
        encoding = "GSM-7"
        length = sum(2 if char in GSM7_EXTENDED else 1 for char in text)
    else:
        encoding = "UCS-2"
        length = len(text.encode("utf-16-le")) // 2
    single, part = LIMITS[encoding]
    if not length:
        return SegmentCount(encoding, 0, 0)
    segments = 1 if length <= single else -(-length // part)
    return SegmentCount(encoding, length, segments)
