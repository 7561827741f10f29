"""What every catalog module shares: selector extraction and safe request building.

Request bodies are JSON trees built as data and encoded with `json.dumps`; path values are
URL-escaped. No parameter value is ever spliced into JSON or a path as text.

Reading (`Record.from_raw`, `<Event>Payload.from_raw`) never raises. A field keeps a value only
when its JSON type is one the field accepts; any other value at the field's selector gives None
and is kept, untouched, in `mismatches(model)`. Values are never converted (a number never
becomes a string, nor the reverse).

Building (`build_<operation>`) raises `TypeError` for a value of the wrong type and `ValueError`
for a value of the right type that cannot be sent (not one of the options, an empty, `.` or
`..` path value, a lone surrogate, a float that is not finite, an int with more digits than
Python converts to text); either names the parameter.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias
from urllib.parse import quote

from pydantic import BaseModel
from pydantic_core import from_json

JSONValue: TypeAlias = "None | bool | int | float | str | list[JSONValue] | dict[str, JSONValue]"
"""Any JSON value: what a request builder's raw JSON parameters take."""

_MISSING: Any = object()


@dataclass(frozen=True)
class PreparedRequest:
    """A request ready to send: method, path (relative to the API base URL), query, JSON body.

    Attributes:
        method: The HTTP method, such as ``GET`` or ``POST``.
        path: The path relative to the API's base URL (``/threads/thread_1/messages``), each
            path value URL-escaped.
        query: The query parameters to send, as text; empty when there are none.
        body: The JSON body as bytes, or None for a request without a body.
    """

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None

    @property
    def headers(self) -> dict[str, str]:
        """Content type header when there is a body."""
        return {"content-type": "application/json"} if self.body is not None else {}


def select(raw: Any, selector: Sequence[str]) -> Any:
    """The value at `selector` in `raw` (object keys; array indexes as ASCII digits).

    A missing key, an index past the end, or a step into anything but an object or an array
    gives None.
    """
    node = raw
    for step in selector:
        if isinstance(node, Mapping):
            node = node.get(step, _MISSING)
        elif isinstance(node, (list, tuple)) and step.isascii() and step.isdigit():
            index = int(step)
            node = node[index] if index < len(node) else _MISSING
        else:
            return None
        if node is _MISSING:
            return None
    return node


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _matches(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "str_or_number":
        return isinstance(value, str) or _is_number(value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "dict":
        return isinstance(value, dict)
    return isinstance(value, (bytes, str))


def coerce(value: Any, kind: str, multivalue: bool = False) -> tuple[Any, bool]:
    """`(value, True)` when `value` is absent (None) or has an accepted JSON type, else
    `(None, False)`. A multivalue field accepts an array whose items all match."""
    if value is None:
        return None, True
    if isinstance(value, (bytearray, memoryview)) and kind == "body":
        return bytes(value), True
    if multivalue:
        if isinstance(value, (list, tuple)) and all(_matches(v, kind) for v in value):
            return list(value), True
        return None, False
    if _matches(value, kind):
        return value, True
    return None, False


def extract(
    raw: Any, fields: Sequence[tuple[str, Sequence[str], str, bool]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Attribute values for a Record/Payload and the values that did not fit their field.

    `fields` holds (name, selector, kind, multivalue) per field. A `bytes`/`str` body is decoded
    as JSON first, unless every selector is empty (the field is then the body as received); a
    body that is not JSON gives None for every selected field.
    """
    if isinstance(raw, (bytes, bytearray, memoryview, str)) and any(
        selector for _, selector, _, _ in fields
    ):
        try:
            # pydantic-core's parser, as for events: UTF-8 only (json.loads would guess UTF-16
            # or UTF-32 from bytes), no lone surrogates, nesting bounded, no NaN (not JSON).
            decoded: Any = from_json(
                bytes(raw) if isinstance(raw, memoryview) else raw, allow_inf_nan=False
            )
        except (ValueError, TypeError, RecursionError):
            decoded = None
    else:
        decoded = raw
    values: dict[str, Any] = {}
    mismatched: dict[str, Any] = {}
    for name, selector, kind, multivalue in fields:
        found = select(decoded, selector) if selector else raw
        value, ok = coerce(found, kind, multivalue)
        values[name] = value
        if not ok:
            mismatched[name] = found
    return values, mismatched


def mismatches(model: BaseModel) -> dict[str, Any]:
    """The values `from_raw` found at a field's selector but could not keep, by field name.

    A field is None either because its path is missing (not listed here) or because the value
    there has a JSON type the field does not accept (listed here, exactly as found).

    Args:
        model: A `Record` or payload model made by its ``from_raw``.
    """
    private = model.__pydantic_private__ or {}
    return dict(private.get("_mismatches", {}))


def _text(name: str, value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} must be valid Unicode text (it holds a lone surrogate)") from None
    return value


def path_value(name: str, value: Any) -> str:
    """One URL-escaped path segment; `/`, `?`, `#`, `%` and the like cannot escape it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    value = str.__str__(value)  # a subclass's own __str__ or encode() must not change the text
    if value in ("", ".", ".."):
        raise ValueError(f"{name} must not be empty, '.' or '..'; got {value!r}")
    return quote(_text(name, value), safe="")


_MAX_DEPTH = 200


def _json(name: str, value: Any, depth: int = 0) -> Any:
    """`value` checked to be JSON data: what `json.dumps` would encode without changing it."""
    if depth > _MAX_DEPTH:
        raise ValueError(f"{name} is nested too deeply to send (over {_MAX_DEPTH} levels)")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        try:
            int.__repr__(value)  # as json.dumps and the query text will convert it
        except ValueError:  # over sys.get_int_max_str_digits(); Python's text names no one
            raise ValueError(
                f"{name} holds an int too long to send (over {sys.get_int_max_str_digits()} digits)"
            ) from None
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} holds {value!r}, which JSON cannot represent")
        return value
    if isinstance(value, str):
        return _text(name, value)
    if isinstance(value, (list, tuple)):
        items: list[Any] = []
        for item in value:
            items.append(_json(name, item, depth + 1))
        return items
    if isinstance(value, Mapping):
        members: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{name} has a {type(key).__name__} key; JSON keys are str")
            members[_text(name, key)] = _json(name, item, depth + 1)
        return members
    raise TypeError(f"{name} must be JSON data, not {type(value).__name__}")


def check(name: str, value: Any, kind: str, options: Sequence[str] = ()) -> Any:
    """Check a parameter's run-time type (and options); return the value to send."""
    if kind == "str" and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if kind == "bool" and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    if options and value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return _json(name, value)


def query_value(value: Any) -> str:
    """Query values as text: booleans as true/false, numbers as digits, text as itself. The
    base types' own conversions, so a subclass (an Enum member with a str or int mixin, one
    overriding __str__) sends the value that passed the type check, not its __str__."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
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
