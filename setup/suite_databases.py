"""The test suite's databases: named after their run, dropped when it ends.

A run holds a PostgreSQL advisory lock for as long as it lives, so that
another run (on this machine or another one using the same server) can tell
the databases of a live run from those a killed run left behind.
"""

import re
import shutil
from pathlib import Path

from postgres import connect

DB_PREFIX = "cc_test_"
DB_NAME = re.compile(rf"^{DB_PREFIX}(\d+)_")
LOCK_CLASS = 0x43430001  # first key of the runs' advisory locks: "CC", 1


def database_name(run_id, name):
    return f"{DB_PREFIX}{run_id}_{name}"


class Databases:
    """Odoo creates the databases; this claims, finds and drops them."""

    def __init__(self, options):
        self.options = options
        self._claims = []

    def _connect(self):
        connection = connect(self.options)
        connection.autocommit = True
        return connection

    def claim(self, run_id):
        """Mark the run's databases as alive until release()."""
        connection = self._connect()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, run_id])
        self._claims.append(connection)

    def release(self):
        while self._claims:
            self._claims.pop().close()

    def stale(self):
        """Test databases of runs that are gone (killed, crashed)."""
        connection = self._connect()
        stale = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [DB_PREFIX.replace("_", r"\_") + "%"],
            )
            for (name,) in cursor.fetchall():
                match = DB_NAME.match(name)
                if not match:
                    continue
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, int(match[1])])
                if cursor.fetchone()[0]:
                    stale.append(name)
            cursor.execute("SELECT pg_advisory_unlock_all()")
        connection.close()
        return stale

    def drop(self, names):
        if not names:
            return
        connection = self._connect()
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()
        for name in names:
            shutil.rmtree(Path(self.options["data_dir"]) / "filestore" / name, ignore_errors=True)
