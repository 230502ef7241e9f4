import threading
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from .committed import CommittedDataCase

MESSAGES = 24
RATE = 8.0


@tagged("post_install", "-at_install")
class TestConcurrentSenders(CommittedDataCase):
    """Two senders with their own database connections, as two Odoo workers or
    servers would run them: committed data, real transactions."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            contact = env["res.partner"].create(
                {"name": "Concurrent", "sms_number": "+32470999001"}
            )
            provider = env["contact.centre.provider"].create(
                {
                    "name": "Concurrent Sandbox",
                    "code": "sandbox",
                    "channel": "sms",
                    "state": "enabled",
                    "rate_limit": RATE,
                }
            )
            messages = env["contact.centre.message"]._queue_outbound(
                [
                    {
                        "contact_id": contact.id,
                        "channel": "sms",
                        "provider_id": provider.id,
                        "body_text": f"Message {n}",
                    }
                    for n in range(MESSAGES)
                ]
            )
            self.ids = messages.ids
            self.contact_id, self.provider_id = contact.id, provider.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            env["contact.centre.message"].browse(self.ids).unlink()
            env["contact.centre.webhook.event"].search(
                [("provider_id", "=", self.provider_id)]
            ).unlink()
            env["discuss.channel"].search([("cc_provider_id", "=", self.provider_id)]).unlink()
            env["contact.centre.provider"].browse(self.provider_id).unlink()
            env["res.partner"].browse(self.contact_id).unlink()

    def test_two_senders_share_the_rate_limit_and_send_each_message_once(self):
        # Environments are made here: the test runner holds the registry lock
        # that a thread would wait for.
        envs = []
        for _n in range(2):
            cr = self.registry.cursor()
            self.addCleanup(cr.close)
            envs.append(api.Environment(cr, SUPERUSER_ID, {}))
        senders = [
            threading.Thread(
                target=env["contact.centre.message"]._cron_send_queued,
                kwargs={"batch_size": 5, "auto_commit": True},
            )
            for env in envs
        ]
        started = time.monotonic()
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)
        elapsed = time.monotonic() - started
        with self._env() as env:
            messages = env["contact.centre.message"].browse(self.ids)
            self.assertEqual(set(messages.mapped("status")), {"sent"})
            self.assertEqual(set(messages.mapped("attempt_count")), {1}, "nobody sent twice")
        # 24 messages at 8 per second: the first second's worth goes at once,
        # the rest takes at least two more seconds whichever sender sends it.
        self.assertGreaterEqual(elapsed, (MESSAGES - RATE) / RATE)

    def test_two_cursors_share_one_budget(self):
        """Each worker reserves its slots in the account's row: the second's
        begin where the first's end, not at its own clock."""
        ends = []
        for _n in range(2):
            with self._env() as env:
                env["contact.centre.provider"].browse(self.provider_id)._wait_for_rate(int(RATE))
                env.cr.execute(
                    "SELECT rate_next_slot FROM contact_centre_provider WHERE id = %s",
                    [self.provider_id],
                )
                ends.append(env.cr.fetchone()[0])
        self.assertEqual(ends[1] - ends[0], timedelta(seconds=1), "one second's worth each")
