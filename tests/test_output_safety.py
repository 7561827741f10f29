"""The --out directory: refused, one line and exit 2, when it cannot or must not be replaced;
nothing on disk changes then. A symlinked output is generated through the link."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli.main import main
from generator.output.format import FormatError
from generator.release.manifest import read_manifest
from tests.golden_refresh import FROZEN_CATALOG, FROZEN_WEBHOOKS, ROOT

# Any valid specs will do: the generator tests' own (a spec update changes none of these tests).
WEBHOOKS = str(FROZEN_WEBHOOKS)
CATALOG = str(FROZEN_CATALOG)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stamp from another test (or the user's cache) must not answer for these trees.
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path_factory.mktemp("cache")))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    """Exit code and the lines on stderr that are not the specs' warnings."""
    code = main(list(argv))
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if ": warning: " not in line]


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one error line of a run refused as a usage error (exit 2)."""
    code, errors = _run(capsys, *argv)
    assert code == 2, errors
    assert len(errors) == 1, errors
    return errors[0]


def _generate(capsys: pytest.CaptureFixture[str], out: Path, *, catalog: str = "") -> None:
    code, errors = _run(
        capsys, "generate", "--webhooks", WEBHOOKS, "--catalog", catalog, "--out", str(out)
    )
    assert (code, errors) == (0, [])


def state(root: Path) -> dict[str, tuple[str, object]]:
    """Everything under `root`: files with their bytes, links with their targets, folders with
    their modes; what must not change when a run is refused."""
    found: dict[str, tuple[str, object]] = {}
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(directory, name)
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[relative] = ("link", os.readlink(path))
            elif path.is_dir():
                found[relative] = ("dir", path.stat().st_mode)
            else:
                found[relative] = ("file", path.read_bytes())
    return found


@pytest.mark.parametrize("command", ["generate", "check"])
def test_out_below_a_regular_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "pfile").write_text("mine\n")
    out = tmp_path / "pfile" / "sub"
    before = state(tmp_path)
    assert _refused(capsys, command, "--catalog", "", "--out", str(out)) == (
        f"{out}: error: cannot create this directory: {tmp_path / 'pfile'} is a file"
    )
    assert state(tmp_path) == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_unreadable_file_in_the_old_tree_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """The old tree is read whole (the manifest with it): a file that cannot be read there was a
    traceback."""
    out = tmp_path / "out"
    _generate(capsys, out)
    (out / "openai_webhooks" / "dangling.py").symlink_to(tmp_path / "nowhere")
    before = state(tmp_path)
    assert _refused(capsys, command, "--catalog", "", "--out", str(out)) == (
        f"{out}: error: cannot read openai_webhooks/dangling.py in it: No such file or directory"
    )
    assert state(tmp_path) == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_out_that_is_a_regular_file_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    out = tmp_path / "afile"
    out.write_text("mine\n")
    before = state(tmp_path)
    assert _refused(capsys, command, "--catalog", "", "--out", str(out)) == (
        f"{out}: error: is a file; the output must be a directory"
    )
    assert state(tmp_path) == before


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_out_where_nothing_can_be_created_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _refused(
        capsys, "generate", "--webhooks", WEBHOOKS, "--catalog", "", "--out", "/proc/genout"
    ) == ("/proc/genout: error: cannot create the output there: No such file or directory")


def test_empty_out_is_a_usage_error_that_writes_nothing(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "c"),
    }
    work = tmp_path / "work"
    work.mkdir()
    command = [sys.executable, "-m", "generator", "generate", "--webhooks", WEBHOOKS, "--out", ""]
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].endswith(
        "error: argument --out: empty path; name the output directory"
    )
    assert list(work.iterdir()) == []


def test_directory_that_is_not_a_generated_tree_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "proj" / "specs"
    specs.mkdir(parents=True)
    shutil.copy(WEBHOOKS, specs)
    shutil.copy(CATALOG, specs)
    (specs / "NOTES.txt").write_text("my notes\n")
    before = state(tmp_path)
    assert _refused(
        capsys,
        "generate",
        "--webhooks",
        str(specs / "openai-webhooks.yaml"),
        "--catalog",
        str(specs / "resource-catalog.json"),
        "--out",
        str(specs),
    ) == (
        f"{specs}: error: not empty and holds no openai_webhooks/_manifest.json, so it is not a "
        "generated tree; generate replaces the whole directory: name a new or empty one"
    )
    assert state(tmp_path) == before


@pytest.mark.parametrize("placed", ["copied", "symlinked"])
def test_input_inside_a_generated_tree_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], placed: str
) -> None:
    """Copied in, or a link inside to a file outside: either goes with the old tree."""
    out = tmp_path / "out"
    _generate(capsys, out)
    if placed == "copied":
        shutil.copy(WEBHOOKS, out / "w.yaml")
    else:
        shutil.copy(WEBHOOKS, tmp_path / "w.yaml")
        (out / "w.yaml").symlink_to(tmp_path / "w.yaml")
    before = state(tmp_path)
    assert _refused(
        capsys, "generate", "--webhooks", str(out / "w.yaml"), "--catalog", "", "--out", str(out)
    ) == (
        f"{out}: error: holds the input {out / 'w.yaml'}, which generate would delete with the "
        "old tree; keep the inputs outside the output directory"
    )
    assert state(tmp_path) == before


def test_generating_over_the_working_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _generate(capsys, out)
    before = state(tmp_path)
    monkeypatch.chdir(out / "docs")
    assert _refused(
        capsys, "generate", "--webhooks", WEBHOOKS, "--catalog", CATALOG, "--out", ".."
    ) == (
        "..: error: holds the working directory, which generate would replace under you; "
        "run from outside it"
    )
    assert state(tmp_path) == before
    # Reading it is fine: check changes nothing.
    assert _run(capsys, "check", "--webhooks", WEBHOOKS, "--catalog", "", "--out", "..")[0] == 0


def test_symlinked_out_is_generated_through_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real" / "gen"
    target.mkdir(parents=True)  # empty: fine to generate into
    link = tmp_path / "link"
    link.symlink_to(target)
    _generate(capsys, link)
    _generate(capsys, link, catalog=CATALOG)  # a changed spec: the tree is swapped
    assert link.is_symlink() and os.readlink(link) == str(target)
    manifest = read_manifest(target)
    assert manifest is not None and manifest["version"] == "1.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert [p.name for p in target.parent.iterdir()] == ["gen"]  # nothing left beside it


def test_generated_directory_gets_the_mode_mkdir_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The staging directory comes from mkdtemp (0700): swapped in as is, only its owner could
    # read the package.
    out = tmp_path / "out"
    _generate(capsys, out)
    reference = tmp_path / "reference"
    reference.mkdir()
    assert out.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_check_leaves_no_parent_directories_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(
        capsys,
        "check",
        "--webhooks",
        WEBHOOKS,
        "--catalog",
        "",
        "--out",
        str(tmp_path / "a" / "b" / "out"),
    )
    assert code == 1  # stale: every file would be added
    assert list(tmp_path.iterdir()) == []


def test_failed_generate_removes_the_parent_directories_it_made(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(root: Path, paths: object) -> None:
        raise FormatError("ruff failed")

    monkeypatch.setattr(pipeline, "format_tree", broken)
    code = main(
        [
            "generate",
            "--webhooks",
            WEBHOOKS,
            "--catalog",
            "",
            "--out",
            str(tmp_path / "a" / "b" / "out"),
        ]
    )
    assert code == 1
    assert "ruff failed; nothing written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_fallback_swap_that_fails_puts_the_old_tree_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.output import write

    monkeypatch.setattr(write, "_exchange", lambda a, b: False)  # where renameat2 is missing
    out = tmp_path / "out"
    _generate(capsys, out)
    before = state(tmp_path)
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if ".staging-" in self.name:
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    assert _refused(
        capsys, "generate", "--webhooks", WEBHOOKS, "--catalog", CATALOG, "--out", str(out)
    ) == (f"{out}: error: cannot replace it: Device or resource busy")
    assert state(tmp_path) == before


def test_a_symlink_loop_is_an_unusable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for command in ("generate", "check"):
        assert _refused(
            capsys, command, "--webhooks", WEBHOOKS, "--catalog", "", "--out", str(loop)
        ) == (
            f"{loop}: error: cannot use it as the output directory: Too many levels of symbolic links"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]


def test_a_dangling_symlink_gets_its_target_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "target" / "deep")
    _generate(capsys, link)
    assert link.is_symlink() and (tmp_path / "target" / "deep" / "openai_webhooks").is_dir()


def test_only_a_run_s_own_leftovers_are_cleaned_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interrupted run leaves `.<name>.staging-XXXXXXXX` (deleted by the next run) or, killed
    mid-swap, `.<name>.retired-XXXXXXXX` holding the old tree (put back); directories that only
    look like them are someone else's."""
    out = tmp_path / "gen"
    _generate(capsys, out)
    out.rename(tmp_path / ".gen.retired-ab12cd34")  # killed between the swap's two renames
    (tmp_path / ".gen.staging-x1y2z3w4" / "half").mkdir(parents=True)
    (tmp_path / ".gen.staging-keep").mkdir()
    (tmp_path / ".gen.retired-notes").mkdir()
    (tmp_path / ".gen.retired-notes" / "todo.txt").write_text("mine\n")
    _generate(capsys, out)
    assert (out / "openai_webhooks" / "_manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".gen.retired-notes",
        ".gen.staging-keep",
        "gen",
    ]
    assert (tmp_path / ".gen.retired-notes" / "todo.txt").read_text() == "mine\n"
