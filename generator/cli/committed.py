"""The release manifest as a git revision holds it: what `diff --since REV` compares with."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..release.manifest import MANIFEST_PATH


def revision_problem(rev: str) -> str | None:
    """Why `rev` names no commit here (git missing, not a repository, no such revision)."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
            capture_output=True,
            text=True,
        )
    except OSError as exc:
        return f"--since needs git: {exc.strerror}"
    if found.returncode != 0:
        return f"--since {rev}: not a commit of a git repository here"
    return None


def manifest_at(rev: str, out: Path) -> bytes | None:
    """The bytes of `out`'s release manifest at commit `rev`; None when that commit has none
    (before the package was first committed). Git reads the path relative to the working
    directory (`REV:./path`), as the user wrote `--out`."""
    path = out / MANIFEST_PATH
    if path.is_absolute():  # (`REV:./path` takes a path below the working directory)
        command = ["git", "-C", str(path.parent), "show", f"{rev}:./{path.name}"]
    else:
        command = ["git", "show", f"{rev}:./{path.as_posix()}"]
    shown = subprocess.run(command, capture_output=True)
    return shown.stdout if shown.returncode == 0 else None
