"""SIGKILL during `generate`: the output is always the old tree or the new one, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.fastpath.tree import read_tree
from tests.golden_refresh import FROZEN, ROOT

DELAYS = [0.02, 0.08, 0.15, 0.25, 0.35, 0.5, 0.7, 0.9, 1.2, 1.6]


def _command(out: Path, catalog: str) -> list[str]:
    return [sys.executable, "-m", "generator", "generate", "--catalog", catalog, "--out", str(out)]


def test_killed_generate_leaves_old_or_new_tree(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache"),
    }
    out = tmp_path / "out"
    # The new tree is what a run that is not killed makes of the old one (a minor version bump).
    reference = tmp_path / "reference"
    subprocess.run(_command(reference, ""), cwd=FROZEN, env=env, check=True, capture_output=True)
    subprocess.run(
        _command(reference, "specs/resource-catalog.json"),
        cwd=FROZEN,
        env=env,
        check=True,
        capture_output=True,
    )
    new = read_tree(reference)
    outcomes = set()
    for delay in DELAYS:
        # The old tree: generated afresh without the catalog, so it differs from the new one.
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(_command(out, ""), cwd=FROZEN, env=env, check=True, capture_output=True)
        old = read_tree(out)
        assert old != new
        process = subprocess.Popen(
            _command(out, "specs/resource-catalog.json"), cwd=FROZEN, env=env
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = read_tree(out)
        assert current in (old, new), f"mixed tree after a kill at {delay}s"
        outcomes.add("new" if current == new else "old")
    # A later successful run cleans up whatever the killed runs left beside the output.
    subprocess.run(
        _command(out, "specs/resource-catalog.json"),
        cwd=FROZEN,
        env=env,
        check=True,
        capture_output=True,
    )
    assert read_tree(out) == new
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out."))
    assert leftovers == []
    assert "old" in outcomes  # the early kills must have hit before the swap
