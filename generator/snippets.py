"""The Python code blocks of the docs, laid out as `ruff format` would (the docs test checks).

Names in them come from the IR's Python names (identifiers by construction); every value from
the specs goes through `literal`, so spec text stays inside string literals.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import examples
from .ir import CatalogWebhook, Event, Operation, Resource, Spec

# The generated package's line length: docs code reads like the package's own.
LINE_LENGTH = 100
_INDENT = "    "


def literal(value: Any) -> str:
    """A Python literal of JSON data, quoted as ruff format quotes it."""
    if isinstance(value, str):
        text = repr(value)
        if text.startswith("'") and '"' not in value:
            text = '"' + text[1:-1].replace("\\'", "'") + '"'
        return text
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def bracketed(head: str, items: Sequence[str], tail: str, indent: str = "") -> str:
    """`head(items)tail` on one line if it fits, else the items on one inner line, else one item
    per line with a trailing comma: the three layouts of ruff format (and black)."""
    one_line = indent + head + ", ".join(items) + tail
    if len(one_line) <= LINE_LENGTH or not items:
        return one_line
    inner = indent + _INDENT + ", ".join(items)
    if len(inner) <= LINE_LENGTH:
        return f"{indent}{head}\n{inner}\n{indent}{tail}"
    lines = "".join(f"{indent}{_INDENT}{item},\n" for item in items)
    return f"{indent}{head}\n{lines}{indent}{tail}"


def _handler_method(event: Event) -> str:
    return bracketed(
        f"def {event.handler_name}(",
        ["self", f"event: openai_webhooks.{event.class_name}"],
        ") -> None:",
        _INDENT,
    )


def quick_start_event(spec: Spec) -> Event | None:
    """The event the README's quick start handles: the first one with an envelope."""
    return next((e for e in spec.events if e.envelope is not None), None)


def quick_start(spec: Spec) -> str:
    """The README's quick start: verify a delivery and dispatch it to a handler."""
    event = quick_start_event(spec)
    if event is None:
        method = (
            _INDENT + "def on_unknown(self, event: openai_webhooks.UnknownWebhookEvent) -> None:"
        )
        action = "print(event.type, event.id)"
    else:
        method = _handler_method(event)
        action = f"print(event.type, {examples.data_attribute(event)})"
    return (
        "import os\n\nimport openai_webhooks\n\n\n"
        "class Handler(openai_webhooks.WebhookHandler):\n"
        f"{method}\n{_INDENT * 2}{action}\n\n\n"
        "def receive(body: bytes, headers: dict[str, str]) -> None:\n"
        '    """Call with the raw body and the headers of each delivery."""\n'
        '    secret = os.environ["OPENAI_WEBHOOK_SECRET"]\n'
        "    event = openai_webhooks.unwrap(body, headers, secret)  # raises a WebhookError\n"
        "    Handler().dispatch(event)\n"
    )


def recipe_handler(spec: Spec, is_async: bool = False, module: str = "openai_webhooks") -> str:
    """The `Handler` class of the recipes and the deployment page: it handles the quick start
    event (any event when the spec has no envelope event), printing a label and the data id."""
    event = quick_start_event(spec)
    prefix = "async def " if is_async else "def "
    if event is None:
        name, annotation, action = "on_unknown", "UnknownWebhookEvent", "event.type, event.id"
    else:
        label = literal(event.type.replace(".", " ") + ":")
        name, annotation = event.handler_name, event.class_name
        action = f"{label}, {examples.data_attribute(event)}"
    method = bracketed(
        f"{prefix}{name}(", ["self", f"event: {module}.{annotation}"], ") -> None:", _INDENT
    )
    return f"class Handler({module}.WebhookHandler):\n{method}\n{_INDENT * 2}print({action})\n"


def recipe_catalog_hook(spec: Spec) -> tuple[Resource, CatalogWebhook] | None:
    """The catalog webhook the recipes serve: the quick start event's, else the first one."""
    event = quick_start_event(spec)
    found = spec.catalog_webhook(event) if event is not None else None
    if found is not None:
        return found
    return next(((r, h) for r in spec.resources for h in r.webhooks), None)


def recipe_catalog(hook: CatalogWebhook, is_async: bool = False) -> str:
    """The `Catalog` class of the recipes: it prints the payload's first field and the first
    one its selector digs out of a nested value (what the catalog's flattening is for)."""
    prefix = "async def " if is_async else "def "
    shown = list(hook.fields[:1])
    shown += [f for f in hook.fields if len(f.selector) > 1 and f not in shown][:1]
    values = [literal(f"catalog {hook.event.replace('.', ' ')}:")]
    values += [f"payload.{f.py_name}" for f in shown] or ["payload"]
    method = bracketed(
        f"{prefix}{hook.handler_name}(",
        ["self", f"payload: {hook.class_name}"],
        ") -> None:",
        _INDENT,
    )
    return (
        f"class Catalog(CatalogHandler):\n{method}\n"
        f"{bracketed('print(', values, ')', _INDENT * 2)}\n"
    )


def handler_stub(event: Event) -> str:
    """The `WebhookHandler` method to override for an envelope event."""
    return (
        "import openai_webhooks\n\n\n"
        "class Handler(openai_webhooks.WebhookHandler):\n"
        f"{_handler_method(event)}\n"
        f"{_INDENT * 2}print(event.type, {examples.data_attribute(event)})\n"
    )


def fetch_example(event: Event, spec: Spec) -> str:
    """A handler that builds the request fetching the resource the event names."""
    assert event.link is not None
    module = spec.resource(event.link.resource).module_name
    call = f"{module}.{event.link.operation}({event.link.parameter}=event.data.id)"
    return (
        f"import openai_webhooks\nfrom openai_webhooks.catalog import {module}\n\n\n"
        "class Handler(openai_webhooks.WebhookHandler):\n"
        f"{_handler_method(event)}\n"
        f"{_INDENT * 2}request = {call}\n"
        f"{_INDENT * 2}print(request.method, request.path)  # then send it: see the link below\n"
    )


def catalog_stub(hook: CatalogWebhook, resource: Resource) -> str:
    """The `CatalogHandler` method to override for a catalog webhook."""
    shown = f"payload.{hook.fields[0].py_name}" if hook.fields else "payload"
    imports = (
        "from openai_webhooks.catalog import CatalogHandler\n"
        f"from openai_webhooks.catalog.{resource.module_name} import {hook.class_name}\n"
    )
    method = bracketed(
        f"def {hook.handler_name}(", ["self", f"payload: {hook.class_name}"], ") -> None:", _INDENT
    )
    return (
        f"{imports}\n\nclass Catalog(CatalogHandler):\n{method}\n"
        f"{_INDENT * 2}print({literal(hook.event)}, {shown})\n"
    )


def call_example(operation: Operation, resource: Resource) -> str:
    """A `build_<operation>` call with example values for the required parameters."""
    arguments = [f"{p.py_name}={literal(v)}" for p, v in examples.call_arguments(operation)]
    call = bracketed(f"request = {resource.module_name}.{operation.function_name}(", arguments, ")")
    return f"from openai_webhooks.catalog import {resource.module_name}\n\n{call}\n"


def json_example(value: Any) -> str:
    """Example JSON as the docs show it: indented, keys in the spec's order."""
    return json.dumps(value, indent=2, ensure_ascii=False)


FILTERS = {
    "quick_start": quick_start,
    "handler_stub": handler_stub,
    "fetch_example": fetch_example,
    "catalog_stub": catalog_stub,
    "recipe_handler": recipe_handler,
    "recipe_catalog_hook": recipe_catalog_hook,
    "recipe_catalog": recipe_catalog,
    "call_example": call_example,
    "json_example": json_example,
    "envelope_example": examples.envelope_example,
    "body_example": examples.body_example,
    "type_stem": examples.type_stem,
    "record_stem": examples.record_stem,
    "request_example": examples.request_text,
    "literal": literal,
}
