"""Read the resource catalog (seed 004's JSON, as is) into IR resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import naming
from .ir import (
    BodyObject,
    CatalogField,
    CatalogWebhook,
    FieldKind,
    Operation,
    Parameter,
    ParameterKind,
    Resource,
    Slot,
)
from .placeholders import TemplateError, parse_body, parse_path, slots
from .source import Document, Path, Report

FIELD_KINDS: dict[str, FieldKind] = {
    "String": "str",
    "Integer": "int",
    "Boolean": "bool",
    "Object": "dict",
}
PARAMETER_KINDS: dict[str, ParameterKind] = {"String": "str", "Integer": "int", "Boolean": "bool"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


class _Reader:
    def __init__(self, doc: Document, report: Report) -> None:
        self.doc = doc
        self.report = report

    def error(self, path: Path, message: str) -> None:
        self.report.error(self.doc, path, message)

    def obj(self, value: Any, path: Path, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.error(path, f"{what} must be an object, got {_json_type(value)}")
        return None

    def items(self, value: Any, path: Path, what: str) -> list[Any]:
        if isinstance(value, list):
            return value
        self.error(path, f"{what} must be an array, got {_json_type(value)}")
        return []

    def string(
        self, node: Mapping[str, Any], key: str, path: Path, *, required: bool = True
    ) -> str | None:
        if key not in node:
            if required:
                self.error(path, f"missing required key '{key}'")
            return None
        value = node[key]
        if isinstance(value, str):
            return value
        self.error((*path, key), f"'{key}' must be a string, got {_json_type(value)}")
        return None

    def description(self, node: Mapping[str, Any], path: Path) -> str:
        meta = node.get("meta", {})
        if not isinstance(meta, Mapping):
            self.error((*path, "meta"), "'meta' must be an object")
            return ""
        return self.string(meta, "description", (*path, "meta"), required=False) or ""

    def fields(self, value: Any, path: Path) -> tuple[CatalogField, ...]:
        result: list[CatalogField] = []
        taken: dict[str, str] = {}
        for index, raw in enumerate(self.items(value, path, "fields")):
            field_path = (*path, index)
            node = self.obj(raw, field_path, "a field")
            if node is None:
                continue
            name = self.string(node, "name", field_path)
            declared = self.string(node, "type", field_path)
            if name is None or declared is None:
                continue
            if declared not in FIELD_KINDS:
                known = ", ".join(FIELD_KINDS)
                self.error(
                    (*field_path, "type"),
                    f"unknown field type {declared!r}; expected one of {known}",
                )
                continue
            selector = node.get("selector")
            if not isinstance(selector, list) or not all(isinstance(s, str) for s in selector):
                self.error(
                    (*field_path, "selector"),
                    "'selector' must be an array of strings (keys or list indexes)",
                )
                continue
            py_name = naming.field_name(name)
            if py_name in taken:
                self.error(
                    field_path,
                    f"field {name!r} and {taken[py_name]!r} both become Python name {py_name!r}",
                )
                continue
            taken[py_name] = name
            kind: FieldKind = FIELD_KINDS[declared] if selector else "body"
            multivalue = node.get("multivalue", False) is True
            description = self.description(node, field_path)
            result.append(
                CatalogField(
                    name, py_name, kind, declared, tuple(selector), description, multivalue
                )
            )
        return tuple(result)

    def placeholders(self, node: Mapping[str, Any], path: Path, where: str) -> dict[str, Parameter]:
        declared: dict[str, Parameter] = {}
        for index, raw in enumerate(
            self.items(node.get("placeholders", []), (*path, "placeholders"), "placeholders")
        ):
            item_path = (*path, "placeholders", index)
            item = self.obj(raw, item_path, "a placeholder")
            if item is None:
                continue
            name = self.string(item, "name", item_path)
            declared_type = self.string(item, "type", item_path)
            if name is None or declared_type is None:
                continue
            if declared_type not in PARAMETER_KINDS:
                known = ", ".join(PARAMETER_KINDS)
                self.error(
                    (*item_path, "type"),
                    f"unknown placeholder type {declared_type!r}; expected one of {known}",
                )
                continue
            if name in declared:
                self.error(item_path, f"placeholder {name!r} is declared twice")
                continue
            required = item.get("required", False)
            if not isinstance(required, bool):
                self.error((*item_path, "required"), "'required' must be true or false")
                required = False
            options = item.get("options", [])
            if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
                self.error((*item_path, "options"), "'options' must be an array of strings")
                options = []
            kind = PARAMETER_KINDS[declared_type]
            declared[name] = Parameter(
                name,
                naming.parameter_name(name),
                kind,
                declared_type,
                where,  # type: ignore[arg-type]
                required or where == "path",
                self.string(item, "description", item_path, required=False) or "",
                tuple(options),
            )
        return declared

    def path_template(
        self, node: Any, path: Path, what: str
    ) -> tuple[tuple[str | Slot, ...], dict[str, Parameter]]:
        template = self.obj(node, path, what)
        if template is None:
            return (), {}
        value = self.string(template, "value", path)
        if value is None:
            return (), {}
        declared = self.placeholders(template, path, "path")
        try:
            segments = parse_path(value)
        except TemplateError as exc:
            self.error((*path, "value"), str(exc))
            return (), {}
        for segment in segments:
            if isinstance(segment, Slot) and segment.parameter not in declared:
                self.error(
                    (*path, "value"),
                    f"path placeholder {{{{{segment.parameter}}}}} is not declared in 'placeholders'",
                )
        used = {s.parameter for s in segments if isinstance(s, Slot)}
        for name in declared:
            if name not in used:
                self.error(
                    (*path, "placeholders"),
                    f"path placeholder {name!r} is declared but not used in {value!r}",
                )
        return segments, declared

    def operation(
        self,
        name: str,
        raw: Any,
        path: Path,
        endpoint: tuple[tuple[str | Slot, ...], dict[str, Parameter]],
    ) -> Operation | None:
        node = self.obj(raw, path, "an operation")
        if node is None:
            return None
        method = self.string(node, "method", path)
        if method is None:
            return None
        if method.upper() not in METHODS:
            self.error((*path, "method"), f"unknown HTTP method {method!r}")
            return None
        segments, path_params = self.path_template(
            node.get("path", {"value": ""}), (*path, "path"), "'path'"
        )
        segments = _joined(endpoint[0] + segments)
        params: dict[str, Parameter] = {**endpoint[1]}
        for key, param in path_params.items():
            if key in params:
                self.error(
                    (*path, "path"),
                    f"path placeholder {key!r} is already a placeholder of the endpoint",
                )
            params[key] = param
        for key, param in self.query(node.get("queryParams", {}), (*path, "queryParams")).items():
            if key in params:
                self.error(
                    (*path, "queryParams", key),
                    f"query parameter {key!r} clashes with a path placeholder",
                )
                continue
            params[key] = param
        body = None
        if "bodyTemplate" in node:
            body_path = (*path, "bodyTemplate")
            template = self.obj(node["bodyTemplate"], body_path, "'bodyTemplate'")
            value = self.string(template, "value", body_path) if template is not None else None
            if template is not None and value is not None:
                declared = self.placeholders(template, body_path, "body")
                try:
                    body = parse_body(value)
                except TemplateError as exc:
                    self.error((*body_path, "value"), str(exc))
                    return None
                for slot in slots(body):
                    if slot.parameter not in declared:
                        self.error(
                            (*body_path, "value"),
                            f"body placeholder {{{{{slot.parameter}}}}} is not declared in 'placeholders'",
                        )
                    elif slot.quoted and declared[slot.parameter].kind != "str":
                        self.report.warning(
                            self.doc,
                            (*body_path, "value"),
                            f"placeholder {slot.parameter!r} is typed {declared[slot.parameter].declared_type} but quoted in the template; it is sent as a string",
                        )
                        declared[slot.parameter] = _with_kind(declared[slot.parameter], "str")
                    elif not slot.quoted and declared[slot.parameter].kind == "str":
                        declared[slot.parameter] = _with_kind(declared[slot.parameter], "json")
                for key, param in declared.items():
                    if key in params:
                        self.error(
                            (*body_path, "placeholders"),
                            f"body placeholder {key!r} clashes with a path or query parameter",
                        )
                        continue
                    params[key] = param
                used = {s.parameter for s in slots(body)}
                missing = [p for key, p in declared.items() if key not in used]
                if missing and isinstance(body, BodyObject):
                    extra = tuple((p.name, Slot(p.name, quoted=p.kind == "str")) for p in missing)
                    body = BodyObject(body.members + extra)
                for key in declared:
                    if key not in used:
                        self.report.warning(
                            self.doc,
                            (*body_path, "placeholders"),
                            f"placeholder {key!r} is declared but absent from the body template; it is sent as an optional top-level key",
                        )
        ordered = sorted(params.values(), key=lambda p: not p.required)
        _check_unique_names(self, ordered, path)
        return Operation(
            name, naming.function_name(name), method.upper(), segments, tuple(ordered), body
        )

    def query(self, raw: Any, path: Path) -> dict[str, Parameter]:
        node = self.obj(raw, path, "'queryParams'")
        result: dict[str, Parameter] = {}
        for key, value in (node or {}).items():
            item_path = (*path, key)
            item = self.obj(value, item_path, "a query parameter")
            if item is None:
                continue
            text = self.string(item, "value", item_path)
            if text is None:
                continue
            declared = self.placeholders(item, item_path, "query")
            match = [s for s in parse_path(text) if isinstance(s, Slot)] if "{{" in text else []
            if match:
                slot_name = match[0].parameter
                if slot_name not in declared:
                    self.error(
                        (*item_path, "value"),
                        f"query placeholder {{{{{slot_name}}}}} is not declared",
                    )
                    continue
                result[key] = _renamed(declared[slot_name], key)
            else:
                kind: ParameterKind = "int" if text.isdigit() else "str"
                result[key] = Parameter(
                    key,
                    naming.parameter_name(key),
                    kind,
                    "Integer" if kind == "int" else "String",
                    "query",
                    False,
                    "",
                    (),
                    text,
                )
        return result


def _joined(segments: tuple[str | Slot, ...]) -> tuple[str | Slot, ...]:
    """Merge adjacent literal segments, so endpoint + path reads as one template."""
    result: list[str | Slot] = []
    for segment in segments:
        if isinstance(segment, str) and result and isinstance(result[-1], str):
            result[-1] += segment
        else:
            result.append(segment)
    return tuple(result)


def _with_kind(param: Parameter, kind: str) -> Parameter:
    from dataclasses import replace

    return replace(param, kind=kind)  # type: ignore[arg-type]


def _renamed(param: Parameter, wire_name: str) -> Parameter:
    from dataclasses import replace

    return replace(param, name=wire_name, where="query", required=param.required)


def _check_unique_names(reader: _Reader, params: list[Parameter], path: Path) -> None:
    seen: dict[str, str] = {}
    for param in params:
        if param.py_name in seen:
            reader.error(
                path,
                f"parameters {param.name!r} and {seen[param.py_name]!r} both become Python name {param.py_name!r}",
            )
        seen[param.py_name] = param.name


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def read_resources(doc: Document, report: Report) -> list[Resource]:
    """Every resource of the catalog, in file order; problems go to `report`."""
    reader = _Reader(doc, report)
    resources: list[Resource] = []
    modules: dict[str, str] = {}
    for index, raw in enumerate(reader.items(doc.data, (), "the resource catalog")):
        path: Path = (index,)
        node = reader.obj(raw, path, "a resource")
        if node is None:
            continue
        handle = reader.string(node, "handle", path)
        if handle is None:
            continue
        module = naming.module_name(handle)
        if module in modules:
            reader.error(
                (*path, "handle"),
                f"resource {handle!r} and {modules[module]!r} both become module {module!r}",
            )
            continue
        modules[module] = handle
        meta = node.get("meta", {})
        title = (
            reader.string(meta, "short", (*path, "meta"), required=False)
            if isinstance(meta, Mapping)
            else None
        ) or handle
        endpoint = reader.path_template(node.get("endpoint"), (*path, "endpoint"), "'endpoint'")
        operations: list[Operation] = []
        raw_ops = (
            reader.obj(node.get("operations", {}), (*path, "operations"), "'operations'") or {}
        )
        functions: dict[str, str] = {}
        for op_name, op in raw_ops.items():
            operation = reader.operation(op_name, op, (*path, "operations", op_name), endpoint)
            if operation is None:
                continue
            if operation.function_name in functions:
                reader.error(
                    (*path, "operations", op_name),
                    f"operations {op_name!r} and {functions[operation.function_name]!r} both become {operation.function_name}()",
                )
                continue
            functions[operation.function_name] = op_name
            operations.append(operation)
        webhooks = [
            hook
            for i, hook_raw in enumerate(
                reader.items(node.get("webhooks", []), (*path, "webhooks"), "'webhooks'")
            )
            if (hook := _webhook(reader, hook_raw, (*path, "webhooks", i))) is not None
        ]
        resources.append(
            Resource(
                handle,
                module,
                title,
                reader.description(node, path),
                reader.fields(node.get("fields", []), (*path, "fields")),
                tuple(operations),
                tuple(webhooks),
            )
        )
    return resources


def _webhook(reader: _Reader, raw: Any, path: Path) -> CatalogWebhook | None:
    node = reader.obj(raw, path, "a webhook")
    if node is None:
        return None
    event = reader.string(node, "event", path)
    route = reader.string(node, "path", path)
    if event is None or route is None:
        return None
    if not event or not naming.words(event):
        reader.error(
            (*path, "event"), f"event type {event!r} has no letters or digits to name it by"
        )
        return None
    if not route.startswith("/") or any(p in ("", ".", "..") for p in route.split("/")[1:]):
        reader.error(
            (*path, "path"),
            f"webhook path {route!r} must be absolute, without empty, '.' or '..' segments",
        )
        return None
    fields = reader.fields(node.get("payload", []), (*path, "payload"))
    return CatalogWebhook(
        event, route, naming.payload_class_name(event), naming.handler_name(event), fields
    )
