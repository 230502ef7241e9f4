"""Write odoo.conf from odoo.conf.example for this machine.

The first run copies the example; later runs keep the user's edits and only
rewrite the machine-dependent keys: the addons path (which depends on where
the Odoo source tree is), the data directory, and the PostgreSQL connection,
which comes from the PG* variables, else odoo.conf, and which
setup/postgres.py makes sure answers.
"""

import argparse
import configparser
import os
import re
import sys
from pathlib import Path

import postgres

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "odoo.conf.example"
CONF = ROOT / "odoo.conf"
PG_VARIABLES = {
    "db_host": "PGHOST",
    "db_port": "PGPORT",
    "db_user": "PGUSER",
    "db_password": "PGPASSWORD",
}


def addons_path(odoo_src):
    """Odoo's addon folders (a git checkout keeps most in addons/), then ours."""
    candidates = [odoo_src / "addons", odoo_src / "odoo" / "addons", ROOT / "addons"]
    return ",".join(str(path) for path in candidates if path.is_dir())


def read_options(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    options = dict(parser["options"]) if parser.has_section("options") else {}
    return {key: "" if value == "False" else value for key, value in options.items()}


def connection_settings(options, environ):
    return {
        key: environ.get(variable) or options.get(key, "") for key, variable in PG_VARIABLES.items()
    }


def odoo_command(odoo_bin, config, database, *options):
    """The command line that runs Odoo on a database with this configuration."""
    return [sys.executable, odoo_bin, "--config", config, "--database", database, *options]


def rewrite(text, values):
    """Set each key of values in an odoo.conf text, keeping comments and order."""
    for key, value in values.items():
        line = f"{key} = {value if value != '' else 'False'}"
        pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(lambda _match, line=line: line, text, count=1)
        else:
            text = text.rstrip("\n") + f"\n{line}\n"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-src", required=True, type=Path)
    arguments = parser.parse_args()

    if not CONF.exists():
        CONF.write_text(EXAMPLE.read_text())
        print(f"Wrote {CONF.name} from {EXAMPLE.name}")
    try:
        settings = postgres.ensure(connection_settings(read_options(CONF), os.environ))
    except postgres.SetupError as error:
        sys.exit(f"PostgreSQL: {error}")
    values = {
        "addons_path": addons_path(arguments.odoo_src.resolve()),
        "data_dir": str(ROOT / ".data" / "odoo"),
        **settings,
    }
    text = CONF.read_text()
    updated = rewrite(text, values)
    if updated != text:
        CONF.write_text(updated)


if __name__ == "__main__":
    main()
