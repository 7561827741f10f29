"""`_manifest.json`: input and template hashes, generator version, the package version, its
release history and a canonical IR snapshot (the previous version, for the next diff)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__, jsontext
from .diagnostics import Location
from .ir import Spec

MANIFEST_PATH = "openai_webhooks/_manifest.json"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclasses.dataclass(frozen=True)
class Release:
    """The version being written and the history the CHANGELOG shows (newest first)."""

    version: str
    history: tuple[dict[str, Any], ...]
    inputs: dict[str, str] = dataclasses.field(default_factory=dict)


def snapshot(value: Any) -> Any:
    """Plain JSON data of an IR value (see `node_items`)."""
    pairs = node_items(value)
    if pairs is not None:
        return {key: snapshot(item) for key, item in pairs}
    if isinstance(value, (tuple, list)):
        return [snapshot(v) for v in value]
    return value


def node_items(value: Any) -> list[tuple[str, Any]] | None:
    """The (key, value) pairs of an IR node's snapshot, None for anything else: `node` names its
    class; locations and diagnostics are left out."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return None
    pairs = [(name, getattr(value, name)) for name in _field_names(type(value))]
    return [("node", type(value).__name__), *(p for p in pairs if not isinstance(p[1], Location))]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow enough to matter when called for every node of a big spec.
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "diagnostics")


def digest(data: bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(data).hexdigest()


def templates_digest() -> str:
    """One hash over every template's path and bytes."""
    hasher = hashlib.sha256()
    for path in sorted(TEMPLATES.rglob("*.jinja")):
        hasher.update(
            path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return hasher.hexdigest()


def manifest_text(spec: Spec, release: Release) -> str:
    """The manifest's JSON text (sorted keys, no timestamps)."""
    data = {
        "generator": {"name": "openai-webhooks-generator", "version": __version__},
        "inputs": dict(sorted(release.inputs.items())),
        "templates": templates_digest(),
        "version": release.version,
        "history": list(release.history),
        "ir": spec,  # written as its snapshot, through node_items
    }
    return jsontext.dumps(data, indent=1, items=node_items) + "\n"


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of a generated tree, or None when absent or unreadable."""
    try:
        data = json.loads((out / MANIFEST_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("version"), str) or "ir" not in data:
        return None
    return data
