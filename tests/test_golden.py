"""Golden files: the committed generated/ and each tests/golden/<case>/ are exactly what the
generator produces now. Refresh with `make generate` / `make golden`, never by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.fastpath.tree import read_tree
from generator.inputs import Inputs
from generator.pipeline import check
from tests.golden_refresh import GOLDEN, ROOT, copy_generated, run_case

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def test_committed_generated_tree_is_what_the_generator_produces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    outcome = check(Inputs(), Path("generated"))
    assert not outcome.drift, f"run `make generate`: {outcome}"
    files = read_tree(ROOT / "generated")
    # A golden test that would pass on empty output is no test.
    assert len(files) > 40 and len(files["openai_webhooks/models.py"]) > 5000
    # The docs are compared like the code: every event and resource page, the site config.
    assert {"README.md", "mkdocs.yml", "docs/index.md", "docs/recipes.md"} <= set(files)
    from openai_webhooks import catalog
    from openai_webhooks.handlers import HANDLER_METHODS

    events = set(HANDLER_METHODS) | set(catalog.ROUTES.values())
    assert sum(name.startswith("docs/events/") for name in files) == len(events)
    resources = {model.__module__ for model, _ in catalog.PAYLOADS.values()}
    assert sum(name.startswith("docs/resources/") for name in files) >= len(resources) > 0


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str, tmp_path: Path) -> None:
    case_dir = GOLDEN / case
    out = tmp_path / "out"
    result = run_case(case_dir, str(out))
    expected_errors = case_dir / "errors.txt"
    if expected_errors.exists():
        assert result.returncode == 1
        assert result.stderr == expected_errors.read_text()
        assert "Traceback" not in result.stderr
        assert not out.exists()
        return
    assert result.returncode == 0, result.stderr
    expected = read_tree(case_dir / "expected")
    actual = read_tree(out)
    assert sorted(actual) == sorted(expected)
    assert any(name.startswith("docs/events/") for name in expected)
    for name, data in expected.items():
        assert actual[name] == data, f"{case}/{name} differs; run `make golden` and review"


def _generate(out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "generator", "generate", "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return read_tree(out)


def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    # Both regenerate over the committed tree, so both must reproduce it exactly.
    copy_generated(tmp_path / "a")
    copy_generated(tmp_path / "b")
    first = _generate(tmp_path / "a", "0")
    second = _generate(tmp_path / "b", "1")
    assert first == second
    assert first == read_tree(ROOT / "generated")
