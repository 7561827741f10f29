"""Broken specs: each gives located one-line errors, exit 1, no traceback, and an untouched output.

Every file in tests/bad_specs/ is one case: a .yaml replaces the webhook spec, a .json the
catalog. The messages of all cases are pinned in tests/bad_specs/messages.txt (`make golden`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.fastpath.tree import read_tree
from tests.golden_refresh import FROZEN_CATALOG, FROZEN_WEBHOOKS, ROOT

BAD = Path(__file__).resolve().parent / "bad_specs"
CASES = sorted(p.name for p in BAD.iterdir() if p.suffix in (".yaml", ".json"))
LINE = re.compile(r"^[^\s:][^:]*:\d+(:\d+)?: error: \S.*$|^[^\s:][^:]*: error: \S.*$")


def run_case(name: str, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Generate with one broken input (and the good other one); exit code and error lines."""
    case = Path("tests/bad_specs") / name
    # The good other input is the tests' own (tests/frozen): a spec update changes no message.
    good = {".yaml": ("--catalog", FROZEN_CATALOG), ".json": ("--webhooks", FROZEN_WEBHOOKS)}
    option, path = good[case.suffix]
    inputs = ["--webhooks", str(case)] if case.suffix == ".yaml" else ["--catalog", str(case)]
    inputs += [option, os.path.relpath(path)]
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
    manifest = ROOT / "generated" / "openai_webhooks" / "_manifest.json"
    (out / "openai_webhooks" / "_manifest.json").write_bytes(manifest.read_bytes())
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


def _child_peak_rss_mb(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command to completion (a hang guard, not a speed check) and report its peak memory."""
    script = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stdout);"
        "sys.exit(r.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, timeout=120
    )
    return result, int(result.stdout.splitlines()[-1]) / 1024


def test_huge_spec_is_refused_before_parsing(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as handle:
        line = "# " + "x" * 1021 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--webhooks",
        str(huge),
        "--out",
        str(out),
    ]
    result, peak_mb = _child_peak_rss_mb(command)
    assert result.returncode == 1
    assert "file is 50.0 MB; specs over 32 MB are refused" in result.stderr
    assert peak_mb < 200
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["yaml_alias_bomb.yaml", "deeply_nested.yaml", "deeply_nested.json"]
)
def test_hostile_structures_are_refused_with_bounded_memory(name: str, tmp_path: Path) -> None:
    case = BAD / name
    option = "--webhooks" if case.suffix == ".yaml" else "--catalog"
    command = [sys.executable, "-m", "generator", "validate", option, str(case)]
    result, peak_mb = _child_peak_rss_mb(command)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and ": error: " in result.stderr
    assert peak_mb < 300


def test_missing_file_and_directory_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--webhooks", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml: error: file not found" in capsys.readouterr().err
    assert main(["validate", "--catalog", str(tmp_path)]) == 1
    assert "error: is a directory" in capsys.readouterr().err
