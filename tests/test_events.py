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
