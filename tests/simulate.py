"""Run a provider simulator on its own, to play the customer against `make run`:

    .venv/bin/python tests/simulate.py cc_whatsapp_meta.tests.meta_simulator --help

The module is an addon's simulator module, named under odoo.addons, with a
main() that reads the rest of the command line; the addons of this
repository are put on odoo.addons' path first.
"""

import importlib
import sys
from pathlib import Path

from odoo.tools import config

import odoo.addons

if __name__ == "__main__":
    # Simulators live in the addons' test packages, which import Odoo's test
    # framework: that is expected here.
    config["test_enable"] = True
    odoo.addons.__path__.append(str(Path(__file__).resolve().parent.parent / "addons"))
    module = importlib.import_module(f"odoo.addons.{sys.argv.pop(1)}")
    module.main()
