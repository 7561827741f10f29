"""Release notes people write: news fragments (`news/<slug>.<kind>.md`) go into the next
CHANGELOG entry under a heading per kind, raise the release to at least their kind's bump, and
are deleted once the new tree is in place, never when the run fails. Also the release line and
tag `generate` prints, a pinned version's entry, and `--quiet`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.golden_refresh import ROOT

SPEC = """\
openapi: 3.1.0
info: {title: News test, version: 1.0.0}
webhooks:
  thing_done:
    post:
      requestBody:
        content:
          application/json:
            schema:
              description: A thing is done.
              type: object
              required: [id, created_at, data, type]
              properties:
                id: {type: string}
                created_at: {type: integer, format: unixtime}
                type: {type: string, enum: [thing.done]}
                data:
                  type: object
                  properties:
                    id: {type: string, description: The thing's id.}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder: specs/, generated/ at 1.0.0, an empty news/ beside it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "webhooks.yaml").write_text(SPEC)
    (tmp_path / "news").mkdir()
    assert _generate() == 0
    return tmp_path


def _generate(*options: str) -> int:
    return main(["generate", "--webhooks", "specs/webhooks.yaml", "--catalog", "", *options])


def _check() -> int:
    return main(["check", "--webhooks", "specs/webhooks.yaml", "--catalog", ""])


def _entry(repo: Path) -> str:
    """The newest CHANGELOG entry's text."""
    text = (repo / "generated" / "CHANGELOG.md").read_text()
    return "## " + text.split("\n## ")[1].rstrip("\n")


def _fragment(repo: Path, name: str, text: str) -> Path:
    path = repo / "news" / name
    path.write_text(text)
    return path


def test_fragments_fill_the_entry_by_kind_and_are_deleted(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fragment(
        repo,
        "late-end.fix.md",
        "A late end of an expired claim no longer ends the\nretry's claim.\n",
    )
    _fragment(repo, "dedup-default.feature.md", "Apps deduplicate by default.\n")
    spec = repo / "specs" / "webhooks.yaml"
    spec.write_text(SPEC.replace("The thing's id.", "The id of the thing."))
    capsys.readouterr()
    assert _generate() == 0
    out = capsys.readouterr().out
    assert "release 1.1.0; tag openai-webhooks-v1.1.0" in out
    assert "released and removed news fragment" in out
    assert _entry(repo) == (
        "## 1.1.0 (minor)\n\n"
        "### Features\n\n"
        "- Apps deduplicate by default.\n\n"
        "### Fixes\n\n"
        "- A late end of an expired claim no longer ends the\n  retry's claim.\n\n"
        "### Changes to the generated API\n\n"
        "- patch (`changed-description`): event thing.done field data.id"
    )
    assert sorted(os.listdir(repo / "news")) == []
    manifest = json.loads((repo / "generated/openai_webhooks/_manifest.json").read_text())
    assert [n["file"] for n in manifest["history"][0]["notes"]] == [
        "dedup-default.feature.md",
        "late-end.fix.md",
    ]
    assert _check() == 0


@pytest.mark.parametrize(
    ("kind", "version", "bump"),
    [("fix", "1.0.1", "patch"), ("feature", "1.1.0", "minor"), ("breaking", "2.0.0", "major")],
)
def test_a_fragment_alone_makes_a_release_of_its_kind(
    repo: Path, kind: str, version: str, bump: str
) -> None:
    """A template change that changes behaviour is invisible to the IR: its note sets the bump."""
    _fragment(repo, f"change.{kind}.md", "Handlers now get the raw body too.\n")
    assert _generate() == 0
    heading = {"fix": "Fixes", "feature": "Features", "breaking": "Breaking changes"}[kind]
    assert _entry(repo) == (
        f"## {version} ({bump})\n\n### {heading}\n\n- Handlers now get the raw body too."
    )
    assert f'version = "{version}"' in (repo / "generated" / "pyproject.toml").read_text()


def test_check_reports_a_pending_fragment_as_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check() == 0  # stamped: the next check would be answered from the cache
    _fragment(repo, "x.fix.md", "Fixed.\n")
    capsys.readouterr()
    assert _check() == 1
    out = capsys.readouterr().out
    assert "news fragment not yet released: news/x.fix.md" in out
    assert "changed: CHANGELOG.md" in out
    assert (repo / "news" / "x.fix.md").exists()  # check changes nothing


def test_a_failed_run_deletes_no_fragment(repo: Path) -> None:
    fragment = _fragment(repo, "x.fix.md", "Fixed.\n")
    before = (repo / "generated" / "CHANGELOG.md").read_bytes()
    (repo / "specs" / "webhooks.yaml").write_text(SPEC + "  broken: [unclosed\n")
    assert _generate() == 1
    assert fragment.exists()
    assert (repo / "generated" / "CHANGELOG.md").read_bytes() == before


def test_a_misnamed_or_empty_fragment_is_a_located_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _fragment(repo, "x.fix.md", "Fixed.\n")
    _fragment(repo, "y.bugfix.md", "Fixed.\n")
    _fragment(repo, "z.feature.md", "  \n")
    _fragment(repo, "README.md", "How to write a fragment.\n")  # not a fragment: left alone
    capsys.readouterr()
    assert _generate() == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0] == (
        "news/y.bugfix.md: error: not a news fragment name: expected <slug>.<kind>.md with kind"
        " one of breaking, feature, fix"
    )
    assert errors[1].startswith("news/z.feature.md: error: empty news fragment")
    assert good.exists() and "## 1.0.1" not in (repo / "generated" / "CHANGELOG.md").read_text()


def test_a_fragment_already_released_is_only_deleted(repo: Path) -> None:
    """A run stopped between the swap and the deletion: the manifest holds the note, so the
    next run deletes the fragment and releases nothing twice."""
    _fragment(repo, "x.fix.md", "Fixed.\n")
    assert _generate() == 0
    changelog = (repo / "generated" / "CHANGELOG.md").read_bytes()
    _fragment(repo, "x.fix.md", "Fixed.\n")  # as if never deleted
    assert _generate() == 0
    assert not (repo / "news" / "x.fix.md").exists()
    assert (repo / "generated" / "CHANGELOG.md").read_bytes() == changelog


def test_a_pinned_version_without_changes_says_so(repo: Path) -> None:
    assert _generate("--version", "1.2.0") == 0
    assert _entry(repo) == (
        "## 1.2.0 (minor)\n\nVersion set with `generate --version`; nothing changed since 1.0.0."
    )


def test_quiet_hides_the_warnings_also_from_the_cache(repo: Path) -> None:
    # The catalog's warnings are real input (DESIGN.md section 3): there are always some.
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(repo / "cache"),
    }
    catalog = str(ROOT / "specs" / "resource-catalog.json")

    def run(*options: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "generator", "generate", "--catalog", catalog]
        command += ["--webhooks", "specs/webhooks.yaml", *options]
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)

    loud = run()
    assert loud.returncode == 0 and ": warning: " in loud.stderr
    for _ in range(2):  # the full run, then the cached answer
        quiet = run("--quiet")
        assert quiet.returncode == 0 and quiet.stderr == ""
        assert quiet.stdout.startswith("generated: ")
