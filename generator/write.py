"""Write a rendered tree: into a temporary directory beside the output, then one swap.

A failed or killed run leaves the output directory exactly as it was: the new tree only
replaces the old one after it is complete, and on Linux the replacement is one atomic
renameat2(RENAME_EXCHANGE).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

_RENAME_EXCHANGE = 2
_STAGING = ".{name}.staging-"
_RETIRED = ".{name}.retired-"


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def cleanup(out: Path) -> None:
    """Remove what an interrupted earlier run left beside `out`; restore `out` if it went missing."""
    parent = out.parent
    if not parent.is_dir():
        return
    retired = sorted(parent.glob(_RETIRED.format(name=out.name) + "*"))
    if not out.exists() and retired:
        # Killed between the two renames of the fallback swap: the old tree is the retired one.
        retired[-1].rename(out)
        retired = retired[:-1]
    for leftover in [*retired, *parent.glob(_STAGING.format(name=out.name) + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write_files(root: Path, files: Mapping[str, str]) -> None:
    """Write `files` (relative path -> text) under `root`, refusing paths that leave it."""
    # `root` is a fresh staging directory: it holds no symlinks, so a lexical check suffices
    # (a realpath per file is most of the cost of writing thousands of files).
    made: set[str] = set()
    for relative, text in files.items():
        clean = os.path.normpath(relative)
        if os.path.isabs(clean) or clean == os.curdir or clean.split(os.sep)[0] == os.pardir:
            raise ValueError(f"refusing to write outside the output directory: {relative!r}")
        folder = os.path.dirname(clean)
        if folder and folder not in made:
            os.makedirs(root / folder, exist_ok=True)
            made.add(folder)
        (root / clean).write_bytes(text.encode("utf-8"))


def stage(out: Path, files: Mapping[str, str], finish: Callable[[Path], None]) -> Path:
    """A complete new tree in a staging directory beside `out`; `finish` runs on it (formatting)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=out.name), dir=out.parent))
    try:
        write_files(staging, files)
        finish(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` in one step, then delete the old tree."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the old tree
        return
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=out.name), dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired)
