"""Read a YAML file into plain data, keeping the position of every value and refusing duplicate keys."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Location, SpecError
from .source import (
    Document,
    Position,
    offset_location,
    refuse_lone_surrogates,
    value_error,
)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that records duplicate mapping keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, yaml.Mark]] = []
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # libyaml calls back here for every node; a spec repeats the same keys and values
        # thousands of times, and the implicit resolvers are a list of regular expressions.
        # (The safe loader has no path resolvers, which this shortcut would skip.)
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        if not implicit[0]:
            return _STR  # quoted: always a string
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
        return tag

    def note_duplicates(self, node: yaml.Node) -> None:
        """Record each scalar key that repeats one before it in `node`."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.note_duplicates(node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BUILDING = object()


class _Unusual(Exception):
    """A node the plain constructor leaves to PyYAML's (merge keys, explicit tags, a cycle)."""


def _construct(loader: _Loader, root: yaml.Node) -> Any:
    """The document's data, as `loader.construct_document(root)` makes it, about three times
    faster: plain maps, lists and strings are built directly, other scalars by PyYAML's own
    constructors; anything else raises _Unusual and the caller takes PyYAML's path. Shared
    (aliased) nodes become shared objects, as PyYAML makes them."""
    made: dict[int, Any] = {}
    construct_scalar = loader.construct_object

    def build(node: yaml.Node) -> Any:
        value = made.get(id(node), made)
        if value is not made:
            if value is _BUILDING:
                raise _Unusual
            return value
        kind = type(node)
        if kind is yaml.ScalarNode:
            value = node.value if node.tag == _STR else construct_scalar(node)
        elif kind is yaml.MappingNode and node.tag == _MAP:
            made[id(node)] = _BUILDING
            loader.note_duplicates(node)
            value = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag not in (_STR, _INT):
                    raise _Unusual  # merge keys, complex keys: PyYAML's rules
                value[build(key_node)] = build(value_node)
        elif kind is yaml.SequenceNode and node.tag == _SEQ:
            made[id(node)] = _BUILDING
            value = [build(item) for item in node.value]
        else:
            raise _Unusual
        made[id(node)] = value
        return value

    return build(root)


def _children(node: yaml.Node) -> dict[str | int, yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        found: dict[str | int, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            found.setdefault(key, value_node)
        return found
    if isinstance(node, yaml.SequenceNode):
        return dict(enumerate(node.value))
    return {}


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


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
    message = f"invalid YAML: nesting deeper than {MAX_NESTING} levels"
    raise SpecError([Diagnostic("error", message, offset_location(text, offset, display_path))])


def load_yaml(text: str, display_path: str) -> Document:
    """Parse YAML text; raise SpecError located at the first syntax problem or duplicate key."""
    _check_nesting(text, display_path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = None
        if root is not None:
            try:
                data = _construct(loader, root)
            except _Unusual:
                loader.duplicates.clear()
                data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(
            [Diagnostic("error", f"invalid YAML: {problem}", Location(display_path, line, column))]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, at an offset
        # libyaml counts the offset in UTF-8 bytes, PyYAML's Python reader in characters.
        offset = exc.position
        if _BaseLoader is not yaml.SafeLoader:
            offset = len(text.encode()[: max(offset, 0)].decode(errors="ignore"))
        where = offset_location(text, min(max(offset, 0), len(text)), display_path)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        message = f"invalid YAML: U+{char:04X}: {exc.reason}"
        raise SpecError([Diagnostic("error", message, where)]) from None
    except yaml.YAMLError as exc:
        message = f"invalid YAML: {str(exc).splitlines()[0]}"
        raise SpecError([Diagnostic("error", message, Location(display_path, 1, 1))]) from None
    except RecursionError:
        message = "invalid YAML: nesting is too deep"
        raise SpecError([Diagnostic("error", message, Location(display_path, 1, 1))]) from None
    except ValueError as exc:  # an integer over Python's digit limit; a date like 2020-13-45
        raise SpecError([value_error(text, display_path, f"invalid YAML: {exc}")]) from None
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
    doc = Document(display_path, data, root, _children, _position, len(text))
    refuse_lone_surrogates(text, doc)
    return doc
