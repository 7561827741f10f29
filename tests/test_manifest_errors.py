"""A broken `_manifest.json` is an error located at it, never a silent restart at 1.0.0; a
pinned --version must be plain ASCII semver."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.release.manifest import MANIFEST_PATH, read_manifest
from generator.release.versioning import parse_version
from tests.golden_refresh import ROOT
from tests.test_output_safety import WEBHOOKS, state

ARGS = ["--webhooks", WEBHOOKS, "--catalog", ""]
ADVICE = "restore it from version control, or delete {out} to start again at 1.0.0"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stamp from another test (or the user's cache) must not answer for these trees.
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tree generated from the webhook spec alone, once: tests change copies of it."""
    out = tmp_path_factory.mktemp("generated") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path_factory.mktemp("cache")))
        assert main(["generate", *ARGS, "--out", str(out)]) == 0
    return out


@pytest.fixture
def out(generated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(generated, copy)
    return copy


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if ": warning: " not in line]


@pytest.mark.parametrize("command", ["generate", "check"])
def test_manifest_that_is_not_json_is_an_error_not_a_fresh_start(
    out: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (out / MANIFEST_PATH).write_text('{"version": \n')
    before = state(out)
    assert main([command, *ARGS, "--out", str(out)]) == 1
    assert _errors(capsys) == [
        f"{out / MANIFEST_PATH}:2:1: error: cannot read this manifest: not JSON (Expecting value); "
        + ADVICE.format(out=out),
        "1 error; nothing written",
    ]
    assert state(out) == before


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda manifest: manifest.__setitem__(key, value)


def _drop_envelope(manifest: dict[str, Any]) -> None:
    del manifest["ir"]["events"][0]["envelope"]


def _array_without_items(manifest: dict[str, Any]) -> None:
    event = next(e for e in manifest["ir"]["events"] if e["envelope"])
    event["envelope"]["properties"][0]["type"] = {"node": "ArrayOf"}


def _change_without_rule(manifest: dict[str, Any]) -> None:
    manifest["history"] = [
        {"version": "1.0.0", "bump": None, "note": "", "changes": [{"location": "x"}]}
    ]


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "version-not-semver": (
        _set("version", "1.0"),
        "version must look like X.Y.Z (ASCII numbers, no leading zeros), got '1.0'",
    ),
    "version-fullwidth": (
        _set("version", "１.0.0"),
        "version must look like X.Y.Z (ASCII numbers, no leading zeros), got '１.0.0'",
    ),
    "version-number": (_set("version", 1), "expected a string, found a number"),
    "history-number": (_set("history", 5), "expected an array, found a number"),
    "ir-null": (_set("ir", None), "expected an object, found null"),
    "event-without-envelope": (_drop_envelope, "missing 'envelope'"),
    "array-without-items": (_array_without_items, "missing 'items'"),
    "change-without-rule": (_change_without_rule, "missing 'rule'"),
    "output-number": (_set("output", 5), "expected a string, found a number"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_misshapen_manifest_is_one_error_and_changes_nothing(
    out: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    edit, why = BROKEN[case]
    path = out / MANIFEST_PATH
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest, ensure_ascii=False))
    before = state(out)
    assert main(["generate", *ARGS, "--out", str(out)]) == 1
    errors = _errors(capsys)
    assert errors[1:] == ["1 error; nothing written"]
    prefix = f"{path}: error: cannot read this manifest: {why}; {ADVICE.format(out=out)} (at /"
    assert errors[0].startswith(prefix), errors[0]
    assert state(out) == before


@pytest.mark.parametrize(
    "edit",
    [_set("ir", None), _set("ir", {"events": 5}), _drop_envelope, _array_without_items],
    ids=["ir-null", "events-number", "event-without-envelope", "array-without-items"],
)
def test_diff_with_a_misshapen_manifest_is_one_located_error(
    generated: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: Callable[[dict[str, Any]], None],
) -> None:
    good = generated / MANIFEST_PATH
    manifest = json.loads(good.read_text())
    edit(manifest)
    bad = tmp_path / "_manifest.json"
    bad.write_text(json.dumps(manifest, indent=1))
    for old, new in ((bad, good), (good, bad)):
        assert main(["diff", str(old), str(new)]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        error, summary = captured.err.splitlines()
        assert error.startswith(f"{bad}:") and ": error: cannot read this manifest: " in error
        assert summary == "1 error; nothing written"


def test_every_committed_manifest_passes_the_shape_check() -> None:
    trees = [ROOT / "generated", *sorted((ROOT / "tests" / "golden").glob("*/expected"))]
    for tree in trees:
        if (tree / MANIFEST_PATH).exists():
            assert read_manifest(tree) is not None, tree


@pytest.mark.parametrize("text", ["１.0.0", "1.٠.0", "01.0.0", "1.0.00", "1.0", "1.0.0.0", ""])
def test_version_is_plain_ascii_semver(text: str) -> None:
    with pytest.raises(ValueError, match="ASCII numbers, no leading zeros"):
        parse_version(text)
    assert parse_version("10.0.0") == (10, 0, 0)


def test_pinned_version_with_fullwidth_digits_is_a_usage_error(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(out)
    with pytest.raises(SystemExit) as usage:
        main(["generate", *ARGS, "--out", str(out), "--version", "２.0.0"])
    assert usage.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.endswith(
        "error: argument --version: version must look like X.Y.Z (ASCII numbers, no leading "
        "zeros), got '２.0.0'"
    )
    assert state(out) == before


def test_manifest_with_a_huge_integer_is_an_error(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = out / MANIFEST_PATH
    path.write_text(path.read_text().rstrip()[:-1] + ', "x": ' + "9" * 5000 + "}\n")
    before = state(out)
    assert main(["generate", *ARGS, "--out", str(out)]) == 1
    errors = _errors(capsys)
    assert errors[0].startswith(f"{path}: error: cannot read this manifest: a number is too large;")
    assert state(out) == before
