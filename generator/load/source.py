"""A loaded input file: its plain data plus a way back from a path in it to a line and column."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, Level, Location, SpecError, pointer

Path = tuple[str | int, ...]
Position = tuple[int, int]


Handle = Any  # a loader's own reference to one value: a node, an offset


@dataclass
class Document:
    """Plain data (dicts, lists, scalars) of one input file and the positions of its values.

    Positions are found by walking down a path one container at a time, each container's
    children read once on first use: a big catalog has hundreds of thousands of values, and a
    run asks for the positions of a few thousand of them.
    """

    display_path: str
    data: Any
    _root: Handle
    # The children of a container by key or index; {} for a scalar.
    _children: Callable[[Handle], dict[str | int, Handle]]
    # 1-based (line, column) of a value.
    _position: Callable[[Handle], Position]
    # Characters of source text: bounds how much work the document may legitimately cause.
    size: int = 0
    _known: dict[Handle, dict[str | int, Handle]] = field(default_factory=dict, repr=False)

    def locate(self, path: Sequence[str | int]) -> Location:
        """Location of the value at `path`, or of its nearest located ancestor."""
        node = self._root
        for step in path:
            children = self._known.get(node)
            if children is None:
                try:
                    children = self._known[node] = self._children(node)
                except RecursionError:  # JSON members are skipped by a recursive scanner
                    break
            child = children.get(step)
            if child is None:
                break
            node = child
        line, column = self._position(node) if node is not None else (1, 1)
        return Location(self.display_path, line, column, pointer(tuple(path)))


# `\ud800` is valid JSON and YAML syntax but decodes to half a UTF-16 pair, which no UTF-8 file
# can hold: it would crash the write of the output. Only text holding such an escape is walked.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(data: Any) -> Path | None:
    """Path of the first string (or key) in `data` that holds a lone surrogate, or None."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and not _encodes(key):
                    return (*path, key)
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
        elif isinstance(value, str) and not _encodes(value):
            return path
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def refuse_lone_surrogates(text: str, doc: Document) -> None:
    """Raise a located SpecError when an escape in `text` decoded to a lone surrogate."""
    if "\\" not in text or not _SURROGATE_ESCAPE.search(text):
        return
    path = _lone_surrogate(doc.data)
    if path is not None:
        message = (
            "invalid text: a \\u escape here encodes half of a UTF-16 surrogate pair, "
            "which is not a character (write the character itself, or both halves)"
        )
        raise SpecError([Diagnostic("error", message, doc.locate(path))])


def offset_location(text: str, offset: int, display_path: str) -> Location:
    """The line and column of a character offset in `text` (for errors found by scanning it)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(display_path, line, column)


def value_error(text: str, display_path: str, otherwise: str) -> Diagnostic:
    """The error for a parser's ValueError: an integer longer than Python converts (4,300
    digits by default), located at the first run of that many digits, else `otherwise` at 1:1
    (a YAML date such as 2020-13-45)."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # Python 3.10.7+
    found = re.search(r"\d{" + str(limit + 1) + ",}", text) if limit else None
    if found is None:
        return Diagnostic("error", otherwise, Location(display_path, 1, 1))
    message = f"number too large: more than {limit:,} digits"
    return Diagnostic("error", message, offset_location(text, found.start(), display_path))


@dataclass
class Report:
    """Diagnostics collected during a run, in the order found."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, level: Level, doc: Document, path: Sequence[str | int], message: str) -> None:
        """Record a diagnostic located at `path` in `doc`."""
        self.items.append(Diagnostic(level, message, doc.locate(path)))

    def error(self, doc: Document, path: Sequence[str | int], message: str) -> None:
        """Record an error: generation will stop before writing anything."""
        self.add("error", doc, path, message)

    def warning(self, doc: Document, path: Sequence[str | int], message: str) -> None:
        """Record a warning: generation goes on."""
        self.add("warning", doc, path, message)

    @property
    def has_errors(self) -> bool:
        """True when any error was recorded."""
        return any(d.level == "error" for d in self.items)


def json_type(value: object) -> str:
    """How messages name a value's type: `null`, `a string`, `an array`, `an object`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
