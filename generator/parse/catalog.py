"""Read the resource catalog (a JSON list of resources, read as is) into IR resources."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..ir import (
    BodyArray,
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
from ..load.source import Document, Path, Report
from ..text import tidy
from . import naming
from .placeholders import TemplateError, parse_body, parse_path, slots
from .reader import Reader

FIELD_KINDS: dict[str, FieldKind] = {
    "String": "str",
    "Integer": "int",
    "Boolean": "bool",
    "Object": "dict",
}
PARAMETER_KINDS: dict[str, ParameterKind] = {"String": "str", "Integer": "int", "Boolean": "bool"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}

# The catalog types values loosely (its `messages` placeholder, a JSON array, is "String"), so a
# field's description is evidence too. Words saying a value is a number:
_NUMERIC = re.compile(
    r"\b(floats?|floating[- ]point|numbers?|numeric|decimals?|integers?|"
    r"seconds|milliseconds|minutes|hours|duration)\b",
    re.IGNORECASE,
)
# Words saying a value is an array:
_ARRAY = re.compile(r"\b(arrays? of|lists? of)\b", re.IGNORECASE)
# Words saying a value is uploaded as a form part, which a JSON body template cannot send:
_MULTIPART = re.compile(r"multipart(?:/form-data)?|form-data", re.IGNORECASE)


def _evidence(pattern: re.Pattern[str], description: str) -> str:
    """The words of `description` that `pattern` finds, quoted, or '' when there are none."""
    found = dict.fromkeys(m.group(0).lower() for m in pattern.finditer(description))
    return ", ".join(repr(word) for word in found)


@dataclass
class _Declared:
    """A template's declared placeholders: parameters by name, their index, and rejected names."""

    params: dict[str, Parameter] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)
    # Names whose declaration was already reported as invalid: a use of them is not reported
    # again as "not declared".
    rejected: set[str] = field(default_factory=set)

    def where(self, path: Path, name: str) -> Path:
        """Path of the declaration of `name` (the list when it is not declared)."""
        if name in self.index:
            return (*path, "placeholders", self.index[name])
        return (*path, "placeholders")


class _Reader(Reader):
    """The catalog's reader: the shared checks plus the catalog's resources, fields, templates."""

    def description(self, node: Mapping[str, Any], path: Path) -> str:
        meta = node.get("meta", {})
        if not isinstance(meta, Mapping):
            self.error((*path, "meta"), "'meta' must be an object")
            return ""
        return self.prose(meta, "description", (*path, "meta"))

    def prose(self, node: Mapping[str, Any], key: str, path: Path) -> str:
        """Optional prose at `key`, in its normal form (`text.tidy`); "" when absent."""
        return tidy(self.string(node, key, path, required=False) or "")

    def fields(self, value: Any, path: Path) -> tuple[CatalogField, ...]:
        """A resource's or a webhook payload's fields, in order, each with its own Python name."""
        result: list[CatalogField] = []
        taken: dict[str, str] = {}
        for index, raw in enumerate(self.items(value, path, "fields")):
            catalog_field = self._field(raw, (*path, index), taken)
            if catalog_field is not None:
                result.append(catalog_field)
        return tuple(result)

    def _field(self, raw: Any, path: Path, taken: dict[str, str]) -> CatalogField | None:
        """One field; `taken` (Python name -> field name, of the fields read so far) takes its
        Python name, which must be new."""
        node = self.mapping(raw, path, "a field")
        if node is None:
            return None
        name = self.string(node, "name", path)
        declared = self.string(node, "type", path)
        if name is None or declared is None:
            return None
        if declared not in FIELD_KINDS:
            known = ", ".join(FIELD_KINDS)
            self.error((*path, "type"), f"unknown field type {declared!r}; expected one of {known}")
            return None
        selector = node.get("selector")
        if not isinstance(selector, list) or not all(isinstance(s, str) for s in selector):
            self.error(
                (*path, "selector"),
                "'selector' must be an array of strings (keys or list indexes)",
            )
            return None
        py_name = naming.field_name(name)
        if py_name in taken:
            self.error(
                path, f"field {name!r} and {taken[py_name]!r} both become Python name {py_name!r}"
            )
            return None
        taken[py_name] = name
        kind: FieldKind = FIELD_KINDS[declared] if selector else "body"
        multivalue = node.get("multivalue", False) is True
        description = self.description(node, path)
        kind, note = self.field_type(name, kind, declared, multivalue, description, (*path, "type"))
        return CatalogField(
            name=name,
            py_name=py_name,
            kind=kind,
            declared_type=declared,
            selector=tuple(selector),
            description=description,
            multivalue=multivalue,
            type_note=note,
        )

    def field_type(
        self,
        name: str,
        kind: FieldKind,
        declared: str,
        multivalue: bool,
        description: str,
        path: Path,
    ) -> tuple[FieldKind, str]:
        """The field's kind once the catalog's own text is heard, and a note saying why.

        The declared type is trusted as far as it goes: a value of that type is always kept.
        A String field whose description says it holds numbers also keeps a JSON number as is
        (kind `str_or_number`); a one-value field described as an array is only reported.
        """
        shape = f"{declared}{' (multivalue)' if multivalue else ''}"
        numeric = _evidence(_NUMERIC, description) if kind == "str" else ""
        if numeric:
            python = "list[str | int | float]" if multivalue else "str | int | float"
            self.warning(
                path,
                f"field {name!r} is declared {shape} but its description says it holds numbers ({numeric}); it is read as {python}: a JSON number is kept as is, never turned into a string",
            )
            note = (
                f"declared {shape}, described as numbers ({numeric}): a JSON number is kept as is"
            )
            return "str_or_number", note
        array = _evidence(_ARRAY, description) if kind != "body" and not multivalue else ""
        if array:
            self.warning(
                path,
                f"field {name!r} is declared {shape} (one value) but its description says it is an array ({array}); a JSON array there is not kept (catalog.mismatches() holds it)",
            )
            return kind, f"declared {shape} (one value), described as an array ({array})"
        return kind, ""

    def placeholders(self, node: Mapping[str, Any], path: Path, where: str) -> _Declared:
        """The placeholders `node` declares (its `placeholders` list), each checked."""
        declared = _Declared()
        listed = self.items(node.get("placeholders", []), (*path, "placeholders"), "placeholders")
        for index, raw in enumerate(listed):
            param = self._placeholder(raw, (*path, "placeholders", index), where, declared)
            if param is not None:
                declared.params[param.name] = param
                declared.index[param.name] = index
        return declared

    def _placeholder(
        self, raw: Any, path: Path, where: str, declared: _Declared
    ) -> Parameter | None:
        """One declared placeholder, or None when it cannot be used (its name then goes to
        `declared.rejected` when only its type is wrong, so its uses are not reported again)."""
        item = self.mapping(raw, path, "a placeholder")
        if item is None:
            return None
        name = self.string(item, "name", path)
        declared_type = self.string(item, "type", path)
        if name is None:
            return None
        if declared_type is None or not self._known_type(declared_type, path):
            declared.rejected.add(name)
            return None
        if name in declared.params:
            self.error(path, f"placeholder {name!r} is declared twice")
            return None
        required = self._required(item, path)
        options = self._options(item, path, name, declared_type)
        return Parameter(
            name=name,
            py_name=naming.parameter_name(name),
            kind=PARAMETER_KINDS[declared_type],
            declared_type=declared_type,
            where=where,  # type: ignore[arg-type]
            required=required or where == "path",
            description=self.prose(item, "description", path),
            options=options,
        )

    def _known_type(self, declared_type: str, path: Path) -> bool:
        """True when a placeholder's `type` is one the catalog knows; else reported."""
        if declared_type in PARAMETER_KINDS:
            return True
        known = ", ".join(PARAMETER_KINDS)
        self.error(
            (*path, "type"),
            f"unknown placeholder type {declared_type!r}; expected one of {known}",
        )
        return False

    def _required(self, item: Mapping[str, Any], path: Path) -> bool:
        """A placeholder's `required` flag (false when absent, or reported and false)."""
        required = item.get("required", False)
        if isinstance(required, bool):
            return required
        self.error((*path, "required"), "'required' must be true or false")
        return False

    def _options(
        self, item: Mapping[str, Any], path: Path, name: str, declared_type: str
    ) -> tuple[str, ...]:
        """A placeholder's `options`: strings, each once, on a String placeholder only."""
        options = item.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            self.error((*path, "options"), "'options' must be an array of strings")
            return ()
        if len(set(options)) != len(options):
            self.warning((*path, "options"), "'options' lists a value twice; it is kept once")
            options = list(dict.fromkeys(options))
        if options and PARAMETER_KINDS[declared_type] != "str":
            self.error(
                (*path, "options"),
                f"'options' are strings, so only a String placeholder may have them; {name!r} is {declared_type}",
            )
            return ()
        return tuple(options)

    def path_template(
        self, node: Any, path: Path, what: str
    ) -> tuple[tuple[str | Slot, ...], dict[str, Parameter]]:
        template = self.mapping(node, path, what)
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
            if (
                isinstance(segment, Slot)
                and segment.parameter not in declared.params
                and segment.parameter not in declared.rejected
            ):
                self.error(
                    (*path, "value"),
                    f"path placeholder {{{{{segment.parameter}}}}} is not declared in 'placeholders'",
                )
        used = {s.parameter for s in segments if isinstance(s, Slot)}
        for name in declared.params:
            if name not in used:
                self.error(
                    declared.where(path, name),
                    f"path placeholder {name!r} is declared but not used in {value!r}",
                )
        return segments, declared.params

    def operation(
        self,
        name: str,
        raw: Any,
        path: Path,
        endpoint: tuple[tuple[str | Slot, ...], dict[str, Parameter]],
    ) -> Operation | None:
        """One operation of a resource (method, path, parameters, body); None when unusable."""
        node = self.mapping(raw, path, "an operation")
        if node is None:
            return None
        method = self.string(node, "method", path)
        if method is None:
            return None
        if method.upper() not in METHODS:
            self.error((*path, "method"), f"unknown HTTP method {method!r}")
            return None
        segments, params = self._path_and_query(node, path, endpoint)
        body = None
        if "bodyTemplate" in node:
            body_path = (*path, "bodyTemplate")
            template = self.mapping(node["bodyTemplate"], body_path, "'bodyTemplate'")
            value = self.string(template, "value", body_path) if template is not None else None
            if template is not None and value is not None:
                body = self.body(template, value, body_path, params)
                if body is None:
                    return None
        ordered = sorted(params.values(), key=lambda p: not p.required)
        _check_unique_names(self, ordered, path)
        return Operation(
            name=name,
            function_name=naming.function_name(name),
            method=method.upper(),
            path_segments=segments,
            parameters=tuple(ordered),
            body=body,
        )

    def _path_and_query(
        self,
        node: Mapping[str, Any],
        path: Path,
        endpoint: tuple[tuple[str | Slot, ...], dict[str, Parameter]],
    ) -> tuple[tuple[str | Slot, ...], dict[str, Parameter]]:
        """The operation's path (the endpoint's, then its own) and the parameters of both, then
        its query parameters; a name taken twice is an error."""
        segments, path_params = self.path_template(
            node.get("path", {"value": ""}), (*path, "path"), "'path'"
        )
        params: dict[str, Parameter] = {**endpoint[1]}
        for key, param in path_params.items():
            if key in params:
                self.error(
                    (*path, "path"),
                    f"path placeholder {key!r} is already a placeholder of the endpoint",
                )
            params[key] = param
        # A JSON object's keys are unordered: sorted, so the output does not depend on them.
        query = self.query(node.get("queryParams", {}), (*path, "queryParams"))
        for key, param in sorted(query.items()):
            if key in params:
                self.error(
                    (*path, "queryParams", key),
                    f"query parameter {key!r} clashes with a path placeholder",
                )
                continue
            params[key] = param
        return _joined(endpoint[0] + segments), params

    def body(
        self,
        template: Mapping[str, Any],
        value: str,
        path: Path,
        params: dict[str, Parameter],
    ) -> BodyObject | BodyArray | None:
        """Parse a body template; its parameters are added to `params`."""
        declared = self.placeholders(template, path, "body")
        try:
            body = parse_body(value)
        except TemplateError as exc:
            self.error((*path, "value"), str(exc))
            return None
        self._check_slots(body, declared, path)
        self._adopt(declared, path, params)
        return self._with_absent(body, declared, path)

    def _check_slots(self, body: BodyObject | BodyArray, declared: _Declared, path: Path) -> None:
        """Each slot of `body` against its declaration: undeclared ones are errors; a quoted slot
        makes its parameter a string, an unquoted String one a JSON value."""
        found = declared.params
        for slot in slots(body):
            param = found.get(slot.parameter)
            if param is None:
                if slot.parameter not in declared.rejected:
                    self.error(
                        (*path, "value"),
                        f"body placeholder {{{{{slot.parameter}}}}} is not declared in 'placeholders'",
                    )
            elif slot.quoted and param.kind != "str":
                self.warning(
                    (*declared.where(path, slot.parameter), "type"),
                    f"placeholder {slot.parameter!r} is typed {param.declared_type} but quoted in the template; it is sent as a string",
                )
                found[slot.parameter] = replace(param, kind="str")
            elif slot.quoted and (array := _evidence(_ARRAY, param.description)):
                self.warning(
                    declared.where(path, slot.parameter),
                    f"placeholder {slot.parameter!r} is described as an array ({array}) but quoted in the body template, so it is always sent as one JSON string",
                )
            elif not slot.quoted and param.kind == "str":
                found[slot.parameter] = replace(param, kind="json")

    def _adopt(self, declared: _Declared, path: Path, params: dict[str, Parameter]) -> None:
        """Add the body's parameters to the operation's `params`, unless a name clashes."""
        for key, param in declared.params.items():
            if multipart := _evidence(_MULTIPART, param.description):
                self.warning(
                    declared.where(path, key),
                    f"placeholder {key!r} is described as a form upload ({multipart}), but the body template is JSON: the builder sends it as a JSON value, which an endpoint expecting multipart/form-data refuses",
                )
            if key in params:
                self.error(
                    declared.where(path, key),
                    f"body placeholder {key!r} clashes with a path or query parameter",
                )
                continue
            params[key] = param

    def _with_absent(
        self, body: BodyObject | BodyArray, declared: _Declared, path: Path
    ) -> BodyObject | BodyArray:
        """`body` with the declared placeholders it does not use: added as optional top-level
        keys of an object, never sent in an array; either way warned about."""
        used = {s.parameter for s in slots(body)}
        missing = [p for key, p in declared.params.items() if key not in used]
        if missing and isinstance(body, BodyObject):
            extra = tuple((p.name, Slot(parameter=p.name, quoted=p.kind == "str")) for p in missing)
            body = BodyObject(members=body.members + extra)
        for param in missing:
            if isinstance(body, BodyObject):
                consequence = "it is sent as an optional top-level key"
            else:
                consequence = "the template is an array, so it is never sent"
            self.warning(
                declared.where(path, param.name),
                f"placeholder {param.name!r} is declared but absent from the body template; {consequence}",
            )
        return body

    def query(self, raw: Any, path: Path) -> dict[str, Parameter]:
        """The operation's query parameters (`queryParams`), by wire name."""
        node = self.mapping(raw, path, "'queryParams'")
        result: dict[str, Parameter] = {}
        for key, value in (node or {}).items():
            param = self._query_param(key, value, (*path, key))
            if param is not None:
                result[key] = param
        return result

    def _query_param(self, key: str, raw: Any, path: Path) -> Parameter | None:
        """One query parameter: a literal default, or exactly one declared placeholder; the
        other declared placeholders are warned about and ignored."""
        item = self.mapping(raw, path, "a query parameter")
        if item is None:
            return None
        text = self.string(item, "value", path)
        if text is None:
            return None
        declared = self.placeholders(item, path, "query")
        try:
            parts = parse_path(text)
        except TemplateError as exc:
            self.error((*path, "value"), str(exc))
            return None
        found = [s for s in parts if isinstance(s, Slot)]
        if found and len(parts) > 1:
            self.error(
                (*path, "value"),
                f"a query value is a literal default or exactly one {{{{placeholder}}}}, got {text!r}",
            )
            return None
        if found:
            slot_name = found[0].parameter
            if slot_name not in declared.params:
                if slot_name not in declared.rejected:
                    self.error(
                        (*path, "value"), f"query placeholder {{{{{slot_name}}}}} is not declared"
                    )
                return None
            param = _renamed(declared.params[slot_name], key)
        else:
            param = _literal_query(key, text)
        used = found[0].parameter if found else None
        for name in declared.params:
            if name != used:
                self.warning(
                    declared.where(path, name),
                    f"query placeholder {name!r} is declared but not used in {text!r}; it is ignored",
                )
        return param


def _literal_query(key: str, text: str) -> Parameter:
    """An optional query parameter whose default is the literal `text` (an int when digits)."""
    kind: ParameterKind = "int" if text.isascii() and text.isdigit() else "str"
    return Parameter(
        name=key,
        py_name=naming.parameter_name(key),
        kind=kind,
        declared_type="Integer" if kind == "int" else "String",
        where="query",
        required=False,
        default=text,
    )


def _joined(segments: tuple[str | Slot, ...]) -> tuple[str | Slot, ...]:
    """Merge adjacent literal segments, so endpoint + path reads as one template."""
    result: list[str | Slot] = []
    for segment in segments:
        if isinstance(segment, str) and result and isinstance(result[-1], str):
            result[-1] += segment
        else:
            result.append(segment)
    return tuple(result)


def _renamed(param: Parameter, wire_name: str) -> Parameter:
    return replace(param, name=wire_name, where="query")


def _check_unique_names(reader: _Reader, params: list[Parameter], path: Path) -> None:
    seen: dict[str, str] = {}
    for param in params:
        if param.py_name in seen:
            reader.error(
                path,
                f"parameters {param.name!r} and {seen[param.py_name]!r} both become Python name {param.py_name!r}",
            )
        seen[param.py_name] = param.name


def read_resources(doc: Document, report: Report) -> list[Resource]:
    """Every resource of the catalog, in file order; problems go to `report`."""
    reader = _Reader(doc, report)
    resources: list[Resource] = []
    modules: dict[str, str] = {}
    for index, raw in enumerate(reader.items(doc.data, (), "the resource catalog")):
        resource = _resource(reader, raw, (index,), modules)
        if resource is not None:
            resources.append(resource)
    return resources


def _resource(reader: _Reader, raw: Any, path: Path, modules: dict[str, str]) -> Resource | None:
    """One resource; `modules` (module name -> handle, of the resources read so far) takes its
    module name, which must be new."""
    node = reader.mapping(raw, path, "a resource")
    if node is None:
        return None
    handle = reader.string(node, "handle", path)
    if handle is None:
        return None
    module = naming.module_name(handle)
    if module in modules:
        reader.error(
            (*path, "handle"),
            f"resource {handle!r} and {modules[module]!r} both become module {module!r}",
        )
        return None
    modules[module] = handle
    meta = node.get("meta", {})
    title = (
        reader.prose(meta, "short", (*path, "meta")) if isinstance(meta, Mapping) else ""
    ) or handle
    endpoint = reader.path_template(node.get("endpoint"), (*path, "endpoint"), "'endpoint'")
    operations = _operations(reader, node, path, endpoint)
    webhooks = [
        hook
        for i, hook_raw in enumerate(
            reader.items(node.get("webhooks", []), (*path, "webhooks"), "'webhooks'")
        )
        if (hook := _webhook(reader, hook_raw, (*path, "webhooks", i))) is not None
    ]
    return Resource(
        handle=handle,
        module_name=module,
        title=title,
        description=reader.description(node, path),
        fields=reader.fields(node.get("fields", []), (*path, "fields")),
        operations=operations,
        webhooks=tuple(webhooks),
    )


def _operations(
    reader: _Reader,
    node: Mapping[str, Any],
    path: Path,
    endpoint: tuple[tuple[str | Slot, ...], dict[str, Parameter]],
) -> tuple[Operation, ...]:
    """A resource's operations, by name (a JSON object's keys are unordered), each with its
    own function name."""
    raw_ops = reader.mapping(node.get("operations", {}), (*path, "operations"), "'operations'")
    operations: list[Operation] = []
    functions: dict[str, str] = {}
    for op_name, op in sorted((raw_ops or {}).items()):
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
    return tuple(operations)


def _webhook(reader: _Reader, raw: Any, path: Path) -> CatalogWebhook | None:
    node = reader.mapping(raw, path, "a webhook")
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
        event=event,
        path=route,
        class_name=naming.payload_class_name(event),
        handler_name=naming.handler_name(event),
        fields=fields,
    )
