from odoo import Command
from odoo.tests import tagged

from odoo.addons.cc_base.tests.committed import CommittedDataCase

AUDIENCE = 6


@tagged("post_install", "-at_install")
class TestQueuingBesideTheSender(CommittedDataCase):
    """The runner and a sender with their own database connections, as two
    cron workers run them: committed data, real transactions."""

    def setUp(self):
        super().setUp()
        with self._env() as env:
            account = env["contact.centre.provider"].create(
                {"name": "Queuing Sandbox", "code": "sandbox", "channel": "sms", "state": "enabled"}
            )
            contacts = env["res.partner"].create(
                [
                    {"name": f"Queued {n}", "sms_number": f"+32470777{n:03d}"}
                    for n in range(AUDIENCE)
                ]
            )
            campaign = env["contact.centre.campaign"].create(
                {
                    "name": "Queued beside the sender",
                    "channel": "sms",
                    "provider_id": account.id,
                    "contact_ids": [Command.set(contacts.ids)],
                    "message_body": "Hello {{ object.name }}",
                    "quiet_hours": False,
                    "state": "running",
                }
            )
            campaign._enqueue_audience(batch_size=1, deadline=0)
            self.campaign_id, self.account_id = campaign.id, account.id
            self.contact_ids = contacts.ids
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            campaign = env["contact.centre.campaign"].browse(self.campaign_id)
            campaign.message_ids.unlink()
            env["discuss.channel"].search([("cc_provider_id", "=", self.account_id)]).unlink()
            campaign.state = "cancelled"
            campaign.unlink()
            env["contact.centre.provider"].browse(self.account_id).unlink()
            env["res.partner"].browse(self.contact_ids).unlink()

    def test_the_runner_queues_while_a_sender_records_answers(self):
        """A sender that writes a campaign message twice in one transaction
        (its answer, then its status) makes PostgreSQL check the message's
        campaign key, which locks the campaign row against key changes until
        it commits: the runner goes on queuing meanwhile."""
        with self._env() as sender, self._env() as runner:
            message = sender["contact.centre.campaign"].browse(self.campaign_id).message_ids
            self.assertEqual(len(message), 1, "the first contact is queued")
            message.write({"external_message_id": "answer-1"})
            message.flush_recordset()
            message.write({"status": "sent"})
            message.flush_recordset()
            campaign = runner["contact.centre.campaign"].browse(self.campaign_id)
            campaign._enqueue_audience(batch_size=2)
            self.assertEqual(len(campaign.message_ids), AUDIENCE)
            self.assertTrue(campaign.enqueue_done)
            sender.cr.rollback()
