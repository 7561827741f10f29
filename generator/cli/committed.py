"""The release manifest as a git revision holds it: what `diff --since REV` compares with."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..release.manifest import MANIFEST_PATH


def revision_problem(rev: str) -> str | None:
    """Why `rev` names no commit here (git missing, not a repository, no such revision). HEAD
    of a repository without commits yet is no problem: it holds no release."""
    try:
        found = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except OSError as exc:
        return f"--since needs git: {exc.strerror}"
    if found.returncode == 0:
        return None
    if _git("rev-parse", "--git-dir").returncode != 0:
        return f"--since {rev}: not in a git repository"
    if rev == "HEAD" and _git("rev-list", "-n", "1", "--all").stdout == b"":
        return None
    return f"--since {rev}: no such commit in this repository"


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], capture_output=True)


def manifest_at(rev: str, out: Path) -> bytes | None:
    """The bytes of `out`'s release manifest at commit `rev`; None when that commit has none
    (before the package was first committed). Git reads the path relative to the working
    directory (`REV:./path`), as the user wrote `--out`."""
    path = out / MANIFEST_PATH
    if path.is_absolute():  # (`REV:./path` takes a path below the working directory)
        command = ["git", "-C", str(path.parent), "show", f"{rev}:./{path.name}"]
    else:
        command = ["git", "show", f"{rev}:./{path.as_posix()}"]
    shown = subprocess.run(command, capture_output=True)  # (fails too before the first commit)
    return shown.stdout if shown.returncode == 0 else None
