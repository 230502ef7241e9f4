from odoo.tests import TransactionCase, tagged

from odoo.addons.cc_dashboard import INDEXES, uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):
    def _indexes(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE indexname IN %s", [INDEXES])
        return {name for [name] in self.env.cr.fetchall()}

    def test_uninstall_drops_our_indexes_on_cc_base_tables(self):
        self.assertEqual(self._indexes(), set(INDEXES))
        uninstall_hook(self.env)
        self.assertEqual(self._indexes(), set())
