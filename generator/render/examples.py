"""Example data for the docs: event payloads, catalog bodies, builder arguments and the request
a builder produces from them.

An event's payload is the webhook spec's own example when it has a valid one (the parse stage
checked it against the event's type); otherwise, as every other example, it follows fixed rules
from the IR alone, ids taking the prefixes the spec shows where it shows one. The docs test
checks every example against the generated code: a payload must parse to its model, a catalog
body must fill every field, and the shown request must be the builder's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..ir import (
    ArrayOf,
    BodyArray,
    BodyNode,
    BodyObject,
    CatalogField,
    Event,
    MapOf,
    ObjectType,
    Operation,
    Parameter,
    Resource,
    Scalar,
    Slot,
    TypeExpr,
    data_object,
)

TIMESTAMP = 1750861210
ID_SUFFIX = "_abc123"
# "Model to use (e.g., gpt-4o, gpt-4-turbo)", "Object type, always 'thread'": a value the
# description itself gives is the best example.
_GIVEN_EXAMPLE = re.compile(r"""\(e\.g\.,?\s*([^,;)]+)|\balways\s+(['`"])(\w[^'`"]*)\2""", re.I)
_STEM = re.compile(r"[^a-z0-9_]+")


def text_example(name: str, description: str = "", id_stem: str = "") -> str:
    """An example string: `<stem>_abc123` for ids, the description's "e.g." value, or a label."""
    if name == "id" or name.endswith("_id"):
        stem = name.removesuffix("id").rstrip("_") or id_stem or "obj"
        return stem + ID_SUFFIX
    given = _GIVEN_EXAMPLE.search(description)
    if given and (given.group(1) or given.group(3)).strip():
        return (given.group(1) or given.group(3)).strip()
    return f"example {name}"


def _is_time(name: str, expr: Scalar) -> bool:
    return expr.format == "unixtime" or name.endswith("_at")


def _value(
    expr: TypeExpr,
    name: str,
    description: str,
    id_stem: str,
    path: str = "",
    prefixes: Mapping[str, str] | None = None,
) -> Any:
    """An example of `expr` for the field `name` at `path` (`data.items[].id`); an id takes
    the prefix `prefixes` gives for its path, else `id_stem`."""
    shown = (prefixes or {}).get(path)
    match expr:
        case Scalar(values=values) if values:
            return values[0]
        case Scalar(kind="string") if shown and (name == "id" or name.endswith("_id")):
            return shown + ID_SUFFIX
        case Scalar(kind="string"):
            return text_example(name, description, id_stem)
        case Scalar(kind="integer"):
            return TIMESTAMP if _is_time(name, expr) else 1
        case Scalar(kind="number"):
            return 0.5
        case Scalar(kind="boolean"):
            return True
        case Scalar():
            return "example"
        case ArrayOf(items=items):
            return [_value(items, name, description, id_stem, path + "[]", prefixes)]
        case MapOf():
            return {}
        case ObjectType(properties=properties):
            return {
                p.name: _value(
                    p.type,
                    p.name,
                    p.description,
                    id_stem if p.name == "id" else "",
                    f"{path}.{p.name}" if path else p.name,
                    prefixes,
                )
                for p in properties
            }


def envelope_example(event: Event) -> dict[str, Any]:
    """A payload of an envelope event: the spec's own example when it has a valid one, else one
    with every field, optional ones included."""
    assert event.envelope is not None
    if event.example:
        spec_example: dict[str, Any] = json.loads(event.example)
        return spec_example
    prefixes = dict(event.id_prefixes)
    # `data.id` names the linked resource, so it reads like that resource's id.
    data_stem = event.link.parameter.removesuffix("_id") if event.link else ""
    data_stem = data_stem or type_stem(event.type)
    example: dict[str, Any] = {}
    for prop in event.envelope.properties:
        stem = "evt" if prop.name == "id" else data_stem if prop.name == "data" else ""
        example[prop.name] = _value(
            prop.type, prop.name, prop.description, stem, prop.name, prefixes
        )
    return example


def type_stem(event_type: str) -> str:
    """What example ids of an event's object start with: `fine_tuning.job.x` -> `fine_tuning`."""
    return _STEM.sub("", event_type.split(".")[0].lower()) or "obj"


def record_stem(resource: Resource) -> str:
    """What example ids of a resource start with: its `read` path's last `<stem>_id` slot."""
    read = next((op for op in resource.operations if op.name == "read"), None)
    slots = [s.parameter for s in read.path_segments if isinstance(s, Slot)] if read else []
    if slots and slots[-1].endswith("_id"):
        return slots[-1].removesuffix("_id")
    return "obj"


def _field_value(field: CatalogField, stem: str) -> Any:
    if field.kind == "str_or_number":
        value: Any = 0.5  # what widened fields exist for: the API sends a number
    elif field.kind == "int":
        value = TIMESTAMP if field.name.endswith("_at") else 1
    elif field.kind == "bool":
        value = True
    elif field.kind == "dict":
        value = {"example": field.name}
    else:
        value = text_example(field.name, field.description, stem)
    return [value] if field.multivalue else value


def body_example(fields: Sequence[CatalogField], stem: str = "obj") -> Any:
    """A raw JSON body holding a value at every field's selector (ids start with `stem`).

    A field whose selector contradicts an earlier one (a key where an index was, or a value
    inside another field's value) is left out; the docs test then reports the gap. A field with
    an empty selector is the body itself, so it needs nothing here.
    """
    root: Any = None
    for field in fields:
        if field.selector:
            root = _place(root, field.selector, _field_value(field, stem))
    return {} if root is None else root


_CONFLICT: Any = object()


def _place(node: Any, selector: Sequence[str], value: Any) -> Any:
    """`node` with `value` set at `selector` (containers made as needed); on a conflict the
    node is returned unchanged."""
    step, rest = selector[0], selector[1:]
    if step.isascii() and step.isdigit():
        if node is None:
            node = []
        if not isinstance(node, list):
            return node
        index = int(step)
        node.extend([None] * (index + 1 - len(node)))
        placed = _place(node[index], rest, value) if rest else _leaf(node[index], value)
        if placed is not _CONFLICT:
            node[index] = placed
        return node
    if node is None:
        node = {}
    if not isinstance(node, dict):
        return node
    placed = _place(node.get(step), rest, value) if rest else _leaf(node.get(step), value)
    if placed is not _CONFLICT:
        node[step] = placed
    return node


def _leaf(current: Any, value: Any) -> Any:
    return value if current is None else _CONFLICT


def argument_example(param: Parameter) -> Any:
    """The value a docs call passes for a parameter."""
    if param.options:
        return param.options[0]
    if param.kind == "int":
        return 1
    if param.kind == "bool":
        return True
    if param.kind == "json":
        return ["example"]  # a raw JSON slot takes any JSON value; an array shows it is not text
    return text_example(param.name, "" if param.where == "path" else param.description)


def call_arguments(operation: Operation) -> list[tuple[Parameter, Any]]:
    """The parameters a docs call passes (the required ones) with their example values."""
    return [(p, argument_example(p)) for p in operation.parameters if p.required]


@dataclass(frozen=True)
class ExampleRequest:
    """What a builder returns for the docs call, in the form the docs show it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: str | None

    def text(self) -> str:
        """As an HTTP request: request line, content type when there is a body, the body."""
        line = f"{self.method} {self.path}"
        if self.query:
            line += "?" + urlencode(self.query)
        if self.body is None:
            return line
        return f"{line}\ncontent-type: application/json\n\n{self.body}"


def request_example(operation: Operation) -> ExampleRequest:
    """The request `build_<operation>` makes from `call_arguments(operation)`.

    This mirrors the generated builder (path escaping, query defaults, body filling and
    encoding); the docs test compares it with the builder's real output.
    """
    given = {p.name: value for p, value in call_arguments(operation)}
    path = "".join(
        quote(str(given[s.parameter]), safe="") if isinstance(s, Slot) else s
        for s in operation.path_segments
    )
    query: list[tuple[str, str]] = []
    for param in operation.parameters:
        if param.where != "query":
            continue
        value = given.get(param.name, param.default)
        if value is not None:
            query.append((param.name, _query_text(value)))
    body = None
    if operation.body is not None:
        values = {p.name: v for p, v in call_arguments(operation) if p.where == "body"}
        filled = _fill(operation.body, values)
        body = json.dumps(filled, ensure_ascii=False, separators=(",", ":"))
    return ExampleRequest(operation.method, path, tuple(query), body)


def request_text(operation: Operation) -> str:
    """The docs call's request as the docs show it (see `ExampleRequest.text`)."""
    return request_example(operation).text()


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_ABSENT: Any = object()


def _fill(node: BodyNode, values: dict[str, Any]) -> Any:
    match node:
        case Slot(parameter=parameter):
            return values.get(parameter, _ABSENT)
        case BodyObject(members=members):
            filled = ((k, _fill(v, values)) for k, v in members)
            return {k: v for k, v in filled if v is not _ABSENT}
        case BodyArray(items=items):
            return [v for v in (_fill(i, values) for i in items) if v is not _ABSENT]
        case _:
            return node


def data_attribute(event: Event) -> str:
    """The attribute a handler stub prints: `event.data.id` when there is one, else `event.id`."""
    data = data_object(event.envelope)
    if data is not None and any(p.name == p.py_name == "id" for p in data.properties):
        return "event.data.id"
    return "event.id"
