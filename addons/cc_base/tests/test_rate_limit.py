import bisect
import random
from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged

from ..models.contact_centre_provider import RATE_BURST_SECONDS

RATE = 80.0
START = datetime(2030, 1, 1, 9, 0)


@tagged("post_install", "-at_install")
class TestRateLimit(TransactionCase):
    """The account's limiter driven with a fake clock: senders ask for slots
    at chosen moments, hand their chunk over at the moment it gives them, then
    are busy for a while (the provider call, recording) before asking again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.env["contact.centre.provider"].create(
            {
                "name": "Rate-limited SMS",
                "code": "sandbox",
                "channel": "sms",
                "state": "enabled",
                "rate_limit": RATE,
            }
        )

    def _send(self, chunks, senders=1):
        """chunks: [(messages, seconds busy after handing them over)], taken in
        turn by whichever sender asks first. The (moment, messages) of each
        chunk handed over."""
        asks = [START] * senders
        handed = []
        for count, busy in chunks:
            sender = min(range(senders), key=asks.__getitem__)
            now = asks[sender]
            wait = self.account._reserve_rate(count, now=now)
            moment = now + timedelta(seconds=max(wait, 0))
            handed.append((moment, count))
            asks[sender] = moment + timedelta(seconds=busy)
        return handed

    def _busiest(self, handed, seconds):
        """The most messages handed over within any `seconds` (both ends in)."""
        moments = [moment for moment, _count in handed]
        counts = [count for _moment, count in handed]
        return max(
            sum(counts[index : bisect.bisect_right(moments, moment + timedelta(seconds=seconds))])
            for index, moment in enumerate(moments)
        )

    def test_slots_lost_while_the_sender_was_busy_are_won_back(self):
        """A sender sometimes busy past its slot, though faster than the limit
        on average, still sends the account's 80 messages a second."""
        handed = self._send([(8, busy) for busy in [0.05, 0.14] * 10])
        self.assertEqual(sum(count for _moment, count in handed), 160)
        self.assertLess(handed[-1][0], START + timedelta(seconds=2), "160 messages in 2 seconds")

    def test_no_window_gets_more_than_the_limit_and_the_burst(self):
        """Two senders, busy for random spells (none, short, past their slot,
        idle for seconds), with chunks of any size up to a tenth of a second's
        worth: any one second gets at most the limit, the burst and one chunk
        (96 at 80 a second), any ten seconds at most ten times the limit and
        as much again."""
        draw = random.Random(11)
        chunks = [
            (draw.randint(1, 8), draw.choice([0, 0, 0.01, 0.08, 0.15, 0.3, 1.5]))
            for _n in range(600)
        ]
        handed = self._send(chunks, senders=2)
        allowance = RATE * RATE_BURST_SECONDS + 8
        self.assertLessEqual(self._busiest(handed, 1), RATE + allowance)
        self.assertLessEqual(self._busiest(handed, 10), 10 * RATE + allowance)
        # The senders were fast enough most of the time: the limit is reached.
        self.assertGreater(self._busiest(handed, 1), RATE)
