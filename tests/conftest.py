import sys
from pathlib import Path

# The setup scripts are plain modules in setup/, imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "setup"))
