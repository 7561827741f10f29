"""The intermediate model: what the generator knows, independent of input formats and of Jinja.

Every class is a frozen, keyword-only dataclass (built as `Scalar(kind="string")`, updated with
`dataclasses.replace`); collections are tuples, so an IR value can be hashed, compared and
snapshotted. Names for generated code are decided once, in parse/naming.py, and stored here.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Literal

from .diagnostics import Diagnostic, Location

Primitive = Literal["string", "integer", "number", "boolean", "any"]
# "str_or_number": a String field the catalog's own text says holds a number (see parse/catalog.py).
FieldKind = Literal["str", "int", "bool", "dict", "body", "str_or_number"]
ParameterKind = Literal["str", "int", "bool", "json"]


@dataclass(frozen=True, kw_only=True)
class Scalar:
    """A JSON scalar, optionally restricted to a set of values (enum / const)."""

    kind: Primitive
    format: str | None = None
    values: tuple[str | int | float | bool, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ArrayOf:
    """A JSON array whose items all have one type."""

    items: TypeExpr


@dataclass(frozen=True, kw_only=True)
class MapOf:
    """A JSON object used as a free-form map (no declared properties)."""

    values: TypeExpr | None = None


@dataclass(frozen=True, kw_only=True)
class Property:
    """One field of an object: wire name, Python name, type, requiredness, description."""

    name: str
    py_name: str
    type: TypeExpr
    required: bool
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class ObjectType:
    """A JSON object with declared properties; rendered as one Pydantic model."""

    class_name: str
    properties: tuple[Property, ...]
    description: str = ""


TypeExpr = Scalar | ArrayOf | MapOf | ObjectType


class Nullable:
    """Marks a type whose value may also be JSON null: `type: [T, "null"]`, `anyOf`/`oneOf` of
    a schema and `{type: "null"}`, an enum listing null, OpenAPI 3.0's `nullable: true`.

    Each type has a nullable subclass rather than a flag or a wrapper: code that reads a type as
    its non-null shape (examples) keeps working, and the snapshot of a spec without null keeps
    its bytes (a new field would appear in every node of every manifest).
    """


@dataclass(frozen=True, kw_only=True)
class NullableScalar(Scalar, Nullable):
    """A Scalar that may also be null."""


@dataclass(frozen=True, kw_only=True)
class NullableArrayOf(ArrayOf, Nullable):
    """An ArrayOf that may also be null."""


@dataclass(frozen=True, kw_only=True)
class NullableMapOf(MapOf, Nullable):
    """A MapOf that may also be null."""


@dataclass(frozen=True, kw_only=True)
class NullableObjectType(ObjectType, Nullable):
    """An ObjectType that may also be null (its model is the ObjectType's, by class name)."""


_NULLABLE: dict[type, type] = {
    Scalar: NullableScalar,
    ArrayOf: NullableArrayOf,
    MapOf: NullableMapOf,
    ObjectType: NullableObjectType,
}
_NON_NULL = {nullable: plain for plain, nullable in _NULLABLE.items()}


def _as(cls: type, expr: TypeExpr) -> TypeExpr:
    made: TypeExpr = cls(**{f.name: getattr(expr, f.name) for f in fields(expr)})
    return made


def or_null(expr: TypeExpr) -> TypeExpr:
    """`expr`, also accepting null (Any accepts it already)."""
    if isinstance(expr, Nullable) or (isinstance(expr, Scalar) and expr.kind == "any"):
        return expr
    return _as(_NULLABLE[type(expr)], expr)


def without_null(expr: TypeExpr) -> TypeExpr:
    """`expr` without null: the shape a non-null value has."""
    return _as(_NON_NULL[type(expr)], expr) if isinstance(expr, Nullable) else expr


def data_object(envelope: ObjectType | None) -> ObjectType | None:
    """An envelope's `data` when it is an object that is never null, so that `event.data.<x>`
    reads without a None check (the docs' handlers, the resource link); else None."""
    found = next((p for p in envelope.properties if p.name == "data"), None) if envelope else None
    if found is None or not isinstance(found.type, ObjectType) or isinstance(found.type, Nullable):
        return None
    return found.type


@dataclass(frozen=True, kw_only=True)
class ResourceLink:
    """How to fetch the resource an envelope event's `data.id` names."""

    resource: str
    operation: str
    parameter: str


@dataclass(frozen=True, kw_only=True)
class Event:
    """A webhook event type, from the webhook spec (envelope) and/or the catalog (route)."""

    type: str
    class_name: str
    handler_name: str
    description: str
    envelope: ObjectType | None
    catalog_webhook: CatalogWebhookRef | None = None
    link: ResourceLink | None = None
    # The webhook spec's own example payload, checked against `envelope` (compact JSON text;
    # "" when it has none that is valid), and the id prefixes the spec shows, by field path
    # (`data.id` -> `resp`), for the examples the docs invent.
    example: str = ""
    id_prefixes: tuple[tuple[str, str], ...] = ()
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True, kw_only=True)
class CatalogWebhookRef:
    """Where an event's catalog webhook lives: resource handle and route path."""

    resource: str
    path: str
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True, kw_only=True)
class CatalogField:
    """A flattened field extracted from a raw body by its selector path."""

    name: str
    py_name: str
    kind: FieldKind
    declared_type: str
    selector: tuple[str, ...]
    description: str = ""
    multivalue: bool = False
    # What the catalog's own text says against `declared_type` (shown in docs); "" if nothing.
    type_note: str = ""


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A request-builder parameter, from a path, query or body placeholder."""

    name: str
    py_name: str
    kind: ParameterKind
    declared_type: str
    where: Literal["path", "query", "body"]
    required: bool
    description: str = ""
    options: tuple[str, ...] = ()
    default: str | None = None


@dataclass(frozen=True, kw_only=True)
class Slot:
    """A placeholder inside a body template, filled at run time from a parameter."""

    parameter: str
    quoted: bool


@dataclass(frozen=True, kw_only=True)
class BodyObject:
    """A JSON object in a body template: ordered (key, value) members."""

    members: tuple[tuple[str, BodyNode], ...]


@dataclass(frozen=True, kw_only=True)
class BodyArray:
    """A JSON array in a body template."""

    items: tuple[BodyNode, ...]


BodyNode = BodyObject | BodyArray | Slot | str | int | float | bool | None


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One request the catalog describes: method, path template, parameters, body template."""

    name: str
    function_name: str
    method: str
    path_segments: tuple[str | Slot, ...]
    parameters: tuple[Parameter, ...]
    body: BodyObject | BodyArray | None


@dataclass(frozen=True, kw_only=True)
class CatalogWebhook:
    """A catalog webhook: its event type, route and flattened payload."""

    event: str
    path: str
    class_name: str
    handler_name: str
    fields: tuple[CatalogField, ...]


@dataclass(frozen=True, kw_only=True)
class Resource:
    """A catalog resource: a module of the generated `catalog` package."""

    handle: str
    module_name: str
    title: str
    description: str
    fields: tuple[CatalogField, ...]
    operations: tuple[Operation, ...]
    webhooks: tuple[CatalogWebhook, ...]


@dataclass(frozen=True, kw_only=True)
class Spec:
    """Everything the renderer needs: events keyed by type, resources, and what merging found."""

    title: str
    spec_version: str
    events: tuple[Event, ...]
    resources: tuple[Resource, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=(), compare=False)

    @cached_property
    def _by_handle(self) -> dict[str, Resource]:
        # Looked up for every linked event on several pages: a scan would make rendering
        # quadratic at scale. (cached_property writes the instance dict, which frozen allows.)
        return {r.handle: r for r in self.resources}

    def resource(self, handle: str) -> Resource:
        """The resource with this handle."""
        return self._by_handle[handle]

    @property
    def envelope_events(self) -> tuple[Event, ...]:
        """The events that have an envelope model (the webhook spec's), in type order; none when
        the package is generated without a webhook spec."""
        return tuple(event for event in self.events if event.envelope is not None)

    @property
    def newer_type_example(self) -> str:
        """An event type the docs can show as newer than the package: not one of its types, and
        not one typo away from one (registering it must not warn), in the family of its first
        envelope event (`batch.paused` for `batch.cancelled`). Derived, so a spec update that
        adds the shown type moves the example on instead of making it wrong."""
        known = [event.type for event in self.events]
        first = next((event.type for event in self.envelope_events), known[0] if known else "")
        family = first.rpartition(".")[0] or "batch"
        candidates = itertools.chain(
            (f"{family}.{verb}" for verb in NEWER_VERBS),
            (f"{family}.newer{n}" for n in itertools.count(2)),
        )
        return next(c for c in candidates if c not in known and not _typo_of_known(c, known))

    @property
    def newer_type_function(self) -> str:
        """A Python name for the docs' function handling `newer_type_example`."""
        return "on_" + re.sub(r"\W", "_", self.newer_type_example)

    @property
    def newer_type_words(self) -> str:
        """`newer_type_example` as words, for the docs' function to print."""
        return self.newer_type_example.replace(".", " ")

    def catalog_webhook(self, event: Event) -> tuple[Resource, CatalogWebhook] | None:
        """The catalog webhook of an event and its resource, when the catalog has one."""
        if event.catalog_webhook is None:
            return None
        resource = self.resource(event.catalog_webhook.resource)
        hook = next(h for h in resource.webhooks if h.event == event.type)
        return resource, hook


# Verbs for `Spec.newer_type_example`, in order of preference.
NEWER_VERBS = ("paused", "resumed", "archived", "restarted", "updated")
# As the generated package's `_TYPO_CUTOFF` (handlers.py.jinja; a test compares them): a name at
# least this close to a known type warns when registered.
TYPO_CUTOFF = 0.85


def _typo_of_known(name: str, known: list[str]) -> bool:
    return bool(difflib.get_close_matches(name, known, n=1, cutoff=TYPO_CUTOFF))


_SCALAR_NAMES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "Any",
}


def type_display(expr: TypeExpr) -> str:
    """How docs show an envelope type: `str`, `Literal['event']`, `list[SipHeader]`, `str | None`."""
    match expr:
        case Nullable():  # first: each nullable type is also its plain type
            return type_display(without_null(expr)) + " | None"
        case Scalar(values=values) if values:
            return "Literal[" + ", ".join(repr(v) for v in values) + "]"
        case Scalar(kind=kind):
            return _SCALAR_NAMES[kind]
        case ArrayOf(items=items):
            return f"list[{type_display(items)}]"
        case MapOf():
            return "dict[str, Any]"
        case ObjectType(class_name=class_name):
            return class_name
