"""The generated package is formatted, lint-clean, type-clean, installable and generator-free."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import synth
from generator.inputs import Inputs
from generator.output.write import write_files
from generator.parse.build import build_spec
from generator.render.templates import render
from tests.golden_refresh import ROOT

GENERATED = ROOT / "generated"
BIN = Path(sys.executable).parent


def _run(*command: str, cwd: Path = GENERATED) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_ruff_check_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_and_black_leave_it_unchanged() -> None:
    ruff = _run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".")
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    black = _run(str(BIN / "black"), "--check", "-q", ".")
    assert black.returncode == 0, black.stdout + black.stderr


@pytest.mark.parametrize("scale", [1, 2], ids=["real", "synthetic"])
def test_rendered_catalog_modules_leave_no_import_to_remove(tmp_path: Path, scale: int) -> None:
    """The format pass runs `ruff check --fix`; fixing costs ruff about twice a clean lint, so the
    catalog modules import only what they use (at the varied 100x it had 2,659 to remove)."""
    webhooks, catalog = synth.write(tmp_path / "specs", scale)
    code = render(build_spec(Inputs(webhooks, catalog)), "1.0.0", ()).code
    out = tmp_path / "out"
    write_files(out, code)
    modules = sorted((out / "openai_webhooks" / "catalog").glob("*.py"))
    assert len(modules) > 16 * scale  # every resource's module, __init__ and the runtime
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "--select", "F401", ".", cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--cache-dir",
        "/dev/null",
        "openai_webhooks",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_installs_and_imports_without_the_generator(tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(target),
        str(GENERATED),
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert (target / "openai_webhooks" / "py.typed").exists()
    assert (target / "openai_webhooks" / "_manifest.json").exists()
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import openai_webhooks, openai_webhooks.catalog;"
        "heavy = {'generator', 'jinja2', 'yaml', 'datamodel_code_generator'} & set(sys.modules);"
        "assert not heavy, heavy; print(openai_webhooks.__version__)"
    )
    result = _run(sys.executable, "-c", probe, str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((GENERATED / "openai_webhooks" / "_manifest.json").read_text())
    assert result.stdout.strip() == manifest["version"]
