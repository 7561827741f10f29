"""Property-based fuzzing of the generator. `make test` runs a bounded number of examples;
`make fuzz` runs many (FUZZ_EXAMPLES)."""

from __future__ import annotations

import json
import keyword
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import example as pinned
from hypothesis import strategies as st

from generator.cli.main import main
from generator.inputs import Inputs
from generator.parse import naming
from generator.pipeline import generate

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LINE = re.compile(r"^\S[^:]*(:\d+:\d+)?: error: \S")

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé_-0123456789", min_size=1, max_size=8).filter(
    lambda w: bool(naming.words(w))
)
names = st.one_of(
    word,
    st.sampled_from([*keyword.kwlist, "json", "model_config", "self-harm", "2fa", "ñandú", "_x"]),
)


def schemas(depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.one_of(
        st.sampled_from(
            [{"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}]
        ),
        st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=4, unique=True).map(
            lambda values: {"type": "string", "enum": values}
        ),
    )
    if depth >= 2:
        return leaves
    return st.one_of(
        leaves,
        schemas(depth + 1).map(lambda items: {"type": "array", "items": items}),
        objects(depth + 1),
    )


def objects(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props = st.dictionaries(names, st.deferred(lambda: schemas(depth)), max_size=4)

    def build(properties: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
        unique: dict[str, Any] = {}
        taken: set[str] = set()
        for name, schema in properties.items():
            if naming.field_name(name) not in taken:
                taken.add(naming.field_name(name))
                unique[name] = schema
        required = [n for n in unique if data.draw(st.booleans())]
        return {
            "type": "object",
            "description": data.draw(st.text(max_size=20)),
            "properties": unique,
            "required": required,
        }

    return st.builds(build, props, st.data())


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(
        st.lists(
            st.lists(word, min_size=1, max_size=3).map(".".join),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    seen: set[str] = set()
    webhooks: dict[str, Any] = {}
    for index, event_type in enumerate(types):
        keys = {naming.event_class_name(event_type), naming.handler_name(event_type)}
        if (
            keys & seen
            or naming.handler_name(event_type) == "on_unknown"
            or naming.event_class_name(event_type) == "UnknownWebhookEvent"
        ):
            continue
        seen |= keys
        data = draw(objects(1))
        schema = {
            "type": "object",
            "required": ["id", "created_at", "data", "type"],
            "properties": {
                "id": {"type": "string"},
                "created_at": {"type": "integer", "format": "unixtime"},
                "type": {"type": "string", "enum": [event_type]},
                "object": {"type": "string", "enum": ["event"]},
                "data": data,
            },
        }
        webhooks[f"w{index}"] = {
            "post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}
        }
    return {"openapi": "3.1.0", "info": {"title": "fuzz", "version": "1"}, "webhooks": webhooks}


def example(schema: dict[str, Any]) -> Any:
    """A JSON value the schema accepts, with every property filled."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema["type"]
    if kind == "object":
        return {name: example(sub) for name, sub in schema["properties"].items()}
    if kind == "array":
        return [example(schema["items"])]
    return {"string": "s", "integer": 1, "number": 1.5, "boolean": True}[kind]


# Fields named like ambiguous variables (`l`, `O`, `I`, ruff E741) once made the format pass fail.
AMBIGUOUS_NAMES = {
    "openapi": "3.1.0",
    "info": {"title": "fuzz", "version": "1"},
    "webhooks": {
        "w0": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["id", "created_at", "data", "type"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "created_at": {"type": "integer"},
                                    "type": {"type": "string", "enum": ["a.b"]},
                                    "data": {
                                        "type": "object",
                                        "properties": {n: {"type": "string"} for n in "lOI"},
                                    },
                                },
                            }
                        }
                    }
                }
            }
        }
    },
}


@FUZZ
@given(spec=specs())
@pinned(spec=AMBIGUOUS_NAMES)
def test_random_valid_specs_generate_an_importable_lint_clean_package(
    spec: dict[str, Any], tmp_path_factory: Any
) -> None:
    tmp = tmp_path_factory.mktemp("fuzz")
    webhooks = tmp / "w.yaml"
    webhooks.write_text(yaml.safe_dump(spec, allow_unicode=True))
    # Examples come from what the generator reads back: YAML folds some characters (NEL, U+2028).
    spec = yaml.safe_load(webhooks.read_text())
    out = tmp / "out"
    generate(Inputs(webhooks, None), out)
    ruff = Path(sys.executable).parent / "ruff"
    assert subprocess.run([str(ruff), "check", "--no-cache", "-q", "."], cwd=out).returncode == 0
    bodies = []
    for entry in spec["webhooks"].values():
        schema = entry["post"]["requestBody"]["content"]["application/json"]["schema"]
        body = {name: example(sub) for name, sub in schema["properties"].items()}
        bodies.append(body)
    probe = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import openai_webhooks as ow;"
        "bodies = json.loads(sys.argv[2]);"
        "[ow.parse_event(json.dumps(b)) for b in bodies];"
        "assert all(not isinstance(ow.parse_event(b), ow.UnknownWebhookEvent) for b in bodies)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(out), json.dumps(bodies)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)))
        action = data.draw(st.sampled_from(["drop", "replace", "recurse", "recurse"]))
        copy = dict(value)
        if action == "drop":
            del copy[key]
        elif action == "replace":
            copy[key] = data.draw(
                st.one_of(
                    st.none(),
                    st.integers(),
                    st.text(max_size=5),
                    st.lists(st.integers(), max_size=2),
                )
            )
        else:
            copy[key] = _mutate(value[key], data, depth + 1)
        return copy
    if isinstance(value, list) and value:
        index = data.draw(st.integers(0, len(value) - 1))
        return [*value[:index], _mutate(value[index], data, depth + 1), *value[index + 1 :]]
    return data.draw(
        st.one_of(st.none(), st.integers(), st.text(max_size=5), st.just({}), st.just([]))
    )


@FUZZ
@given(spec=specs(), data=st.data())
def test_random_invalid_specs_give_located_errors(
    spec: dict[str, Any], data: st.DataObject, tmp_path_factory: Any
) -> None:
    tmp = tmp_path_factory.mktemp("fuzz_bad")
    mutated = _mutate(spec, data)
    webhooks = tmp / "w.yaml"
    webhooks.write_text(yaml.safe_dump(mutated, allow_unicode=True))
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", "--webhooks", str(webhooks), "--catalog", ""])
    errors = [line for line in err.getvalue().splitlines() if ": error: " in line]
    assert code in (0, 1)
    if code == 1:
        assert errors and all(LINE.match(line) for line in errors), err.getvalue()


def test_control_characters_in_descriptions_leave_the_models_importable(tmp_path: Path) -> None:
    """datamodel-code-generator copies control characters into docstrings (a NUL made models.py
    unimportable, found by the fuzz test above): they reach it spelled as \\xNN."""
    spec = json.loads(json.dumps(AMBIGUOUS_NAMES))
    schema = spec["webhooks"]["w0"]["post"]["requestBody"]["content"]["application/json"]
    data = schema["schema"]["properties"]["data"]
    data["description"] = "nul\x00 esc\x1b del\x7f"
    data["properties"]["l"]["description"] = "bell\x07"
    webhooks = tmp_path / "w.yaml"
    webhooks.write_text(yaml.safe_dump(spec))
    out = tmp_path / "out"
    generate(Inputs(webhooks, None), out)
    models = (out / "openai_webhooks" / "models.py").read_text()
    assert "nul\\\\x00 esc\\\\x1b del\\\\x7f" in models and "bell\\\\x07" in models
    assert not any(ord(c) < 32 and c not in "\n" for c in models)
    probe = "import sys; sys.path.insert(0, sys.argv[1]); import openai_webhooks"
    result = subprocess.run([sys.executable, "-c", probe, str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
