"""Read a YAML file into plain data, keeping the position of every value and refusing duplicate keys."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location, SpecError
from .source import Document, Path, Position, refuse_lone_surrogates

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that records duplicate mapping keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _positions(root: yaml.Node | None) -> dict[Path, Position]:
    """Path -> (line, column) of every node, each shared (aliased) node visited once."""
    found: dict[Path, Position] = {}
    seen: set[int] = set()
    stack: list[tuple[Path, yaml.Node]] = [((), root)] if root is not None else []
    while stack:
        path, node = stack.pop()
        found.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                stack.append(((*path, key), value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, i), item) for i, item in enumerate(node.value))
    return found


# libyaml's composer recurses in C and crashes the process somewhere past 25,000 levels, before
# Python's recursion limit can stop it; specs never nest more than a few dozen levels.
MAX_NESTING = 1000
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile("^ {" + str(MAX_NESTING) + "}", re.MULTILINE)


def _check_nesting(text: str, display_path: str) -> None:
    """Refuse flow or block nesting deeper than MAX_NESTING (counted conservatively)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_NESTING:
            _refuse_nesting(text, match.start(), display_path)
    deep = _DEEP_INDENT.search(text)
    if deep:
        _refuse_nesting(text, deep.end(), display_path)


def _refuse_nesting(text: str, offset: int, display_path: str) -> None:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    message = f"invalid YAML: nesting deeper than {MAX_NESTING} levels"
    raise SpecError([Diagnostic("error", message, Location(display_path, line, column))])


def load_yaml(text: str, display_path: str) -> Document:
    """Parse YAML text; raise SpecError located at the first syntax problem or duplicate key."""
    _check_nesting(text, display_path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(
            [Diagnostic("error", f"invalid YAML: {problem}", Location(display_path, line, column))]
        ) from None
    except yaml.YAMLError as exc:
        message = f"invalid YAML: {str(exc).splitlines()[0]}"
        raise SpecError([Diagnostic("error", message, Location(display_path, 1, 1))]) from None
    except RecursionError:
        message = "invalid YAML: nesting is too deep"
        raise SpecError([Diagnostic("error", message, Location(display_path, 1, 1))]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise SpecError(
            Diagnostic(
                "error",
                f"duplicate key {key!r}: each key may appear once in a mapping",
                Location(display_path, mark.line + 1, mark.column + 1),
            )
            for key, mark in loader.duplicates
        )
    doc = Document(display_path, data, lambda: _positions(root), len(text))
    refuse_lone_surrogates(text, doc)
    return doc
