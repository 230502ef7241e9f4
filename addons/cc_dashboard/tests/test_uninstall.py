from odoo.tests import TransactionCase, tagged

from odoo.addons.cc_dashboard import INDEXES, uninstall_hook
from odoo.addons.cc_dashboard.models.message_count_tables import COUNT_TABLES


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):
    def _indexes(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE indexname IN %s", [INDEXES])
        return {name for [name] in self.env.cr.fetchall()}

    def _message_counts(self):
        """Our triggers on cc_base's messages, and the tables they write."""
        names = [table.name for table in COUNT_TABLES]
        self.env.cr.execute(
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE ANY(%s)",
            [[f"{name}%" for name in names]],
        )
        triggers = {name for [name] in self.env.cr.fetchall()}
        self.env.cr.execute(
            "SELECT name FROM unnest(%s::text[]) name WHERE to_regclass(name) IS NOT NULL", [names]
        )
        return triggers, {name for [name] in self.env.cr.fetchall()}

    def test_uninstall_drops_our_indexes_on_cc_base_tables(self):
        self.assertEqual(self._indexes(), set(INDEXES))
        self.assertEqual(len(self._message_counts()[0]), 3 * len(COUNT_TABLES))
        uninstall_hook(self.env)
        self.assertEqual(self._indexes(), set())
        self.assertEqual(self._message_counts(), (set(), set()))
        # cc_base's messages are written as before.
        self.env["contact.centre.message"].create(
            {
                "contact_id": self.env.user.partner_id.id,
                "channel": "sms",
                "direction": "inbound",
                "body_text": "Hello",
            }
        ).flush_recordset()
