"""setup/faults.py: which server log errors fail a scenario."""

from faults import unexpected_errors

LOG = """2026-11-28 04:43:44,674 10208 ERROR db odoo.sql_db: bad query: b'INSERT INTO x
VALUES (1)'
ERROR: could not serialize access due to concurrent update

2026-11-28 04:43:45,001 10208 INFO db odoo.http: retried
2026-11-28 04:43:46,002 10208 ERROR db odoo.addons.cc_base: something broke
Traceback (most recent call last):
KeyError: 'x'
"""


def test_a_serialization_retry_is_expected_other_errors_are_not(tmp_path):
    log = tmp_path / "server.log"
    log.write_text(LOG)
    assert unexpected_errors([log]) == [
        "server.log: 2026-11-28 04:43:46,002 10208 ERROR db odoo.addons.cc_base: something broke"
    ]
