"""How the generator was run, so that messages name commands the user can run as they are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The generator's own checkout: the folder holding the `generator` package and, there only, the
# Makefile whose targets (`make generate`, `make tag`) bootstrap the venv first.
_CHECKOUT = Path(__file__).resolve().parents[2]


def command() -> str:
    """The command as it was run: the console script's name or `python -m generator`."""
    name = Path(sys.argv[0]).name
    return "python -m generator" if name in ("", "__main__.py", "-c") else name


def has_make_targets() -> bool:
    """Whether `make generate` and `make tag` would work here."""
    # Only as `python -m generator` in the root of the generator's checkout: the installed tool
    # (pipx, pre-commit) or a run from another folder has no such targets, so naming them there
    # would send the user to a command that fails.
    if command() != "python -m generator" or not (_CHECKOUT / "Makefile").is_file():
        return False
    return os.path.samefile(_CHECKOUT, os.getcwd())
