"""Print Odoo's requirements.txt, made installable on Python 3.10 to 3.12.

Odoo pins, per Python version, the packages of the Ubuntu/Debian release that
ships that Python; several of the older pins (cbor2 5.4.2, gevent 21.8.0,
lxml 4.8.0...) have no wheels and no longer build. The pins Odoo gives for
Python 3.12 all have wheels for 3.10 to 3.12, so the markers are evaluated as
if Python were at least 3.12. The Odoo tree itself is left untouched.

Two packages are swapped for a wheel, so that no C headers are needed:
psycopg2 becomes psycopg2-binary (same version, same module), and
python-ldap (only for the auth_ldap addon, which the suite does not use) is
left out.
"""

import platform
import sys

from packaging.requirements import Requirement

MIN_PYTHON = (3, 12)
SKIPPED = {"python-ldap"}
RENAMED = {"psycopg2": "psycopg2-binary"}


def _environment():
    version = max(sys.version_info[:2], MIN_PYTHON)
    return {
        "python_version": "{}.{}".format(*version),
        "python_full_version": "{}.{}.0".format(*version),
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
    }


def installable_requirements(lines):
    environment = _environment()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = requirement.name.lower()
        if name in SKIPPED:
            continue
        requirement.name = RENAMED.get(name, requirement.name)
        requirement.marker = None
        yield str(requirement)


def main(path):
    with open(path, encoding="utf-8") as requirements:
        for requirement in installable_requirements(requirements):
            print(requirement)


if __name__ == "__main__":
    main(sys.argv[1])
