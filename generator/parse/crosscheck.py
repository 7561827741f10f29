"""Cross-check the resource catalog against an OpenAPI document of the API it describes.

Every mismatch is a warning located in the catalog file: an operation whose method or path the
document does not have, a path placeholder named otherwise, a query parameter or body key the
operation does not take, an option outside the document's enum, a field selector that does not
resolve in the resource's response schema or whose declared type the schema contradicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..ir import BodyArray, BodyNode, BodyObject, CatalogField, Operation, Parameter, Resource, Slot
from ..load.source import Document, Path
from .api_document import ApiDocument, ApiOperation, Body, is_json, placeholder_names
from .api_schema import Schema, describe_types, nearest
from .placeholders import PLACEHOLDER

_JSON_TYPE = {"String": "string", "Integer": "integer", "Boolean": "boolean", "Object": "object"}
# What the summary line counts, in its order.
CHECKED = (
    "operations",
    "path placeholders",
    "query parameters",
    "body keys",
    "options",
    "field selectors",
    "payload selectors",
)


@dataclass
class CrossCheck:
    """What the cross-check found (warnings, in catalog order) and how much it compared."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """One line: what was compared and how many mismatches were found."""
        parts = ", ".join(f"{self.checked[kind]} {kind}" for kind in CHECKED)
        count = len(self.diagnostics)
        return f"{parts} checked; {count} mismatch{'es' if count != 1 else ''}"


@dataclass(frozen=True)
class _Candidate:
    """A response schema a selector may be resolved in, and how messages name it."""

    label: str
    schema: Schema
    operation: str


def crosscheck(resources: Sequence[Resource], catalog: Document, api: ApiDocument) -> CrossCheck:
    """Compare every resource of the catalog with the operations and schemas of `api`."""
    checker = _Checker(catalog, api)
    raw = catalog.data if isinstance(catalog.data, list) else []
    for resource in resources:
        index = _index(raw, "handle", resource.handle)
        if index is not None:
            checker.resource(resource, (index,), raw[index])
    checker.result.diagnostics.sort(key=lambda d: d.location)  # in file order
    return checker.result


def _index(items: Any, key: str, value: str) -> int | None:
    """Index of the first object of `items` whose `key` is `value`."""
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, Mapping) and item.get(key) == value:
            return index
    return None


def _at(node: Any, *keys: str | int) -> Any:
    """The raw value at `keys` below `node`, or None."""
    for key in keys:
        if isinstance(node, Mapping) and isinstance(key, str):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


def _display(segments: Sequence[str | Slot]) -> str:
    """A catalog path as the document writes paths: `/threads/{thread_id}/runs`."""
    return "".join(s if isinstance(s, str) else "{" + s.parameter + "}" for s in segments)


class _Checker:
    def __init__(self, catalog: Document, api: ApiDocument) -> None:
        self.catalog = catalog
        self.api = api
        self.walker = api.schemas
        self.result = CrossCheck()
        self._said: set[tuple[str, str]] = set()

    def warn(self, path: Path, message: str) -> None:
        location = self.catalog.locate(path)
        if (location.pointer, message) not in self._said:  # endpoint placeholders are shared
            self._said.add((location.pointer, message))
            self.result.diagnostics.append(Diagnostic("warning", message, location))

    def resource(self, resource: Resource, path: Path, raw: Any) -> None:
        found: dict[str, ApiOperation] = {}
        for operation in resource.operations:
            upstream = self.operation(operation, (*path, "operations", operation.name), raw)
            if upstream is not None:
                found[operation.name] = upstream
        responses = self.responses(found)
        primary = [responses[name] for name in ("read", "create") if name in responses]
        self.fields(resource.fields, (*path, "fields"), _at(raw, "fields"), primary, "field")
        others = [c for name, c in responses.items() if name not in ("read", "create")]
        for hook in resource.webhooks:
            index = _index(_at(raw, "webhooks"), "event", hook.event)
            if index is not None:
                where = (*path, "webhooks", index, "payload")
                payload = _at(raw, "webhooks", index, "payload")
                self.fields(hook.fields, where, payload, primary + others, "payload")

    def responses(self, found: Mapping[str, ApiOperation]) -> dict[str, _Candidate]:
        """The JSON response schemas of the resource's operations that the document has."""
        result: dict[str, _Candidate] = {}
        for name, upstream in found.items():
            body = self.api.response(upstream)
            if body is not None:
                label = _label("the response of", upstream, body)
                result[name] = _Candidate(label, body.schema, str(upstream))
        return result

    # Operations ------------------------------------------------------------------------------

    def operation(self, operation: Operation, path: Path, resource: Any) -> ApiOperation | None:
        """Check the operation's method and path; then its parameters and body, when found."""
        self.result.checked["operations"] += 1
        raw = _at(resource, "operations", operation.name)
        shape = _display(operation.path_segments)
        upstream = self.api.operation(operation.method, shape)
        if upstream is None:
            self.missing(operation, path, raw, shape)
            return None
        self.path_placeholders(operation, path, resource, upstream)
        self.query(operation, path, raw, upstream)
        if operation.body is not None:
            self.body(operation, path, raw, upstream)
        return upstream

    def missing(self, operation: Operation, path: Path, raw: Any, shape: str) -> None:
        written = f"{operation.method} {shape}"
        methods = self.api.methods(shape)
        if methods:
            self.warn(
                (*path, "method"),
                f"operation {operation.name!r}: {written} is not in the API document; that path supports {', '.join(methods)}",
            )
            return
        close = self.api.nearest_path(shape)
        hint = f"; nearest path: {close} ({', '.join(self.api.methods(close))})" if close else ""
        where = (*path, "path", "value") if isinstance(_at(raw, "path"), Mapping) else path
        self.warn(
            where,
            f"operation {operation.name!r}: {written} is not in the API document (no such path{hint})",
        )

    def path_placeholders(
        self, operation: Operation, path: Path, resource: Any, upstream: ApiOperation
    ) -> None:
        mine = [s.parameter for s in operation.path_segments if isinstance(s, Slot)]
        schemas = self.api.parameters(upstream, "path")
        params = {p.name: p for p in operation.parameters}
        for name, theirs in zip(mine, placeholder_names(upstream.path), strict=True):
            self.result.checked["path placeholders"] += 1
            where = self.path_declaration(name, path, resource)
            if name != theirs:
                self.warn(
                    where,
                    f"path placeholder {name!r} is named {{{theirs}}} in the API document ({upstream.path})",
                )
            if name in params and theirs in schemas:
                self.options(params[name], (schemas[theirs],), where)

    def path_declaration(self, name: str, path: Path, resource: Any) -> Path:
        """Where a path placeholder is declared: in the operation's path or the endpoint's."""
        op_path = (*path, "path", "placeholders")
        index = _index(_at(resource, "operations", path[-1], "path", "placeholders"), "name", name)
        if index is not None:
            return (*op_path, index)
        index = _index(_at(resource, "endpoint", "placeholders"), "name", name)
        if index is not None:
            return (*path[:-2], "endpoint", "placeholders", index)
        return (*path, "path")

    def query(self, operation: Operation, path: Path, raw: Any, upstream: ApiOperation) -> None:
        schemas = self.api.parameters(upstream, "query")
        for param in operation.parameters:
            if param.where != "query":
                continue
            self.result.checked["query parameters"] += 1
            where = (*path, "queryParams", param.name)
            schema = schemas.get(param.name)
            if schema is None:
                self.warn(
                    where,
                    f"query parameter {param.name!r} is not a parameter of {upstream} in the API document{_instead(param.name, list(schemas))}",
                )
                continue
            if param.default is not None:
                self.default(param, schema, (*where, "value"))
            slot = PLACEHOLDER.fullmatch(str(_at(raw, "queryParams", param.name, "value")))
            declared = _at(raw, "queryParams", param.name, "placeholders")
            index = _index(declared, "name", slot.group(1)) if slot else None
            if index is not None:
                self.options(param, (schema,), (*where, "placeholders", index))

    def default(self, param: Parameter, schema: Schema, where: Path) -> None:
        allowed = self.walker.allowed_values((schema,))
        if allowed is not None and param.default not in allowed:
            self.warn(
                where,
                f"query parameter {param.name!r} sends {param.default!r} by default, which the API document does not allow ({', '.join(allowed)})",
            )

    def options(self, param: Parameter, schemas: Sequence[Schema], where: Path) -> None:
        """Each option of the placeholder declared at `where` is a value the schemas allow."""
        if not param.options:
            return
        self.result.checked["options"] += len(param.options)
        allowed = self.walker.allowed_values(schemas)
        if allowed is None:
            return
        raw = _at(self.catalog.data, *where, "options")
        for index, option in enumerate(raw if isinstance(raw, list) else []):
            if option not in allowed and option not in raw[:index]:
                self.warn(
                    (*where, "options", index),
                    f"option {option!r} of placeholder {param.name!r} is not a value the API document allows ({', '.join(allowed)})",
                )

    # Bodies ----------------------------------------------------------------------------------

    def body(self, operation: Operation, path: Path, raw: Any, upstream: ApiOperation) -> None:
        where = (*path, "bodyTemplate")
        bodies = self.api.request_bodies(upstream)
        keys = _keys(operation.body)
        if not bodies:
            self.result.checked["body keys"] += len(keys)
            if keys:
                self.warn(
                    where,
                    f"{upstream} takes no request body in the API document; the template sends {', '.join(map(repr, keys))}",
                )
            return
        chosen = bodies[0]
        if not is_json(chosen.media_type):
            self.warn(
                (*where, "value"),
                f"{upstream} takes its request body as {chosen.media_type} in the API document; the builder sends JSON",
            )
        params = {p.name: p for p in operation.parameters if p.where == "body"}
        declared = _at(raw, "bodyTemplate", "placeholders")
        context = _BodyContext(upstream, chosen, where, declared, params)
        assert operation.body is not None
        self.body_node(operation.body, (chosen.schema,), (), context)

    def body_node(
        self,
        node: BodyNode,
        schemas: Sequence[Schema],
        trail: tuple[str, ...],
        context: _BodyContext,
    ) -> None:
        match node:
            case BodyObject(members=members):
                for key, value in members:
                    self.body_key(key, value, schemas, (*trail, key), context)
            case BodyArray(items=items):
                for index, item in enumerate(items):
                    step = self.walker.step(schemas, str(index))
                    if not step.problem:
                        self.body_node(item, step.schemas, (*trail, str(index)), context)
            case Slot(parameter=parameter) if parameter in context.params:
                where = context.declaration(parameter)
                self.options(context.params[parameter], schemas, where)

    def body_key(
        self,
        key: str,
        value: BodyNode,
        schemas: Sequence[Schema],
        trail: tuple[str, ...],
        context: _BodyContext,
    ) -> None:
        self.result.checked["body keys"] += 1
        step = self.walker.step(schemas, key)
        if step.problem:
            where = (
                context.declaration(value.parameter) if isinstance(value, Slot) else context.value
            )
            self.warn(
                where,
                f"body key {'/'.join(trail)!r} does not resolve in {_label('the request body of', context.upstream, context.body)}: {step.problem}",
            )
            return
        self.body_node(value, step.schemas, trail, context)

    # Fields ----------------------------------------------------------------------------------

    def fields(
        self,
        fields: Sequence[CatalogField],
        path: Path,
        raw: Any,
        candidates: Sequence[_Candidate],
        kind: str,
    ) -> None:
        if not candidates:
            return  # no response schema to compare with (said at the operation, if missing)
        for item in fields:
            index = _index(raw, "name", item.name)
            if item.selector and index is not None:
                self.result.checked[f"{kind} selectors"] += 1
                self.selector(item, (*path, index), candidates)

    def selector(self, item: CatalogField, path: Path, candidates: Sequence[_Candidate]) -> None:
        """The selector resolves in one of the candidate schemas (the first one that has it is
        the one its type is compared with)."""
        failure: tuple[int, str, str] | None = None
        for candidate in candidates:
            schemas: Sequence[Schema] = (candidate.schema,)
            for position, key in enumerate(item.selector):
                step = self.walker.step(schemas, key)
                if step.problem:
                    failure = failure or (position, step.problem, candidate.label)
                    break
                schemas = step.schemas
            else:
                self.field_type(item, path, schemas, candidate.label)
                return
        assert failure is not None
        position, problem, label = failure
        before = "/".join(item.selector[:position])
        at = f" at {before}" if before else ""
        others = ", ".join(c.operation for c in candidates[1:])
        also = f" (nor in the response of {others})" if others else ""
        self.warn(
            (*path, "selector", position),
            f"field {item.name!r}: selector step {item.selector[position]!r} does not resolve{at} in {label}{also}: {problem}",
        )

    def field_type(
        self, item: CatalogField, path: Path, schemas: Sequence[Schema], label: str
    ) -> None:
        expected = _JSON_TYPE.get(item.declared_type)
        kinds = self.walker.types(schemas)
        if expected is None or kinds is None:
            return
        selector = "/".join(item.selector)
        if item.multivalue:
            if "array" not in kinds:
                found = describe_types(kinds)
            else:
                items = self.walker.types(self.walker.item_schemas(schemas))
                if items is None or expected in items:
                    return
                found = f"an array of {describe_types(items)}"
                kinds = items
        elif expected in kinds:
            return
        else:
            found = describe_types(kinds)
        shape = f"{item.declared_type}{' (multivalue)' if item.multivalue else ''}"
        note = ""
        if item.kind == "str_or_number" and kinds & {"number", "integer"}:
            note = "; the generated Record keeps a number there as is (see the field's type note)"
        self.warn(
            (*path, "type"),
            f"field {item.name!r} is declared {shape} but the API document has {found} at {selector} in {label}{note}",
        )


@dataclass(frozen=True)
class _BodyContext:
    """What the messages about one body template need."""

    upstream: ApiOperation
    body: Body
    where: Path
    declared: Any
    params: Mapping[str, Parameter]

    @property
    def value(self) -> Path:
        return (*self.where, "value")

    def declaration(self, name: str) -> Path:
        index = _index(self.declared, "name", name)
        return (*self.where, "placeholders", index) if index is not None else self.value


def _keys(body: BodyObject | BodyArray | None) -> list[str]:
    """The top-level keys of a body template (with declared placeholders it lacks, as sent)."""
    return [key for key, _ in body.members] if isinstance(body, BodyObject) else []


def _label(what: str, upstream: ApiOperation, body: Body) -> str:
    """`the response of GET /models/{model} (Model)`: how messages name a schema."""
    name = f" ({body.name})" if body.name else ""
    return f"{what} {upstream}{name}"


def _instead(name: str, names: Sequence[str]) -> str:
    """`; nearest: 'x'`, or `; it has: a, b` when nothing is close, or '' when it has none."""
    close = nearest(name, names)
    if close:
        return f"; nearest: {close!r}"
    if names:
        return f"; it has: {', '.join(names)}"
    return "; it has none"
