"""Reading a generated tree back. Only `os`: the no-op fast path (`stamp.py`) walks trees too."""

from __future__ import annotations

import os

# `typing` costs 5 ms to import; this module is on the no-op path (mypy knows the idiom).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import PurePath

# What installing, testing, type-checking the package or building its docs (`mkdocs build`
# writes site/) leaves behind; never part of the output.
_BYPRODUCTS = ("__pycache__", "build", "site", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def _is_byproduct_part(part: str) -> bool:
    return part in _BYPRODUCTS or part.endswith(".egg-info")


def is_byproduct(relative: PurePath) -> bool:
    """True for files tools leave in a generated tree (caches, build dirs, egg-info)."""
    return any(_is_byproduct_part(part) for part in relative.parts)


def relative_files(root: str | os.PathLike[str], skip: Callable[[str], bool]) -> list[str]:
    """The relative posix paths of the files under `root`, sorted, leaving out every file and
    directory whose name `skip` accepts."""
    root = os.fspath(root)
    found: list[str] = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not skip(d)]
        relative = os.path.relpath(directory, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in files if not skip(name))
    return sorted(found)


def tree_files(root: str | os.PathLike[str]) -> list[str]:
    """The relative posix paths of the generated files under `root`, sorted; byproducts and
    their directories left out."""
    return relative_files(root, _is_byproduct_part)


def read_tree(root: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every generated file under `root` (relative posix path -> bytes), byproducts left out."""
    found: dict[str, bytes] = {}
    for name in tree_files(root):
        # Unbuffered: no buffer set up (and no isatty probe) for a file read whole at once.
        with open(os.path.join(root, name), "rb", buffering=0) as file:
            found[name] = file.readall()
    return found
