"""The docs show the webhook spec's own example payloads when they are valid; an invalid one
(not JSON, or not fitting the event's schema) is reported by `validate`, located, and replaced
by the invented example, whose ids take the prefixes the spec shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.inputs import Inputs
from generator.parse.build import build_spec
from generator.render.examples import envelope_example

EVENT = """\
  {key}:
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/{name}'}}
"""
SCHEMA = """\
    {name}:
      type: object
      required: [id, created_at, data, type]
      properties:
        id: {{type: string}}
        created_at: {{type: integer, format: unixtime}}
        object: {{type: string, enum: [event]}}
        type: {{type: string, enum: [{type}]}}
        data:
          type: object
          required: [id]
          properties:
            id: {{type: string, description: {id_description}}}
            items:
              type: array
              items:
                type: object
                properties:
                  item_id: {{type: string}}
      x-oaiMeta:
        example: {example}
"""


def _spec(tmp_path: Path, examples: dict[str, str], id_description: str = "The id.") -> Path:
    """A webhook spec of one event per example (`thing.<key>`), each example as JSON text."""
    webhooks = "".join(EVENT.format(key=k, name=f"Thing{k.title()}") for k in examples)
    schemas = "".join(
        SCHEMA.format(
            name=f"Thing{key.title()}",
            type=f"thing.{key}",
            example=json.dumps(text),
            id_description=json.dumps(id_description),
        )
        for key, text in examples.items()
    )
    path = tmp_path / "webhooks.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: Examples, version: 1.0.0}\n"
        f"webhooks:\n{webhooks}components:\n  schemas:\n{schemas}"
    )
    return path


VALID = (
    '{\n  "id": "evt_123",\n  "type": "thing.valid",\n  "created_at": 1719168000,\n'
    '  "data": {"id": "thg_456", "items": [{"item_id": "itm_1"}]}\n}\n'
)
# A trailing comma, as in one of upstream's own examples.
NOT_JSON = '{"id": "evt_1", "type": "thing.broken", "data": {"id": "brk_9",}, "created_at": 1}'
MISFIT = '{"id": "evt_1", "type": "thing.misfit", "created_at": 1, "data": {"items": []}}'


def test_a_valid_example_is_shown_as_the_spec_gives_it(tmp_path: Path) -> None:
    spec = build_spec(Inputs(_spec(tmp_path, {"valid": VALID}), None))
    (event,) = spec.events
    assert envelope_example(event) == json.loads(VALID)  # key order too
    assert list(envelope_example(event)) == ["id", "type", "created_at", "data"]
    assert not [d for d in spec.diagnostics if "example" in d.message]


def test_invalid_examples_are_located_warnings_and_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _spec(tmp_path, {"broken": NOT_JSON, "misfit": MISFIT})
    assert main(["validate", "--webhooks", str(path), "--catalog", ""]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "example" in line]
    lines = path.read_text().splitlines()
    example_lines = [i + 1 for i, line in enumerate(lines) if "example:" in line]
    assert warnings == [
        f"{path}:{example_lines[0]}:18: warning: example is not valid JSON (Expecting property"
        " name enclosed in double quotes at line 1, column 64 of the example); the docs show an"
        " invented example instead (at /components/schemas/ThingBroken/x-oaiMeta/example)",
        f"{path}:{example_lines[1]}:18: warning: example does not fit the event's schema:"
        " data.id is missing; the docs show an invented example instead"
        " (at /components/schemas/ThingMisfit/x-oaiMeta/example)",
    ]
    broken, misfit = build_spec(Inputs(path, None)).events
    # Invented, with every field; the ids take the prefixes the (lenient) example shows.
    assert envelope_example(broken) == {
        "id": "evt_abc123",
        "created_at": 1750861210,
        "object": "event",
        "type": "thing.broken",
        "data": {"id": "brk_abc123", "items": [{"item_id": "item_abc123"}]},
    }
    assert envelope_example(misfit)["data"]["id"] == "thing_abc123"  # no prefix shown: the rule


def test_an_id_description_can_show_the_prefix(tmp_path: Path) -> None:
    path = _spec(tmp_path, {"described": "not json"}, "The thing's ID, which starts with `thg_`.")
    (event,) = build_spec(Inputs(path, None)).events
    assert envelope_example(event)["data"]["id"] == "thg_abc123"
    path = _spec(tmp_path, {"described": "not json"}, "in `in_progress`; e.g. `thg_7a1b`")
    (event,) = build_spec(Inputs(path, None)).events
    assert envelope_example(event)["data"]["id"] == "thg_abc123"


def test_the_docs_example_parses_with_the_generated_model(tmp_path: Path) -> None:
    """As for every example (test_docs does it for the committed tree): the page's JSON block
    parses to the model it names."""
    out = tmp_path / "out"
    spec = _spec(tmp_path, {"valid": VALID, "broken": NOT_JSON})
    env = {**os.environ, "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "generator", "generate", "--webhooks", str(spec)]
    command += ["--catalog", "", "--out", str(out), "--news", "", "--quiet"]
    root = Path(__file__).resolve().parents[1]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    probe = (
        "import sys, openai_webhooks as ow\n"
        "for page in sys.argv[1:]:\n"
        "    text = open(page).read()\n"
        "    model = text.split('<!-- model: openai_webhooks.')[1].split(' ')[0]\n"
        "    body = text.split('```json\\n')[1].split('```')[0]\n"
        "    print(type(ow.parse_event(body)).__name__ == model, model)\n"
    )
    pages = [out / "docs" / "events" / f"thing.{key}.md" for key in ("valid", "broken")]
    result = subprocess.run(
        [sys.executable, "-c", probe, *map(str, pages)],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split("\n")[:2] == [
        "True ThingValidWebhookEvent",
        "True ThingBrokenWebhookEvent",
    ]
    assert "The webhook spec's own example." in pages[0].read_text()
    assert "Every field is filled in" in pages[1].read_text()
