"""Create the demo database of `make run` once, with every addon of the suite.

On later runs the database is kept as it is; an addon added to the suite
since (a new folder in addons/) is installed into it.
"""

import argparse
import subprocess

import psycopg2

from addons import suite_addons
from odoo_conf import CONF, odoo_command, read_options
from postgres import connect


def installed_addons(options, database):
    """Installed addons of the database, or None when there is no such database."""
    with connect(options) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if not cursor.fetchone():
            return None
    with connect(options, database) as connection, connection.cursor() as cursor:
        try:
            cursor.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        except psycopg2.errors.UndefinedTable:
            return set()  # created, but Odoo stopped before initialising it
        return {name for (name,) in cursor.fetchall()}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(CONF))
    parser.add_argument("--odoo-bin", required=True)
    parser.add_argument("--database", required=True)
    arguments = parser.parse_args()

    installed = installed_addons(read_options(arguments.config), arguments.database)
    missing = [addon for addon in suite_addons() if addon not in (installed or ())]
    if not missing:
        return
    verb = "Creating" if installed is None else "Installing into"
    print(f"{verb} database {arguments.database!r}: {', '.join(missing)} (with demo data)")
    command = odoo_command(
        arguments.odoo_bin,
        arguments.config,
        arguments.database,
        "--init",
        ",".join(missing),
        "--stop-after-init",
        "--log-level",
        "warn",
        "--no-http",
    )
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
