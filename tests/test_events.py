"""The generated event models, parse_event and the handler stubs, through the public API."""

from __future__ import annotations

import json
import re

import openai_webhooks as ow
import pytest
from openai_webhooks.handlers import HANDLER_METHODS

from generator.inputs import Inputs
from generator.parse.build import build_spec
from tests.golden_refresh import ROOT
from tests.payloads import EVENT_TYPES, event_body


def test_every_spec_event_has_a_model_with_the_design_name() -> None:
    spec = build_spec(Inputs(ROOT / "specs" / "openai-webhooks.yaml", None))
    assert EVENT_TYPES == sorted(e.type for e in spec.events)  # the package follows the spec
    # DESIGN.md section 4: `fine_tuning.job.succeeded` -> `FineTuningJobSucceededWebhookEvent`,
    # `on_fine_tuning_job_succeeded`; every event of the package is named by that rule.
    for event_type in EVENT_TYPES:
        words = re.split(r"[._]", event_type)
        class_name = "".join(w.capitalize() for w in words) + "WebhookEvent"
        assert getattr(ow, class_name).model_fields["type"].annotation.__args__ == (event_type,)
        assert HANDLER_METHODS[event_type] == "on_" + "_".join(words)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
@pytest.mark.parametrize("form", ["bytes", "str", "mapping"])
def test_each_model_accepts_a_realistic_payload(event_type: str, form: str) -> None:
    body = event_body(event_type)
    payload = {"bytes": json.dumps(body).encode(), "str": json.dumps(body), "mapping": body}[form]
    event = ow.parse_event(payload)
    class_name = "".join(w.capitalize() for w in re.split(r"[._]", event_type)) + "WebhookEvent"
    assert type(event) is getattr(ow, class_name)
    assert event.type == event_type
    assert not isinstance(event, ow.UnknownWebhookEvent)
    assert event.created_at == 1750861210
    assert event.model_dump(mode="json", exclude_unset=True) == body


@pytest.mark.parametrize("event_type", EVENT_TYPES)
@pytest.mark.parametrize("missing", ["id", "created_at", "data", "data.first"])
def test_a_missing_required_field_is_a_payload_error(event_type: str, missing: str) -> None:
    body = event_body(event_type)
    if missing == "data.first":
        data = dict(body["data"])
        del data[next(iter(data))]
        body["data"] = data
    else:
        del body[missing]
    with pytest.raises(ow.WebhookPayloadError, match=event_type):
        ow.parse_event(json.dumps(body))


def test_unknown_event_type_is_not_mistyped() -> None:
    body = {
        "id": "evt_1",
        "created_at": 1,
        "type": "response.teleported",
        "data": {"id": "resp_1", "x": [1]},
    }
    event = ow.parse_event(json.dumps(body).encode())
    assert isinstance(event, ow.UnknownWebhookEvent)
    assert (event.type, event.id, event.created_at, event.data) == (
        "response.teleported",
        "evt_1",
        1,
        {"id": "resp_1", "x": [1]},
    )


def test_an_unknown_type_unhandled_by_default_is_logged_at_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"id": "evt_new", "created_at": 1, "type": "response.teleported", "data": {}}
    event = ow.parse_event(json.dumps(body))
    with caplog.at_level("INFO", logger="openai_webhooks"):
        assert ow.WebhookHandler().dispatch(event) is None
    (record,) = caplog.records
    assert (record.name, record.levelname) == ("openai_webhooks", "INFO")
    assert "'response.teleported'" in record.getMessage() and "evt_new" in record.getMessage()

    class Quiet(ow.WebhookHandler):
        def on_unknown(self, event: ow.UnknownWebhookEvent) -> None:
            pass

    caplog.clear()
    with caplog.at_level("INFO", logger="openai_webhooks"):
        Quiet().dispatch(event)
    assert caplog.records == []

    # A router with nothing for the type says so too, and only then.
    router = ow.WebhookRouter()
    with caplog.at_level("INFO", logger="openai_webhooks"):
        router.dispatch(event)
    (record,) = caplog.records
    assert (
        "'response.teleported'" in record.getMessage()
        and "router.on_unknown" in record.getMessage()
    )
    caplog.clear()
    router.on_unknown(lambda event: None)
    with caplog.at_level("INFO", logger="openai_webhooks"):
        router.dispatch(event)
    assert caplog.records == []


def test_extra_fields_are_kept() -> None:
    event = ow.parse_event(event_body("batch.completed", livemode=True))
    assert event.model_extra == {"livemode": True}


def test_wrong_object_literal_is_rejected() -> None:
    with pytest.raises(ow.WebhookPayloadError):
        ow.parse_event(event_body("batch.completed", object="not-event"))


@pytest.mark.parametrize(
    "payload",
    [b"", b"{", b"[]", b"null", b'"x"', b"\xff\xfe", b'{"type": 3}', '{"id": 1}', 42, None],
)
def test_bad_bodies_raise_only_payload_errors(payload: object) -> None:
    with pytest.raises(ow.WebhookPayloadError):
        ow.parse_event(payload)  # type: ignore[arg-type]


KNOWN = json.dumps(event_body("batch.cancelled"))
UNKNOWN = json.dumps({"id": "e", "created_at": 1, "type": "brand.new", "data": {"id": "x"}})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        # UTF-8 of a lone surrogate (CESU-8), in a known and in an unknown event
        (KNOWN.replace("evt_", "evt_\ud800").encode("utf-8", "surrogatepass"), "not UTF-8"),
        (UNKNOWN.replace('"e"', '"e\ud800"').encode("utf-8", "surrogatepass"), "not UTF-8"),
        (KNOWN.replace("evt_", "evt_\ud800"), "lone surrogate"),
        (UNKNOWN.replace('"e"', '"e\\ud800"'), "not valid JSON"),  # a \ud800 escape
        (KNOWN.encode("utf-16"), "not UTF-8"),
        (UNKNOWN.encode("utf-32"), "not UTF-8"),
        (KNOWN.encode("utf-16-le"), "not valid JSON"),  # NUL bytes are UTF-8, not JSON
        (b"\xef\xbb\xbf" + UNKNOWN.encode(), "byte order mark"),
        ("\ufeff" + KNOWN, "byte order mark"),
        ("[" * 1000 + "]" * 1000, "not valid JSON"),
    ],
)
def test_only_utf8_json_is_read(payload: bytes | str, message: str) -> None:
    """What json.loads would take from bytes (UTF-16, UTF-32, a BOM, encoded surrogates) is
    refused as the fast path refuses it; no event holds text its model cannot serialize."""
    with pytest.raises(ow.WebhookPayloadError, match=message):
        ow.parse_event(payload)
    assert ow.parse_event(KNOWN.encode()).model_dump_json()
    assert isinstance(ow.parse_event(UNKNOWN), ow.UnknownWebhookEvent)


def test_handler_stub_dispatches_by_type_and_defaults_to_no_op() -> None:
    seen: list[str] = []

    class Handler(ow.WebhookHandler):
        def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
            seen.append(event.data.id)

        def on_unknown(self, event: ow.UnknownWebhookEvent) -> None:
            seen.append("unknown:" + event.type)

    handler = Handler()
    for event_type in EVENT_TYPES:
        assert handler.dispatch(ow.parse_event(event_body(event_type))) is None
    unknown = {"id": "e", "created_at": 1, "type": "brand.new", "data": {}}
    handler.dispatch(ow.parse_event(unknown))
    assert seen == ["resp_abc123", "unknown:brand.new"]
    for event_type, method in HANDLER_METHODS.items():
        assert callable(getattr(ow.WebhookHandler, method)), event_type


# Run in a fresh interpreter: a model validated by an earlier test has been rebuilt by then.
COMPLETENESS_PROBE = """
import importlib, inspect, json, pkgutil, typing
import pydantic
import openai_webhooks, openai_webhooks.catalog

def forward_refs(annotation):
    if isinstance(annotation, (str, typing.ForwardRef)):
        return [repr(annotation)]
    if typing.get_origin(annotation) is typing.Literal:
        return []
    return [ref for arg in typing.get_args(annotation) for ref in forward_refs(arg)]

modules = [openai_webhooks, openai_webhooks.models, openai_webhooks.catalog] + [
    importlib.import_module("openai_webhooks.catalog." + info.name)
    for info in pkgutil.iter_modules(openai_webhooks.catalog.__path__)
]
found, problems = set(), []
for module in modules:
    for name, value in vars(module).items():
        if inspect.isclass(value) and issubclass(value, pydantic.BaseModel):
            if value is pydantic.BaseModel or value in found:
                continue
            found.add(value)
            if not value.__pydantic_complete__:
                problems.append(f"{value.__qualname__} is not complete")
            for field, info in value.model_fields.items():
                for ref in forward_refs(info.annotation):
                    problems.append(f"{value.__qualname__}.{field}: {ref}")
print(json.dumps({"models": sorted(m.__qualname__ for m in found), "problems": problems}))
"""


def test_every_model_is_complete_at_import() -> None:
    """No ForwardRef annotations and `__pydantic_complete__` on every model, event and catalog,
    before any use: introspection and schema tools see the real types."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    package = Path(ow.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(package)}
    run = subprocess.run(
        [sys.executable, "-c", COMPLETENESS_PROBE], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["problems"] == []
    models = set(result["models"])
    for event_type in EVENT_TYPES:
        class_name = "".join(w.capitalize() for w in re.split(r"[._]", event_type))
        assert {class_name + "WebhookEvent", class_name + "WebhookEventData"} <= models
    assert "RealtimeCallIncomingWebhookEventDataSipHeader" in models
    assert "UnknownWebhookEvent" in models
    assert any(name.endswith("Payload") for name in models)  # catalog models were looked at
