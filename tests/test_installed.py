"""The generator as an installed tool: its wheel, installed in a fresh venv, run from a directory
that holds only the specs and a copy of generated/ (what pre-commit and pipx do)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import tomllib
import yaml

from generator.fastpath.resources import TEMPLATES
from generator.fastpath.tree import tree_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's wheel, built from this checkout as pip builds it for an install."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its dependencies installed; returns its bin/."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    bin_dir = env / "bin"
    subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    return bin_dir


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """Another project's directory: the specs and a copy of the committed generated/."""
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated")
    return tmp_path


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "openai-webhooks-generator"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(cwd / ".cache")},
    )


def test_wheel_carries_every_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix("generator/templates/")
            for name in archive.namelist()
            if name.startswith("generator/templates/")
        }
    assert shipped == set(tree_files(TEMPLATES))


def test_installed_generator_reproduces_the_committed_package_from_another_directory(
    installed: Path, project: Path
) -> None:
    committed = {
        name: (ROOT / "generated" / name).read_bytes() for name in tree_files(ROOT / "generated")
    }
    checked = _run(installed, project, "check")
    assert checked.returncode == 0, checked.stderr
    # Regenerate from scratch: every file comes from the installed templates, not from the copy.
    for name in committed:
        if name != "openai_webhooks/_manifest.json":
            (project / "generated" / name).unlink()
    generated = _run(installed, project, "generate")
    assert generated.returncode == 0, generated.stderr
    after = {
        name: (project / "generated" / name).read_bytes()
        for name in tree_files(project / "generated")
    }
    assert after == committed
    assert "Traceback" not in generated.stderr


def test_python_dash_m_and_the_console_script_agree(installed: Path, project: Path) -> None:
    by_module = subprocess.run(
        [str(installed / "python"), "-m", "generator", "check"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    by_script = _run(installed, project, "check")
    assert (by_module.returncode, by_module.stdout) == (by_script.returncode, by_script.stdout)


def test_missing_ruff_is_one_line_and_writes_nothing(installed: Path, project: Path) -> None:
    shutil.copytree(installed.parent, project / "venv", symlinks=True)
    broken = project / "venv" / "bin"
    (broken / "ruff").unlink()
    for package in (project / "venv" / "lib").glob("python*/site-packages/ruff"):
        shutil.rmtree(package)
    (project / "generated" / "README.md").write_text("edited\n")
    result = subprocess.run(
        [str(broken / "python"), "-m", "generator", "generate"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(project / ".cache")},
    )
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(errors) == 1 and "ruff" in errors[0] and "nothing written" in errors[0]
    assert (project / "generated" / "README.md").read_text() == "edited\n"


def test_pre_commit_hooks_call_the_installed_console_script() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] in scripts, hook["id"]
