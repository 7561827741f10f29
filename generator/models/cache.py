"""The cache of datamodel-code-generator results (the no-op stamps are in `fastpath/stamp.py`).

Everything in the cache directory is content-addressed or verified before use, so deleting it
is always safe.
"""

from __future__ import annotations

import hashlib
import os

from ..fastpath.stamp import cache_dir, tool_identity, write_atomic

MAX_MODEL_ENTRIES = 32


def cached_models(key_material: str) -> tuple[str, str | None]:
    """(cache key, cached models source or None) for a models schema and generator options."""
    key = hashlib.sha256(
        (key_material + tool_identity("datamodel_code_generator")).encode()
    ).hexdigest()
    try:
        with open(os.path.join(cache_dir(), "models", f"{key}.py"), encoding="utf-8") as file:
            return key, file.read()
    except OSError:
        return key, None


def store_models(key: str, source: str) -> None:
    """Keep a models source for the key; prune the oldest entries beyond MAX_MODEL_ENTRIES."""
    folder = os.path.join(cache_dir(), "models")
    write_atomic(os.path.join(folder, f"{key}.py"), source)
    try:
        entries = sorted(
            (entry for entry in os.scandir(folder) if entry.name.endswith(".py")),
            key=lambda entry: entry.stat().st_mtime,
        )
        for old in entries[:-MAX_MODEL_ENTRIES]:
            os.unlink(old.path)
    except OSError:
        pass
