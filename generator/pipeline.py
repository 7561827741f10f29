"""The commands' shared work: inputs -> Spec -> rendered, formatted tree -> written or compared."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .build import Inputs, build_spec
from .diagnostics import Diagnostic
from .format import format_tree
from .manifest import PACKAGE_VERSION_KEY, digest
from .render import render
from .write import cleanup, read_tree, stage, swap_in

FIRST_VERSION = "1.0.0"
MANIFEST = "openai_webhooks/_manifest.json"


@dataclass(frozen=True)
class Outcome:
    """What a generate or check run found: warnings, and the files that differ."""

    warnings: tuple[Diagnostic, ...]
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def drift(self) -> bool:
        """True when the output directory differs from what the generator produces."""
        return bool(self.added or self.removed or self.changed)


def input_hashes(inputs: Inputs) -> dict[str, str]:
    """sha256 of each input file, keyed by file name (not path: output must not depend on cwd)."""
    return {path.name: digest(path.read_bytes()) for path in inputs.files()}


def previous_version(out: Path) -> str:
    """The package version recorded in the output's manifest, or the first version."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        version = data[PACKAGE_VERSION_KEY]
    except (OSError, ValueError, KeyError, TypeError):
        return FIRST_VERSION
    return version if isinstance(version, str) else FIRST_VERSION


def _staged(inputs: Inputs, out: Path) -> tuple[Path, tuple[Diagnostic, ...]]:
    spec = build_spec(inputs)
    files = render(spec, version=previous_version(out), inputs=input_hashes(inputs))
    warnings = tuple(d for d in spec.diagnostics if d.level == "warning")
    return stage(out, files, format_tree), warnings


def generate(inputs: Inputs, out: Path) -> Outcome:
    """Regenerate `out` from `inputs`; raises SpecError (and writes nothing) on bad input."""
    cleanup(out)
    before = read_tree(out)
    staging, warnings = _staged(inputs, out)
    outcome = _compare(before, read_tree(staging), warnings)
    if outcome.drift:
        swap_in(staging, out)
    else:
        shutil.rmtree(staging)
    return outcome


def check(inputs: Inputs, out: Path) -> Outcome:
    """Compare `out` with what `generate` would write, changing nothing."""
    staging, warnings = _staged(inputs, out)
    try:
        return _compare(read_tree(out), read_tree(staging), warnings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _compare(
    old: dict[str, bytes], new: dict[str, bytes], warnings: tuple[Diagnostic, ...]
) -> Outcome:
    return Outcome(
        warnings,
        added=tuple(sorted(new.keys() - old.keys())),
        removed=tuple(sorted(old.keys() - new.keys())),
        changed=tuple(sorted(k for k in old.keys() & new.keys() if old[k] != new[k])),
    )
