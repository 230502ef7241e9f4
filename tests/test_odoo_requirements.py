"""Odoo's requirements.txt made installable on Python 3.10 to 3.12."""

import sys

from odoo_requirements import installable_requirements

ODOO_LINES = """
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
gevent==21.8.0 ; sys_platform != 'win32' and python_version == '3.10'  # (Jammy)
gevent==24.2.1 ; sys_platform != 'win32' and python_version >= '3.12'  # (Noble)
psycopg2==2.9.2 ; python_version == '3.10' # (Jammy)
psycopg2==2.9.9 ; python_version >= '3.12' # (Noble) Mostly to have a wheel package
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
pypiwin32 ; sys_platform == 'win32'
pytz  # no version pinning to avoid OS perturbations
""".splitlines()


def test_python_312_pins_whatever_the_python():
    assert list(installable_requirements(ODOO_LINES)) == [
        "cbor2==5.6.2",
        "gevent==24.2.1",
        "psycopg2-binary==2.9.9",
        "pytz",
    ]


def test_newer_python_keeps_its_own_pins(monkeypatch):
    monkeypatch.setattr(sys, "version_info", (3, 13, 0))
    lines = ["lxml==5.2.1 ; python_version == '3.12'", "lxml==6.0.0 ; python_version >= '3.13'"]
    assert list(installable_requirements(lines)) == ["lxml==6.0.0"]
