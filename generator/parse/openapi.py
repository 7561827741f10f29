"""Read the `webhooks` of an OpenAPI 3.1 document into IR events.

Only `webhooks` and the schemas reachable from it are read, so a full upstream OpenAPI document
(thousands of paths) costs no more than the slice it holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from ..diagnostics import pointer
from ..ir import (
    ArrayOf,
    MapOf,
    Nullable,
    ObjectType,
    Primitive,
    Property,
    Scalar,
    TypeExpr,
    or_null,
    type_display,
    without_null,
)
from ..load.source import Document, Path, Report, json_type
from ..text import tidy
from . import naming
from .reader import Reader
from .spec_examples import IdPrefixes, read_example

_SCALARS: dict[str, Primitive] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}
_ENVELOPE_REQUIRED = ("id", "created_at", "data", "type")
_COMBINATIONS = ("allOf", "anyOf", "oneOf")
# Keywords that give a schema a type of its own, which a combination next to them only narrows.
_OWN_TYPE = ("type", "properties", "enum", "const")


@dataclass(frozen=True)
class WebhookEvent:
    """An event as the webhook spec declares it, before merging with the catalog."""

    type: str
    description: str
    envelope: ObjectType
    path: Path
    # The spec's own example (compact JSON text; "" when it has no valid one) and the id
    # prefixes it or the descriptions show (see spec_examples).
    example: str = ""
    id_prefixes: IdPrefixes = ()


MIN_BUDGET = 20_000
CHARS_PER_NODE = 16
# Schemas nested deeper are refused: each level takes a few stack frames here and in the
# passes after (examples, docs, the library), and real specs nest a handful of levels.
MAX_SCHEMA_DEPTH = 64


@dataclass
class _Reader(Reader):
    """The webhook spec's reader: the shared checks plus `$ref`s, schemas and their types."""

    MAPPING: ClassVar[str] = "a mapping"
    resolving: list[str] = field(default_factory=list)
    limit: int = 0
    budget: int = 0
    depth: int = 0
    # Nested class name -> the path of the schema that took it, in the event being read:
    # names are built from property names, so two spellings (`foo_bar`, `fooBar`) can meet in
    # one. (Across events they start with the event's own class name, which merge checks.)
    classes: dict[str, Path] = field(default_factory=dict)
    # True while reading members that are dropped (typed Any): read for their errors alone.
    checking_only: bool = False

    def __post_init__(self) -> None:
        # Shared schemas are expanded where used, so YAML aliases or repeated $refs could grow
        # the work exponentially. A document may expand to one schema node per 16 characters of
        # its text (or 20,000, if more); past that it is refused. Written-out schemas stay far
        # below (the real spec: one node per 238 characters; the 10x synthetic one: 178).
        self.limit = self.budget = max(MIN_BUDGET, self.doc.size // CHARS_PER_NODE)

    def at(self, path: Path) -> Any:
        node: Any = self.doc.data
        for part in path:
            node = node[part]
        return node

    def resolve(self, node: Any, path: Path) -> tuple[Any, Path] | None:
        """Follow local `$ref`s from `node`; report and give None when one dangles or loops."""
        seen: list[str] = []
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                self.error((*path, "$ref"), f"only local $ref '#/...' is supported, got {ref!r}")
                return None
            if ref in seen:
                self.error((*path, "$ref"), f"$ref cycle: {' -> '.join([*seen, ref])}")
                return None
            seen.append(ref)
            parts: Path = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))
            try:
                node = self.at(parts)
            except (KeyError, IndexError, TypeError):
                self.error((*path, "$ref"), f"$ref {ref!r} points at nothing in this document")
                return None
            path = parts
        return node, path

    def text(self, schema: Mapping[str, Any], path: Path, key: str = "description") -> str:
        """Prose at `key`, in its normal form (`text.tidy`)."""
        value = schema.get(key, "")
        if isinstance(value, str):
            return tidy(value)
        self.error((*path, key), f"'{key}' must be a string")
        return ""

    def type_of(self, node: Any, path: Path, class_name: str) -> TypeExpr:
        """IR type of a schema; `class_name` names it if it is an object with properties."""
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                message = (
                    f"schemas expand to over {self.limit:,} nodes"
                    " (aliases or $refs used many times over); refusing"
                )
                self.error(path, message)
            return Scalar(kind="any")
        if self.depth >= MAX_SCHEMA_DEPTH:
            self.error(path, f"schemas nest deeper than {MAX_SCHEMA_DEPTH} levels; refusing")
            return Scalar(kind="any")
        self.depth += 1
        try:
            return self._resolved_type(node, path, class_name)
        finally:
            self.depth -= 1

    def _resolved_type(self, node: Any, path: Path, class_name: str) -> TypeExpr:
        resolved = self.resolve(node, path)
        if resolved is None:
            return Scalar(kind="any")
        schema_node, path = resolved
        schema = self.mapping(schema_node, path, "a schema")
        if schema is None:
            return Scalar(kind="any")
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if isinstance(ref, str):
            if ref in self.resolving:
                self.error(path, f"recursive schema {ref!r} is not supported in webhook events")
                return Scalar(kind="any")
            self.resolving.append(ref)
            try:
                return self._type_of(schema, path, class_name)
            finally:
                self.resolving.pop()
        return self._type_of(schema, path, class_name)

    def _type_of(self, schema: Mapping[str, Any], path: Path, class_name: str) -> TypeExpr:
        type_ = self._combined_or_own(schema, path, class_name)
        nullable = schema.get("nullable", False)  # OpenAPI 3.0's spelling of "or null"
        if not isinstance(nullable, bool):
            self.error((*path, "nullable"), "'nullable' must be true or false")
            nullable = False
        return or_null(type_) if nullable else type_

    def _combined_or_own(self, schema: Mapping[str, Any], path: Path, class_name: str) -> TypeExpr:
        keys = [key for key in _COMBINATIONS if key in schema]
        if not keys:
            return self._own_type(schema, path, class_name)
        for key in keys:
            if not isinstance(schema[key], list) or not schema[key]:
                self.error((*path, key), f"'{key}' must be a non-empty list of schemas")
                return Scalar(kind="any")
        members = [((*path, key, i), m) for key in keys for i, m in enumerate(schema[key])]
        if any(key in schema for key in _OWN_TYPE):
            # Every value the schema allows also matches its own keywords, so typing by those
            # alone never refuses one; the members are still read for their errors.
            self._check_only(members, class_name)
            self.warning(
                (*path, keys[0]),
                f"'{keys[0]}' next to the schema's own type is not checked:"
                " the value is typed by the schema's own keywords alone",
            )
            return self._own_type(schema, path, class_name)
        if len(keys) > 1:
            self._check_only(members, class_name)
            self.warning(
                (*path, keys[1]),
                f"this value is typed as Any: {' and '.join(keys)} in one schema are not supported",
            )
            return Scalar(kind="any")
        return self._combined(keys[0], schema[keys[0]], path, class_name)

    def _combined(self, key: str, listed: list[Any], path: Path, class_name: str) -> TypeExpr:
        """One member (optionally with null, for anyOf/oneOf) is that member; more are Any."""
        others: list[tuple[Path, Any]] = []
        null = broken = False
        for index, member in enumerate(listed):
            member_path: Path = (*path, key, index)
            resolved = self.resolve(member, member_path)
            if resolved is None:
                broken = True  # reported; reading it again would report it twice
            elif key != "allOf" and _only_null(resolved[0]):
                null = True
            else:
                others.append((member_path, member))
        if len(others) == 1 and not broken:
            member_path, member = others[0]
            type_ = self.type_of(member, member_path, class_name)
            return or_null(type_) if null else type_
        self._check_only(others, class_name)
        if broken:
            return Scalar(kind="any")
        if others:
            merge = " (their merge is not computed)" if key == "allOf" else ""
            message = (
                f"this value is typed as Any: {key} of several schemas is not supported{merge};"
                " only one schema, alone or with {type: 'null'}, is"
            )
        else:
            message = "this value can only be null; it is typed as Any"
        self.warning((*path, key), message)
        return Scalar(kind="any")

    def _check_only(self, members: list[tuple[Path, Any]], class_name: str) -> None:
        """Read schemas for their errors alone: their types are dropped, so are the class
        names they would take."""
        taken, checking = dict(self.classes), self.checking_only
        self.checking_only = True
        try:
            for member_path, member in members:
                self.type_of(member, member_path, class_name)
        finally:
            self.classes, self.checking_only = taken, checking

    def _own_type(self, schema: Mapping[str, Any], path: Path, class_name: str) -> TypeExpr:
        values = self._values(schema, path)
        null = _lists_null(schema)
        kind = schema.get("type")
        if isinstance(kind, list):
            # YAML reads an unquoted `[string, null]` as a list holding None: the same "null".
            kind = ["null" if k is None else k for k in kind]
        if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
            null = null or "null" in kind
            kinds = [k for k in kind if k != "null"]
            if len(kinds) > 1:
                self.warning(
                    (*path, "type"),
                    f"this value is typed as Any: a 'type' list of several types"
                    f" ({', '.join(kinds)}) is not supported; only one type, alone or with"
                    " 'null', is",
                )
                return Scalar(kind="any")
            kind = kinds[0] if kinds else None
        if kind == "null":
            kind, null = None, True
        if kind is None and "properties" in schema:
            kind = "object"
        if kind is None and values:
            kind = _kind_of_value(values[0])
        if kind is None and null:
            self.warning(path, "this value can only be null; it is typed as Any")
            return Scalar(kind="any")
        type_ = self._shaped(kind, values, schema, path, class_name)
        return or_null(type_) if null else type_

    def _shaped(
        self,
        kind: Any,
        values: tuple[Any, ...],
        schema: Mapping[str, Any],
        path: Path,
        class_name: str,
    ) -> TypeExpr:
        if kind is not None and not isinstance(kind, str):
            self.error((*path, "type"), "'type' must be a type name or a list of type names")
            return Scalar(kind="any")
        if kind in _SCALARS:
            fmt = schema.get("format")
            return Scalar(
                kind=_SCALARS[kind], format=fmt if isinstance(fmt, str) else None, values=values
            )
        if kind == "array":
            items = schema.get("items", {})
            return ArrayOf(items=self.type_of(items, (*path, "items"), _singular(class_name)))
        if kind == "object":
            properties = schema.get("properties")
            if properties is None:
                return MapOf()
            self._claim_class(class_name, path)
            return self.object_type(schema, path, class_name)
        if kind is not None:
            self.error((*path, "type"), f"unknown schema type {kind!r}")
        return Scalar(kind="any")

    def _values(self, schema: Mapping[str, Any], path: Path) -> tuple[Any, ...]:
        if "const" in schema:
            value = schema["const"]
            if not _is_json_scalar(value):
                self.error(
                    (*path, "const"),
                    f"'const' must be a string, a finite number, a boolean or null, got {_shown(value)}"
                    " (quote a date or other YAML value to make it a string)",
                )
                return ()
            return () if value is None else (value,)  # null is read as "nullable"
        enum = schema.get("enum")
        if enum is None:
            return ()
        if not isinstance(enum, list) or not enum:
            self.error((*path, "enum"), "'enum' must be a non-empty list")
            return ()
        listed = [v for v in enum if v is not None]  # null is read as "nullable"
        scalars = tuple(v for v in listed if _is_json_scalar(v))
        if len(scalars) != len(listed):
            self.warning((*path, "enum"), "non-scalar enum values are ignored")
        return scalars

    def object_type(self, schema: Mapping[str, Any], path: Path, class_name: str) -> ObjectType:
        properties = (
            self.mapping(schema.get("properties", {}), (*path, "properties"), "'properties'") or {}
        )
        required = schema.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            self.error((*path, "required"), "'required' must be a list of property names")
            required = []
        for name in required:
            if name not in properties:
                self.warning((*path, "required"), f"required property {name!r} is not declared")
        props: list[Property] = []
        taken: dict[str, str] = {}
        for name, prop in properties.items():
            prop_path = (*path, "properties", name)
            if not isinstance(name, str):
                self.error(
                    prop_path,
                    f"property name {name!r} is not a string: YAML reads unquoted true/false,"
                    " yes/no, on/off, null and numbers as such; quote it",
                )
                continue
            py_name = naming.field_name(name)
            if py_name in taken:
                self.error(
                    prop_path,
                    f"property {name!r} and {taken[py_name]!r} both become Python name {py_name!r}; rename one",
                )
                continue
            taken[py_name] = name
            type_ = self.type_of(prop, prop_path, class_name + naming.pascal(name))
            description = self.text(prop, prop_path) if isinstance(prop, Mapping) else ""
            props.append(
                Property(
                    name=name,
                    py_name=py_name,
                    type=type_,
                    required=name in required,
                    description=description,
                )
            )
        return ObjectType(
            class_name=class_name, properties=tuple(props), description=self.text(schema, path)
        )

    def _claim_class(self, class_name: str, path: Path) -> None:
        """Report a class name that a schema elsewhere already has (not for a dropped member,
        whose classes are never made)."""
        if self.checking_only:
            return
        first = self.classes.setdefault(class_name, path)
        if first != path:
            self.error(
                path,
                f"this schema and the one at {pointer(first)} would both be class {class_name!r}"
                " (class names are built from property names); rename one of the properties",
            )


def _only_null(schema: Any) -> bool:
    """Whether a (resolved) schema allows null alone: `{type: "null"}`, `enum: [null]`..."""
    if not isinstance(schema, Mapping):
        return False
    kind = schema.get("type")
    return (
        kind == "null"
        or kind == ["null"]
        or schema.get("enum") == [None]
        or ("const" in schema and schema["const"] is None)
    )


def _lists_null(schema: Mapping[str, Any]) -> bool:
    """Whether an enum or const lists null among the values."""
    enum = schema.get("enum")
    return ("const" in schema and schema["const"] is None) or (
        isinstance(enum, list) and None in enum
    )


def _is_json_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def _shown(value: Any) -> str:
    return json_type(value) if isinstance(value, (dict, list)) else f"{value!r:.40}"


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _singular(class_name: str) -> str:
    if class_name.endswith("s") and not class_name.endswith("ss"):
        return class_name[:-1]
    return class_name + "Item"


def read_webhook_events(doc: Document, report: Report) -> list[WebhookEvent]:
    """Every event of `doc`'s `webhooks` map, in spec order; problems go to `report`."""
    reader = _Reader(doc, report)
    root = reader.mapping(doc.data, (), "the OpenAPI document")
    if root is None:
        return []
    _check_version(reader, root)
    if "webhooks" not in root:
        reader.error((), "no 'webhooks' map: the document must list events under 'webhooks'")
        return []
    webhooks = reader.mapping(root["webhooks"], ("webhooks",), "'webhooks'") or {}
    events: list[WebhookEvent] = []
    seen: dict[str, str] = {}
    for key, entry in webhooks.items():
        path: Path = ("webhooks", key)
        event = _read_event(reader, entry, path)
        if event is None:
            continue
        if event.type in seen:
            reader.error(
                path,
                f"event type {event.type!r} is declared twice (also by webhook {seen[event.type]!r})",
            )
            continue
        seen[event.type] = key
        events.append(event)
    return events


def _check_version(reader: _Reader, root: Mapping[str, Any]) -> None:
    """Warn when the document does not say it is OpenAPI 3.x (3.0 and 3.1 are both read: 3.1's
    type lists and 3.0's `nullable` alike)."""
    if "openapi" not in root:
        reader.warning((), "no 'openapi' version; read as OpenAPI 3.1")
        return
    version = root["openapi"]
    # str(): YAML reads an unquoted `openapi: 3.1` as a number.
    if isinstance(version, bool) or not str(version).startswith("3."):
        reader.warning(
            ("openapi",),
            f"openapi version {_shown(version)} is not 3.x; read as OpenAPI 3.1",
        )


def _read_event(reader: _Reader, entry: Any, path: Path) -> WebhookEvent | None:
    resolved = _event_schema(reader, entry, path)
    if resolved is None:
        return None
    schema_node, body_path = resolved
    schema = reader.mapping(schema_node, body_path, "the event schema")
    if schema is None:
        return None
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        reader.error(body_path, "event schema needs a 'properties' mapping")
        return None
    type_schema = reader.resolve(properties.get("type"), (*body_path, "properties", "type"))
    values = (
        reader._values(type_schema[0], type_schema[1])
        if type_schema and isinstance(type_schema[0], Mapping)
        else ()
    )
    if len(values) != 1 or not isinstance(values[0], str) or not values[0]:
        reader.error(
            (*body_path, "properties", "type"),
            "event schema needs 'type' with a one-value enum or a const naming the event type",
        )
        return None
    event_type = values[0]
    for name in _ENVELOPE_REQUIRED:
        if name not in properties:
            reader.warning(
                (*body_path, "properties"), f"event {event_type!r} has no {name!r} property"
            )
    reader.classes.clear()
    envelope = reader.object_type(schema, body_path, naming.event_class_name(event_type))
    envelope = _non_null_type(reader, envelope, (*body_path, "properties", "type"))
    envelope = _with_object_field(reader, envelope, (*body_path, "properties"), event_type)
    example, prefixes = read_example(reader.doc, reader.report, schema, body_path, envelope)
    return WebhookEvent(event_type, envelope.description, envelope, path, example, prefixes)


def _event_schema(reader: _Reader, entry: Any, path: Path) -> tuple[Any, Path] | None:
    """The schema a webhook entry posts (post.requestBody.content.application/json.schema,
    `$ref`s followed at every step) and where it is; None, reported, when it has none."""
    operation = reader.mapping(entry, path, "a webhook entry")
    if operation is None:
        return None
    if "post" not in operation:
        reader.error(path, "webhook entry has no 'post' operation")
        return None
    schema_path: Path = (*path, "post")
    node: Any = operation["post"]
    for key in ("requestBody", "content", "application/json", "schema"):
        resolved = reader.resolve(node, schema_path)
        if resolved is None:
            return None
        node, schema_path = resolved
        if not isinstance(node, Mapping) or key not in node:
            reader.error(
                schema_path,
                f"missing '{key}' (expected post.requestBody.content.application/json.schema)",
            )
            return None
        node, schema_path = node[key], (*schema_path, key)
    return _sole_member(reader, node, schema_path)


def _sole_member(reader: _Reader, node: Any, path: Path) -> tuple[Any, Path] | None:
    """The event schema `node` resolves to, through `allOf` of one schema (how a `$ref` gets a
    description of its own), as nested schemas are read (see `_Reader._combined`)."""
    resolved = reader.resolve(node, path)
    seen: set[Path] = set()
    while resolved is not None:
        schema, at = resolved
        if not isinstance(schema, Mapping) or "properties" in schema:
            return resolved
        combined = schema.get("allOf")
        if not isinstance(combined, list) or len(combined) != 1:
            return resolved
        if at in seen:
            reader.error(at, "the event schema's allOf refers back to itself")
            return None
        seen.add(at)
        resolved = reader.resolve(combined[0], (*at, "allOf", 0))
    return None


def _non_null_type(reader: _Reader, envelope: ObjectType, path: Path) -> ObjectType:
    """`envelope` with its `type` not nullable: it is the union's discriminator, which pydantic
    requires to be a plain Literal (a nullable one makes the package fail to import)."""
    found = next((p for p in envelope.properties if p.name == "type"), None)
    if found is None or not isinstance(found.type, Nullable):
        return envelope
    reader.warning(path, "'type' names the event, so it cannot be null; null is ignored here")
    fixed = replace(found, type=without_null(found.type))
    return replace(
        envelope, properties=tuple(fixed if p is found else p for p in envelope.properties)
    )


# Every event model of the generated package has `object`, an optional Literal["event"] (its
# documented contract; docs/ARCHITECTURE.md, "`object`"); upstream schemas mostly declare it,
# some leave it out.
_EVENT_OBJECT = Property(
    name="object",
    py_name="object",
    type=Scalar(kind="string", values=("event",)),
    required=False,
    description="Always `event`.",
)


def _with_object_field(
    reader: _Reader, envelope: ObjectType, properties_path: Path, event_type: str
) -> ObjectType:
    """`envelope` with the contract's `object` field when its schema does not declare one."""
    declared = next((p for p in envelope.properties if p.name == "object"), None)
    if declared is not None:
        if without_null(declared.type) != _EVENT_OBJECT.type:
            reader.warning(
                (*properties_path, "object"),
                f"event {event_type!r} declares 'object' as {type_display(declared.type)}, not"
                " the Literal['event'] event models have by contract; kept as declared",
            )
        return envelope
    taken = next((p for p in envelope.properties if p.py_name == "object"), None)
    if taken is not None:
        reader.warning(
            (*properties_path, taken.name),
            f"property {taken.name!r} takes the Python name 'object', so event {event_type!r}"
            " has no 'object' field as the contract promises; rename the property",
        )
        return envelope
    return replace(envelope, properties=(*envelope.properties, _EVENT_OBJECT))
