"""The release manifest as a git revision holds it: what `diff --since REV` compares with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..release.manifest import MANIFEST_PATH


def revision_problem(rev: str) -> str | None:
    """Why `rev` names no commit here (git missing, not a repository, no such revision). HEAD
    on a branch without commits yet is no problem: it holds no release."""
    try:
        found = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except OSError as exc:
        return f"--since needs git: {exc.strerror}"
    if found.returncode == 0:
        return None
    if _git("rev-parse", "--git-dir").returncode != 0:
        return f"--since {rev}: not in a git repository"
    if rev == "HEAD" and _git("symbolic-ref", "-q", "HEAD").returncode == 0:
        return None  # HEAD names a branch that has no commit yet
    return f"--since {rev}: no such commit in this repository"


def manifest_at(rev: str, out: Path) -> bytes | None:
    """The bytes of `out`'s release manifest at commit `rev` (checked by `revision_problem`);
    None when that commit has none (before the package was first committed).

    Raises:
        ValueError: `out` is outside the repository, or git failed otherwise (its message).
    """
    top = _git("rev-parse", "--show-toplevel")
    path = Path(os.path.abspath(out / MANIFEST_PATH))
    if top.returncode != 0 or not path.is_relative_to(Path(top.stdout.decode().strip())):
        raise ValueError(f"--out {out} is outside this git repository")
    # `REV:./path` is read relative to the working directory, as the user wrote --out.
    relative = os.path.relpath(path).replace(os.sep, "/")
    if _git("rev-parse", "--verify", "--quiet", rev).returncode != 0:
        return None  # HEAD of a branch without commits
    listed = _git("ls-tree", "--name-only", rev, "--", relative)
    if listed.returncode != 0:
        raise ValueError(f"git ls-tree failed: {listed.stderr.decode().strip()}")
    if not listed.stdout.strip():
        return None
    shown = _git("show", f"{rev}:./{relative}")
    if shown.returncode != 0:
        raise ValueError(f"git show failed: {shown.stderr.decode().strip()}")
    return shown.stdout


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], capture_output=True)
