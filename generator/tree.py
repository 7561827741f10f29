"""Reading a generated tree back (stdlib only: the no-op fast path imports it)."""

from __future__ import annotations

from pathlib import Path

# What installing, testing, type-checking the package or building its docs (`mkdocs build`
# writes site/) leaves behind; never part of the output.
_BYPRODUCTS = ("__pycache__", "build", "site", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def is_byproduct(relative: Path) -> bool:
    """True for files tools leave in a generated tree (caches, build dirs, egg-info)."""
    return any(part in _BYPRODUCTS or part.endswith(".egg-info") for part in relative.parts)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every generated file under `root` (relative posix path -> bytes), byproducts left out."""
    if not root.is_dir():
        return {}
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not is_byproduct(relative):
            found[relative.as_posix()] = path.read_bytes()
    return found
