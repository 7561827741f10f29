"""The command line: exit codes, drift reports, the no-op fast path, scaffold."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.fastpath.tree import read_tree
from tests.golden_refresh import FROZEN, FROZEN_WEBHOOKS, ROOT

# Git as on a fresh machine, whatever the caller's: no GIT_DIR or GIT_INDEX_FILE (pytest run from
# a git hook), no global or system config (commit signing, hooks paths).
_GIT_CLEAN = {
    **{name: value for name, value in os.environ.items() if not name.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _cli(
    *args: str,
    cwd: Path = FROZEN,  # default inputs: the tests' own specs (tests/frozen/specs)
    env: dict[str, str] | None = None,
    python: tuple[str, ...] = (),  # interpreter options
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {**_GIT_CLEAN, "PYTHONPATH": str(ROOT), **(env or {})}
    command = [sys.executable, *python, "-m", "generator", *args]
    return subprocess.run(
        command, cwd=cwd, env=environment, input=stdin, capture_output=True, text=True
    )


def test_usage_errors_exit_2() -> None:
    assert _cli().returncode == 2
    assert _cli("generate", "--bogus").returncode == 2


def test_check_reports_drift_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FROZEN)
    out = tmp_path / "out"
    assert main(["generate", "--out", str(out)]) == 0
    (out / "openai_webhooks" / "handlers.py").write_text("# edited by hand\n")
    (out / "stray.txt").write_text("x")
    (out / "README.md").unlink()
    capsys.readouterr()
    assert main(["check", "--out", str(out)]) == 1
    report = capsys.readouterr().out
    assert "changed: openai_webhooks/handlers.py" in report
    assert "extra file: stray.txt" in report  # there now; generate deletes it
    assert "missing: README.md" in report
    assert main(["generate", "--out", str(out)]) == 0
    assert main(["check", "--out", str(out)]) == 0


def test_unchanged_tree_is_answered_without_importing_the_renderer(tmp_path: Path) -> None:
    cache = {"OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "out"
    assert _cli("generate", "--out", str(out), env=cache).returncode == 0
    probe = (
        "import sys; from generator.cli.main import main; code = main(sys.argv[1:]);"
        "heavy = {'jinja2', 'yaml', 'pydantic', 'datamodel_code_generator'} & set(sys.modules);"
        "print(code, sorted(heavy))"
    )
    for command in ("generate", "check"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), **cache}
        result = subprocess.run(
            [sys.executable, "-c", probe, command, "--out", str(out)],
            cwd=FROZEN,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.stdout.splitlines()[-1] == "0 []", result.stdout + result.stderr
        assert "warning:" in result.stderr  # the spec's warnings are still shown
    # A hand edit invalidates the stamp: the full check runs and finds the drift.
    (out / "README.md").write_text("edited\n")
    assert _cli("check", "--out", str(out), env=cache).returncode == 1


def test_python_m_answers_an_unchanged_tree_before_the_command_line_is_imported(
    tmp_path: Path,
) -> None:
    cache = {"OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "out"
    first = _cli("generate", f"--out={out}/", "--catalog", "specs/resource-catalog.json", env=cache)
    assert first.returncode == 0, first.stderr
    for command in ("generate", "check"):
        result = _cli(command, "--out", str(out), env=cache, python=("-X", "importtime"))
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{out}: up to date (version 1.0.0)\n"
        warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
        assert warnings == [line for line in first.stderr.splitlines() if ": warning: " in line]
        imported = {
            line.split("|")[-1].strip()
            for line in result.stderr.splitlines()
            if line.startswith("import time:")
        }
        # pathlib may come with the site's editable-install finder; these never should.
        assert not {"generator.cli.main", "argparse", "dataclasses", "json", "jinja2"} & imported
    # Options the fast path does not take go to the full command line, which still answers.
    pinned = _cli("generate", "--out", str(out), "--version", "1.0.0", env=cache)
    assert pinned.returncode == 0 and "up to date (version 1.0.0)" in pinned.stdout
    assert _cli("generate", "--out", env=cache).returncode == 2  # argparse's usage error


def test_validate_prints_the_merge_report() -> None:
    result = _cli("validate")
    assert result.returncode == 0
    assert "in both (9):" in result.stdout
    assert "response.completed  -> responses /webhooks/chatgpt/response-completed" in result.stdout


def test_spec_error_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("webhooks: {a: {post: 3}}\n")
    result = _cli("generate", "--webhooks", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ": error: " in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "３"])
def test_an_unusable_size_limit_is_one_error_line(tmp_path: Path, value: str) -> None:
    result = _cli(
        "generate", "--out", str(tmp_path / "out"), env={"OPENAI_WEBHOOKS_MAX_SPEC_MB": value}
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert line.startswith("OPENAI_WEBHOOKS_MAX_SPEC_MB: error: must be a positive whole number")
    assert not (tmp_path / "out").exists()
    # A usable limit the inputs fit in (whatever their size: an upstream document is 3 MB).
    fits = max(f.stat().st_size for f in (FROZEN / "specs").iterdir()) // 2**20 + 1
    assert _cli("validate", env={"OPENAI_WEBHOOKS_MAX_SPEC_MB": str(fits)}).returncode == 0


def test_scaffold_writes_a_handler_module_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "my_handlers.py"
    result = _cli("scaffold", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    assert (
        "def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:" in text
    )
    assert (
        "    def on_thread_run_requires_action(\n"
        "        self, payload: catalog.runs.ThreadRunRequiresActionPayload\n"
        "    ) -> None:\n"
    ) in text
    compile(text, str(target), "exec")
    target.write_text("# mine\n")
    again = _cli("scaffold", str(target))
    assert again.returncode == 2  # the target named is unusable: a usage error
    assert "never overwrites" in again.stderr
    assert target.read_text() == "# mine\n"


def test_scaffold_into_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "handlers.py"
    result = _cli("scaffold", str(target))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [
        f"{target}: error: cannot create it: {tmp_path / 'missing'} does not exist;"
        " create it first or name another path"
    ]
    assert not target.parent.exists()


def test_a_version_below_the_computed_one_is_a_usage_error(tmp_path: Path) -> None:
    """Exit 2 like `--version banana`: the option is wrong, not the spec; nothing is written."""
    out = tmp_path / "out"
    result = _cli("generate", "--out", str(out), "--version", "0.9.0")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert errors == [
        "--version: error: version 0.9.0 is lower than 1.0.0, which the current version requires"
    ]
    assert not out.exists()


def test_an_input_saved_again_during_a_run_is_not_stamped_as_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp records the inputs as they were before the run read them: a spec saved again
    meanwhile makes the next run regenerate instead of answering "up to date"."""
    from generator import pipeline
    from generator.fastpath import stamp

    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))
    webhooks = tmp_path / "openai-webhooks.yaml"
    catalog = tmp_path / "resource-catalog.json"
    webhooks.write_bytes((FROZEN / "specs" / "openai-webhooks.yaml").read_bytes())
    catalog.write_bytes((FROZEN / "specs" / "resource-catalog.json").read_bytes())
    out = tmp_path / "out"
    args = ["--webhooks", str(webhooks), "--catalog", str(catalog), "--out", str(out)]
    read = pipeline.build_spec

    def read_then_edit(*a: object, **k: object) -> object:
        spec = read(*a, **k)  # type: ignore[arg-type]
        webhooks.write_text(webhooks.read_text() + "\n# saved again during the run\n")
        return spec

    monkeypatch.setattr(pipeline, "build_spec", read_then_edit)
    assert main(["generate", *args]) == 0
    assert stamp.read_stamp([str(webhooks), str(catalog)], str(out)) is None
    monkeypatch.setattr(pipeline, "build_spec", read)
    assert main(["generate", *args]) == 0  # a full run, which stamps the text it read
    assert stamp.read_stamp([str(webhooks), str(catalog)], str(out)) is not None


def test_a_reader_that_goes_away_costs_the_report_not_a_traceback(tmp_path: Path) -> None:
    """`python -m generator generate | head -0`: the run completes, the lost report is not a
    traceback, and the exit status is what a command killed by SIGPIPE gives (141)."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache"),
    }
    out = tmp_path / "out"
    for _ in ("full run", "answered from the stamp"):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", "--out", str(out)],
            cwd=FROZEN,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # before the command prints anything there
        errors = process.stderr.read()
        assert process.wait() == 141
        assert "Traceback" not in errors and ": warning: " in errors
        assert (out / "openai_webhooks" / "models.py").is_file()


def test_missing_default_specs_say_where_they_were_looked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no specs/ here: a user in the wrong folder
    assert main(["generate", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "specs/openai-webhooks.yaml: error: file not found (the default path" in err
    assert "pass --webhooks and --catalog" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv0", "prog"),
    [
        ("/home/u/.local/bin/openai-webhooks-generator", "openai-webhooks-generator"),
        (str(ROOT / "generator" / "__main__.py"), "python -m generator"),
    ],
)
def test_usage_names_the_command_as_it_was_run(
    argv0: str, prog: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli.main import parser

    monkeypatch.setattr(sys, "argv", [argv0, "--help"])
    assert parser().format_usage().startswith(f"usage: {prog} ")


def test_make_tag_installs_the_generator_only(tmp_path: Path) -> None:
    """On a fresh checkout `make tag` bootstraps the generator, not the dev and docs extras."""
    for name in ("Makefile", "pyproject.toml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    command = ["make", "-n", "--no-print-directory", "tag"]
    plan = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "-m pip install --quiet -e ." in plan
    assert "[dev" not in plan
    assert "-m generator check --quiet" in plan


@pytest.mark.parametrize("case", ["dangling_ref.yaml", "duplicate_event.yaml"])
@pytest.mark.parametrize("command", ["generate", "check"])
def test_quiet_hides_the_warnings_also_when_the_spec_has_errors(
    case: str, command: str, tmp_path: Path
) -> None:
    """`-q`: no warnings, errors still, whether or not the run fails."""
    bad = ROOT / "tests" / "bad_specs" / case
    out = tmp_path / "out"
    loud = _cli(command, "--webhooks", str(bad), "--out", str(out))
    assert loud.returncode == 1 and ": warning: " in loud.stderr  # the catalog's warnings
    quiet = _cli(command, "-q", "--webhooks", str(bad), "--out", str(out))
    assert quiet.returncode == 1
    assert ": warning: " not in quiet.stderr
    assert f"{case}:" in quiet.stderr and ": error: " in quiet.stderr
    assert not out.exists()


def _hook(hook_id: str) -> list[str]:
    """The arguments of a .pre-commit-hooks.yaml hook's entry, after the console script's name."""
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (entry,) = [hook["entry"].split() for hook in hooks if hook["id"] == hook_id]
    assert entry[0] == "openai-webhooks-generator"
    return entry[1:]


def _git(project: Path, *args: str) -> None:
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.com"]
    command = ["git", *identity, "-c", "commit.gpgsign=false", *args]
    subprocess.run(command, cwd=project, env=_GIT_CLEAN, check=True, capture_output=True)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """Another project's repository, as pre-commit runs the hooks in: the tests' own specs and
    the package generated from them, committed."""
    shutil.copytree(FROZEN / "specs", tmp_path / "specs")
    made = _cli("generate", "-q", cwd=tmp_path, env=_cache(tmp_path))
    assert made.returncode == 0, made.stderr
    (tmp_path / ".gitignore").write_text(".cache/\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "release")
    return tmp_path


def _cache(project: Path) -> dict[str, str]:
    return {"OPENAI_WEBHOOKS_GENERATOR_CACHE": str(project / ".cache")}


def test_check_hook_reports_drift_without_the_catalogs_warnings(project: Path) -> None:
    (project / "generated" / "README.md").write_text("edited\n")
    result = _cli(*_hook("openai-webhooks-check"), cwd=project, env=_cache(project))
    assert result.returncode == 1
    assert "changed: README.md" in result.stdout
    assert result.stderr == ""  # the same warnings on every commit are noise there


def _edited(spec: str, edit: str) -> str:
    """A webhook spec's text with one edit: a reworded description, or an event removed."""
    if edit == "description":
        old = "Sent when a batch API request has been cancelled."
        return spec.replace(old, "Sent when a batch is cancelled.")
    start, end = spec.index("  batch_cancelled:\n"), spec.index("  batch_completed:\n")
    return spec[:start] + spec[end:]


def test_diff_reads_a_process_substitution(tmp_path: Path) -> None:
    """`diff <(git show HEAD:spec.yaml) spec.yaml`: a pipe is read once (a second read finds it
    empty)."""
    new = tmp_path / "new.yaml"
    new.write_text(_edited(FROZEN_WEBHOOKS.read_text(), "description"))
    command = '"$PYTHON" -m generator diff <(cat "$OLD") "$NEW"'
    env = {"PYTHON": sys.executable, "OLD": str(FROZEN_WEBHOOKS), "NEW": str(new)}
    result = subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "patch (changed-description): event batch.cancelled" in result.stdout
    assert result.stdout.endswith("bump: patch\n")


@pytest.mark.parametrize("side", ["old", "new"])
def test_diff_reads_a_dash_from_standard_input(side: str, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(_edited(FROZEN_WEBHOOKS.read_text(), "event"))
    stdin = FROZEN_WEBHOOKS.read_text()
    files = ["-", str(other)] if side == "old" else [str(other), "-"]
    result = _cli("diff", *files, "--fail-on", "breaking", stdin=stdin)
    assert result.returncode == (1 if side == "old" else 0), result.stderr
    bump = "major (removed-event)" if side == "old" else "minor (new-event)"
    assert f"{bump}: event batch.cancelled" in result.stdout


def test_diff_names_standard_input_in_its_errors() -> None:
    result = _cli("diff", str(FROZEN_WEBHOOKS), "-", stdin="webhooks: {a: {post: 3}}\n")
    assert result.returncode == 1
    assert "<stdin>:1:22: error: missing 'requestBody'" in result.stderr
    assert ": warning: " not in result.stderr  # diff shows no warnings, failing or not
    assert "Traceback" not in result.stderr


def test_diff_reads_standard_input_for_one_side_only() -> None:
    result = _cli("diff", "-", "-")
    assert result.returncode == 2
    assert "only one of OLD and NEW can be -" in result.stderr


def test_standard_input_over_the_size_limit_is_refused() -> None:
    """A pipe has no size to look at first: it is read up to the limit, and refused past it."""
    limit = {"OPENAI_WEBHOOKS_MAX_SPEC_MB": "1"}
    result = _cli("diff", str(FROZEN_WEBHOOKS), "-", env=limit, stdin="#" * (1024 * 1024 + 1))
    assert result.returncode == 1
    assert "<stdin>: error: file is over 1 MB; specs over 1 MB are refused" in result.stderr


@pytest.mark.parametrize(
    ("edit", "code", "report"),
    [
        (None, 0, ["bump: none"]),
        ("description", 0, ["patch (changed-description): event batch.cancelled", "bump: patch"]),
        ("event", 1, ["major (removed-event): event batch.cancelled", "bump: major"]),
    ],
)
@pytest.mark.parametrize("generated_again", [False, True])
def test_breaking_hook_fails_on_a_major_change_only_and_writes_nothing(
    project: Path, edit: str | None, code: int, report: list[str], generated_again: bool
) -> None:
    """The committed release (the manifest's IR at HEAD) against the current specs, read only;
    also once the user ran `generate`, which rewrote the working tree's manifest."""
    spec = project / "specs" / "openai-webhooks.yaml"
    if edit is not None:
        spec.write_text(_edited(spec.read_text(), edit))
    if generated_again:
        assert _cli("generate", "-q", cwd=project, env=_cache(project)).returncode == 0
    before = read_tree(project)
    result = _cli(*_hook("openai-webhooks-breaking"), cwd=project, env=_cache(project))
    assert result.returncode == code, result.stderr
    assert all(line in result.stdout for line in report), result.stdout
    assert result.stdout.endswith(f"{report[-1]}\n")
    assert result.stderr == ""
    assert read_tree(project) == before


def test_breaking_hook_passes_before_the_first_release_is_committed(tmp_path: Path) -> None:
    shutil.copytree(FROZEN / "specs", tmp_path / "specs")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "start")
    result = _cli(*_hook("openai-webhooks-breaking"), cwd=tmp_path, env=_cache(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "no release in generated at HEAD: nothing to compare with\nbump: none\n"
    )


def test_breaking_hook_passes_in_a_repository_without_commits(tmp_path: Path) -> None:
    shutil.copytree(FROZEN / "specs", tmp_path / "specs")
    _git(tmp_path, "init", "-q")
    result = _cli(*_hook("openai-webhooks-breaking"), cwd=tmp_path, env=_cache(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "no release in generated at HEAD: nothing to compare with\nbump: none\n"
    )


def test_diff_since_a_revision_that_is_not_one_is_a_usage_error(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = _cli("diff", "--since", "no-such-rev", cwd=project)
    assert result.returncode == 2
    assert "--since no-such-rev: no such commit in this repository" in result.stderr
    elsewhere = tmp_path_factory.mktemp("no-repository")
    ceiling = {"GIT_CEILING_DIRECTORIES": str(elsewhere.parent)}  # even if /tmp is in one
    outside = _cli("diff", "--since", "HEAD", cwd=elsewhere, env=ceiling)
    assert outside.returncode == 2
    assert "--since HEAD: not in a git repository" in outside.stderr


def test_check_hook_runs_when_only_a_news_fragment_is_committed() -> None:
    """A fragment makes generated/ stale (it belongs in the next release): the hook must see it."""
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (check,) = [hook for hook in hooks if hook["id"] == "openai-webhooks-check"]
    assert re.match(check["files"], "news/dedup-late-claim.fix.md")


def test_diff_refuses_an_output_that_is_a_file_as_check_does(project: Path) -> None:
    (project / "a-file").write_text("")
    for command in ("diff", "check"):
        result = _cli(command, "--out", "a-file", cwd=project, env=_cache(project))
        assert result.returncode == 2, (command, result.stderr)
        assert "a-file: error: is a file; the output must be a directory" in result.stderr


def test_diff_reads_a_file_named_dash_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "-").write_text(FROZEN_WEBHOOKS.read_text())
    result = _cli("diff", "./-", str(FROZEN_WEBHOOKS), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "bump: none\n"), result.stderr


def test_diff_with_standard_input_closed_says_so() -> None:
    command = [sys.executable, "-m", "generator", "diff", "-", str(FROZEN_WEBHOOKS)]
    result = subprocess.run(
        ["bash", "-c", '"$@" <&-', "run", *command],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "<stdin>: error: standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_diff_without_files_needs_a_release_and_takes_its_options_alone(project: Path) -> None:
    missing = _cli("diff", "--out", "nowhere", cwd=project)
    assert missing.returncode == 1
    assert missing.stderr.startswith(
        "nowhere/openai_webhooks/_manifest.json: error: no release here to compare the specs with"
    )
    old, new = "specs/openai-webhooks.yaml", "specs/openai-webhooks.yaml"
    assert "OLD and NEW, or neither" in _cli("diff", old, cwd=project).stderr
    mixed = _cli("diff", old, new, "--out", "generated", cwd=project)
    assert mixed.returncode == 2 and "--out: only for a diff without OLD and NEW" in mixed.stderr


SCRIPT = Path(sys.executable).with_name("openai-webhooks-generator")  # the editable install's


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
def test_messages_name_the_installed_command_not_make(project: Path) -> None:
    """Run as the installed tool in another project: no Makefile there, no `make` in messages."""
    (project / "generated" / "README.md").write_text("edited\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(SCRIPT), *args]
        return subprocess.run(
            command,
            cwd=project,
            env={**os.environ, **_cache(project)},
            capture_output=True,
            text=True,
        )

    stale = run("check", "-q", "--out", "generated")
    assert stale.returncode == 1
    assert "stale; run `openai-webhooks-generator generate -q --out generated`:" in stale.stdout
    spec = project / "specs" / "openai-webhooks.yaml"
    spec.write_text(_edited(spec.read_text(), "description"))
    released = run("generate", "-q")
    assert released.returncode == 0, released.stderr
    tag = re.search(r"tag (openai-webhooks-v\S+) once committed", released.stdout)
    assert tag is not None, released.stdout
    assert f"once committed (`git tag {tag[1]}`)" in released.stdout
    assert run("scaffold", "handlers.py").returncode == 0
    docstring = (project / "handlers.py").read_text().splitlines()[0]
    assert docstring.endswith(
        "Written once by `openai-webhooks-generator scaffold`; yours to edit."
    )
    assert "make " not in stale.stdout + released.stdout


@pytest.mark.parametrize(("where", "make"), [(ROOT, True), (FROZEN, False)])
def test_make_targets_are_named_only_in_the_generators_checkout(
    where: Path, make: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m generator check` in the checkout's root: `make generate` works there."""
    from generator.cli.main import _generate_again

    monkeypatch.chdir(where)
    monkeypatch.setattr(sys, "argv", [str(ROOT / "generator" / "__main__.py")])
    plain = "`python -m generator generate`"
    assert _generate_again(["check"]) == (f"`make generate` (or {plain})" if make else plain)
    # make generate takes no options: other options are repeated with the module's command.
    assert _generate_again(["check", "--out", "x"]) == "`python -m generator generate --out x`"


def test_check_of_a_folder_without_a_package_says_so_in_one_line(tmp_path: Path) -> None:
    result = _cli("check", "--out", str(tmp_path / "generated"), env=_cache(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'generated'} holds no generated package yet; run"
        f" `python -m generator generate --out {tmp_path / 'generated'}`"
    ]


def test_diff_since_with_an_output_outside_the_repository_is_a_usage_error(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """git cannot read it there: not "no release" (which passes the hook)."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = _cli("diff", "--since", "HEAD", "--out", str(elsewhere), cwd=project)
    assert result.returncode == 2
    assert "is outside this git repository" in result.stderr


def test_diff_since_in_json_keeps_its_output_json(tmp_path: Path) -> None:
    shutil.copytree(FROZEN / "specs", tmp_path / "specs")
    _git(tmp_path, "init", "-q")
    result = _cli("diff", "--since", "HEAD", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"bump": None, "changes": []}
    assert "nothing to compare with" in result.stderr


def test_breaking_hook_passes_on_a_new_branch_without_commits(project: Path) -> None:
    _git(project, "checkout", "-q", "--orphan", "fresh")
    result = _cli(*_hook("openai-webhooks-breaking"), cwd=project, env=_cache(project))
    assert result.returncode == 0, result.stderr
    assert "nothing to compare with" in result.stdout


def test_diff_since_reads_the_committed_manifest_as_generate_does(project: Path) -> None:
    """A committed manifest that is not one is a located error (exit 1), named as git names it."""
    (project / "generated" / "openai_webhooks" / "_manifest.json").write_text("[]\n")
    _git(project, "commit", "-q", "-am", "broken")
    result = _cli(*_hook("openai-webhooks-breaking"), cwd=project, env=_cache(project))
    assert result.returncode == 1
    assert "HEAD:generated/openai_webhooks/_manifest.json" in result.stderr
    assert "Traceback" not in result.stderr
