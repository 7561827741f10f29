"""Schema shapes beyond one plain type: null (3.1 type lists, anyOf/oneOf with null, enums
listing null, 3.0's `nullable`), allOf/anyOf/oneOf, the contract's `object` field, event types
named like the runtime's methods, and the `openapi` version. Each generates a package into a
temporary directory and parses events with it in a child process (the committed package is
imported by other tests under the same name)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.main import main

THING = {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}}}


def event_schema(event_type: str, data: dict[str, Any], **properties: Any) -> dict[str, Any]:
    """An event schema with the envelope fields (no `object` unless given) and `data`."""
    return {
        "type": "object",
        "required": ["id", "created_at", "data", "type"],
        "properties": {
            "id": {"type": "string"},
            "created_at": {"type": "integer", "format": "unixtime"},
            "type": {"type": "string", "enum": [event_type]},
            "data": data,
            **properties,
        },
    }


def write_spec(path: Path, schemas: list[dict[str, Any]], **top: Any) -> Path:
    """A webhook spec of these event schemas; `top` replaces top-level keys (None drops one)."""
    webhooks = {
        f"w{index}": {"post": {"requestBody": {"content": {"application/json": {"schema": s}}}}}
        for index, s in enumerate(schemas)
    }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "shapes", "version": "1"},
        "webhooks": webhooks,
        "components": {"schemas": {"Thing": THING}},
    }
    document.update(top)
    path.write_text(yaml.safe_dump({k: v for k, v in document.items() if v is not None}))
    return path


def validate(spec: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit code and the diagnostic lines of `validate` on a webhook spec alone."""
    code = main(["validate", "--webhooks", str(spec), "--catalog", ""])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]


def parse(out: Path, *bodies: Any) -> list[Any]:
    """What the generated package makes of each body: the model's dump (with the class name) or
    the error's class name."""
    probe = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import openai_webhooks as ow\n"
        "found = []\n"
        "for body in json.loads(sys.argv[2]):\n"
        "    try:\n"
        "        event = ow.parse_event(body)\n"
        "    except ow.WebhookError as exc:\n"
        "        found.append(type(exc).__name__)\n"
        "    else:\n"
        "        found.append([type(event).__name__, event.model_dump(mode='json')])\n"
        "print(json.dumps(found))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(out), json.dumps(bodies)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


def envelope(event_type: str, data: Any, **extra: Any) -> dict[str, Any]:
    return {"id": "evt_1", "created_at": 1, "type": event_type, "data": data, **extra}


NULLABLE_DATA = {
    "type": "object",
    "required": ["call_id", "label", "thing", "other", "status", "legacy", "tags", "scores"],
    "properties": {
        "call_id": {"type": ["string", "null"]},
        "label": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "thing": {"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]},
        "other": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"n": {}}}]},
        "status": {"type": "string", "enum": ["a", "b", None]},
        "legacy": {"type": "string", "nullable": True},
        "tags": {"type": ["array", "null"], "items": {"type": "string"}},
        "scores": {"type": "array", "items": {"type": ["integer", "null"]}},
    },
}
COMBINED_DATA = {
    "type": "object",
    "required": ["described", "either", "merged"],
    "properties": {
        "described": {
            "allOf": [{"$ref": "#/components/schemas/Thing"}],
            "description": "A thing, described where it is used.",
        },
        "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "merged": {"allOf": [{"$ref": "#/components/schemas/Thing"}, {"required": ["y"]}]},
        "several": {"type": ["string", "integer"]},
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One generated package: `event` (nullable fields, no `object` declared) and `error`
    (allOf/anyOf, `object` declared as the contract has it)."""
    tmp = tmp_path_factory.mktemp("shapes")
    spec = write_spec(
        tmp / "w.yaml",
        [
            event_schema("event", NULLABLE_DATA),
            event_schema("error", COMBINED_DATA, object={"type": "string", "enum": ["event"]}),
        ],
    )
    out = tmp / "out"
    assert main(["generate", "--webhooks", str(spec), "--catalog", "", "--out", str(out)]) == 0
    return out


def test_nullable_values_accept_null_and_stay_required(package: Path) -> None:
    nulls = {**dict.fromkeys(NULLABLE_DATA["required"]), "scores": [None]}  # type: ignore[arg-type]
    values = {
        "call_id": "call_1",
        "label": "l",
        "thing": {"x": "1"},
        "other": {"n": 2},
        "status": "b",
        "legacy": "old",
        "tags": ["t"],
        "scores": [1, None],
    }
    missing = {k: v for k, v in nulls.items() if k != "call_id"}
    wrong = {**values, "status": "c"}
    parsed = parse(
        package,
        envelope("event", nulls),
        envelope("event", values),
        envelope("event", missing),
        envelope("event", wrong),
    )
    assert parsed[0] == ["EventWebhookEvent", envelope("event", nulls, object=None)]
    assert parsed[1] == ["EventWebhookEvent", envelope("event", values, object=None)]
    assert parsed[2:] == ["WebhookPayloadError", "WebhookPayloadError"]


def test_event_docs_show_nullable_types(package: Path) -> None:
    page = (package / "docs" / "events" / "event.md").read_text()
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| ")}
    assert "str &#124; None" in rows["`data.call_id`"]
    assert "EventWebhookEventDataThing &#124; None" in rows["`data.thing`"]
    assert "Literal['a', 'b'] &#124; None" in rows["`data.status`"]
    assert "list[str] &#124; None" in rows["`data.tags`"]
    assert "list[int &#124; None]" in rows["`data.scores`"]


def test_a_single_allof_member_is_that_member(package: Path) -> None:
    data = {"described": {"x": "1"}, "either": 1, "merged": "anything"}
    [parsed] = parse(package, envelope("error", data))
    assert parsed[0] == "ErrorWebhookEvent"
    models = (package / "openai_webhooks" / "models.py").read_text()
    assert "described: ErrorWebhookEventDataDescribed\n" in models
    page = (package / "docs" / "events" / "error.md").read_text()
    assert (
        "| `data.described` | `ErrorWebhookEventDataDescribed` | yes | A thing, described" in page
    )
    [bad] = parse(package, envelope("error", {**data, "described": {"x": 1}}))
    assert bad == "WebhookPayloadError"


def test_event_models_without_a_declared_object_get_the_contract_s_field(package: Path) -> None:
    nulls = {**dict.fromkeys(NULLABLE_DATA["required"]), "scores": []}  # type: ignore[arg-type]
    body = envelope("event", nulls)
    parsed = parse(package, {**body, "object": "event"}, body, {**body, "object": "other"})
    assert parsed[0][1]["object"] == "event"
    assert parsed[1][1]["object"] is None
    assert parsed[2] == "WebhookPayloadError"
    models = (package / "openai_webhooks" / "models.py").read_text()
    assert models.count('object: Literal["event"] | None = None') == 2


def test_event_types_named_event_and_error_get_their_handlers(package: Path) -> None:
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import openai_webhooks as ow\n"
        "seen = []\n"
        "class H(ow.WebhookHandler):\n"
        "    def on_event(self, event): seen.append('event')\n"
        "    def on_error(self, event): seen.append('error')\n"
        "    def on_unknown(self, event): seen.append('unknown')\n"
        "for t in ('event', 'error', 'other'):\n"
        "    body = {'id': 'e', 'created_at': 1, 'type': t, 'data': {}}\n"
        "    body['data'] = {'described': {'x': '1'}, 'either': 1, 'merged': 1, 'call_id': 'c',\n"
        "        'label': 'l', 'thing': {'x': '1'}, 'other': {}, 'status': 'a', 'legacy': 'l',\n"
        "        'tags': [], 'scores': []}\n"
        "    H().dispatch(ow.parse_event(body))\n"
        "print(' '.join(seen))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(package)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["event", "error", "unknown"]


def test_unsupported_combinations_are_any_with_a_located_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path / "w.yaml", [event_schema("error", COMBINED_DATA)])
    code, lines = validate(spec, capsys)
    assert code == 0
    data = "/webhooks/w0/post/requestBody/content/application~1json/schema/properties/data"
    warned = {line.rpartition("(at ")[2].rstrip(")"): line for line in lines}
    assert set(warned) == {
        f"{data}/properties/either/anyOf",
        f"{data}/properties/merged/allOf",
        f"{data}/properties/several/type",
    }, lines
    assert (
        "is typed as Any: anyOf of several schemas is not supported"
        in warned[f"{data}/properties/either/anyOf"]
    )
    assert "is typed as Any: allOf of several schemas" in warned[f"{data}/properties/merged/allOf"]
    assert all(line.startswith(f"{spec}:") and ": warning: " in line for line in lines)


def test_schemas_inside_combinations_are_checked_like_any_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "type": "object",
        "properties": {
            "a": {"anyOf": [{"$ref": "#/components/schemas/Nowhere"}, {"type": "null"}]},
            "b": {"oneOf": [{"type": "string"}, {"type": "tuple"}]},
            "c": {"allOf": [{"$ref": "#/components/schemas/Thing"}, {"$ref": "#/nope"}]},
            "d": {"anyOf": "not a list"},
        },
    }
    spec = write_spec(tmp_path / "w.yaml", [event_schema("x", data)])
    code, lines = validate(spec, capsys)
    assert code == 1
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 4, lines
    assert "'#/components/schemas/Nowhere' points at nothing" in errors[0]
    assert errors[0].endswith("/properties/a/anyOf/0/$ref)")
    assert "unknown schema type 'tuple'" in errors[1] and errors[1].endswith("/b/oneOf/1/type)")
    assert "'#/nope' points at nothing" in errors[2] and errors[2].endswith("/c/allOf/1/$ref)")
    assert "'anyOf' must be a non-empty list of schemas" in errors[3]


def test_an_object_declared_otherwise_is_kept_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(
        tmp_path / "w.yaml", [event_schema("x", {"type": "object"}, object={"const": "thing"})]
    )
    code, lines = validate(spec, capsys)
    assert code == 0
    [line] = lines
    assert ": warning: " in line and line.endswith("/schema/properties/object)")
    assert "'object'" in line and "Literal['thing']" in line


@pytest.mark.parametrize(
    ("version", "warned"),
    [("3.1.0", None), ("3.0.3", None), ("2.0", "/openapi"), (None, "")],
)
def test_only_a_missing_or_non_3_openapi_version_is_warned(
    version: str | None, warned: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {"type": "object", "properties": {"n": {"type": "integer", "nullable": True}}}
    spec = write_spec(tmp_path / "w.yaml", [event_schema("x", data)], openapi=version)
    code, lines = validate(spec, capsys)
    assert code == 0
    if warned is None:
        assert lines == []
    else:
        [line] = lines
        assert ": warning: " in line and "openapi" in line
        assert line.endswith(f"(at {warned})") if warned else ":1:1: warning: " in line


def _generate_package(spec: Path) -> Path:
    out = spec.parent / "out"
    assert main(["generate", "--webhooks", str(spec), "--catalog", "", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(
    "type_schema",
    [
        {"type": "string", "enum": ["x.done"], "nullable": True},
        {"type": "string", "enum": ["x.done", None]},
        {"type": ["string", "null"], "const": "x.done"},
    ],
    ids=["nullable", "enum-null", "type-list"],
)
def test_a_nullable_event_type_is_not_nullable_in_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], type_schema: dict[str, Any]
) -> None:
    """`type` is the union's discriminator: pydantic refuses a nullable one, so the package
    would not import. Null is dropped there, with a warning."""
    schema = event_schema("x.done", THING)
    schema["properties"]["type"] = type_schema
    spec = write_spec(tmp_path / "w.yaml", [schema])
    code, lines = validate(spec, capsys)
    assert code == 0
    assert [line.split(": warning: ")[1] for line in lines] == [
        "'type' names the event, so it cannot be null; null is ignored here"
        " (at /webhooks/w0/post/requestBody/content/application~1json/schema/properties/type)"
    ]
    out = _generate_package(spec)
    body = {"id": "e", "created_at": 1, "type": "x.done", "data": {"x": "a"}}
    assert parse(out, body, {**body, "type": None}) == [
        ["XDoneWebhookEvent", {**body, "object": None}],
        "WebhookPayloadError",
    ]


def test_a_dropped_combination_member_takes_no_class_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A member of an Any-typed anyOf makes no class, so it cannot collide with one that is
    made, whichever property comes first."""
    dropped = {"anyOf": [{"type": "object", "properties": {"b": {"type": "object"}}}, THING]}
    kept = {"type": "object", "properties": {"z": {"type": "string"}}}
    for order in (["a_b", "a"], ["a", "a_b"]):
        values = {"a_b": kept, "a": dropped}
        data = {"type": "object", "properties": {name: values[name] for name in order}}
        spec = write_spec(tmp_path / f"{order[0]}.yaml", [event_schema("x.done", data)])
        code, lines = validate(spec, capsys)
        assert code == 0, lines
        assert [line for line in lines if ": error: " in line] == []


def test_an_unquoted_yaml_null_in_a_type_list_is_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`type: [string, null]` (YAML reads that null as a null value) means what it says."""
    spec = tmp_path / "w.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  w:\n    post:\n"
        "      requestBody:\n        content:\n          application/json:\n            schema:\n"
        "              type: object\n              required: [id, created_at, type, data]\n"
        "              properties:\n                id: {type: string}\n"
        "                created_at: {type: integer}\n"
        "                type: {type: string, enum: [x.done]}\n"
        "                data:\n                  type: object\n                  required: [a]\n"
        "                  properties:\n                    a: {type: [string, null]}\n"
    )
    code, lines = validate(spec, capsys)
    assert (code, lines) == (0, [])
    out = _generate_package(spec)
    body = {"id": "e", "created_at": 1, "type": "x.done", "data": {"a": None}}
    assert parse(out, body) == [["XDoneWebhookEvent", {**body, "object": None}]]


def test_docs_of_an_event_with_nullable_data_do_not_read_data_id(tmp_path: Path) -> None:
    """`event.data` may be None: the docs' handlers print `event.id`, which always exists."""
    data = {**THING, "nullable": True, "properties": {"id": {"type": "string"}}}
    out = _generate_package(write_spec(tmp_path / "w.yaml", [event_schema("x.done", data)]))
    pages = [out / "README.md", *sorted((out / "docs").rglob("*.md"))]
    texts = "".join(page.read_text() for page in pages)
    assert "event.data.id" not in texts
    assert 'print("x done:", event.id)' in texts


def test_an_event_schema_may_be_one_allof_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`schema: {allOf: [{$ref: ...}], description: ...}` is that schema, at the root of a
    request body as anywhere else; an allOf that refers back to itself is an error, not a hang."""
    wrapped = {"allOf": [{"$ref": "#/components/schemas/Done"}], "description": "Sent when done."}
    components = {"schemas": {"Thing": THING, "Done": event_schema("x.done", THING)}}
    spec = write_spec(tmp_path / "w.yaml", [wrapped], components=components)
    assert validate(spec, capsys) == (0, [])
    out = _generate_package(spec)
    body = {"id": "e", "created_at": 1, "type": "x.done", "data": {"x": "a"}}
    assert parse(out, body) == [["XDoneWebhookEvent", {**body, "object": None}]]
    looped = {
        "schemas": {"Thing": THING, "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]}}
    }
    spec = write_spec(
        tmp_path / "loop.yaml", [{"$ref": "#/components/schemas/Loop"}], components=looped
    )
    code, lines = validate(spec, capsys)
    assert code == 1
    assert any("the event schema's allOf refers back to itself" in line for line in lines), lines
