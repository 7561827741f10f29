"""Merge webhook-spec events and catalog resources into one Spec, keyed by event type.

An event in the webhook spec gets an envelope; an event in the catalog gets a route; an event in
both gets both, and a link to its resource's `read` operation. Every oddity becomes a diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..diagnostics import Diagnostic
from ..ir import (
    CatalogWebhookRef,
    Event,
    Nullable,
    ObjectType,
    Resource,
    ResourceLink,
    Scalar,
    Slot,
    Spec,
    data_object,
)
from ..load.source import Document, Report
from . import naming
from .openapi import WebhookEvent

# Names the generated runtime defines; an event whose derived name equals one would shadow it.
# Event classes all end in "WebhookEvent" and handler methods all start with "on_", so only these
# can clash: `WebhookHandler` defines `on_unknown` and `dispatch`, and `CatalogHandler` (which
# gets the catalog events' methods) `dispatch` alone.
RUNTIME_CLASS_NAMES = frozenset({"UnknownWebhookEvent", "WebhookEvent"})
RUNTIME_HANDLER_NAMES = frozenset({"on_unknown"})


def merge(
    title: str,
    spec_version: str,
    webhook_events: Iterable[Event],
    resources: Iterable[Resource],
    spec_doc: Document | None,
    catalog_doc: Document | None,
    report: Report,
) -> Spec:
    """One Spec from both sources (the webhook spec's events as `envelopes` names them);
    conflicts are reported to `report`."""
    resources = tuple(resources)
    events = {event.type: event for event in webhook_events}
    routes: dict[str, str] = {}
    for r_index, resource in enumerate(resources):
        for w_index, hook in enumerate(resource.webhooks):
            assert catalog_doc is not None
            where = (r_index, "webhooks", w_index)
            if hook.path in routes:
                report.error(
                    catalog_doc,
                    (*where, "path"),
                    f"route {hook.path!r} is already used by {routes[hook.path]!r}",
                )
                continue
            routes[hook.path] = hook.event
            known = events.get(hook.event)
            if known is not None and known.catalog_webhook is not None:
                report.error(
                    catalog_doc,
                    (*where, "event"),
                    f"event {hook.event!r} already has a catalog webhook in resource {known.catalog_webhook.resource!r}",
                )
                continue
            ref = CatalogWebhookRef(
                resource=resource.handle, path=hook.path, location=catalog_doc.locate(where)
            )
            if known is None:
                events[hook.event] = Event(
                    type=hook.event,
                    class_name=naming.event_class_name(hook.event),
                    handler_name=naming.handler_name(hook.event),
                    description="",
                    envelope=None,
                    catalog_webhook=ref,
                    location=catalog_doc.locate(where),
                )
                continue
            link = _read_link(resource)
            if link is None:
                report.warning(
                    catalog_doc,
                    where,
                    f"event {hook.event!r} is in both sources but resource {resource.handle!r} has no 'read' operation with one path parameter to fetch it by",
                )
            elif not _has_data_id(known.envelope):
                message = f"event {hook.event!r} is in both sources but its envelope has no string 'data.id' to fetch resource {resource.handle!r} by"
                report.items.append(Diagnostic("warning", message, known.location))
                link = None
            events[hook.event] = replace(known, catalog_webhook=ref, link=link)
    ordered = _in_type_order(events.values())
    _check_names(ordered, spec_doc, catalog_doc, report)
    return Spec(
        title=title,
        spec_version=spec_version,
        events=ordered,
        resources=resources,
        diagnostics=tuple(report.items),
    )


def _webhook_event(item: WebhookEvent, spec_doc: Document) -> Event:
    return Event(
        type=item.type,
        class_name=naming.event_class_name(item.type),
        handler_name=naming.handler_name(item.type),
        description=item.description,
        envelope=item.envelope,
        example=item.example,
        id_prefixes=item.id_prefixes,
        location=spec_doc.locate(item.path),
    )


def envelopes(webhook_events: Iterable[WebhookEvent], spec_doc: Document) -> Spec:
    """The webhook spec's events alone, named and ordered as `merge` names and orders them:
    all the models need, before the catalog is read."""
    return Spec(
        title="",
        spec_version="",
        events=_in_type_order(_webhook_event(e, spec_doc) for e in webhook_events),
        resources=(),
    )


def _in_type_order(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda e: e.type))


def _read_link(resource: Resource) -> ResourceLink | None:
    read = next((op for op in resource.operations if op.name == "read"), None)
    if read is None:
        return None
    slots = [s.parameter for s in read.path_segments if isinstance(s, Slot)]
    if len(slots) != 1:
        return None
    param = next((p for p in read.parameters if p.name == slots[0]), None)
    if param is None:
        return None  # an undeclared placeholder: the catalog loader has reported it
    return ResourceLink(
        resource=resource.handle, operation=read.function_name, parameter=param.py_name
    )


def _has_data_id(envelope: ObjectType | None) -> bool:
    """Whether an envelope has `data.id` as a string: what the resource link passes to `read`."""
    data = data_object(envelope)
    # A value that may be null could not be passed to `read`.
    return data is not None and any(
        p.name == "id"
        and p.py_name == "id"
        and isinstance(p.type, Scalar)
        and not isinstance(p.type, Nullable)
        and p.type.kind == "string"
        for p in data.properties
    )


def _check_names(
    events: tuple[Event, ...],
    spec_doc: Document | None,
    catalog_doc: Document | None,
    report: Report,
) -> None:
    """Two event types that sanitize to one Python name are an error, as is shadowing the runtime."""
    by_class: dict[str, Event] = {}
    by_handler: dict[str, Event] = {}
    for event in events:
        where = event.location
        for name, taken, reserved in (
            (event.class_name, by_class, RUNTIME_CLASS_NAMES),
            (event.handler_name, by_handler, RUNTIME_HANDLER_NAMES),
        ):
            if name in reserved:
                message = f"event {event.type!r} would be named {name!r}, which the runtime already defines; rename the event"
                report.items.append(Diagnostic("error", message, where))
            elif name in taken:
                other = taken[name].type
                message = (
                    f"event types {other!r} and {event.type!r} both become {name!r}; rename one"
                )
                report.items.append(Diagnostic("error", message, where))
            else:
                taken[name] = event
