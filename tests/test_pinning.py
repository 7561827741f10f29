"""The README's pinning example works as written: the release's tag (`make tag` makes it, named
as `generate` prints it) pins the package from a git URL, `@<tag>#subdirectory=generated`, in a
fresh venv whose pip was upgraded first. Slow (a venv, pip from PyPI: about 30 s); skipped only
when there is no git or no way to PyPI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path

import pytest

from generator.release.manifest import read_manifest
from generator.release.versioning import release_tag

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "https://github.com/YOUR-ORG/YOUR-REPO"
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")


def _pypi_reachable() -> bool:
    try:
        with urllib.request.urlopen(f"{INDEX}/pip/", timeout=10) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


needs_git_and_pypi = pytest.mark.skipif(
    shutil.which("git") is None or not _pypi_reachable(),
    reason="needs git and a way to PyPI",
)


def _run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _readme_requirement(readme: str) -> str:
    """The requirement line the generated README shows for a git install."""
    (line,) = [line.strip() for line in readme.splitlines() if f"@ git+{PLACEHOLDER}@" in line]
    return line


@needs_git_and_pypi
def test_the_readme_pin_installs_the_tagged_release(tmp_path: Path) -> None:
    clone = tmp_path / "repo"
    _run("git", "clone", "--quiet", ROOT, clone, cwd=tmp_path)
    manifest = read_manifest(clone / "generated")
    assert manifest is not None
    version = str(manifest["version"])
    # The tag as `make tag` makes it (the command it runs names it).
    tag = _run(sys.executable, "-m", "generator", "tag", cwd=clone).strip()
    assert tag == release_tag(version) == f"openai-webhooks-v{version}"
    git = ("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid")
    _run(*git, "tag", "-a", tag, "-m", tag, cwd=clone)
    # A commit after the tag: the pin must install the tagged tree, not the branch's head.
    (clone / "generated" / "openai_webhooks" / "__init__.py").write_text("raise ImportError\n")
    _run(*git, "commit", "--quiet", "-am", "after the release", cwd=clone)

    requirement = _readme_requirement((clone / "generated" / "README.md").read_text())
    assert f"@{tag}#subdirectory=generated" in requirement
    requirement = requirement.replace(PLACEHOLDER, clone.as_uri())
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)  # the interpreter running the tests: Python >= 3.10
    python = env / "bin" / "python"
    _run(
        python, "-m", "pip", "install", "--quiet", "--no-compile", "--upgrade", "pip", cwd=tmp_path
    )
    _run(python, "-m", "pip", "install", "--quiet", "--no-compile", requirement, cwd=tmp_path)
    probe = "import openai_webhooks, redis; print(openai_webhooks.__version__)"
    assert _run(python, "-c", probe, cwd=tmp_path).strip() == version
