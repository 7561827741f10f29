"""The example payload a webhook spec gives for an event, checked against the event's type, and
the id prefixes the spec shows (`resp_...`, `rtc_...`) for the examples the docs invent.

OpenAI's documents carry an example per event as JSON text (`x-oaiMeta.example`); OpenAPI and
JSON Schema also have `example` and `examples`. A valid one is what the docs show (the docs test
then parses it with the model, as every example); one that is not JSON or does not fit the
event's type is reported, located, and the docs show an invented example instead. Upstream's own
examples are not all valid JSON (a trailing comma), so ids are still read from one that parses
once trailing commas are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..ir import ArrayOf, MapOf, Nullable, ObjectType, Scalar, TypeExpr, without_null
from ..load.source import Document, Path, Report, json_type

# Where an event schema may hold its example, in the order tried, and whether the value there is
# JSON text (OpenAI's x-oaiMeta) rather than the JSON value itself.
_PLACES: tuple[tuple[Path, bool], ...] = (
    (("x-oaiMeta", "example"), True),
    (("example",), False),
    (("examples", 0), False),
)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
# An id value's prefix: `resp_abc123` -> `resp`.
_ID_VALUE = re.compile(r"^([a-z][a-z0-9]*)_[A-Za-z0-9]")
# In an id field's description: "starts with `resp_`", or an example id such as `resp_abc123`
# (with a digit, so `in_progress`-like words are not taken for ids).
_PREFIX_NAMED = re.compile(r"`([a-z][a-z0-9]*)_`")
_ID_SHOWN = re.compile(r"`([a-z][a-z0-9]*)_(?=[A-Za-z0-9]*\d)[A-Za-z0-9]+`")

IdPrefixes = tuple[tuple[str, str], ...]


def is_id(name: str) -> bool:
    """Whether a field holds an id, as the docs' examples treat it: `id` or `<thing>_id`."""
    return name == "id" or name.endswith("_id")


def read_example(
    doc: Document, report: Report, schema: Mapping[str, Any], path: Path, envelope: ObjectType
) -> tuple[str, IdPrefixes]:
    """The event's example as compact JSON text ("" when it has no valid one; problems go to
    `report` as warnings) and the id prefixes its example and descriptions show, by field path
    (`data.id`)."""
    found = _find(schema, path)
    prefixes: dict[str, str] = {}
    example = ""
    if found is not None:
        value, where, is_text = found
        parsed = _parsed(doc, report, value, where, is_text)
        if parsed is not None:
            _example_prefixes(parsed, "", prefixes)
            problem = mismatch(parsed, envelope)
            if problem is None:
                example = json.dumps(parsed, ensure_ascii=False)
            else:
                report.warning(
                    doc,
                    where,
                    f"example does not fit the event's schema: {problem}; the docs show an"
                    " invented example instead",
                )
        elif is_text and isinstance(value, str):
            lenient = _lenient(value)
            if lenient is not None:
                _example_prefixes(lenient, "", prefixes)
    _description_prefixes(envelope, "", prefixes)
    return example, tuple(sorted(prefixes.items()))


def _find(schema: Mapping[str, Any], path: Path) -> tuple[Any, Path, bool] | None:
    for place, is_text in _PLACES:
        node: Any = schema
        for step in place:
            if isinstance(step, str) and isinstance(node, Mapping) and step in node:
                node = node[step]
            elif isinstance(step, int) and isinstance(node, list) and len(node) > step:
                node = node[step]
            else:
                break
        else:
            return node, (*path, *place), is_text
    return None


def _parsed(doc: Document, report: Report, value: Any, where: Path, is_text: bool) -> Any:
    """The example's JSON value, or None (reported) when it is not JSON."""
    if not is_text:
        return value
    if not isinstance(value, str):
        report.warning(
            doc, where, f"example must be JSON text, got {json_type(value)}; it is not used"
        )
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        report.warning(
            doc,
            where,
            f"example is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno} of"
            " the example); the docs show an invented example instead",
        )
    except (ValueError, RecursionError):  # a number over Python's digit limit, deep nesting
        report.warning(doc, where, "example cannot be read as JSON; it is not used")
    return None


def _lenient(text: str) -> Any:
    """`text` read as JSON once trailing commas are dropped, for its ids alone; None if still
    not JSON."""
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text))
    except (ValueError, RecursionError):
        return None


def _example_prefixes(value: Any, prefix: str, found: dict[str, str]) -> None:
    """The prefixes of the id values in an example, by field path (`[]` for array items)."""
    if isinstance(value, list):
        for item in value:
            _example_prefixes(item, prefix + "[]", found)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if is_id(str(key)) and isinstance(item, str) and (shown := _ID_VALUE.match(item)):
            found.setdefault(path, shown.group(1))
        _example_prefixes(item, path, found)


def _description_prefixes(obj: ObjectType, prefix: str, found: dict[str, str]) -> None:
    """Prefixes an id field's own description shows, where no example showed one."""
    for prop in obj.properties:
        path = f"{prefix}.{prop.name}" if prefix else prop.name
        if is_id(prop.name) and path not in found:
            shown = _PREFIX_NAMED.search(prop.description) or _ID_SHOWN.search(prop.description)
            if shown:
                found[path] = shown.group(1)
        inner = without_null(prop.type)
        while isinstance(inner, ArrayOf):
            inner, path = without_null(inner.items), path + "[]"
        if isinstance(inner, ObjectType):
            _description_prefixes(inner, path, found)


def mismatch(value: Any, expr: TypeExpr, where: str = "") -> str | None:
    """Why `value` would not parse as `expr` (the model's field types, extra keys allowed), or
    None when it fits. Stricter than pydantic's lax mode (no "12" for an int): an example shows
    what the API sends."""
    shown = where or "the payload"
    if value is None:
        return None if isinstance(expr, Nullable) or _is_any(expr) else f"{shown} is null"
    match without_null(expr):
        case ObjectType(properties=properties):
            if not isinstance(value, dict):
                return f"{shown} is {json_type(value)}, not an object"
            for prop in properties:
                path = f"{where}.{prop.name}" if where else prop.name
                if prop.name not in value:
                    if prop.required:
                        return f"{path} is missing"
                    continue
                if value[prop.name] is None and not prop.required:
                    continue  # an optional field's default
                problem = mismatch(value[prop.name], prop.type, path)
                if problem:
                    return problem
            return None
        case ArrayOf(items=items):
            if not isinstance(value, list):
                return f"{shown} is {json_type(value)}, not an array"
            for index, item in enumerate(value):
                problem = mismatch(item, items, f"{where}[{index}]")
                if problem:
                    return problem
            return None
        case MapOf():
            if isinstance(value, dict):
                return None
            return f"{shown} is {json_type(value)}, not an object"
        case Scalar() as scalar:
            return _scalar_mismatch(value, scalar, shown)


def _is_any(expr: TypeExpr) -> bool:
    return isinstance(expr, Scalar) and expr.kind == "any"


def _scalar_mismatch(value: Any, expr: Scalar, shown: str) -> str | None:
    fits = {
        "any": True,
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
    }[expr.kind]
    if not fits:
        return f"{shown} is {json_type(value)}, not {expr.kind}"
    if expr.values and not any(_same(value, allowed) for allowed in expr.values):
        listed = ", ".join(json.dumps(v) for v in expr.values)
        return f"{shown} is {json.dumps(value)}, not one of {listed}"
    return None


def _same(value: Any, allowed: Any) -> bool:
    """JSON equality: `true` is not `1`."""
    return type(value) is type(allowed) and value == allowed
