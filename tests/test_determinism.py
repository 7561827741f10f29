"""Byte-identical output across hash seeds, locales, relative/absolute paths and map orderings."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.fastpath.tree import read_tree
from tests.golden_refresh import ROOT, copy_generated

MANIFEST = "openai_webhooks/_manifest.json"


def _shuffled(mapping: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    items = list(mapping.items())
    rng.shuffle(items)
    return dict(items)


def _run(args: list[str], cwd: Path, seed: str, locale: str, cache: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONHASHSEED": seed,
        "LC_ALL": locale,
        "LANG": locale,
        "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(cache),
    }
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr


def _comparable(tree: dict[str, bytes]) -> dict[str, Any]:
    """The tree with the manifest's input hashes left out (shuffled inputs differ in bytes only)."""
    result: dict[str, Any] = dict(tree)
    manifest = json.loads(tree[MANIFEST])
    del manifest["inputs"]
    result[MANIFEST] = manifest
    return result


def test_output_is_identical_across_seeds_locales_paths_and_orderings(tmp_path: Path) -> None:
    # Both runs regenerate over a copy of the committed tree, so they start from its manifest
    # (version, history) and must reproduce it exactly.
    for name in ("a", "b"):
        copy_generated(tmp_path / name)
    # Run A: relative paths from the project root, hash seed 0, the C locale.
    _run(["--out", str(tmp_path / "a")], ROOT, "0", "C", tmp_path / "cache-a")
    # Run B: absolute paths from elsewhere, seed 1, a UTF-8 locale, unordered maps shuffled.
    rng = random.Random(7)
    spec = yaml.safe_load((ROOT / "specs" / "openai-webhooks.yaml").read_text())
    spec["webhooks"] = _shuffled(spec["webhooks"], rng)
    spec["components"]["schemas"] = _shuffled(spec["components"]["schemas"], rng)
    specs = tmp_path / "elsewhere" / "specs"
    specs.mkdir(parents=True)
    (specs / "openai-webhooks.yaml").write_text(
        yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
    )
    # In the catalog, resources, fields and placeholders are arrays (ordered); operations and
    # queryParams are JSON objects, whose key order carries no meaning.
    catalog = json.loads((ROOT / "specs" / "resource-catalog.json").read_text())
    for resource in catalog:
        resource["operations"] = _shuffled(resource["operations"], rng)
        for operation in resource["operations"].values():
            if "queryParams" in operation:
                operation["queryParams"] = _shuffled(operation["queryParams"], rng)
    original = json.loads((ROOT / "specs" / "resource-catalog.json").read_text())
    assert [list(r["operations"]) for r in catalog] != [list(r["operations"]) for r in original]
    (specs / "resource-catalog.json").write_text(json.dumps(catalog, indent=2))
    args = [
        "--webhooks",
        str(specs / "openai-webhooks.yaml"),
        "--catalog",
        str(specs / "resource-catalog.json"),
        "--out",
        str(tmp_path / "b"),
    ]
    _run(args, tmp_path, "1", "C.UTF-8", tmp_path / "cache-b")
    a, b = read_tree(tmp_path / "a"), read_tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert _comparable(a) == _comparable(b)
    assert _comparable(a) == _comparable(read_tree(ROOT / "generated"))
