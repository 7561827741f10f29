"""Catalog records and payloads through the public API: selector extraction on realistic raw
responses for every resource, Payload.from_raw for every catalog webhook, and the type rule
(declared type trusted; catalog-evidenced numbers kept; anything else None + `mismatches`)."""

from __future__ import annotations

import importlib
import json
import types
from typing import Any

import openai_webhooks.catalog as catalog
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openai_webhooks.catalog import audio_speech, audio_transcriptions, embeddings, moderations

from tests.raw_responses import MISSING_PATHS, PAYLOADS, RECORDS, TRANSCRIPTION_VERBOSE
from tests.raw_responses import SPEECH_MP3 as SPEECH

HANDLES = sorted(RECORDS)
EVENTS = sorted(PAYLOADS)


def module(handle: str) -> types.ModuleType:
    return importlib.import_module(f"openai_webhooks.catalog.{handle}")


def selected_fields(model: type[Any]) -> list[tuple[str, tuple[str, ...], str, bool]]:
    return list(model._FIELDS)


def test_every_resource_and_every_catalog_webhook_has_a_raw_body() -> None:
    assert len(HANDLES) == 16
    assert sorted(m for m in catalog.__all__ if m[:1].islower() and m != "mismatches") == HANDLES
    assert sorted(catalog.PAYLOADS) == EVENTS
    assert len(EVENTS) == 39  # 30 only in the catalog + 9 also in the webhook spec


def _sdk_types() -> dict[str, Any]:
    from openai.types import (
        Batch,
        CreateEmbeddingResponse,
        FileObject,
        ImagesResponse,
        Model,
        ModerationCreateResponse,
        VectorStore,
    )
    from openai.types.audio import TranscriptionVerbose
    from openai.types.beta import Assistant, Thread
    from openai.types.beta.threads import Message, Run
    from openai.types.chat import ChatCompletion
    from openai.types.fine_tuning import FineTuningJob
    from openai.types.responses import Response

    return {
        "chat_completions": ChatCompletion,
        "responses": Response,
        "embeddings": CreateEmbeddingResponse,
        "images": ImagesResponse,
        "audio_transcriptions": TranscriptionVerbose,
        "models": Model,
        "moderations": ModerationCreateResponse,
        "files": FileObject,
        "fine_tuning_jobs": FineTuningJob,
        "batches": Batch,
        "assistants": Assistant,
        "threads": Thread,
        "thread_messages": Message,
        "runs": Run,
        "vector_stores": VectorStore,
    }


@pytest.mark.parametrize("handle", [h for h in HANDLES if h != "audio_speech"])
def test_raw_responses_are_what_the_official_sdk_accepts(handle: str) -> None:
    """The test bodies are real API shapes: the `openai` SDK's own models validate them."""
    sdk = _sdk_types()[handle]
    sdk.model_validate(RECORDS[handle][0])


@pytest.mark.parametrize("handle", HANDLES)
@pytest.mark.parametrize("form", ["decoded", "bytes", "str"])
def test_record_from_raw_extracts_every_field(handle: str, form: str) -> None:
    raw, expected = RECORDS[handle]
    if handle != "audio_speech":
        raw = {"decoded": raw, "bytes": json.dumps(raw).encode(), "str": json.dumps(raw)}[form]
    elif form == "str":
        raw, expected = "text as received", {"audio_data": "text as received"}
    record = module(handle).Record.from_raw(raw)
    assert record.model_dump() == expected
    assert sorted(expected) == sorted(type(record).model_fields)
    assert catalog.mismatches(record) == {}


@pytest.mark.parametrize(
    ("handle", "raw", "missing"),
    MISSING_PATHS,
    ids=[f"{h}-{i}" for i, (h, _, _) in enumerate(MISSING_PATHS)],
)
def test_a_missing_path_gives_none_and_no_mismatch(
    handle: str, raw: Any, missing: set[str]
) -> None:
    record = module(handle).Record.from_raw(raw)
    values = record.model_dump()
    assert {name for name, value in values.items() if value is None} >= missing
    full = RECORDS[handle][1]
    for name, value in values.items():
        if name not in missing and value is not None:
            assert type(value) is type(full[name]) or full[name] is None
    assert catalog.mismatches(record) == {}


WRONG_CONTAINERS: list[Any] = ["text", 7, 1.5, True, None, [], {}, [None], {"0": None}]


@pytest.mark.parametrize("handle", [h for h in HANDLES if h != "audio_speech"])
def test_a_wrong_container_anywhere_on_a_path_gives_none(handle: str) -> None:
    """Replace each step of each selector by a value of another shape: never an exception."""
    raw, expected = RECORDS[handle]
    record_type = module(handle).Record
    for name, selector, _, _ in selected_fields(record_type):
        for depth in range(len(selector)):
            for wrong in WRONG_CONTAINERS:
                broken = json.loads(json.dumps(raw))
                node = broken
                for step in selector[:depth]:
                    node = node[int(step)] if isinstance(node, list) else node[step]
                key: Any = int(selector[depth]) if isinstance(node, list) else selector[depth]
                node[key] = wrong
                record = record_type.from_raw(broken)
                value = getattr(record, name)
                if depth == len(selector) - 1 and wrong is not None:
                    # The leaf itself: kept only with an accepted type, else a mismatch.
                    if value is None:
                        assert catalog.mismatches(record)[name] == wrong
                    else:
                        assert value == wrong
                else:
                    assert value is None, (name, depth, wrong)
                    assert name not in catalog.mismatches(record)


@pytest.mark.parametrize("handle", HANDLES)
@pytest.mark.parametrize(
    "raw",
    [None, 0, "", "not json", b"\xff\xfe\x00garbage", b"[" * 100_000, [], {}, [[{}]], bytearray()],
    ids=[
        "null",
        "zero",
        "empty-str",
        "not-json",
        "not-utf8",
        "deep",
        "list",
        "dict",
        "nested",
        "ba",
    ],
)
def test_from_raw_never_raises_on_nonsense(handle: str, raw: Any) -> None:
    record = module(handle).Record.from_raw(raw)
    if handle != "audio_speech":
        assert all(value is None for value in record.model_dump().values())


@pytest.mark.parametrize("handle", [h for h in HANDLES if h != "audio_speech"])
def test_only_utf8_json_is_read(handle: str) -> None:
    """A body json.loads would still take (UTF-16 or UTF-32 bytes, a BOM, NaN) is not JSON as
    sent over HTTP: every selected field is None, as for any body that is not JSON."""
    raw, expected = RECORDS[handle]
    text = json.dumps(raw)
    record = module(handle).Record
    assert record.from_raw(text.encode()).model_dump() == expected
    with_nan = text[:-1] + ', "extra": NaN}'
    assert json.loads(with_nan)
    for body in (
        text.encode("utf-16"),
        text.encode("utf-32"),
        b"\xef\xbb\xbf" + text.encode(),
        "\ufeff" + text,
        with_nan,
        with_nan.encode(),
        text[:-1] + ', "x": "\ud800"}',
    ):
        values = record.from_raw(body).model_dump()
        assert all(value is None for value in values.values()), body[:40]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["0", "data", "usage", "choices", "id", "x"]), inner, max_size=4
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(handle=st.sampled_from(HANDLES), raw=JSON)
def test_any_json_gives_typed_fields_or_none_and_records_what_it_drops(
    handle: str, raw: Any
) -> None:
    record_type = module(handle).Record
    record = record_type.from_raw(raw)
    dropped = catalog.mismatches(record)
    accepts = {
        "str": (str,),
        "int": (int,),
        "bool": (bool,),
        "dict": (dict,),
        "body": (bytes, str),
        "str_or_number": (str, int, float),
    }
    for name, _, kind, multivalue in selected_fields(record_type):
        value = getattr(record, name)
        if value is None:
            continue
        assert name not in dropped
        items = value if multivalue else [value]
        assert isinstance(value, list) or not multivalue
        for item in items:
            assert isinstance(item, accepts[kind])
            if kind in ("int", "str_or_number"):
                assert not isinstance(item, bool)


# --- the type rule ----------------------------------------------------------------------------


def test_declared_string_fields_with_numbers_in_the_catalog_text_keep_numbers() -> None:
    annotations = {
        "embedding": embeddings.Record.model_fields["embedding"].annotation,
        "duration": audio_transcriptions.Record.model_fields["duration"].annotation,
        "payload duration": audio_transcriptions.AudioTranscriptionCompletedPayload.model_fields[
            "duration"
        ].annotation,
    }
    assert annotations == {
        "embedding": list[str | int | float] | None,
        "duration": str | int | float | None,
        "payload duration": str | int | float | None,
    }
    for duration in (8.470000267028809, 12, "8.47"):
        record = audio_transcriptions.Record.from_raw(
            {**TRANSCRIPTION_VERBOSE, "duration": duration}
        )
        assert record.duration == duration and type(record.duration) is type(duration)
    payload = audio_transcriptions.AudioTranscriptionCompletedPayload.from_raw(
        TRANSCRIPTION_VERBOSE
    )
    assert payload.duration == 8.470000267028809


def test_a_value_of_another_type_is_none_and_kept_in_mismatches() -> None:
    raw = {"text": 42, "language": ["en"], "duration": True}
    record = audio_transcriptions.Record.from_raw(raw)
    assert (record.text, record.language, record.duration) == (None, None, None)
    assert catalog.mismatches(record) == {"text": 42, "language": ["en"], "duration": True}
    # Never converted: an Integer field does not take "12", 12.0 or true.
    for value in ("12", 12.0, True):
        record = embeddings.Record.from_raw({"usage": {"total_tokens": value}})
        assert record.total_tokens is None
        assert catalog.mismatches(record) == {"total_tokens": value}


def test_multivalue_takes_an_array_whose_items_all_match() -> None:
    def embedding(value: Any) -> embeddings.Record:
        return embeddings.Record.from_raw({"data": [{"embedding": value}]})

    assert embedding([0.5, -1, "x"]).embedding == [0.5, -1, "x"]
    assert embedding([]).embedding == []
    # `encoding_format: "base64"` gives one string: not an array, so kept aside.
    record = embedding("AAAAAAAAgD8=")
    assert record.embedding is None
    assert catalog.mismatches(record) == {"embedding": "AAAAAAAAgD8="}
    # One bad item: the whole array is kept aside, never a list with holes.
    record = embedding([0.5, {"x": 1}, None])
    assert record.embedding is None
    assert catalog.mismatches(record) == {"embedding": [0.5, {"x": 1}, None]}


def test_null_is_absent_not_a_mismatch() -> None:
    record = moderations.Record.from_raw({"id": None, "results": [{"flagged": None}]})
    assert record.id is None and record.flagged is None
    assert catalog.mismatches(record) == {}


def test_hyphenated_keys_and_list_indexes_are_selected() -> None:
    record = moderations.Record.from_raw({"results": [{"categories": {"self-harm": True}}]})
    assert record.self_harm is True
    # A digits step only indexes an array; on an object it is a key like any other.
    record = moderations.Record.from_raw({"results": {"0": {"flagged": True}}})
    assert record.flagged is True
    # Indexes past the end, and superscript or other non-ASCII digits, find nothing.
    assert moderations.Record.from_raw({"results": []}).flagged is None


def test_an_empty_selector_is_the_whole_body_as_received() -> None:
    assert audio_speech.Record.from_raw(SPEECH).audio_data == SPEECH
    assert audio_speech.Record.from_raw(bytearray(SPEECH)).audio_data == SPEECH
    assert audio_speech.Record.from_raw("abc").audio_data == "abc"
    record = audio_speech.Record.from_raw({"audio": "x"})
    assert record.audio_data is None
    assert catalog.mismatches(record) == {"audio_data": {"audio": "x"}}


def test_records_are_frozen_and_compare_by_value() -> None:
    raw = RECORDS["files"][0]
    first = module("files").Record.from_raw(raw)
    assert first == module("files").Record.from_raw(json.dumps(raw))
    with pytest.raises(ValueError):
        first.id = "other"  # type: ignore[misc]


# --- catalog webhook payloads -----------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("form", ["decoded", "bytes"])
def test_payload_from_raw_for_every_catalog_webhook(event: str, form: str) -> None:
    raw, expected = PAYLOADS[event]
    if form == "bytes" and not isinstance(raw, bytes):
        raw = json.dumps(raw).encode()
    model, method = catalog.PAYLOADS[event]
    payload = model.from_raw(raw)
    assert payload.model_dump() == expected
    assert sorted(type(payload).model_fields) == sorted(expected)
    assert catalog.mismatches(payload) == {}
    assert callable(getattr(catalog.CatalogHandler, method))


@pytest.mark.parametrize("event", EVENTS)
def test_payload_names_follow_the_design(event: str) -> None:
    model, method = catalog.PAYLOADS[event]
    stem = "".join(w[:1].upper() + w[1:] for w in event.replace("_", ".").split("."))
    assert model.__name__ == stem + "Payload"
    assert method == "on_" + event.replace(".", "_")
    route = next(path for path, routed in catalog.ROUTES.items() if routed == event)
    assert route == "/webhooks/chatgpt/" + event.replace(".", "-").replace("_", "-")


def test_catalog_handler_dispatch_parses_and_calls_the_method() -> None:
    seen: list[Any] = []

    class Handler(catalog.CatalogHandler):
        def on_batch_completed(self, payload: Any) -> None:
            seen.append(payload)

    raw, expected = PAYLOADS["batch.completed"]
    assert Handler().dispatch("batch.completed", json.dumps(raw).encode()) is None
    assert [p.model_dump() for p in seen] == [expected]
    assert Handler().dispatch("batch.failed", b"{}") is None  # the base method: a no-op
