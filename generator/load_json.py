"""Read a JSON file into plain data; positions come from a second, lazy scan only when needed."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from .diagnostics import Diagnostic, Location, SpecError
from .source import Document, Path, Position, refuse_lone_surrogates

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def _line_column(starts: list[int], offset: int) -> Position:
    """1-based line and column of `offset`; `starts` from `_line_starts` (one scan per file,
    not one per position: a big catalog has hundreds of thousands of positions)."""
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def _offsets(text: str) -> dict[Path, int]:
    """Path -> character offset of each value, and offsets of repeated keys under `("#dup", key)`.

    The text is known to be valid JSON (json.loads read it first), so the scan can be simple.
    """
    found: dict[Path, int] = {}
    decode_string = json.decoder.scanstring  # type: ignore[attr-defined]

    def value(pos: int, path: Path) -> int:
        pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
        found.setdefault(path, pos)
        char = text[pos]
        if char == "{":
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return pos + 1
            while True:
                key_start = pos
                key, pos = decode_string(text, pos + 1)
                if (*path, key) in found:
                    found.setdefault(("#dup", key), key_start)
                pos = _WHITESPACE.match(text, pos).end() + 1  # type: ignore[union-attr]
                pos = _WHITESPACE.match(text, value(pos, (*path, key))).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return pos + 1
                pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if char == "[":
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = _WHITESPACE.match(text, value(pos, (*path, index))).end()  # type: ignore[union-attr]
                index += 1
                if text[pos] == "]":
                    return pos + 1
                pos += 1
        if char == '"':
            return int(decode_string(text, pos + 1)[1])
        return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]

    value(0, ())
    return found


def load_json(text: str, display_path: str) -> Document:
    """Parse JSON text; raise SpecError located at a syntax problem or a repeated key."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        where = Location(display_path, exc.lineno, exc.colno)
        raise SpecError([Diagnostic("error", f"invalid JSON: {exc.msg}", where)]) from None
    except _DuplicateKey as exc:
        try:
            offset = _offsets(text).get(("#dup", exc.key), 0)
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

    def positions() -> dict[Path, Position]:
        try:
            offsets = _offsets(text)
        except RecursionError:
            return {}
        starts = _line_starts(text)
        return {path: _line_column(starts, offset) for path, offset in offsets.items()}

    doc = Document(display_path, data, positions, len(text))
    refuse_lone_surrogates(text, doc)
    return doc
