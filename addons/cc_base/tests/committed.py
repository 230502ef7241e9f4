import contextlib

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name


class CommittedDataCase(BaseCase):
    """Tests of code that works in several transactions or database
    connections at once, as workers and servers do: each `_env()` is a
    transaction of its own, committed when it ends, and its data is seen by
    the others. What a test commits, its cleanup removes."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())

    @contextlib.contextmanager
    def _env(self):
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})
