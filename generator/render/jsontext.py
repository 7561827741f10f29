"""Indented JSON text, byte for byte what `json.dumps(value, indent=n, sort_keys=True,
ensure_ascii=False)` writes (or with sort_keys=False), several times faster.

With `indent` set, the standard library encodes in pure Python, one generator frame per level;
for the manifest of a big spec (tens of MB) that was seconds. This writes the same text with one
recursive function. Other objects are written as JSON objects when `items` gives their (key,
value) pairs: the manifest passes `manifest.node_items`, so the IR snapshot is never built as
dicts first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from json.encoder import encode_basestring  # the C implementation when available
from typing import Any

Items = Callable[[Any], "list[tuple[str, Any]] | None"]


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def dumps(value: Any, indent: int = 1, sort_keys: bool = True, items: Items | None = None) -> str:
    """`value` as indented JSON, keys sorted unless `sort_keys` is False (see the module
    docstring; the same text as json.dumps with those arguments and ensure_ascii=False). An
    object JSON has no form for is written as the pairs `items` gives (None: refused)."""
    unit = " " * indent
    parts: list[str] = []
    add = parts.append
    encode = encode_basestring

    def emit(value: Any, pad: str) -> None:
        kind = type(value)
        if kind is str:
            add(encode(value))
        elif kind is tuple or kind is list:
            if not value:
                add("[]")
                return
            inner = pad + unit
            separator = "," + inner
            add("[")
            for index, item in enumerate(value):
                if type(item) is str:  # most values: no call for them
                    add((separator if index else inner) + encode(item))
                    continue
                add(separator if index else inner)
                emit(item, inner)
            add(pad + "]")
        elif value is None:
            add("null")
        elif kind is bool:
            add("true" if value else "false")
        elif isinstance(value, dict):
            members(sorted(value.items()) if sort_keys else list(value.items()), pad)
        elif isinstance(value, int):
            add(int.__repr__(value))
        elif isinstance(value, float):
            add(_float(value))
        elif isinstance(value, (list, tuple)):
            emit(list(value), pad)
        elif isinstance(value, str):
            add(encode(value))
        elif items is not None and (pairs := items(value)) is not None:
            members(sorted(pairs) if sort_keys else pairs, pad)
        else:
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")

    def members(pairs: list[tuple[Any, Any]], pad: str) -> None:
        inner = pad + unit
        separator = "," + inner
        first = True
        for key, item in pairs:
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            opening = ("{" + inner if first else separator) + encode(key) + ": "
            first = False
            if type(item) is str:
                add(opening + encode(item))
            elif item is None:
                add(opening + "null")
            else:
                add(opening)
                emit(item, inner)
        add("{}" if first else pad + "}")

    emit(value, "\n")
    return "".join(parts)
