"""Refresh the golden cases: `make golden`. Each tests/golden/<case>/ holds webhooks.yaml (and
optionally catalog.json); the refresh writes expected/ (the tree) or errors.txt (a failing spec)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
# The generator tests' own copy of the specs as they were when those tests were written, laid
# out as in the repository (`specs/...`, so messages read the same). Tests that pin what a
# spec says (counts, links, warnings, the merge report) read these, never specs/, so a spec
# update is no test failure; tests of the committed package read generated/ instead.
FROZEN = Path(__file__).resolve().parent / "frozen"
FROZEN_WEBHOOKS = FROZEN / "specs" / "openai-webhooks.yaml"
FROZEN_CATALOG = FROZEN / "specs" / "resource-catalog.json"


def copy_generated(dest: Path) -> None:
    """Copy the committed generated/ (without tool byproducts) to `dest`: a run over the copy
    starts from the committed manifest's version and history, as `make generate` does."""
    from generator.fastpath.tree import is_byproduct

    source = ROOT / "generated"

    def byproducts(directory: str, names: list[str]) -> set[str]:
        relative = Path(directory).relative_to(source)
        return {name for name in names if is_byproduct(relative / name)}

    shutil.copytree(source, dest, ignore=byproducts)


def run_case(case: Path, out: str) -> subprocess.CompletedProcess[str]:
    """Generate one case (from inside its directory, so messages show short paths)."""
    catalog = (
        ["--catalog", "catalog.json"] if (case / "catalog.json").exists() else ["--catalog", ""]
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--webhooks",
        "webhooks.yaml",
        *catalog,
        "--out",
        out,
    ]
    return subprocess.run(command, cwd=case, env=env, capture_output=True, text=True)


def refresh(case: Path) -> None:
    """Rewrite the expectation of one case."""
    shutil.rmtree(case / "expected", ignore_errors=True)
    (case / "errors.txt").unlink(missing_ok=True)
    result = run_case(case, "expected")
    if result.returncode != 0:
        (case / "errors.txt").write_text(result.stderr)
    print(f"{case.name}: {'errors.txt' if result.returncode else 'expected/'}")


def refresh_changelog() -> None:
    """Rewrite tests/golden_changelog/CHANGELOG.md from the three-edit sequence the test runs."""
    import tempfile

    from tests.test_versioning import GOLDEN_CHANGELOG, three_edits

    with tempfile.TemporaryDirectory() as tmp:
        text = (three_edits(Path(tmp)) / "CHANGELOG.md").read_text()
    GOLDEN_CHANGELOG.write_text(text)
    print("golden_changelog: CHANGELOG.md")


GOLDEN_MERGE_REPORT = Path(__file__).resolve().parent / "golden_merge_report.txt"


def validate_output() -> tuple[str, str]:
    """(stdout, stderr) of `python -m generator validate` on the frozen specs (tests/frozen),
    run from there."""
    import contextlib
    import io

    from generator.cli.main import main

    previous = os.getcwd()
    os.chdir(FROZEN)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate"])
    finally:
        os.chdir(previous)
    if code != 0:
        raise RuntimeError(f"validate failed:\n{err.getvalue()}")
    return out.getvalue(), err.getvalue()


def refresh_merge_report() -> None:
    """Rewrite tests/golden_merge_report.txt: the merge report `validate` prints."""
    GOLDEN_MERGE_REPORT.write_text(validate_output()[0])
    print("golden_merge_report.txt")


if __name__ == "__main__":
    for case_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        refresh(case_dir)
    from tests.test_bad_specs import BAD, snapshot

    (BAD / "messages.txt").write_text(snapshot())
    print("bad_specs: messages.txt")
    refresh_changelog()
    refresh_merge_report()
