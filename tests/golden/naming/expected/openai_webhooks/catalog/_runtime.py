"""What every catalog module shares: selector extraction and safe request building.

Request bodies are JSON trees built as data and encoded with `json.dumps`; path values are
URL-escaped. No parameter value is ever spliced into JSON or a path as text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias
from urllib.parse import quote

JSONValue: TypeAlias = "None | bool | int | float | str | list[JSONValue] | dict[str, JSONValue]"

_MISSING: Any = object()


@dataclass(frozen=True)
class PreparedRequest:
    """A request ready to send: method, path (relative to the API base URL), query, JSON body."""

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    @property
    def headers(self) -> dict[str, str]:
        """Content type header when there is a body."""
        return {"content-type": "application/json"} if self.body is not None else {}


def select(raw: Any, selector: Sequence[str]) -> Any:
    """The value at `selector` in `raw` (dict keys, list indexes as digits), or None if absent."""
    node = raw
    for step in selector:
        if isinstance(node, Mapping):
            node = node.get(step, _MISSING)
        elif isinstance(node, list) and step.isdigit():
            index = int(step)
            node = node[index] if index < len(node) else _MISSING
        else:
            return None
        if node is _MISSING:
            return None
    return node


def _matches(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "dict":
        return isinstance(value, dict)
    return isinstance(value, (bytes, str))


def coerce(value: Any, kind: str, multivalue: bool = False) -> Any:
    """`value` if it has the declared JSON type (each item, for multivalue fields), else None."""
    if value is None:
        return None
    if multivalue:
        if not isinstance(value, list):
            return None
        return [v if _matches(v, kind) else None for v in value]
    return value if _matches(value, kind) else None


def extract(raw: Any, fields: Sequence[tuple[str, Sequence[str], str, bool]]) -> dict[str, Any]:
    """Attribute values for a Record/Payload: (name, selector, kind, multivalue) per field."""
    if isinstance(raw, (bytes, bytearray, str)) and any(selector for _, selector, _, _ in fields):
        try:
            decoded: Any = json.loads(raw)
        except (ValueError, RecursionError):
            decoded = None
    else:
        decoded = raw
    result: dict[str, Any] = {}
    for name, selector, kind, multivalue in fields:
        value = select(decoded, selector) if selector else raw
        result[name] = coerce(value, kind, multivalue)
    return result


def path_value(name: str, value: Any) -> str:
    """One URL-escaped path segment; `/`, `..` and the like cannot escape it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return quote(value, safe="")


def check(name: str, value: Any, kind: str, options: Sequence[str] = ()) -> Any:
    """Check a parameter's run-time type (and options); return the value unchanged."""
    if kind == "str" and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if kind == "bool" and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    if options and value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def query_value(value: Any) -> str:
    """Query values as text: booleans as true/false, the rest as str()."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode(body: Any) -> bytes:
    """JSON bytes of a body tree (compact; non-ASCII kept as UTF-8)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


@dataclass(frozen=True)
class Slot:
    """A placeholder in a body tree, filled from the builder's parameters."""

    name: str


def fill(node: Any, values: Mapping[str, Any]) -> Any:
    """A copy of a body tree with slots filled; members whose value was not given are left out."""
    if isinstance(node, Slot):
        return values.get(node.name, _MISSING)
    if isinstance(node, dict):
        filled = {key: fill(value, values) for key, value in node.items()}
        return {key: value for key, value in filled.items() if value is not _MISSING}
    if isinstance(node, list):
        items = [fill(value, values) for value in node]
        return [value for value in items if value is not _MISSING]
    return node
