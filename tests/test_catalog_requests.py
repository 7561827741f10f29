"""Request builders through the public API: every operation of every resource (method, full path,
query, body decoded and compared as JSON), optional parameters left out, defaults, options and
types enforced at run time (TypeError for a wrong type, ValueError for a value that cannot be
sent)."""

from __future__ import annotations

import importlib
import inspect
import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai_webhooks.catalog as catalog
import pytest
from openai_webhooks.catalog import PreparedRequest

from generator.cli.main import main

MESSAGES = [
    {"role": "developer", "content": "You are a helpful assistant."},
    {"role": "user", "content": [{"type": "text", "text": "Hello!"}]},
]

# (handle, operation, kwargs, method, path, query, body as JSON or None)
CASES: list[tuple[str, str, dict[str, Any], str, str, dict[str, str], Any]] = [
    ("chat_completions", "create", {"model": "gpt-4o", "messages": MESSAGES}, "POST",
     "/chat/completions", {}, {"model": "gpt-4o", "messages": MESSAGES}),
    ("responses", "create", {"model": "gpt-4.1", "input": "Tell me a story."}, "POST",
     "/responses", {}, {"model": "gpt-4.1", "input": "Tell me a story."}),
    ("responses", "read", {"response_id": "resp_123"}, "GET", "/responses/resp_123", {}, None),
    ("responses", "delete", {"response_id": "resp_123"}, "DELETE", "/responses/resp_123", {},
     None),
    ("embeddings", "create", {"model": "text-embedding-3-small", "input": "The food was good."},
     "POST", "/embeddings", {},
     {"model": "text-embedding-3-small", "input": "The food was good."}),
    ("images", "create", {"model": "dall-e-3", "prompt": "An otter", "n": 1, "size": "1024x1024"},
     "POST", "/images/generations", {},
     {"model": "dall-e-3", "prompt": "An otter", "n": 1, "size": "1024x1024"}),
    ("audio_transcriptions", "create",
     {"model": "whisper-1", "file": "file-audio123", "language": "en", "prompt": "Otters."},
     "POST", "/audio/transcriptions", {},
     {"model": "whisper-1", "file": "file-audio123", "language": "en", "prompt": "Otters."}),
    ("audio_speech", "create",
     {"model": "tts-1", "input": "Hello", "voice": "alloy", "response_format": "opus"}, "POST",
     "/audio/speech", {},
     {"model": "tts-1", "input": "Hello", "voice": "alloy", "response_format": "opus"}),
    ("models", "list", {}, "GET", "/models", {}, None),
    ("models", "read", {"model_id": "gpt-4o"}, "GET", "/models/gpt-4o", {}, None),
    ("models", "delete", {"model_id": "ft:gpt-4o-mini:org:x:abc"}, "DELETE",
     "/models/ft%3Agpt-4o-mini%3Aorg%3Ax%3Aabc", {}, None),
    ("moderations", "create", {"input": "I want to hurt them.", "model": "omni-moderation-latest"},
     "POST", "/moderations", {},
     {"model": "omni-moderation-latest", "input": "I want to hurt them."}),
    ("files", "list", {"purpose": "fine-tune"}, "GET", "/files", {"purpose": "fine-tune"}, None),
    ("files", "read", {"file_id": "file-abc123"}, "GET", "/files/file-abc123", {}, None),
    ("files", "delete", {"file_id": "file-abc123"}, "DELETE", "/files/file-abc123", {}, None),
    ("fine_tuning_jobs", "list", {}, "GET", "/fine_tuning/jobs", {"limit": "20"}, None),
    ("fine_tuning_jobs", "read", {"fine_tuning_job_id": "ftjob-abc123"}, "GET",
     "/fine_tuning/jobs/ftjob-abc123", {}, None),
    ("fine_tuning_jobs", "create", {"model": "gpt-4o-mini", "training_file": "file-abc123"},
     "POST", "/fine_tuning/jobs", {}, {"model": "gpt-4o-mini", "training_file": "file-abc123"}),
    ("fine_tuning_jobs", "delete", {"fine_tuning_job_id": "ftjob-abc123"}, "DELETE",
     "/fine_tuning/jobs/ftjob-abc123", {}, None),
    ("batches", "list", {"limit": 5}, "GET", "/batches", {"limit": "5"}, None),
    ("batches", "read", {"batch_id": "batch_abc123"}, "GET", "/batches/batch_abc123", {}, None),
    ("batches", "create",
     {"input_file_id": "file-abc123", "endpoint": "/v1/chat/completions",
      "completion_window": "24h"}, "POST", "/batches", {},
     {"input_file_id": "file-abc123", "endpoint": "/v1/chat/completions",
      "completion_window": "24h"}),
    ("batches", "delete", {"batch_id": "batch_abc123"}, "DELETE", "/batches/batch_abc123/cancel",
     {}, None),
    ("assistants", "list", {"limit": 3, "order": "asc"}, "GET", "/assistants",
     {"limit": "3", "order": "asc"}, None),
    ("assistants", "read", {"assistant_id": "asst_abc123"}, "GET", "/assistants/asst_abc123", {},
     None),
    ("assistants", "create",
     {"model": "gpt-4o", "name": "Math Tutor", "instructions": "Answer with code."}, "POST",
     "/assistants", {},
     {"model": "gpt-4o", "name": "Math Tutor", "instructions": "Answer with code."}),
    ("assistants", "update", {"assistant_id": "asst_abc123", "name": "Tutor"}, "POST",
     "/assistants/asst_abc123", {}, {"name": "Tutor"}),
    ("assistants", "delete", {"assistant_id": "asst_abc123"}, "DELETE", "/assistants/asst_abc123",
     {}, None),
    ("threads", "read", {"thread_id": "thread_abc123"}, "GET", "/threads/thread_abc123", {}, None),
    ("threads", "create", {}, "POST", "/threads", {}, {}),
    ("threads", "delete", {"thread_id": "thread_abc123"}, "DELETE", "/threads/thread_abc123", {},
     None),
    ("thread_messages", "list", {"thread_id": "thread_abc123"}, "GET",
     "/threads/thread_abc123/messages", {"limit": "20", "order": "desc"}, None),
    ("thread_messages", "read", {"thread_id": "thread_abc123", "message_id": "msg_abc123"}, "GET",
     "/threads/thread_abc123/messages/msg_abc123", {}, None),
    ("thread_messages", "create", {"thread_id": "thread_abc123", "role": "user", "content": "Hi"},
     "POST", "/threads/thread_abc123/messages", {}, {"role": "user", "content": "Hi"}),
    ("thread_messages", "delete", {"thread_id": "thread_abc123", "message_id": "msg_abc123"},
     "DELETE", "/threads/thread_abc123/messages/msg_abc123", {}, None),
    ("runs", "list", {"thread_id": "thread_abc123", "order": "asc"}, "GET",
     "/threads/thread_abc123/runs", {"limit": "20", "order": "asc"}, None),
    ("runs", "read", {"thread_id": "thread_abc123", "run_id": "run_abc123"}, "GET",
     "/threads/thread_abc123/runs/run_abc123", {}, None),
    ("runs", "create", {"thread_id": "thread_abc123", "assistant_id": "asst_abc123"}, "POST",
     "/threads/thread_abc123/runs", {}, {"assistant_id": "asst_abc123"}),
    ("runs", "delete", {"thread_id": "thread_abc123", "run_id": "run_abc123"}, "POST",
     "/threads/thread_abc123/runs/run_abc123/cancel", {}, None),
    ("vector_stores", "list", {}, "GET", "/vector_stores", {"limit": "20", "order": "desc"}, None),
    ("vector_stores", "read", {"vector_store_id": "vs_abc123"}, "GET", "/vector_stores/vs_abc123",
     {}, None),
    ("vector_stores", "create", {"name": "Support FAQ"}, "POST", "/vector_stores", {},
     {"name": "Support FAQ"}),
    ("vector_stores", "update", {"vector_store_id": "vs_abc123", "name": "FAQ v2"}, "POST",
     "/vector_stores/vs_abc123", {}, {"name": "FAQ v2"}),
    ("vector_stores", "delete", {"vector_store_id": "vs_abc123"}, "DELETE",
     "/vector_stores/vs_abc123", {}, None),
]  # fmt: skip


def builder(handle: str, operation: str) -> Callable[..., PreparedRequest]:
    module = importlib.import_module(f"openai_webhooks.catalog.{handle}")
    func: Callable[..., PreparedRequest] = getattr(module, f"build_{operation}")
    return func


def all_builders() -> list[tuple[str, str]]:
    found = []
    for handle in sorted(m for m in catalog.__all__ if m[:1].islower() and m != "mismatches"):
        module = importlib.import_module(f"openai_webhooks.catalog.{handle}")
        found.extend(
            (handle, name.removeprefix("build_"))
            for name in module.__all__
            if name.startswith("build_")
        )
    return sorted(found)


def test_the_cases_cover_every_operation_of_every_resource() -> None:
    assert sorted((h, op) for h, op, *_ in CASES) == all_builders()
    assert len(CASES) == 44


@pytest.mark.parametrize(
    ("handle", "operation", "kwargs", "method", "path", "query", "body"),
    CASES,
    ids=[f"{h}.{op}" for h, op, *_ in CASES],
)
def test_every_operation_builds_its_request(
    handle: str,
    operation: str,
    kwargs: dict[str, Any],
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
) -> None:
    request = builder(handle, operation)(**kwargs)
    assert isinstance(request, PreparedRequest)
    assert (request.method, request.path, request.query) == (method, path, query)
    if body is None:
        assert request.body is None
        assert request.headers == {}
    else:
        assert request.body is not None
        assert json.loads(request.body) == body
        assert request.headers == {"content-type": "application/json"}


def test_body_keys_follow_the_template_order_and_encoding_is_compact_utf8() -> None:
    request = builder("images", "create")(
        model="dall-e-3", prompt="Ünïcödé 🦦", size="256x256", n=2
    )
    assert (
        request.body == '{"model":"dall-e-3","prompt":"Ünïcödé 🦦","n":2,"size":"256x256"}'.encode()
    )


def test_optional_parameters_not_given_are_left_out() -> None:
    request = builder("images", "create")(model="dall-e-3", prompt="An otter")
    assert json.loads(request.body or b"") == {"model": "dall-e-3", "prompt": "An otter"}
    request = builder("moderations", "create")(input="hello")
    assert json.loads(request.body or b"") == {"input": "hello"}
    request = builder("assistants", "update")(assistant_id="asst_1")
    assert json.loads(request.body or b"") == {}
    # Declared but absent from the template: optional top-level keys, only when given.
    request = builder("audio_transcriptions", "create")(model="whisper-1", file="f")
    assert json.loads(request.body or b"") == {"model": "whisper-1", "file": "f"}
    request = builder("audio_speech", "create")(model="tts-1", input="Hi", voice="nova")
    assert json.loads(request.body or b"") == {"model": "tts-1", "input": "Hi", "voice": "nova"}


def test_query_defaults_come_from_the_catalog_and_none_leaves_them_out() -> None:
    assert builder("assistants", "list")().query == {"limit": "20", "order": "desc"}
    assert builder("assistants", "list")(limit=None, order=None).query == {}
    assert builder("files", "list")().query == {}
    limit = inspect.signature(builder("runs", "list")).parameters["limit"]
    assert limit.default == 20 and limit.kind is inspect.Parameter.KEYWORD_ONLY


def test_a_raw_json_slot_takes_any_json_value() -> None:
    build = builder("chat_completions", "create")
    for value in (MESSAGES, [], {"a": [1, 2.5, None, True]}, "text", 3, None, (1, 2)):
        body = json.loads(build(model="m", messages=value).body or b"")
        assert body == {
            "model": "m",
            "messages": list(value) if isinstance(value, tuple) else value,
        }


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ({1: "x"}, TypeError),  # json.dumps would turn the key into "1" silently
        ({True: "x"}, TypeError),
        ({"a"}, TypeError),
        (object(), TypeError),
        (b"bytes", TypeError),
        (math.nan, ValueError),
        ([math.inf], ValueError),
        ({"x": -math.inf}, ValueError),
        ("\ud800", ValueError),
        ({"\udfff": 1}, ValueError),
    ],
    ids=[
        "int-key",
        "bool-key",
        "set",
        "object",
        "bytes",
        "nan",
        "inf",
        "neg-inf",
        "surrogate",
        "surrogate-key",
    ],
)
def test_a_raw_json_slot_refuses_what_json_cannot_carry(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="messages"):
        builder("chat_completions", "create")(model="m", messages=value)


def test_a_raw_json_slot_refuses_absurd_nesting_with_a_value_error() -> None:
    value: Any = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(ValueError, match="nested too deeply"):
        builder("chat_completions", "create")(model="m", messages=value)


def test_an_int_too_long_for_text_is_a_value_error_naming_the_parameter() -> None:
    huge = 10**5000  # over Python's default limit of 4,300 digits for int <-> text
    with pytest.raises(ValueError, match="^limit holds an int too long"):
        builder("batches", "list")(limit=huge)  # a query parameter
    with pytest.raises(ValueError, match="^messages holds an int too long"):
        builder("chat_completions", "create")(model="m", messages=[{"n": huge}])  # in a body


def test_options_are_enforced_at_run_time() -> None:
    with pytest.raises(ValueError, match="size must be one of '256x256'"):
        builder("images", "create")(model="m", prompt="p", size="999x999")
    with pytest.raises(ValueError, match="voice"):
        builder("audio_speech", "create")(model="m", input="i", voice="ALLOY")
    with pytest.raises(ValueError, match="role"):
        builder("thread_messages", "create")(thread_id="t", role="system", content="c")
    with pytest.raises(ValueError, match="response_format"):
        builder("audio_speech", "create")(
            model="m", input="i", voice="alloy", response_format="ogg"
        )


def _sample(annotation: str) -> Any:
    if annotation.startswith("Literal["):
        return annotation.split("'")[1]
    return {"str": "x", "int": 1, "JSONValue": []}[annotation.removesuffix(" | None")]


@pytest.mark.parametrize(("handle", "operation"), all_builders(), ids=lambda v: str(v))
def test_every_parameter_refuses_a_value_of_the_wrong_type(handle: str, operation: str) -> None:
    build = builder(handle, operation)
    params = inspect.signature(build).parameters
    valid = {name: _sample(str(p.annotation).removesuffix(" | None")) for name, p in params.items()}
    build(**valid)
    for name, param in params.items():
        wrong: list[Any] = [object(), b"x"]
        annotation = str(param.annotation)
        if "JSONValue" not in annotation:
            wrong += [1.5, ["x"]]
            wrong += [True, "1"] if annotation.startswith("int") else [1]
        if param.default is inspect.Parameter.empty and "JSONValue" not in annotation:
            wrong.append(None)  # (None is a JSON value: a raw slot sends it as null)
        for value in wrong:
            with pytest.raises(TypeError, match=name.removeprefix("field_")):
                build(**{**valid, name: value})
        assert param.kind is inspect.Parameter.KEYWORD_ONLY


def test_builders_take_keywords_only_and_need_their_required_parameters() -> None:
    with pytest.raises(TypeError):
        builder("files", "read")("file-abc123")  # type: ignore[misc]
    with pytest.raises(TypeError):
        builder("files", "read")()


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_path_value_that_would_not_be_one_segment_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="file_id"):
        builder("files", "read")(file_id=value)
    with pytest.raises(ValueError, match="thread_id"):
        builder("runs", "read")(thread_id=value, run_id="run_1")


def test_parameters_named_like_the_builder_internals_cannot_shadow_them(tmp_path: Path) -> None:
    """A placeholder called `query`, `values`, `check`, `encode`... is just a parameter."""
    names = ["query", "values", "check", "encode", "fill", "path_value", "query_value", "Slot"]
    body = "{" + ", ".join(f'"{n}": "{{{{{n}}}}}"' for n in names) + "}"
    catalog_data = [
        {
            "handle": "shadow",
            "endpoint": {"value": "/s"},
            "operations": {
                "update": {
                    "method": "POST",
                    "path": {
                        "value": "/{{check}}",
                        "placeholders": [{"name": "check", "type": "String"}],
                    },
                    "queryParams": {
                        "values": {
                            "value": "{{values}}",
                            "placeholders": [{"name": "values", "type": "String"}],
                        }
                    },
                    "bodyTemplate": {
                        "value": body.replace('"check": "{{check}}", ', "").replace(
                            '"values": "{{values}}", ', ""
                        ),
                        "placeholders": [
                            {"name": n, "type": "String", "required": True}
                            for n in names
                            if n not in ("check", "values")
                        ],
                    },
                }
            },
        }
    ]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(catalog_data))
    out = tmp_path / "out"
    assert main(["generate", "--webhooks", "", "--catalog", str(path), "--out", str(out)]) == 0
    probe = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "from openai_webhooks.catalog import shadow;"
        "r = shadow.build_update(**{n: n.upper() for n in json.loads(sys.argv[2])});"
        "print(json.dumps([r.path, r.query, json.loads(r.body)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(out), json.dumps(names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    body_names = [n for n in names if n not in ("check", "values")]
    assert json.loads(result.stdout) == [
        "/s/CHECK",
        {"values": "VALUES"},
        {n: n.upper() for n in body_names},
    ]
