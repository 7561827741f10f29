"""The commands' shared work: inputs -> Spec -> release plan -> rendered, formatted tree ->
written or compared."""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .fastpath.stamp import tree_digest
from .fastpath.tree import read_tree
from .inputs import Inputs
from .ir import Spec
from .models.start import MODELS_PATH, start_models
from .models.worker import ModelsWorker
from .output.format import format_tree
from .output.write import OutputError, cleanup, output_dir, removing_parents, stage, swap_in
from .parse.build import build_spec
from .release.manifest import (
    MANIFEST_PATH,
    Release,
    digest,
    manifest_draft,
    manifest_of,
    output_digest,
    snapshot,
    without_manifest,
)
from .release.news import Fragment, bump_of_notes, consume, pending, read_fragments
from .release.versioning import (
    Bump,
    Change,
    bump_of,
    diff,
    jump,
    largest,
    next_version,
    parse_version,
    release_tag,
)
from .render.templates import render

FIRST_VERSION = "1.0.0"


@dataclass(frozen=True)
class Outcome:
    """What a generate or check run found: warnings, the release, and the files that differ."""

    warnings: tuple[Diagnostic, ...]
    version: str
    changes: tuple[Change, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    # stamp.tree_digest of the tree the generator produced (what `out` holds once it is current).
    digest: str = ""
    # News fragments the run releases (or found already released): `generate` deletes them.
    news: tuple[Fragment, ...] = ()
    # The version the output directory held (None: a new one).
    previous: str | None = None

    @property
    def files_differ(self) -> bool:
        """True when the output directory's files differ from what the generator produces."""
        return bool(self.added or self.removed or self.changed)

    @property
    def drift(self) -> bool:
        """True when `generate` would change anything: a file of the output, or a news
        fragment still to release (or to delete)."""
        return self.files_differ or bool(self.news)

    @property
    def tag(self) -> str:
        """The git tag that names this release."""
        return release_tag(self.version)


def input_hashes(inputs: Inputs) -> dict[str, str]:
    """sha256 of each input file, keyed by file name (not path: output must not depend on cwd)."""
    return {path.name: digest(path.read_bytes()) for path in inputs.files()}


def _entry(
    version: str,
    changes: list[Change],
    note: str = "",
    notes: tuple[Fragment, ...] = (),
    bump: Bump | None = None,
) -> dict[str, Any]:
    entry = {
        "version": version,
        "bump": bump,
        "note": note,
        "changes": [c.as_json() for c in changes],
    }
    # Only when there are some: the entries of releases without notes keep their bytes.
    return {**entry, "notes": [n.as_json() for n in notes]} if notes else entry


def _release(
    previous: dict[str, Any] | None,
    version: str,
    changes: list[Change],
    hashes: dict[str, str],
    notes: tuple[Fragment, ...] = (),
) -> Release:
    history = tuple(previous.get("history", [])) if previous else ()
    if previous is None:
        return Release(version, (_entry(version, [], "Initial release.", notes),), hashes)
    if version == previous["version"]:
        return Release(version, history, hashes)
    # A version pinned past what the changes need is that version's bump (and says so when
    # nothing changed at all), never an empty entry.
    bump = largest([bump_of(changes), bump_of_notes(list(notes))]) or jump(
        previous["version"], version
    )
    note = (
        ""
        if changes or notes
        else f"Version set with `generate --version`; nothing changed since {previous['version']}."
    )
    return Release(version, (_entry(version, changes, note, notes, bump), *history), hashes)


class PinError(ValueError):
    """The pinned version is malformed or lower than the release requires: a usage error
    (exit 2), like a bad option, since the spec is fine. `str()` is the one-line report."""

    def __init__(self, message: str) -> None:
        super().__init__(f"--version: error: {message}")


def _check_pin(pinned: str | None, computed: str, bump: Bump | None) -> str:
    if pinned is None:
        return computed
    try:
        if parse_version(pinned) >= parse_version(computed):
            return pinned
    except ValueError as exc:
        raise PinError(str(exc)) from None
    reason = f"a {bump} bump" if bump else "the current version"
    raise PinError(f"version {pinned} is lower than {computed}, which {reason} requires")


@dataclass(frozen=True)
class _StagedRelease:
    """A release's tree, staged: the directory, its files, and the `output_digest` the
    manifest records (of every file but the manifest)."""

    directory: Path
    files: dict[str, bytes]
    output: str


def _stage(spec: Spec, release: Release, out: Path, models: Callable[[], str]) -> _StagedRelease:
    """Stage `release`'s tree beside `out`."""
    # The bulk of the manifest is written while the code is formatted, so that only its last
    # line waits for the tree to be final.
    draft = functools.cache(lambda: manifest_draft(spec, release))
    rendered = render(spec, release.version, release.history, between=draft)
    output = ""

    def manifest_of(tree: Mapping[str, bytes]) -> str:
        nonlocal output
        output = output_digest(tree)
        return draft()(output)

    # The models come late: the worker makes them while the rest is rendered, written,
    # formatted; the manifest last, since it records the digest of every other file.
    staged = stage(
        out,
        rendered.code,
        rendered.rest,
        format_tree,
        {MODELS_PATH: models},
        {MANIFEST_PATH: manifest_of},
    )
    return _StagedRelease(directory=staged.directory, files=staged.files, output=output)


@dataclass(frozen=True)
class _Plan:
    """What `generate` would write: the staged tree (the caller removes or swaps it), and what
    changed."""

    staging: Path
    outcome: Outcome


def _plan(
    inputs: Inputs, out: Path, target: Path, pinned: str | None, worker: ModelsWorker | None
) -> _Plan:
    """Stage the tree `generate` would write to `target` (the real directory `out` names, as
    `output_dir` gives it) and say what changed; the caller removes or swaps it.

    `worker` (optional) produces the models in a child process while the rest renders.
    """
    early: list[Callable[[], str]] = []
    # The models depend on the webhook spec alone: the worker starts on them before the catalog
    # is read (at scale that is seconds).
    spec = build_spec(inputs, lambda envelopes: early.append(start_models(envelopes, worker)))
    models = early[0] if early else start_models(spec, worker)
    warnings = tuple(d for d in spec.diagnostics if d.level == "warning")
    fragments = read_fragments(inputs.news)
    hashes = input_hashes(inputs)
    try:
        current = read_tree(target)  # the manifest too: read once
    except OSError as exc:  # a dangling link or an unreadable file in the old tree
        where = os.path.relpath(exc.filename, target) if exc.filename else "a file"
        raise OutputError(out, f"cannot read {where} in it: {exc.strerror}") from None
    raw_manifest = current.get(MANIFEST_PATH)
    previous = None if raw_manifest is None else manifest_of(raw_manifest, out)
    notes = tuple(pending(fragments, previous))
    if previous is None:
        changes: list[Change] = []
        version = _check_pin(pinned, FIRST_VERSION, None)
    else:
        changes = diff(previous["ir"], snapshot(spec))
        bump = largest([bump_of(changes), bump_of_notes(list(notes))])
        version = _check_pin(pinned, next_version(previous["version"], bump), bump)
    release = _release(previous, version, changes, hashes, notes)
    staged = _stage(spec, release, target, models)
    if previous is not None and not changes and not notes and version == previous["version"]:
        # Everything but the manifest (a reformatted input changes only its hash there).
        files = _compare(without_manifest(current), without_manifest(staged.files), (), version, [])
        if _output_changed(previous, staged.output, files):
            # Same IR, different code: a generator or template change still ships as a patch.
            shutil.rmtree(staged.directory)
            changes = [_output_only(files)]
            version = _check_pin(pinned, next_version(previous["version"], "patch"), "patch")
            release = _release(previous, version, changes, hashes)
            staged = _stage(spec, release, target, models)
    outcome = _compare(current, staged.files, warnings, version, changes, tree_digest(staged.files))
    held = None if previous is None else str(previous["version"])
    outcome = dataclasses.replace(outcome, news=tuple(fragments), previous=held)
    return _Plan(staging=staged.directory, outcome=outcome)


def _output_changed(previous: dict[str, Any], output: str, files: Outcome) -> bool:
    """Whether the same IR now makes other files than the release `previous` describes (a
    generator or template change). The manifest records the digest of the files released with
    it, so a hand edit or a stray file in the tree is put right, not released; a manifest
    written before that digest was recorded leaves only the tree on disk (`files`) to go by."""
    # A recorded digest that differs while the tree on disk is already what this run makes (a
    # hand-merged or tampered manifest) is not a release either: the manifest is put right.
    # (No recorded digest compares unequal: the tree on disk decides alone.)
    return files.drift and previous.get("output") != output


def _output_only(files: Outcome) -> Change:
    """The patch entry of a release whose IR did not change, naming the files that did: the
    package's modules one by one (they are its API), the other files by count."""
    kinds = {"added": files.added, "removed": files.removed, "changed": files.changed}
    code = {kind: [p for p in paths if p.endswith(".py")] for kind, paths in kinds.items()}
    modules = "; ".join(f"{kind} {', '.join(paths)}" for kind, paths in code.items() if paths)
    others = ", ".join(
        f"{len(paths) - len(code[kind])} {kind}"
        for kind, paths in kinds.items()
        if len(paths) > len(code[kind])
    )
    detail = "generator or templates changed; the IR did not"
    detail += f". Modules {modules}" if modules else ""
    detail += f". Other files (docs, metadata): {others}" if others else ""
    return Change("generated output", "output-changed", "patch", detail)


def generate(
    inputs: Inputs, out: Path, *, version: str | None = None, worker: ModelsWorker | None = None
) -> Outcome:
    """Regenerate `out` from `inputs`; raises SpecError on bad input or a broken manifest,
    PinError when `version` is below what the release requires, and OutputError when `out`
    cannot be (or must not be) replaced; then nothing is changed. The news fragments released
    are deleted once the new tree is in place, and only then."""
    target = output_dir(out, marker=MANIFEST_PATH, inputs=inputs.files(), replace=True)
    cleanup(target)
    with removing_parents(target):
        plan = _plan(inputs, out, target, version, worker)
        if not plan.outcome.files_differ:
            shutil.rmtree(plan.staging)
        else:
            try:
                swap_in(plan.staging, target)
            except OSError as exc:  # e.g. `out` is a mount point, which cannot be renamed
                shutil.rmtree(plan.staging, ignore_errors=True)
                raise OutputError(out, f"cannot replace it: {exc.strerror}") from None
    # The manifest in place records every fragment's text: a run stopped before this line finds
    # them released already, and only deletes them.
    consume(list(plan.outcome.news))
    return plan.outcome


def check(inputs: Inputs, out: Path, *, worker: ModelsWorker | None = None) -> Outcome:
    """What `generate` would change in `out`, changing nothing."""
    target = output_dir(out, marker=MANIFEST_PATH, replace=False)
    with removing_parents(target):
        plan = _plan(inputs, out, target, None, worker)
        shutil.rmtree(plan.staging, ignore_errors=True)
    return plan.outcome


def _compare(
    old: dict[str, bytes],
    new: dict[str, bytes],
    warnings: tuple[Diagnostic, ...],
    version: str,
    changes: list[Change],
    digest: str = "",
) -> Outcome:
    return Outcome(
        warnings,
        version,
        tuple(changes),
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        changed=tuple(sorted(k for k in old.keys() & new.keys() if old[k] != new[k])),
        digest=digest,
    )
