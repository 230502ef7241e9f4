import select
import time
from contextlib import closing

from odoo import sql_db
from odoo.tests import TransactionCase

from ..models import ir_cron


class TestCronWakeup(TransactionCase):
    """Cron workers are woken through the connection each process keeps."""

    def _listener(self):
        connection = sql_db.db_connect("postgres").cursor()
        connection.execute("LISTEN cron_trigger")
        connection.commit()
        return connection

    def _woken(self, listener, count):
        notifies = listener._cnx.notifies
        deadline = time.monotonic() + 5
        while len(notifies) < count and time.monotonic() < deadline:
            select.select([listener._cnx], [], [], 0.5)
            listener._cnx.poll()
        payloads = [notify.payload for notify in notifies]
        notifies.clear()
        return payloads

    def test_notification_reaches_the_cron_workers_and_survives_a_lost_connection(self):
        cron = self.env.ref("cc_base.ir_cron_process_webhook_events")
        with closing(self._listener()) as listener:
            cron._notifydb()
            self.assertEqual(self._woken(listener, 1), [self.env.cr.dbname])
            # The kept connection was cut (PostgreSQL restarted): Odoo's way, then a new one.
            kept = ir_cron._notifier._connection
            self.env.cr.execute("SELECT pg_terminate_backend(%s)", [kept.get_backend_pid()])
            cron._notifydb()
            cron._notifydb()
            self.assertEqual(self._woken(listener, 2), [self.env.cr.dbname] * 2)
            self.assertIsNot(ir_cron._notifier._connection, kept)
