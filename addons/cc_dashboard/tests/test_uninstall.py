from odoo.tests import TransactionCase, tagged

from odoo.addons.cc_dashboard import INDEXES, uninstall_hook
from odoo.addons.cc_dashboard.models.contact_centre_message import MESSAGE_COUNTS


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):
    def _indexes(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE indexname IN %s", [INDEXES])
        return {name for [name] in self.env.cr.fetchall()}

    def _message_counts(self):
        """Our triggers on cc_base's messages, and the table they write."""
        self.env.cr.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{MESSAGE_COUNTS}%"]
        )
        triggers = {name for [name] in self.env.cr.fetchall()}
        self.env.cr.execute("SELECT to_regclass(%s)", [MESSAGE_COUNTS])
        return triggers, bool(self.env.cr.fetchone()[0])

    def test_uninstall_drops_our_indexes_on_cc_base_tables(self):
        self.assertEqual(self._indexes(), set(INDEXES))
        self.assertEqual(len(self._message_counts()[0]), 3)
        uninstall_hook(self.env)
        self.assertEqual(self._indexes(), set())
        self.assertEqual(self._message_counts(), (set(), False))
        # cc_base's messages are written as before.
        self.env["contact.centre.message"].create(
            {
                "contact_id": self.env.user.partner_id.id,
                "channel": "sms",
                "direction": "inbound",
                "body_text": "Hello",
            }
        ).flush_recordset()
