"""The Python code blocks of the docs, laid out as `ruff format` would (the docs test checks).

Names in them come from the IR's Python names (identifiers by construction); every value from
the specs goes through `literal`, so spec text stays inside string literals.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from ..ir import CatalogWebhook, Event, Operation, Resource, Spec
from . import examples, jsontext

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


def _method(name: str, parameter: str, is_async: bool = False) -> str:
    """A handler method's `def` line(s) inside a class, laid out as ruff format would."""
    keyword = "async def" if is_async else "def"
    return bracketed(f"{keyword} {name}(", ["self", parameter], ") -> None:", _INDENT)


def _handler_class(
    event: Event | None,
    body: Sequence[str],
    is_async: bool = False,
    module: str = "openai_webhooks",
) -> str:
    """`class Handler(<module>.WebhookHandler)` overriding the method of `event` (`on_unknown`
    when None) with the lines of `body`."""
    name, annotation = (
        ("on_unknown", "UnknownWebhookEvent")
        if event is None
        else (event.handler_name, event.class_name)
    )
    method = _method(name, f"event: {module}.{annotation}", is_async)
    lines = "".join(f"{_INDENT * 2}{line}\n" for line in body)
    return f"class Handler({module}.WebhookHandler):\n{method}\n{lines}"


def _catalog_class(hook: CatalogWebhook, values: Sequence[str], is_async: bool = False) -> str:
    """`class Catalog(CatalogHandler)` overriding the method of `hook`, printing `values`."""
    method = _method(hook.handler_name, f"payload: {hook.class_name}", is_async)
    return (
        f"class Catalog(CatalogHandler):\n{method}\n"
        f"{bracketed('print(', values, ')', _INDENT * 2)}\n"
    )


def _shown(event: Event | None) -> str:
    """What a handler prints to identify the event: its data id when it has one."""
    return "event.id" if event is None else examples.data_attribute(event)


def quick_start_event(spec: Spec) -> Event | None:
    """The event the README's quick start handles: the first one with an envelope."""
    return next((e for e in spec.events if e.envelope is not None), None)


def quick_start(spec: Spec) -> str:
    """The README's quick start: verify a delivery and dispatch it to a handler."""
    event = quick_start_event(spec)
    handler = _handler_class(event, [f"print(event.type, {_shown(event)})"])
    return (
        f"import os\n\nimport openai_webhooks\n\n\n{handler}\n\n"
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
    label = "event.type" if event is None else literal(event.type.replace(".", " ") + ":")
    return _handler_class(event, [f"print({label}, {_shown(event)})"], is_async, module)


def handler_example(spec: Spec) -> str:
    """The recipes' `Handler` class as a module of its own (the handling page)."""
    return f"import openai_webhooks\n\n\n{recipe_handler(spec)}"


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
    shown = list(hook.fields[:1])
    shown += [f for f in hook.fields if len(f.selector) > 1 and f not in shown][:1]
    values = [literal(f"catalog {hook.event.replace('.', ' ')}:")]
    values += [f"payload.{f.py_name}" for f in shown] or ["payload"]
    return _catalog_class(hook, values, is_async)


def python_data(value: Any, indent: str = "", head: str = "", tail: str = "") -> str:
    """`head` + a Python literal of JSON data + `tail`, split over lines as ruff format splits a
    collection: on one line when it fits, else one item per line with a trailing comma."""
    one_line = indent + head + literal(value) + tail
    if len(one_line) <= LINE_LENGTH or not isinstance(value, (dict, list)) or not value:
        return one_line
    inner = indent + _INDENT
    if isinstance(value, dict):
        items = [python_data(v, inner, f"{literal(k)}: ", ",") for k, v in value.items()]
        opening, closing = "{", "}"
    else:
        items = [python_data(v, inner, "", ",") for v in value]
        opening, closing = "[", "]"
    return "\n".join([indent + head + opening, *items, indent + closing + tail])


# A fixed `whsec_` secret for the testing example: tests sign their own deliveries.
TEST_SECRET = "whsec_" + base64.b64encode(b"a secret for tests, never deployed").decode()


def testing_example(spec: Spec) -> str:
    """A pytest module that signs a delivery with `sign` and checks the handler receives it."""
    event = quick_start_event(spec)
    if event is None:
        body: dict[str, Any] = {"id": "evt_1", "created_at": 1750000000, "type": "example.new"}
        body["data"] = {}
        model, name = "UnknownWebhookEvent", "an_unknown_type"
    else:
        body, model = examples.envelope_example(event), event.class_name
        name = event.handler_name.removeprefix("on_")
    handler = recipe_handler(spec)
    return (
        "import json\n\nimport openai_webhooks\nimport pytest\n\n"
        "# Any whsec_ value: the test signs its own deliveries.\n"
        f"SECRET = {literal(TEST_SECRET)}\n"
        f"{python_data(body, head='BODY = ')}\n\n\n{handler}\n\n"
        f"def test_{name}_is_verified_and_dispatched() -> None:\n"
        "    body = json.dumps(BODY).encode()\n"
        "    headers = openai_webhooks.sign(body, SECRET)  # webhook-id, -timestamp, -signature\n"
        "    event = openai_webhooks.unwrap(body, headers, SECRET)\n"
        f"    assert isinstance(event, openai_webhooks.{model})\n"
        "    Handler().dispatch(event)\n\n\n"
        "def test_a_delivery_signed_with_another_secret_is_refused() -> None:\n"
        "    body = json.dumps(BODY).encode()\n"
        '    headers = openai_webhooks.sign(body, "whsec_" + "A" * 32)\n'
        "    with pytest.raises(openai_webhooks.InvalidWebhookSignatureError):\n"
        "        openai_webhooks.unwrap(body, headers, SECRET)\n"
    )


def router_example(spec: Spec) -> str:
    """A `WebhookRouter` with a function for the quick start event and one for unknown types."""
    event = quick_start_event(spec)
    lines = ["import openai_webhooks", "", "router = openai_webhooks.WebhookRouter()", "", ""]
    if event is not None:
        label = literal(event.type.replace(".", " ") + ":")
        lines += [
            f"@router.on({literal(event.type)})",
            bracketed(
                f"def {event.handler_name}(",
                [f"event: openai_webhooks.{event.class_name}"],
                ") -> None:",
            ),
            f"    print({label}, {_shown(event)})",
            "",
            "",
        ]
    lines += [
        "@router.on_unknown",
        "def on_unknown(event: openai_webhooks.UnknownWebhookEvent) -> None:",
        '    print("not known to this package:", event.type, event.id)',
    ]
    return "\n".join(lines) + "\n"


def handler_stub(event: Event) -> str:
    """The `WebhookHandler` method to override for an envelope event."""
    body = [f"print(event.type, {_shown(event)})"]
    return f"import openai_webhooks\n\n\n{_handler_class(event, body)}"


def fetch_call(event: Event, spec: Spec) -> str:
    """The builder call that reads the resource an event names: `responses.build_read(...)`."""
    assert event.link is not None
    module = spec.resource(event.link.resource).module_name
    return f"{module}.{event.link.operation}({event.link.parameter}=event.data.id)"


def fetch_example(event: Event, spec: Spec) -> str:
    """A handler that builds the request fetching the resource the event names."""
    assert event.link is not None
    module = spec.resource(event.link.resource).module_name
    body = [
        f"request = {fetch_call(event, spec)}",
        "print(request.method, request.path)  # then send it: see the link below",
    ]
    return (
        f"import openai_webhooks\nfrom openai_webhooks.catalog import {module}\n\n\n"
        f"{_handler_class(event, body)}"
    )


def catalog_stub(hook: CatalogWebhook, resource: Resource) -> str:
    """The `CatalogHandler` method to override for a catalog webhook."""
    shown = f"payload.{hook.fields[0].py_name}" if hook.fields else "payload"
    return (
        "from openai_webhooks.catalog import CatalogHandler\n"
        f"from openai_webhooks.catalog.{resource.module_name} import {hook.class_name}\n\n\n"
        f"{_catalog_class(hook, [literal(hook.event), shown])}"
    )


def call_example(operation: Operation, resource: Resource) -> str:
    """A `build_<operation>` call with example values for the required parameters."""
    arguments = [f"{p.py_name}={literal(v)}" for p, v in examples.call_arguments(operation)]
    call = bracketed(f"request = {resource.module_name}.{operation.function_name}(", arguments, ")")
    return f"from openai_webhooks.catalog import {resource.module_name}\n\n{call}\n"


def json_example(value: Any) -> str:
    """Example JSON as the docs show it: indented, keys in the spec's order."""
    return jsontext.dumps(value, indent=2, sort_keys=False)


FILTERS = {
    "quick_start": quick_start,
    "handler_stub": handler_stub,
    "fetch_example": fetch_example,
    "fetch_call": fetch_call,
    "catalog_stub": catalog_stub,
    "recipe_handler": recipe_handler,
    "handler_example": handler_example,
    "router_example": router_example,
    "testing_example": testing_example,
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
