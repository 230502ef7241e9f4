"""The suite's addons, as found in addons/ (an addon is a folder with a manifest)."""

import ast
from pathlib import Path

ADDONS_DIR = Path(__file__).resolve().parent.parent / "addons"


def manifest(addon):
    return ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())


def suite_addons():
    """Installable addons, in name order."""
    return sorted(
        path.parent.name
        for path in ADDONS_DIR.glob("*/__manifest__.py")
        if manifest(path.parent.name).get("installable", True)
    )
