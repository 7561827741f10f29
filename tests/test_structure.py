"""The generator's folders follow its pipeline: a module imports only from its own stage and the
stages before it, and the no-op fast path imports only the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "generator"
# In pipeline order; the top-level modules not named here (ir, diagnostics, inputs, text) are the
# foundation every stage shares, and the fast path sits below even them.
STAGES = ("load", "parse", "models", "render", "release", "output")
# Above the stages: what runs them, and the command line on top of that.
ORCHESTRATION = {"pipeline": len(STAGES), "cli": len(STAGES) + 1, "__main__": len(STAGES) + 2}


def _rank(module: str) -> int:
    """The stage rank of a module named by its dotted path under `generator`: -2 for the fast
    path, -1 for the shared foundation (ir, diagnostics, inputs, text, the package itself)."""
    head = module.split(".")[0]
    if head == "fastpath":
        return -2
    if head in STAGES:
        return STAGES.index(head)
    return ORCHESTRATION.get(head, -1)


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(GENERATOR).with_suffix("").parts
        found.append((".".join(parts), path))
    return found


def _imports(module: str, path: Path) -> list[str]:
    """Every generator module `module` imports (absolute dotted paths under generator), at any
    depth of the file (function-level imports count too)."""
    package = module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:  # `from . import a`: each name a module (or __version__)
                names.extend(f"{target}.{a.name}".strip(".") for a in node.names)
            else:
                names.append(target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            names.append(node.module.removeprefix("generator").strip("."))  # type: ignore[union-attr]
    return names


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_no_module_imports_a_later_stage(module: str, path: Path) -> None:
    own = _rank(module)
    later = [name for name in _imports(module, path) if _rank(name) > own]
    assert not later, f"{module} (stage {own}) imports later stages: {later}"


def test_fast_path_imports_only_the_standard_library() -> None:
    for module, path in _modules():
        if not module.startswith("fastpath."):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [(node.module or "").split(".")[0]]
            else:
                continue
            outside = [t for t in tops if t not in sys.stdlib_module_names]
            assert not outside, f"{module} imports {outside}: the fast path is stdlib only"
        for name in _imports(module, path):
            assert name.startswith("fastpath"), f"{module} imports generator.{name}"


def test_every_folder_is_a_stage_or_the_command_line() -> None:
    folders = {p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"fastpath", *STAGES, "cli"}


def test_every_template_filter_lives_in_one_registry() -> None:
    """The filters come from a few named registries (render/templates.filter_registries), no
    name in two of them (one flat Jinja namespace would silently keep the later one)."""
    from generator.render.templates import filter_registries, filters

    names = [name for registry in filter_registries().values() for name in registry]
    assert len(names) == len(set(names)) == len(filters())
