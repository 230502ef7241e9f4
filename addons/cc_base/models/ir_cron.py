import logging
import os
import threading

import psycopg2

from odoo import models, sql_db
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    _inherit = "ir.cron"

    def _notifydb(self):  # pylint: disable=missing-return
        """Wake the cron workers as Odoo does (NOTIFY cron_trigger on the
        postgres database), through a connection this process keeps: Odoo
        opens a new one for each notification, which costs more than the
        webhook or message that asked for it. Odoo's way if that fails."""
        try:
            _notifier.notify(self.env.cr.dbname)
        except psycopg2.Error as error:
            _logger.info("Cron workers notified through a new connection: %s", error)
            super()._notifydb()


class _Notifier:
    """One autocommit connection to the postgres database per process (a
    forked worker opens its own), shared by its threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        # A forked worker leaves its parent's connection open: closing it
        # would end the parent's session.
        self._parent_connection = None

    def notify(self, dbname):
        query = SQL("SELECT %s('cron_trigger', %s)", SQL.identifier(ODOO_NOTIFY_FUNCTION), dbname)
        with self._lock:
            try:
                with self._cursor() as cr:
                    cr.execute(query.code, query.params)
            except psycopg2.Error:
                if self._connection is not None:
                    self._connection.close()
                self._connection = None
                raise

    def _cursor(self):
        if self._pid != os.getpid():
            self._parent_connection, self._connection = self._connection, None
            self._pid = os.getpid()
        if self._connection is None or self._connection.closed:
            _dsn, info = sql_db.connection_info_for("postgres")
            self._connection = psycopg2.connect(**info)
            self._connection.autocommit = True
        return self._connection.cursor()


_notifier = _Notifier()
