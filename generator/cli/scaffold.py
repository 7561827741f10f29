"""`python -m generator scaffold OUT.py`: an editable handler module with every method."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..ir import Spec
from ..output.format import format_text
from ..render.snippets import LINE_LENGTH
from ..render.templates import environment
from .invoked import command

TEMPLATE = "_scaffold/handlers.py.jinja"


def scaffold(spec: Spec, target: Path) -> int:
    """Write the module; returns the exit code: 2 when `target` exists or cannot be created
    (the path named is unusable: a usage error, like an unusable --out)."""
    # Its docstring names the command as the user ran it: the installed tool or the module.
    module = environment().get_template(TEMPLATE).render(spec=spec, command=command())
    # Formatted like the package's own code, not by the settings where it is written.
    text = format_text(module, LINE_LENGTH)
    try:
        # O_EXCL: never overwrite, even if the file appears between a check and the write.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return _refuse(
            target, "file exists; scaffold never overwrites (remove it or pick another name)"
        )
    except FileNotFoundError:
        return _refuse(
            target,
            f"cannot create it: {target.parent} does not exist; create it first or name another path",
        )
    except OSError as exc:
        return _refuse(target, f"cannot create it: {exc.strerror}")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"{target}: written; edit the methods you need")
    return 0


def _refuse(target: Path, why: str) -> int:
    """Report why `target` cannot be written; the exit code of a usage error."""
    print(f"{target}: error: {why}", file=sys.stderr)
    return 2
