"""Semantic versioning of the generated package: classify IR changes, pick the bump.

Works on IR snapshots (plain JSON data, as `_manifest.json` stores them), so the manifest
written by an earlier run can be compared with a new spec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..load.source import json_type
from ..text import tidy

Bump = Literal["major", "minor", "patch"]
ORDER: dict[str, int] = {"patch": 0, "minor": 1, "major": 2}
Snapshot = Mapping[str, Any]


@dataclass(frozen=True, order=True)
class Change:
    """One classified difference: where, its rule, the bump it implies, and what changed."""

    location: str
    rule: str
    bump: Bump
    detail: str = ""

    def line(self) -> str:
        """`major (removed-field): event x field data.id: detail`."""
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.bump} ({self.rule}): {self.location}{detail}"

    def as_json(self) -> dict[str, str]:
        """Plain data for manifests and `diff --format json`."""
        return {
            "location": self.location,
            "rule": self.rule,
            "bump": self.bump,
            "detail": self.detail,
        }


def bump_of(changes: Iterable[Change]) -> Bump | None:
    """The largest bump any change implies, or None when there are no changes."""
    return largest(c.bump for c in changes)


def largest(bumps: Iterable[Bump | None]) -> Bump | None:
    """The largest of `bumps` (None ones left out), or None when there is none."""
    named: list[Bump] = [bump for bump in bumps if bump is not None]
    if not named:
        return None
    return max(named, key=lambda bump: ORDER[bump])


def parse_version(text: str) -> tuple[int, int, int]:
    """`X.Y.Z` -> (X, Y, Z); ValueError otherwise."""
    parts = text.split(".")
    # isdigit alone takes fullwidth and other Unicode digits, which int() reads but no packaging
    # tool does; semver also forbids leading zeros, and the version is written as given.
    if len(parts) != 3 or not all(_semver_number(p) for p in parts):
        raise ValueError(
            f"version must look like X.Y.Z (ASCII numbers, no leading zeros), got {text!r}"
        )
    return int(parts[0]), int(parts[1]), int(parts[2])


def _semver_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0"))


def next_version(version: str, bump: Bump | None) -> str:
    """`version` raised by `bump` (unchanged for None)."""
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def jump(old: str, new: str) -> Bump | None:
    """The bump that takes version `old` to `new` (None when they are equal)."""
    before, after = parse_version(old), parse_version(new)
    if after[0] != before[0]:
        return "major"
    if after[1] != before[1]:
        return "minor"
    return "patch" if after != before else None


# The git tag naming a release of the generated distribution (`make tag` makes it).
TAG_PREFIX = "openai-webhooks-v"


def release_tag(version: str) -> str:
    """`1.1.0` -> `openai-webhooks-v1.1.0`."""
    return TAG_PREFIX + version


def _node(expr: Mapping[str, Any]) -> str:
    """A type node's kind without its nullability (`NullableScalar` -> `Scalar`)."""
    return str(expr["node"]).removeprefix("Nullable")


def _signature(expr: Mapping[str, Any]) -> str:
    """A type without enum values or descriptions: what 'changed type' compares. Null allowed
    or not is part of it: either way round, payloads that parsed (or values readers expect)
    change."""
    node = _node(expr)
    if node == "Scalar":
        shape = str(expr["kind"])
    elif node == "ArrayOf":
        shape = f"list[{_signature(expr['items'])}]"
    else:
        shape = "dict" if node == "MapOf" else "object"
    return shape + (" | null" if expr["node"] != node else "")


def _flatten(obj: Mapping[str, Any] | None, prefix: str = "") -> dict[str, dict[str, Any]]:
    """Envelope fields by dotted path (`data.sip_headers[].name`)."""
    fields: dict[str, dict[str, Any]] = {}
    for prop in obj["properties"] if obj else []:
        path = prefix + prop["name"]
        expr = prop["type"]
        array = _node(expr) == "ArrayOf"
        inner = expr["items"] if array else expr
        fields[path] = {
            "signature": _signature(expr),
            "required": prop["required"],
            "values": list(expr.get("values", [])) if _node(expr) == "Scalar" else [],
            "description": prop["description"],
            "py_name": prop.get("py_name"),
            "class_name": inner.get("class_name") if _node(inner) == "ObjectType" else None,
        }
        if _node(inner) == "ObjectType":
            fields.update(_flatten(inner, path + ("[]." if array else ".")))
    return fields


class _Diff:
    """Collects changes; each compare_* method knows one kind of IR node."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, location: str, rule: str, bump: Bump, detail: str = "") -> None:
        self.changes.append(Change(location, rule, bump, detail))

    def keyed(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        label: str,
        removed: tuple[str, Bump],
        added: Callable[[Any], tuple[str, Bump]],
        both: Callable[[str, Any, Any], None],
    ) -> None:
        for key in sorted(old.keys() - new.keys()):
            self.add(f"{label} {key}", *removed)
        for key in sorted(new.keys() - old.keys()):
            self.add(f"{label} {key}", *added(new[key]))
        for key in sorted(old.keys() & new.keys()):
            both(f"{label} {key}", old[key], new[key])

    def text(self, where: str, old: Any, new: Any, what: str = "description") -> None:
        # Compared in prose's normal form: a manifest written before prose was normalised when
        # read holds the raw text, and whitespace alone is no release.
        if _prose(old) != _prose(new):
            self.add(where, f"changed-{what}", "patch")

    def info(self, old: Snapshot, new: Snapshot) -> None:
        """The spec's title and version: a patch whose line says what they became."""
        parts = [
            f"{label} {_prose(old[key])!r} -> {_prose(new[key])!r}"
            for key, label in (("title", "title"), ("spec_version", "version"))
            if _prose(old[key]) != _prose(new[key])
        ]
        if parts:
            self.add("spec", "changed-info", "patch", "; ".join(parts))

    def names(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], *keys: str) -> None:
        """The Python names a matched node generates (attribute, class, handler, module,
        function): renaming one breaks the code that uses it, whatever renamed it (the spec or a
        change of the naming rules). A name an older manifest lacks is not compared."""
        for key in keys:
            before, after = old.get(key), new.get(key)
            if before is not None and after is not None and before != after:
                self.add(where, "renamed", "major", f"{key} {before} -> {after}")

    def values(self, where: str, old: Iterable[Any], new: Iterable[Any]) -> None:
        old_set, new_set = set(map(repr, old)), set(map(repr, new))
        for value in sorted(old_set - new_set):
            self.add(where, "removed-enum-value", "major", value)
        for value in sorted(new_set - old_set):
            self.add(where, "new-enum-value", "minor", value)

    def envelope_field(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if old["signature"] != new["signature"]:
            self.add(where, "changed-type", "major", f"{old['signature']} -> {new['signature']}")
        if old["required"] and not new["required"]:
            self.add(where, "required-to-optional", "major")
        elif new["required"] and not old["required"]:
            self.add(where, "optional-to-required", "major")
        if old["values"] or new["values"]:
            self.values(where, old["values"], new["values"])
        self.names(where, old, new, "py_name", "class_name")
        self.text(where, old["description"], new["description"])

    def catalog_field(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        signature = ("kind", "multivalue")
        if tuple(old[k] for k in signature) != tuple(new[k] for k in signature):
            self.add(where, "changed-type", "major", f"{_field_type(old)} -> {_field_type(new)}")
        if old["selector"] != new["selector"]:
            self.add(where, "changed-selector", "major", f"{old['selector']} -> {new['selector']}")
        self.names(where, old, new, "py_name")
        self.text(where, old["description"], new["description"])

    def catalog_fields(self, label: str, old: Iterable[Any], new: Iterable[Any]) -> None:
        self.keyed(
            _by(old, "name"),
            _by(new, "name"),
            f"{label} field",
            ("removed-field", "major"),
            lambda _: ("new-field", "minor"),
            self.catalog_field,
        )

    def event(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if old["envelope"] and not new["envelope"]:
            self.add(where, "removed-event", "major", "no longer in the webhook spec")
        elif new["envelope"] and not old["envelope"]:
            self.add(where, "new-event", "minor", "now in the webhook spec")
        else:
            self.keyed(
                _flatten(old["envelope"]),
                _flatten(new["envelope"]),
                f"{where} field",
                ("removed-field", "major"),
                lambda _: ("new-field", "minor"),
                self.envelope_field,
            )
        old_hook, new_hook = old["catalog_webhook"], new["catalog_webhook"]
        if old_hook and not new_hook:
            self.add(where, "removed-handler", "major", "catalog webhook removed")
        elif new_hook and not old_hook:
            self.add(where, "new-handler", "minor", "catalog webhook added")
        elif old_hook and new_hook and old_hook["path"] != new_hook["path"]:
            self.add(where, "changed-route", "major", f"{old_hook['path']} -> {new_hook['path']}")
        self.names(where, old, new, "class_name", "handler_name")
        # An event that left or joined the webhook spec takes its description from the other
        # spec now: that is the removal or addition already reported, not a reworded text.
        if bool(old["envelope"]) == bool(new["envelope"]):
            self.text(where, old["description"], new["description"])

    def parameter(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if old["where"] != new["where"]:
            self.add(where, "moved-parameter", "major", f"{old['where']} -> {new['where']}")
        elif old["kind"] != new["kind"]:
            self.parameter_type(where, old, new)
        if new["required"] and not old["required"]:
            self.add(where, "optional-to-required", "major")
        elif old["required"] and not new["required"]:
            self.add(where, "required-to-optional", "minor")
        if old["options"] or new["options"]:
            self.values(where, old["options"], new["options"])
        if old["default"] != new["default"]:
            # Sent whenever the caller leaves the parameter out: the request changes, the
            # signature does not.
            detail = f"{old['default']!r} -> {new['default']!r}"
            self.add(where, "changed-default", "minor", detail)
        self.names(where, old, new, "py_name")
        self.text(where, old["description"], new["description"])

    def parameter_type(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """What a builder parameter accepts changed: compatible only when it widened to any
        JSON value (a raw String slot), which takes and sends every value it took before."""
        accepts = f"{_accepts(old['kind'])} -> {_accepts(new['kind'])}"
        if old["declared_type"] != new["declared_type"]:
            detail = f"{old['declared_type']} -> {new['declared_type']}: {accepts}"
        else:  # same declared type: the body slot's quotes changed (a quoted slot takes str)
            quoting = "quoted -> raw" if old["kind"] == "str" else "raw -> quoted"
            detail = f"{quoting}: {accepts}"
        if new["kind"] == "json":
            self.add(where, "widened-type", "minor", detail)
        else:
            self.add(where, "changed-type", "major", detail)

    def operation(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if (old["method"], old["path_segments"]) != (new["method"], new["path_segments"]):
            self.add(where, "changed-path", "major")
        if old["body"] != new["body"]:
            self.add(where, "changed-body", "minor")
        self.names(where, old, new, "function_name")
        self.keyed(
            _by(old["parameters"], "name"),
            _by(new["parameters"], "name"),
            f"{where} parameter",
            ("removed-parameter", "major"),
            lambda p: (
                ("new-required-parameter", "major")
                if p["required"]
                else ("new-optional-parameter", "minor")
            ),
            self.parameter,
        )

    def resource(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.catalog_fields(where, old["fields"], new["fields"])
        self.keyed(
            _by(old["operations"], "name"),
            _by(new["operations"], "name"),
            f"{where} operation",
            ("removed-operation", "major"),
            lambda _: ("new-operation", "minor"),
            self.operation,
        )
        self.names(where, old, new, "module_name")
        old_hooks, new_hooks = _by(old["webhooks"], "event"), _by(new["webhooks"], "event")
        for event in sorted(old_hooks.keys() & new_hooks.keys()):
            self.names(f"{where} webhook {event}", old_hooks[event], new_hooks[event], "class_name")
            self.catalog_fields(
                f"{where} webhook {event} payload",
                old_hooks[event]["fields"],
                new_hooks[event]["fields"],
            )
        self.text(where, (old["title"], old["description"]), (new["title"], new["description"]))


def _prose(value: Any) -> Any:
    """`value` (text, or a tuple or list of texts) in prose's normal form (`text.tidy`)."""
    if isinstance(value, str):
        return tidy(value)
    if isinstance(value, (tuple, list)):
        return tuple(_prose(item) for item in value)
    return value


def _accepts(kind: Any) -> str:
    """What a builder parameter of this kind accepts, as a change line names it."""
    return "any JSON value" if kind == "json" else str(kind)


def _field_type(field: Mapping[str, Any]) -> str:
    """A catalog field's Python-side type as a change line shows it: `str`, `list[int]`..."""
    kind = str(field["kind"])
    return f"list[{kind}]" if field["multivalue"] else kind


def _by(items: Iterable[Mapping[str, Any]], key: str) -> dict[str, Any]:
    return {str(item[key]): item for item in items}


def _event_added(event: Mapping[str, Any]) -> tuple[str, Bump]:
    return ("new-event", "minor") if event["envelope"] else ("new-handler", "minor")


def _event_removed_rule(old: Mapping[str, Any]) -> tuple[str, Bump]:
    return ("removed-event", "major") if old["envelope"] else ("removed-handler", "major")


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every classified change from snapshot `old` to snapshot `new`, sorted."""
    result = _Diff()
    old_events, new_events = _by(old["events"], "type"), _by(new["events"], "type")
    for key in sorted(old_events.keys() - new_events.keys()):
        result.add(f"event {key}", *_event_removed_rule(old_events[key]))
    for key in sorted(new_events.keys() - old_events.keys()):
        result.add(f"event {key}", *_event_added(new_events[key]))
    for key in sorted(old_events.keys() & new_events.keys()):
        result.event(f"event {key}", old_events[key], new_events[key])
    result.keyed(
        _by(old["resources"], "handle"),
        _by(new["resources"], "handle"),
        "resource",
        ("removed-resource", "major"),
        lambda _: ("new-resource", "minor"),
        result.resource,
    )
    result.info(old, new)
    return sorted(result.changes)


# The shape of a snapshot, as `diff` reads it: a manifest written by an earlier run (or edited
# by hand, or mangled by a merge) is checked once, up front, so a missing key or a wrong type
# is reported at its place instead of failing somewhere inside the comparison.

JsonPath = tuple[str | int, ...]
Check = Callable[[Any, JsonPath], None]


class ShapeError(ValueError):
    """A value is not shaped as expected: `path` (keys and indexes) says where."""

    def __init__(self, path: JsonPath, message: str) -> None:
        super().__init__(message)
        self.path = path


def _anything(value: Any, path: JsonPath) -> None:
    """Compared or printed only: any JSON value will do."""


def _text(value: Any, path: JsonPath) -> None:
    if not isinstance(value, str):
        raise ShapeError(path, f"expected a string, found {json_type(value)}")


def _list_of(item: Check) -> Check:
    def check(value: Any, path: JsonPath) -> None:
        if not isinstance(value, list):
            raise ShapeError(path, f"expected an array, found {json_type(value)}")
        for index, element in enumerate(value):
            item(element, (*path, index))

    return check


def _optional(inner: Check) -> Check:
    def check(value: Any, path: JsonPath) -> None:
        if value is not None:
            inner(value, path)

    return check


def _object(**members: Check) -> Check:
    def check(value: Any, path: JsonPath) -> None:
        if not isinstance(value, dict):
            raise ShapeError(path, f"expected an object, found {json_type(value)}")
        for key, member in members.items():
            if key not in value:
                raise ShapeError(path, f"missing {key!r}")
            member(value[key], (*path, key))

    return check


def _type_expr(value: Any, path: JsonPath) -> None:
    _NODE(value, path)
    node = _node(value)
    if node == "Scalar":
        _SCALAR(value, path)
        if "values" in value:  # optional: `diff` reads it with a default
            _VALUES(value["values"], (*path, "values"))
    elif node == "ArrayOf":
        _ARRAY_OF(value, path)
    elif node == "ObjectType":
        _OBJECT_TYPE(value, path)


_NODE = _object(node=_text)
_SCALAR = _object(kind=_anything)
_VALUES = _list_of(_anything)
_ARRAY_OF = _object(items=_type_expr)
_PROPERTY = _object(name=_text, type=_type_expr, required=_anything, description=_anything)
_OBJECT_TYPE = _object(properties=_list_of(_PROPERTY))
_CATALOG_FIELD = _object(
    name=_anything, kind=_anything, multivalue=_anything, selector=_anything, description=_anything
)
_PARAMETER = _object(
    name=_anything,
    kind=_anything,
    where=_anything,
    declared_type=_anything,
    required=_anything,
    options=_list_of(_anything),
    default=_anything,
    description=_anything,
)
_SNAPSHOT = _object(
    events=_list_of(
        _object(
            type=_anything,
            envelope=_optional(_OBJECT_TYPE),
            catalog_webhook=_optional(_object(path=_anything)),
            description=_anything,
        )
    ),
    resources=_list_of(
        _object(
            handle=_anything,
            fields=_list_of(_CATALOG_FIELD),
            operations=_list_of(
                _object(
                    name=_anything,
                    method=_anything,
                    path_segments=_anything,
                    body=_anything,
                    parameters=_list_of(_PARAMETER),
                )
            ),
            webhooks=_list_of(_object(event=_anything, fields=_list_of(_CATALOG_FIELD))),
            title=_anything,
            description=_anything,
        )
    ),
    title=_anything,
    spec_version=_anything,
)
# A CHANGELOG entry as the manifest keeps it: the CHANGELOG template reads every key.
_HISTORY = _list_of(
    _object(
        version=_text,
        bump=_optional(_text),
        note=_text,
        changes=_list_of(_object(location=_text, rule=_text, bump=_text, detail=_text)),
    )
)


def check_snapshot(value: Any, path: JsonPath = ()) -> None:
    """Raise ShapeError unless `value` (found at `path`) is a snapshot `diff` can compare."""
    _SNAPSHOT(value, path)


# Release notes (news fragments) an entry holds: optional, written only when there are some.
_NOTES = _list_of(_object(kind=_text, file=_text, text=_text))


def check_history(value: Any, path: JsonPath = ()) -> None:
    """Raise ShapeError unless `value` (found at `path`) is a release history (newest first)."""
    _HISTORY(value, path)
    for index, entry in enumerate(value):
        if "notes" in entry:
            _NOTES(entry["notes"], (*path, index, "notes"))
