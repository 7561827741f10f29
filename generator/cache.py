"""The generator's cache directory: no-op stamps and datamodel-code-generator results.

Everything in it is content-addressed or verified before use, so deleting it is always safe.
Stdlib only: the no-op fast path imports this before anything heavy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from .inputs import Inputs
from .tree import read_tree

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"
MAX_MODEL_ENTRIES = 32


def cache_dir() -> Path:
    """$OPENAI_WEBHOOKS_GENERATOR_CACHE, else $XDG_CACHE_HOME or ~/.cache, /openai-webhooks-generator."""
    explicit = os.environ.get("OPENAI_WEBHOOKS_GENERATOR_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "openai-webhooks-generator"


def _tool_identity(module: str) -> str:
    """Where a dependency is installed and when it changed, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module}:missing"
    stat = os.stat(spec.origin)
    return f"{module}:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def fingerprint(inputs: Inputs) -> str:
    """Hash of everything the output depends on: inputs, templates, generator code, tools."""
    hasher = hashlib.sha256(sys.version.encode())
    for tool in ("datamodel_code_generator", "ruff", "pydantic", "jinja2"):
        hasher.update(_tool_identity(tool).encode())
    for path in inputs.files():
        hasher.update(b"input\0" + path.read_bytes() + b"\0")
    for root in (GENERATOR, TEMPLATES):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".jinja"):
                hasher.update(
                    path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                )
    return hasher.hexdigest()


def tree_digest(out: Path) -> str:
    """Hash of a generated tree's files."""
    hasher = hashlib.sha256()
    for name, data in read_tree(out).items():
        hasher.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return hasher.hexdigest()


def _stamp_path(out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:32]
    return cache_dir() / "stamps" / f"{key}.json"


def read_stamp(inputs: Inputs, out: Path) -> dict[str, Any] | None:
    """The recorded result for `out` if inputs, generator and output are all unchanged since."""
    try:
        stamp = json.loads(_stamp_path(out).read_text(encoding="utf-8"))
        if stamp["fingerprint"] == fingerprint(inputs) and stamp["tree"] == tree_digest(out):
            return dict(stamp)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def write_stamp(inputs: Inputs, out: Path, *, version: str, warnings: list[str]) -> None:
    """Record that `out` is exactly what `inputs` generate (best effort: a cache may be read-only)."""
    stamp = {
        "fingerprint": fingerprint(inputs),
        "tree": tree_digest(out),
        "version": version,
        "warnings": warnings,
    }
    _write_atomic(_stamp_path(out), json.dumps(stamp))


def cached_models(key_material: str) -> tuple[str, str | None]:
    """(cache key, cached models source or None) for a models schema and generator options."""
    key = hashlib.sha256(
        (key_material + _tool_identity("datamodel_code_generator")).encode()
    ).hexdigest()
    try:
        return key, (cache_dir() / "models" / f"{key}.py").read_text(encoding="utf-8")
    except OSError:
        return key, None


def store_models(key: str, source: str) -> None:
    """Keep a models source for the key; prune the oldest entries beyond MAX_MODEL_ENTRIES."""
    folder = cache_dir() / "models"
    _write_atomic(folder / f"{key}.py", source)
    try:
        entries = sorted(folder.glob("*.py"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_MODEL_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _write_atomic(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
