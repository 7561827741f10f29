"""The format pass: `ruff check --fix`, then `ruff format`, over the rendered tree's code
(`format_tree`, with the generated pyproject.toml's settings) or over one module's text
(`format_text`, for the scaffold)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


class FormatError(RuntimeError):
    """ruff could not format or fix the rendered code: a generator bug or a broken install,
    not a spec problem."""

    def summary(self) -> str:
        """The failure in one line: what failed and ruff's first line of output."""
        what, _, detail = str(self).partition("\n")
        first = next((line.strip() for line in detail.splitlines() if line.strip()), "")
        return f"{what.rstrip(':')}: {first}" if first else what.rstrip(":")


def ruff_binary() -> str:
    """The ruff installed beside this Python (not whatever is first on PATH)."""
    sibling = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")
    if sibling.exists():
        return str(sibling)
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return str(find_ruff_bin())
    except (ImportError, OSError) as exc:  # FileNotFoundError: the package without its binary
        raise FormatError(f"ruff is not installed beside {sys.executable}:\n{exc}") from None


def format_tree(root: Path, paths: Sequence[str]) -> None:
    """Format and lint-fix the Python files at `paths` (files or folders) under `root`, using
    root's pyproject.toml settings. A file's result does not depend on the others: the models,
    which come last, are formatted alone."""
    ruff = ruff_binary()
    for args in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
        result = subprocess.run(
            [ruff, *args, "--no-cache", "--config", "pyproject.toml", *paths],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            output = "\n".join((result.stdout + result.stderr).splitlines()[:40])
            raise FormatError(f"ruff {' '.join(args)} failed on the rendered code:\n{output}")


def format_text(text: str, line_length: int) -> str:
    """One module's source as `ruff format` lays it out at `line_length`, whatever the settings
    of the directory it will be written to (`--isolated`)."""
    result = subprocess.run(
        [ruff_binary(), "format", "--isolated", "--line-length", str(line_length), "-"],
        input=text,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise FormatError(f"ruff format failed on the rendered code:\n{result.stderr}")
    return result.stdout
