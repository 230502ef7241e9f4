"""Make sure a PostgreSQL server answers, with a role Odoo accepts.

The server is the one named by the connection settings handed in (from the
usual PG* variables or odoo.conf; by default localhost:5432). When none
answers there, a private server is started for the project, its data and its
socket under .data/postgres, from the machine's PostgreSQL binaries or, when
there are none, from the `pgserver` wheel.

Odoo refuses to connect as `postgres`, so the suite uses its own role (by
default `odoo`, with CREATEDB), created through the superuser when missing.
"""

import argparse
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_DIR = ROOT / ".data" / "postgres"
PRIVATE_PORT = 5432
DEFAULT_ROLE = "odoo"


class SetupError(Exception):
    """A problem the user must solve; its text says how."""


def connect(settings, dbname="postgres", user=None):
    """A connection with odoo.conf-style settings (db_host, db_port, ...)."""
    return psycopg2.connect(
        host=settings.get("db_host") or None,
        port=settings.get("db_port") or None,
        user=user or settings.get("db_user") or None,
        password=settings.get("db_password") or None,
        dbname=dbname,
        connect_timeout=5,
    )


def _answers(settings):
    """Whether a server listens there, whatever it thinks of our role."""
    try:
        connect(settings).close()
    except psycopg2.OperationalError as error:
        text = str(error)
        unreachable = (
            "Connection refused",
            "No such file or directory",
            "could not translate host name",
            "timeout expired",
        )
        return not any(reason in text for reason in unreachable)
    return True


def _role_can_create_databases(settings):
    with connect(settings) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


# Run by the superuser: creates the role, or lets an existing one log in and
# create databases (its password, if any, is left alone).
ROLE_SCRIPT = """
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') AS missing \\gset
\\if :missing
CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
\\else
ALTER ROLE :"role" LOGIN CREATEDB;
\\endif
"""


def _create_role(settings):
    """Create the role through the superuser; return the settings to use it.

    Over TCP a new role gets a generated password (PostgreSQL asks for one
    there unless it trusts everybody); through a socket it needs none.
    """
    settings = dict(settings)
    role = settings["db_user"]
    if not settings.get("db_password") and not (settings.get("db_host") or "").startswith("/"):
        settings["db_password"] = secrets.token_urlsafe(18)
    try:
        connection = connect(settings, user="postgres")
    except psycopg2.OperationalError:
        _create_role_as_postgres_user(settings)
    else:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone():
                cursor.execute(f'ALTER ROLE "{role}" LOGIN CREATEDB')
            else:
                cursor.execute(
                    f'CREATE ROLE "{role}" LOGIN CREATEDB PASSWORD %s', [settings["db_password"]]
                )
        connection.close()
    print(f"PostgreSQL: role {role!r} ready at {_where(settings)}")
    return settings


def _create_role_as_postgres_user(settings):
    """As root, through the local socket as the `postgres` system user (peer
    authentication, as Debian and Ubuntu set it up)."""
    role = settings["db_user"]
    if os.geteuid() != 0 or not shutil.which("psql") or not _user_exists("postgres"):
        raise SetupError(
            f"PostgreSQL answers at {_where(settings)} but refuses the role {role!r}, and "
            f"this user cannot create it. Either create it with a password:\n"
            f"    sudo -u postgres createuser --createdb --pwprompt {role}\n"
            f"and set PGPASSWORD (or db_password in odoo.conf), or use your own login "
            f"through the local socket:\n"
            f"    sudo -u postgres createuser --createdb $USER\n"
            f"    export PGHOST=/var/run/postgresql PGUSER=$USER"
        )
    command = ["runuser", "-u", "postgres", "--", "psql", "--quiet", "--no-psqlrc"]
    command += ["-v", "ON_ERROR_STOP=1", "-v", f"role={role}"]
    command += ["-v", f"password={settings['db_password']}", "-d", "postgres"]
    if settings.get("db_port"):
        command += ["-p", str(settings["db_port"])]
    result = subprocess.run(command, input=ROLE_SCRIPT, text=True, capture_output=True, check=False)
    if result.returncode != 0:
        raise SetupError(
            f"Creating the role {role!r} as 'postgres' failed: {result.stderr.strip()}"
        )


def _user_exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _where(settings):
    return f"{settings['db_host'] or 'localhost'}:{settings['db_port'] or 5432}"


def _binaries():
    """The directory of initdb and pg_ctl: the machine's, else pgserver's."""
    candidates = [os.path.dirname(shutil.which("pg_ctl") or "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += [os.path.dirname(shutil.which("initdb") or "")]
    for directory in candidates:
        if directory and os.path.exists(os.path.join(directory, "pg_ctl")):
            return directory
    try:
        import pgserver  # noqa: PLC0415 - only needed on machines without PostgreSQL
    except ImportError:
        print("PostgreSQL: no server binaries here, installing the pgserver wheel")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "pgserver==0.1.4"],
            check=True,
        )
        import pgserver  # noqa: PLC0415
    return os.path.join(os.path.dirname(pgserver.__file__), "pginstall", "bin")


def _server_user():
    """PostgreSQL refuses to run as root: then it runs as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        if _user_exists(name):
            return name
    raise SetupError("PostgreSQL cannot run as root and no 'postgres' user exists.")


def _as_server_user(command):
    user = _server_user()
    return ["runuser", "-u", user, "--", *command] if user else command


def start_private_server():
    """Start (creating it the first time) the project's own server."""
    data = PRIVATE_DIR / "data"
    run = PRIVATE_DIR / "run"
    binaries = _binaries()
    if not (data / "PG_VERSION").exists():
        print(f"PostgreSQL: creating a private server in {PRIVATE_DIR}")
        data.mkdir(parents=True, exist_ok=True)
        run.mkdir(parents=True, exist_ok=True)
        if owner := _server_user():
            for path in (PRIVATE_DIR, data, run):
                shutil.chown(path, owner)
            reachable = subprocess.run(
                ["runuser", "-u", owner, "--", "test", "-w", str(data)], check=False
            )
            if reachable.returncode != 0:
                shutil.rmtree(PRIVATE_DIR)
                raise SetupError(
                    f"PostgreSQL, which runs as {owner!r} here, cannot reach {PRIVATE_DIR} "
                    f"(one of its parent folders is private, such as /root). Put the project "
                    f"in a folder others may enter, or start a PostgreSQL server and set PGHOST."
                )
        subprocess.run(
            _as_server_user(
                [
                    f"{binaries}/initdb",
                    "--pgdata",
                    str(data),
                    "--username",
                    DEFAULT_ROLE,
                    "--auth",
                    "trust",
                    "--encoding",
                    "UTF8",
                    "--no-locale",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        _as_server_user([f"{binaries}/pg_ctl", "status", "--pgdata", str(data)]),
        stdout=subprocess.DEVNULL,
        check=False,
    )
    if status.returncode != 0:
        options = f"-c listen_addresses='' -c unix_socket_directories='{run}' -p {PRIVATE_PORT}"
        subprocess.run(
            _as_server_user(
                [
                    f"{binaries}/pg_ctl",
                    "start",
                    "--wait",
                    "--pgdata",
                    str(data),
                    "--log",
                    str(PRIVATE_DIR / "server.log"),
                    "--options",
                    options,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"PostgreSQL: private server started, socket in {run}")
    return {
        "db_host": str(run),
        "db_port": str(PRIVATE_PORT),
        "db_user": DEFAULT_ROLE,
        "db_password": "",
    }


def stop_private_server():
    data = PRIVATE_DIR / "data"
    if (data / "PG_VERSION").exists():
        subprocess.run(
            _as_server_user([f"{_binaries()}/pg_ctl", "stop", "--pgdata", str(data), "-m", "fast"]),
            check=False,
        )


def ensure(settings):
    """Return connection settings that work, starting or preparing what is missing."""
    settings = dict(settings)
    settings["db_user"] = settings.get("db_user") or DEFAULT_ROLE
    if settings["db_user"] == "postgres":
        raise SetupError(
            "Odoo refuses to connect as 'postgres': set PGUSER (or db_user in "
            "odoo.conf) to another role, or leave it unset to use 'odoo'."
        )
    if not _answers(settings):
        print(f"PostgreSQL: nothing answers at {_where(settings)}")
        settings = start_private_server()
    try:
        can_create = _role_can_create_databases(settings)
    except psycopg2.OperationalError:
        settings = _create_role(settings)
        try:
            can_create = _role_can_create_databases(settings)
        except psycopg2.OperationalError as error:
            raise SetupError(
                f"The role {settings['db_user']!r} exists but cannot log in at "
                f"{_where(settings)} ({str(error).strip()}): give its password in "
                f"PGPASSWORD (or db_password in odoo.conf)."
            ) from error
    if not can_create:
        raise SetupError(
            f"The PostgreSQL role {settings['db_user']!r} may not create databases: "
            f'ALTER ROLE "{settings["db_user"]}" CREATEDB as a superuser.'
        )
    return settings


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stop-private", action="store_true")
    arguments = parser.parse_args()
    if arguments.stop_private:
        stop_private_server()


if __name__ == "__main__":
    main()
