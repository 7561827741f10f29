"""The whole spec-update routine on a copy of the repository, with a spec that differs from the
committed one as real updates do (tests/spec_update.py: block-scalar descriptions, one added
event, one reworded description): `generate` makes a minor release and names its tag, the
CHANGELOG entry names the new event and the one real rewording and nothing else, the output is
lint-clean, and the generator's tests pass unchanged on the updated copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.release.versioning import next_version, release_tag
from tests.spec_update import Update, updated_spec

ROOT = Path(__file__).resolve().parents[1]
Updated = tuple[Path, "subprocess.CompletedProcess[str]", Update]
# Run again on the updated copy: the generator's tests that once pinned the committed spec's
# contents (counts, links, the merge report, the validate size limit, the helper estimate),
# its golden cases and bad specs, and the package tests that now follow generated/ (event
# types and payloads). The rest of the suite is spec-agnostic or compares against generated/.
GENERATOR_TESTS = (
    "tests/test_golden.py::test_golden_case",
    "tests/test_bad_specs.py::test_messages_snapshot",
    "tests/test_catalog_merge.py",
    "tests/test_events.py",
    "tests/test_loaders.py::test_full_upstream_document_reads_only_webhooks_and_reachable_schemas",
    "tests/test_loaders.py::test_merge_links_envelope_events_to_their_catalog_resource",
    "tests/test_models_worker.py::test_a_spec_surely_split_starts_its_helpers_with_the_command",
    "tests/test_versioning.py::test_spec_edit_gives_bump_and_change_lines",
    "tests/test_cli.py::test_an_unusable_size_limit_is_one_error_line",
)


def _copy_repository(target: Path) -> None:
    """The files git tracks, as they are in the working tree now (uncommitted edits too), but
    the news fragments: they belong to the next real release, not to this one."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if name.startswith("news/") or not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Updated:
    """A copy of the repository after the update and `generate`, that run's output, and what
    the update changed."""
    if shutil.which("git") is None:
        pytest.skip("needs git to list the repository's files")
    copy = tmp_path_factory.mktemp("update") / "repo"
    copy.mkdir()
    _copy_repository(copy)
    spec = copy / "specs" / "openai-webhooks.yaml"
    update = updated_spec(spec.read_text(encoding="utf-8"))
    spec.write_text(update.text, encoding="utf-8")
    env = {**_env(copy), "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(copy.parent / "cache")}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--quiet"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return copy, run, update


def _env(copy: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(copy)}


def _manifest(root: Path) -> dict[str, object]:
    return json.loads((root / "generated" / "openai_webhooks" / "_manifest.json").read_text())  # type: ignore[no-any-return]


def test_the_update_is_a_minor_release_named_by_its_tag(
    updated: Updated,
) -> None:
    copy, run, _ = updated
    before = str(_manifest(ROOT)["version"])
    version = next_version(before, "minor")
    assert _manifest(copy)["version"] == version
    assert f"release {version}; tag {release_tag(version)}" in run.stdout
    assert run.stderr == ""  # --quiet: the catalog's usual warnings are not repeated


def test_the_changelog_entry_names_the_new_event_and_the_rewording_only(
    updated: Updated,
) -> None:
    copy, _, update = updated
    version = next_version(str(_manifest(ROOT)["version"]), "minor")
    changelog = (copy / "generated" / "CHANGELOG.md").read_text()
    entry = changelog.split("\n## ")[1].split("\n## ")[0].rstrip("\n").splitlines()
    assert entry[:2] == [f"{version} (minor)", ""]
    assert sorted(entry[2:]) == sorted(  # in the order of the events' names
        [
            f"- patch (`changed-description`): event {update.reworded}",
            f"- minor (`new-event`): event {update.added}",
        ]
    )
    # Below the new entry, the old CHANGELOG's entries as they were.
    old = (ROOT / "generated" / "CHANGELOG.md").read_text()
    assert changelog.endswith(old[old.index("\n## ") :])


def test_the_updated_output_is_lint_clean(
    updated: Updated,
) -> None:
    generated = updated[0] / "generated"
    for command in (
        ["ruff", "check", "--no-cache", "."],
        ["black", "--check", "-q", "."],
        ["mypy", "--strict", "--no-incremental", "openai_webhooks"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=generated, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    handlers = (generated / "openai_webhooks" / "handlers.py").read_text()
    assert '\n\n\n        """' not in handlers and '.\n\n        """' not in handlers


def test_the_generator_tests_pass_on_the_updated_copy(
    updated: Updated,
) -> None:
    copy, _, _ = updated
    env = {**_env(copy), "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(copy.parent / "cache-tests")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *GENERATOR_TESTS],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
