"""The merge report `validate` prints: which events come from which source, how an event in both
links to its resource, and every conflict found at an event, each with its location."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..ir import Event, Spec


def _anchors(events: tuple[Event, ...]) -> set[tuple[str, str]]:
    """(file, JSON pointer) of every event entry: where merge conflicts are located."""
    anchors: set[tuple[str, str]] = set()
    for event in events:
        anchors.add((event.location.file, event.location.pointer))
        ref = event.catalog_webhook
        if ref is not None and ref.location.pointer:
            for suffix in ("", "/path", "/event"):
                anchors.add((ref.location.file, ref.location.pointer + suffix))
    return anchors


def conflicts(spec: Spec) -> list[Diagnostic]:
    """The diagnostics located at an event entry of either source (routes, links, names)."""
    anchors = _anchors(spec.events)
    return [d for d in spec.diagnostics if (d.location.file, d.location.pointer) in anchors]


def _link(spec: Spec, event: Event) -> str:
    if event.link is None:
        return "no link: see the conflicts below"
    resource = spec.resource(event.link.resource)
    module = f"catalog.{resource.module_name}"
    fields = ", ".join(f.py_name for f in resource.fields)
    return (
        f"fetch {module}.{event.link.operation}({event.link.parameter}=event.data.id)"
        f" -> {module}.Record: {fields}"
    )


def merge_report(spec: Spec) -> str:
    """Events only in the webhook spec, only in the catalog, in both (with the resource link),
    the conflicts, and the warning count."""
    only_spec = [e for e in spec.events if e.envelope and not e.catalog_webhook]
    only_catalog = [e for e in spec.events if e.catalog_webhook and not e.envelope]
    both = [e for e in spec.events if e.envelope and e.catalog_webhook]
    lines = [
        f"merge: {len(spec.events)} events ({len(only_spec)} only in the webhook spec,"
        f" {len(only_catalog)} only in the catalog, {len(both)} in both),"
        f" {len(spec.resources)} resources"
    ]
    lines.append(f"only in the webhook spec ({len(only_spec)}):")
    lines.extend(f"  {e.type}  [{e.location}]" for e in only_spec)
    lines.append(f"only in the catalog ({len(only_catalog)}):")
    for e in only_catalog:
        assert e.catalog_webhook is not None
        ref = e.catalog_webhook
        lines.append(f"  {e.type}  -> {ref.resource} {ref.path}  [{ref.location}]")
    lines.append(f"in both ({len(both)}):")
    for e in both:
        assert e.catalog_webhook is not None
        ref = e.catalog_webhook
        lines.append(f"  {e.type}  -> {ref.resource} {ref.path}  [{e.location}] [{ref.location}]")
        lines.append(f"    {_link(spec, e)}")
    found = conflicts(spec)
    lines.append(f"conflicts ({len(found)}):")
    lines.extend(f"  {d.format()}" for d in found)
    warnings = sum(1 for d in spec.diagnostics if d.level == "warning")
    lines.append(f"ok: {warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines) + "\n"
