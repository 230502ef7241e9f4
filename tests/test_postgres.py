"""Making sure a PostgreSQL server answers with a role Odoo accepts."""

import psycopg2
import pytest

from odoo_conf import CONF, read_options
from postgres import SetupError, _answers, _create_role, connect, ensure


@pytest.fixture
def settings():
    if not CONF.exists():
        pytest.skip("odoo.conf is written by `make setup`")
    options = read_options(CONF)
    return {key: options.get(key, "") for key in ("db_host", "db_port", "db_user", "db_password")}


@pytest.fixture
def new_role(settings):
    try:
        connect(settings, user="postgres").close()
    except psycopg2.OperationalError:
        pytest.skip("the superuser cannot log in here")
    name = "cc_pytest_role"
    yield name
    connection = connect(settings, user="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE IF EXISTS "{name}"')
    connection.close()


def test_odoo_refuses_the_postgres_role(settings):
    with pytest.raises(SetupError, match="Odoo refuses to connect as 'postgres'"):
        ensure(dict(settings, db_user="postgres"))


def test_a_port_where_nothing_listens_does_not_answer(settings):
    assert not _answers(dict(settings, db_host="127.0.0.1", db_port="1"))


def test_missing_role_is_created_able_to_create_databases(settings, new_role):
    if (settings["db_host"] or "").startswith("/"):
        pytest.skip("a role on a socket gets no password")
    created = _create_role(dict(settings, db_user=new_role, db_password=""))
    assert len(created["db_password"]) >= 20, "over TCP a new role gets a password"
    with connect(created) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (new_role, True)
    connection.close()


def test_ensure_keeps_working_settings(settings):
    assert ensure(settings)["db_user"] == settings["db_user"]
