"""Release notes written by people: news fragments, as towncrier keeps them.

A change to the templates or the generator that changes what the package does is invisible to
the IR diff, which sees only the specs. Its author writes a fragment beside the change,
`news/<slug>.<kind>.md` (kind: breaking, feature or fix; 2-6 lines a user can act on). The next
`generate` puts every pending fragment's text into the new CHANGELOG entry, under a heading per
kind, takes at least the bump its kind implies, and deletes the fragments once the new tree is in
place (never when the run fails). The entry records each fragment's file name and text, so a run
stopped between the swap and the deletion finds them already released and only deletes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Location, SpecError
from ..text import tidy
from .versioning import Bump, largest

# Kind -> the bump it implies at least, in the order the CHANGELOG shows them (its template names
# their headings).
KINDS: dict[str, Bump] = {"breaking": "major", "feature": "minor", "fix": "patch"}
SUFFIX = ".md"
# Files a news folder may hold that are not fragments.
NOT_FRAGMENTS = ("README.md",)


@dataclass(frozen=True)
class Fragment:
    """One release note: its file, kind and text (Markdown, in prose's normal form)."""

    path: Path
    kind: str
    text: str

    @property
    def name(self) -> str:
        """The file name, as the CHANGELOG entry records it."""
        return self.path.name

    def as_json(self) -> dict[str, str]:
        """Plain data for the manifest's history (and the CHANGELOG template)."""
        return {"kind": self.kind, "file": self.name, "text": self.text}


def read_fragments(folder: Path | None) -> list[Fragment]:
    """The fragments in `folder` (none when it is None or absent), breaking first, then by
    name; a SpecError locating every one that is misnamed, unreadable or empty."""
    if folder is None or not folder.is_dir():
        return []
    found: list[Fragment] = []
    problems: list[Diagnostic] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name in NOT_FRAGMENTS or entry.is_dir():
            continue
        path = folder / entry.name
        fragment = _fragment(path, problems)
        if fragment is not None:
            found.append(fragment)
    if problems:
        raise SpecError(problems)
    order = list(KINDS)
    return sorted(found, key=lambda f: (order.index(f.kind), f.name))


def _fragment(path: Path, problems: list[Diagnostic]) -> Fragment | None:
    where = Location(_display(path))
    stem, _, kind = path.name.removesuffix(SUFFIX).rpartition(".")
    if not path.name.endswith(SUFFIX) or not stem or kind not in KINDS:
        kinds = ", ".join(KINDS)
        message = (
            f"not a news fragment name: expected <slug>.<kind>{SUFFIX} with kind one of {kinds}"
        )
        problems.append(Diagnostic("error", message, where))
        return None
    try:
        text = tidy(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(Diagnostic("error", "not UTF-8 text; save the fragment as UTF-8", where))
        return None
    except OSError as exc:
        problems.append(Diagnostic("error", f"cannot read: {exc.strerror}", where))
        return None
    if not text:
        message = "empty news fragment: say in a few lines what changed for the package's users"
        problems.append(Diagnostic("error", message, where))
        return None
    return Fragment(path, kind, text)


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def pending(fragments: list[Fragment], previous: dict[str, Any] | None) -> list[Fragment]:
    """The fragments the last release (newest history entry of the manifest `previous`) does
    not already hold, by file name and text."""
    history = previous.get("history", []) if previous else []
    released = history[0].get("notes", []) if history else []
    done = {(note.get("file"), note.get("text")) for note in released if isinstance(note, dict)}
    return [f for f in fragments if (f.name, f.text) not in done]


def bump_of_notes(fragments: list[Fragment]) -> Bump | None:
    """The largest bump the fragments' kinds imply, or None when there are none."""
    return largest(KINDS[f.kind] for f in fragments)


def consume(fragments: list[Fragment]) -> None:
    """Delete the released fragments (one already gone is fine: it was deleted by hand)."""
    for fragment in fragments:
        try:
            fragment.path.unlink()
        except FileNotFoundError:
            pass
