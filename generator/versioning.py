"""Semantic versioning of the generated package: classify IR changes, pick the bump.

Works on IR snapshots (plain JSON data, as `_manifest.json` stores them), so the manifest
written by an earlier run can be compared with a new spec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

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
    bumps: list[Bump] = [c.bump for c in changes]
    if not bumps:
        return None
    return max(bumps, key=lambda bump: ORDER[bump])


def parse_version(text: str) -> tuple[int, int, int]:
    """`X.Y.Z` -> (X, Y, Z); ValueError otherwise."""
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"version must look like X.Y.Z, got {text!r}")
    return int(parts[0]), int(parts[1]), int(parts[2])


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


def _signature(expr: Mapping[str, Any]) -> str:
    """A type without enum values or descriptions: what 'changed type' compares."""
    node = expr["node"]
    if node == "Scalar":
        return str(expr["kind"])
    if node == "ArrayOf":
        return f"list[{_signature(expr['items'])}]"
    return "dict" if node == "MapOf" else "object"


def _flatten(obj: Mapping[str, Any] | None, prefix: str = "") -> dict[str, dict[str, Any]]:
    """Envelope fields by dotted path (`data.sip_headers[].name`)."""
    fields: dict[str, dict[str, Any]] = {}
    for prop in obj["properties"] if obj else []:
        path = prefix + prop["name"]
        expr = prop["type"]
        fields[path] = {
            "signature": _signature(expr),
            "required": prop["required"],
            "values": list(expr.get("values", [])) if expr["node"] == "Scalar" else [],
            "description": prop["description"],
        }
        inner = expr["items"] if expr["node"] == "ArrayOf" else expr
        if inner["node"] == "ObjectType":
            fields.update(_flatten(inner, path + ("[]." if expr["node"] == "ArrayOf" else ".")))
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
        if old != new:
            self.add(where, f"changed-{what}", "patch")

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
        self.text(where, old["description"], new["description"])

    def catalog_field(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        signature = ("kind", "multivalue")
        if tuple(old[k] for k in signature) != tuple(new[k] for k in signature):
            self.add(where, "changed-type", "major", f"{_field_type(old)} -> {_field_type(new)}")
        if old["selector"] != new["selector"]:
            self.add(where, "changed-selector", "major", f"{old['selector']} -> {new['selector']}")
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
        self.text(where, old["description"], new["description"])

    def parameter(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if (old["kind"], old["where"]) != (new["kind"], new["where"]):
            self.add(
                where, "changed-type", "major", f"{old['declared_type']} -> {new['declared_type']}"
            )
        if new["required"] and not old["required"]:
            self.add(where, "optional-to-required", "major")
        elif old["required"] and not new["required"]:
            self.add(where, "required-to-optional", "minor")
        if old["options"] or new["options"]:
            self.values(where, old["options"], new["options"])
        self.text(where, old["default"], new["default"], "default")
        self.text(where, old["description"], new["description"])

    def operation(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if (old["method"], old["path_segments"]) != (new["method"], new["path_segments"]):
            self.add(where, "changed-path", "major")
        if old["body"] != new["body"]:
            self.add(where, "changed-body", "minor")
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
        old_hooks, new_hooks = _by(old["webhooks"], "event"), _by(new["webhooks"], "event")
        for event in sorted(old_hooks.keys() & new_hooks.keys()):
            self.catalog_fields(
                f"{where} webhook {event} payload",
                old_hooks[event]["fields"],
                new_hooks[event]["fields"],
            )
        self.text(where, (old["title"], old["description"]), (new["title"], new["description"]))


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
    result.text(
        "spec", (old["title"], old["spec_version"]), (new["title"], new["spec_version"]), "info"
    )
    return sorted(result.changes)
