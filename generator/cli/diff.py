"""`python -m generator diff [OLD NEW]`: the change list between two specs or two manifests, or
between the release in the output directory and the current specs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Location, SpecError
from ..inputs import Inputs
from ..load.source import Document
from ..output.write import OutputError
from ..parse.build import build_spec, load_document, load_stdin, spec_of
from ..release.manifest import MANIFEST_PATH, manifest_of, read_manifest, snapshot
from ..release.versioning import Change, ShapeError, bump_of, check_snapshot, diff
from .committed import manifest_at
from .invoked import command

STDIN = "-"  # as OLD or NEW: read that one from standard input (`./-` is a file named -)


def _document(name: str) -> Document:
    return load_stdin() if name == STDIN else load_document(Path(name))


def _snapshot(doc: Document) -> tuple[str, Any]:
    """(kind, IR snapshot) of a manifest, a webhook spec or a catalog."""
    data = doc.data
    if isinstance(data, dict) and "ir" in data and "version" in data:
        try:
            check_snapshot(data["ir"], ("ir",))
        except ShapeError as exc:
            message = f"cannot read this manifest: {exc}; compare a _manifest.json as generated"
            raise SpecError([Diagnostic("error", message, doc.locate(exc.path))]) from None
        except RecursionError:
            message = "cannot read this manifest: nested too deeply"
            raise SpecError([Diagnostic("error", message, doc.locate(("ir",)))]) from None
        return "manifest", data["ir"]
    if isinstance(data, list):
        return "catalog", snapshot(spec_of(None, doc))
    if isinstance(data, dict) and "webhooks" in data:
        return "webhooks", snapshot(spec_of(doc, None))
    message = "not a webhook spec (no 'webhooks'), a catalog (an array) or a _manifest.json"
    raise SpecError([Diagnostic("error", message, doc.locate(()))])


def run_diff(old_path: str, new_path: str, output: str, fail_on: str) -> int:
    """Print the classified changes and the bump; exit 1 on a major change with --fail-on breaking."""
    old_kind, old = _snapshot(_document(old_path))
    new_doc = _document(new_path)
    new_kind, new = _snapshot(new_doc)
    if old_kind != new_kind:
        message = f"cannot compare a {old_kind} with a {new_kind}"
        raise SpecError([Diagnostic("error", message, Location(new_doc.display_path))])
    return _report(diff(old, new), output, fail_on)


def run_release_diff(
    inputs: Inputs, out: Path, output: str, fail_on: str, since: str | None = None
) -> int:
    """`diff` without files: the release in `out` (its manifest's IR snapshot; with `since`, as
    git commit `since` holds it) against the specs `inputs`, what a `generate` would release
    from it; reads both, writes nothing.

    Raises:
        OutputError: `out` is not a directory (a usage error, as for `check`).
    """
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file; the output must be a directory")
    if since is None:
        manifest = read_manifest(out)
        if manifest is None:
            message = f"no release here to compare the specs with; run `{command()} generate` first"
            raise SpecError([Diagnostic("error", message, Location(str(out / MANIFEST_PATH)))])
        old = manifest["ir"]
    else:
        try:
            committed = manifest_at(since, out)
        except ValueError as exc:
            raise OutputError(out, str(exc)) from None
        if committed is None:  # the package's first commit: nothing users depend on yet
            note = f"no release in {out} at {since}: nothing to compare with"
            print(note, file=sys.stderr if output == "json" else sys.stdout)
            return _report([], output, fail_on)
        old = manifest_of(committed, Path(f"{since}:{out}"))["ir"]  # located as REV:path
    return _report(diff(old, snapshot(build_spec(inputs))), output, fail_on)


def _report(changes: list[Change], output: str, fail_on: str) -> int:
    """Print the changes and their bump; exit 1 on a major change with --fail-on breaking."""
    bump = bump_of(changes)
    if output == "json":
        print(json.dumps({"bump": bump, "changes": [c.as_json() for c in changes]}, indent=2))
    else:
        for change in changes:
            print(change.line())
        print(f"bump: {bump or 'none'}")
    return 1 if fail_on == "breaking" and bump == "major" else 0
