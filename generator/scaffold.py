"""`python -m generator scaffold OUT.py`: an editable handler module with every method."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .ir import Spec
from .render import environment

TEMPLATE = "_scaffold/handlers.py.jinja"


def scaffold(spec: Spec, target: Path) -> int:
    """Write the module; refuse (exit 1) when `target` exists. Returns the exit code."""
    text = environment().get_template(TEMPLATE).render(spec=spec)
    try:
        # O_EXCL: never overwrite, even if the file appears between a check and the write.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        print(
            f"{target}: error: file exists; scaffold never overwrites (remove it or pick another name)",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"{target}: error: cannot create: {exc.strerror}", file=sys.stderr)
        return 1
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"{target}: written; edit the methods you need")
    return 0
