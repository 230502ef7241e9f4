"""odoo.conf: written from the example, machine-dependent keys rewritten."""

from odoo_conf import connection_settings, rewrite

EXAMPLE = """; comment kept
[options]
; where the addons are
addons_path = ODOO_SRC/odoo/addons,addons
db_host = localhost
db_password = False
workers = 4
"""


def test_rewrite_keeps_comments_and_other_keys():
    text = rewrite(EXAMPLE, {"addons_path": "/odoo/addons,/repo/addons", "db_host": "/run/pg"})
    assert "; where the addons are\naddons_path = /odoo/addons,/repo/addons\n" in text
    assert "db_host = /run/pg\n" in text
    assert "workers = 4\n" in text
    assert text.startswith("; comment kept\n[options]\n")


def test_rewrite_adds_missing_keys_and_writes_empty_as_false():
    text = rewrite(EXAMPLE, {"data_dir": "/repo/.data/odoo", "db_password": ""})
    assert text.endswith("data_dir = /repo/.data/odoo\n")
    assert "db_password = False\n" in text


def test_pg_variables_win_over_odoo_conf():
    options = {"db_host": "db.example.com", "db_port": "5433", "db_user": "odoo"}
    settings = connection_settings(options, {"PGHOST": "/var/run/postgresql", "PGUSER": "me"})
    assert settings == {
        "db_host": "/var/run/postgresql",
        "db_port": "5433",
        "db_user": "me",
        "db_password": "",
    }
