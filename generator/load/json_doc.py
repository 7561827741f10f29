"""Read a JSON file into plain data; positions come from scanning, lazily, only the containers
a path passes through."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from ..diagnostics import Diagnostic, Location, SpecError
from .source import Document, Position, refuse_lone_surrogates, value_error

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class DuplicateKey(ValueError):
    """A key repeated in one JSON object (json.loads keeps the last one silently)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object")
        self.key = key


def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads`'s object_pairs_hook that raises DuplicateKey."""
    result = dict(pairs)
    if len(result) != len(pairs):  # rare: then find which key, in order
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return result


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def _line_column(starts: list[int], offset: int) -> Position:
    """1-based line and column of `offset`; `starts` from `_line_starts` (one scan per file,
    not one per position: a big catalog has hundreds of thousands of positions)."""
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


_SCANNER = json.JSONDecoder()


def _members(text: str, pos: int) -> list[tuple[str | int, int, int]]:
    """(key or index, offset of the key, offset of the value) of each member of the container at
    `pos`, in order; [] for a scalar. Members' values are skipped by the C scanner.

    The text is known to be valid JSON (json.loads read it first), so the scan can be simple.
    """
    char = text[pos]
    if char not in "{[":
        return []
    found: list[tuple[str | int, int, int]] = []
    skip = _SCANNER.scan_once  # type: ignore[attr-defined]
    decode_string = json.decoder.scanstring  # type: ignore[attr-defined]
    pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos] in "}]":
        return found
    while True:
        key_start = pos
        if char == "{":
            key, pos = decode_string(text, pos + 1)
            pos = _WHITESPACE.match(text, pos).end() + 1  # type: ignore[union-attr]
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
        else:
            key = len(found)
        found.append((key, key_start, pos))
        pos = _WHITESPACE.match(text, skip(text, pos)[1]).end()  # type: ignore[union-attr]
        if text[pos] in "}]":
            return found
        pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def _duplicate_key_offset(text: str, key: str, pos: int = 0) -> int | None:
    """Offset of the first repeat of `key` within one object, in document order."""
    pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
    seen: set[str | int] = set()
    for name, key_start, value_start in _members(text, pos):
        if name == key and name in seen and text[pos] == "{":
            return key_start
        seen.add(name)
        found = _duplicate_key_offset(text, key, value_start)
        if found is not None:
            return found
    return None


def load_json(text: str, display_path: str) -> Document:
    """Parse JSON text; raise SpecError located at a syntax problem or a repeated key."""
    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        where = Location(display_path, exc.lineno, exc.colno)
        # Some of json's messages end in "at": the location says where.
        what = exc.msg[: -len(" at")] + " here" if exc.msg.endswith(" at") else exc.msg
        raise SpecError([Diagnostic("error", f"invalid JSON: {what}", where)]) from None
    except DuplicateKey as exc:
        try:
            offset = _duplicate_key_offset(text, exc.key) or 0
        except RecursionError:
            offset = 0
        line, column = _line_column(_line_starts(text), offset)
        message = f"duplicate key {exc.key!r}: each key may appear once in an object"
        raise SpecError(
            [Diagnostic("error", message, Location(display_path, line, column))]
        ) from None
    except RecursionError:
        where = Location(display_path, 1, 1)
        raise SpecError([Diagnostic("error", "invalid JSON: nesting is too deep", where)]) from None
    except ValueError as exc:  # Python's limit on the digits of an integer
        raise SpecError([value_error(text, display_path, f"invalid JSON: {exc}")]) from None

    starts: list[int] = []

    def children(offset: int) -> dict[str | int, int]:
        found: dict[str | int, int] = {}
        for key, _, value_start in _members(text, offset):
            found.setdefault(key, value_start)
        return found

    def position(offset: int) -> Position:
        if not starts:
            starts.extend(_line_starts(text))
        return _line_column(starts, offset)

    root = _WHITESPACE.match(text).end()  # type: ignore[union-attr]
    doc = Document(display_path, data, root, children, position, len(text))
    refuse_lone_surrogates(text, doc)
    return doc
