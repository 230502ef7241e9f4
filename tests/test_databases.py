"""The databases of `make test` and `make run`, against the real PostgreSQL."""

import pytest

from dev_database import installed_addons
from odoo_conf import CONF, read_options
from postgres import connect
from run_tests import plan
from suite_databases import Databases, database_name


@pytest.fixture
def options(tmp_path):
    if not CONF.exists():
        pytest.skip("odoo.conf is written by `make setup`")
    return dict(read_options(CONF), data_dir=str(tmp_path))


@pytest.fixture
def create_database(options):
    created = []

    def create(name):
        connection = connect(options)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        created.append(name)
        return name

    yield create
    Databases(options).drop(created)


def _exists(options, name):
    with connect(options) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cursor.fetchone())


def test_each_addon_alone_then_all_together():
    runs = plan(["cc_a", "cc_b"], 42)
    assert [(run.database, run.install, run.test_tags) for run in runs] == [
        ("cc_test_42_cc_a", ["cc_a"], "/cc_a"),
        ("cc_test_42_cc_b", ["cc_b"], "/cc_b"),
        ("cc_test_42_all", ["cc_a", "cc_b"], "/cc_a,/cc_b"),
    ]


def test_a_tag_runs_its_tests_in_each_addon_alone():
    runs = plan(["cc_a", "cc_b"], 42, "cc_fault")
    assert [(run.database, run.test_tags) for run in runs] == [
        ("cc_test_42_cc_a", "cc_fault/cc_a"),
        ("cc_test_42_cc_b", "cc_fault/cc_b"),
    ]


def test_a_single_addon_runs_once():
    assert [run.database for run in plan(["cc_a"], 42)] == ["cc_test_42_cc_a"]


def test_databases_of_killed_runs_are_found_and_dropped(options, create_database, tmp_path):
    dead = create_database(database_name(1_000_001, "cc_base"))
    alive = create_database(database_name(1_000_002, "cc_base"))
    unrelated = create_database("cc_tests_backup")
    filestore = tmp_path / "filestore" / dead
    filestore.mkdir(parents=True)
    running = Databases(options)
    running.claim(1_000_002)
    databases = Databases(options)

    try:
        stale = databases.stale()
        assert dead in stale
        assert alive not in stale, "a running suite keeps its databases"
        assert unrelated not in stale, "only the suite's own databases are dropped"

        databases.drop([dead])
        assert not _exists(options, dead)
        assert not filestore.exists()
    finally:
        running.release()
    assert alive in databases.stale(), "released: the run is over"


def test_demo_database_states(options, create_database):
    assert installed_addons(options, "cc_pytest_no_such_database") is None
    empty = create_database("cc_pytest_not_initialised")
    assert installed_addons(options, empty) == set(), "an interrupted creation is resumed"
