"""Broken specs: each gives located one-line errors, exit 1, no traceback, and an untouched output.

Every file in tests/bad_specs/ is one case: a .yaml replaces the webhook spec, a .json the
catalog. The messages of all cases are pinned in tests/bad_specs/messages.txt (`make golden`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.tree import read_tree
from tests.golden_refresh import ROOT

BAD = Path(__file__).resolve().parent / "bad_specs"
CASES = sorted(p.name for p in BAD.iterdir() if p.suffix in (".yaml", ".json"))
LINE = re.compile(r"^[^\s:][^:]*:\d+(:\d+)?: error: \S.*$|^[^\s:][^:]*: error: \S.*$")


def run_case(name: str, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Generate with one broken input (and the good other one); exit code and error lines."""
    case = Path("tests/bad_specs") / name
    inputs = ["--webhooks", str(case)] if case.suffix == ".yaml" else ["--catalog", str(case)]
    code = main(["generate", *inputs, "--out", str(out)])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if ": error: " in line]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", CASES)
def test_bad_spec_gives_located_errors_and_writes_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    (out / "openai_webhooks").mkdir(parents=True)
    (out / "openai_webhooks" / "keep.py").write_text("# the previous output\n")
    before = read_tree(out)
    code, errors = run_case(name, out, capsys)
    assert code == 1
    assert errors, "no error line"
    for line in errors:
        assert LINE.match(line), line
        assert line.startswith(f"tests/bad_specs/{name}:"), line
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "temporary files left behind"


def test_messages_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    lines = []
    for name in CASES:
        lines.extend(run_case(name, tmp_path / "out", capsys)[1])
    assert "\n".join(lines) + "\n" == (BAD / "messages.txt").read_text()


def snapshot() -> str:
    """The messages of every case, as messages.txt pins them (used by `make golden`)."""
    import contextlib
    import io
    import os
    import tempfile

    os.chdir(ROOT)
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            case = Path("tests/bad_specs") / name
            inputs = (
                ["--webhooks", str(case)] if case.suffix == ".yaml" else ["--catalog", str(case)]
            )
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                main(["generate", *inputs, "--out", str(Path(tmp) / "out")])
            lines.extend(line for line in err.getvalue().splitlines() if ": error: " in line)
    return "\n".join(lines) + "\n"
