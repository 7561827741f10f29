"""`_manifest.json`: input hashes, generator version and a canonical IR snapshot (no timestamps)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from . import __version__
from .diagnostics import Location
from .ir import Spec

PACKAGE_VERSION_KEY = "version"


def snapshot(value: Any) -> Any:
    """Plain, sorted-where-unordered JSON data of an IR value; locations and diagnostics left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"kind": type(value).__name__}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, Location) or f.name == "diagnostics":
                continue
            data[f.name] = snapshot(item)
        return data
    if isinstance(value, (tuple, list)):
        return [snapshot(v) for v in value]
    return value


def digest(data: bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(data).hexdigest()


def manifest_text(spec: Spec, *, version: str, inputs: dict[str, str]) -> str:
    """The manifest's JSON text. `inputs` maps input file names to their sha256."""
    data = {
        "generator": {"name": "openai-webhooks-generator", "version": __version__},
        "inputs": dict(sorted(inputs.items())),
        PACKAGE_VERSION_KEY: version,
        "ir": snapshot(spec),
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
