"""The merge of both sources and what `validate` says about the catalog: the merge report as a
golden snapshot (tests/golden_merge_report.txt, refreshed by `make golden`), the located
warnings (type mismatches, placeholders), the resource link in handler docstrings and docs, and
conflicts found at events."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openai_webhooks as ow
import pytest
from openai_webhooks import catalog
from openai_webhooks.handlers import WebhookHandler

from generator.cli.merge_report import conflicts, merge_report
from generator.diagnostics import SpecError
from generator.inputs import Inputs
from generator.ir import BodyObject
from generator.parse.build import build_spec
from tests.golden_refresh import FROZEN_CATALOG, GOLDEN_MERGE_REPORT, ROOT, validate_output
from tests.payloads import event_body
from tests.raw_responses import RECORDS

CATALOG = json.loads(FROZEN_CATALOG.read_text())
LINKED = {
    "batch.cancelled": ("batches", "batch_id"),
    "batch.completed": ("batches", "batch_id"),
    "batch.expired": ("batches", "batch_id"),
    "batch.failed": ("batches", "batch_id"),
    "fine_tuning.job.cancelled": ("fine_tuning_jobs", "fine_tuning_job_id"),
    "fine_tuning.job.failed": ("fine_tuning_jobs", "fine_tuning_job_id"),
    "fine_tuning.job.succeeded": ("fine_tuning_jobs", "fine_tuning_job_id"),
    "response.completed": ("responses", "response_id"),
    "response.failed": ("responses", "response_id"),
}


def report_text() -> str:
    return validate_output()[0]


def test_merge_report_matches_the_golden_snapshot() -> None:
    assert report_text() == GOLDEN_MERGE_REPORT.read_text(), "run `make golden` and review the diff"


def test_merge_report_lists_each_event_once_with_its_location() -> None:
    report = report_text()
    lines = report.splitlines()
    assert lines[0] == (
        "merge: 45 events (6 only in the webhook spec, 30 only in the catalog, 9 in both), "
        "16 resources"
    )
    for event, (module, parameter) in LINKED.items():
        line = next(i for i, text in enumerate(lines) if text.startswith(f"  {event}  "))
        assert re.search(
            r"  \[specs/openai-webhooks\.yaml:\d+:\d+\] \[specs/resource-catalog\.json:\d+:\d+\]$",
            lines[line],
        ), lines[line]
        assert f"catalog.{module}.build_read({parameter}=event.data.id)" in lines[line + 1]
    assert "conflicts (0):" in lines
    assert lines[-1] == "ok: 8 warnings"


def test_validate_reports_each_type_mismatch_at_the_field_type() -> None:
    _, err = validate_output()
    expected = {
        "/2/fields/1/type": "field 'embedding' is declared String (multivalue) but its description says it holds numbers ('floats'); it is read as list[str | int | float]",
        "/4/fields/2/type": "field 'duration' is declared String but its description says it holds numbers ('duration', 'seconds'); it is read as str | int | float",
        "/4/webhooks/0/payload/2/type": "field 'duration' is declared String but its description says it holds numbers",
    }
    for pointer, message in expected.items():
        line = next(line for line in err.splitlines() if line.endswith(f"(at {pointer})"))
        assert line.startswith("specs/resource-catalog.json:")
        assert ": warning: " + message in line


def test_placeholder_warnings_point_at_the_placeholder() -> None:
    _, err = validate_output()
    placeholder_lines = [line for line in err.splitlines() if "placeholder '" in line]
    assert len(placeholder_lines) == 5
    for line in placeholder_lines:
        assert re.search(r"\(at /\d+/operations/\w+/bodyTemplate/placeholders/\d+\)$", line), line
    assert any(
        "'response_format' is declared but absent" in line
        and line.endswith("(at /5/operations/create/bodyTemplate/placeholders/3)")
        for line in placeholder_lines
    )
    assert any(
        "'input' is described as an array ('array of') but quoted" in line
        and line.endswith("(at /2/operations/create/bodyTemplate/placeholders/1)")
        for line in placeholder_lines
    )
    assert any(
        "'file' is described as a form upload ('multipart/form-data'), but the body template is JSON"
        in line
        and line.endswith("(at /4/operations/create/bodyTemplate/placeholders/1)")
        for line in placeholder_lines
    )


def _spec_with(tmp_path: Path, catalog_data: Any, name: str = "c.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(catalog_data, indent=1))
    return path


def test_an_unknown_placeholder_type_is_one_error_not_two(tmp_path: Path) -> None:
    catalog_data = [
        {
            "handle": "things",
            "endpoint": {"value": "/things"},
            "operations": {
                "create": {
                    "method": "POST",
                    "bodyTemplate": {
                        "value": '{"a": {{x}}}',
                        "placeholders": [{"name": "x", "type": "Float", "required": True}],
                    },
                },
                "read": {
                    "method": "GET",
                    "path": {
                        "value": "/{{id}}",
                        "placeholders": [{"name": "id", "type": "Uuid", "required": True}],
                    },
                },
                "list": {
                    "method": "GET",
                    "queryParams": {
                        "q": {
                            "value": "{{q}}",
                            "placeholders": [{"name": "q", "type": "Text"}],
                        }
                    },
                },
            },
        }
    ]
    with pytest.raises(SpecError) as caught:
        build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) == 3, messages
    assert all(m.startswith("unknown placeholder type") for m in messages)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{{q", "unbalanced or malformed"),
        ("a-{{q}}", "exactly one {{placeholder}}"),
        ("{{q}}{{q}}", "exactly one {{placeholder}}"),
    ],
)
def test_a_malformed_query_value_is_a_located_error(
    tmp_path: Path, query: str, message: str
) -> None:
    catalog_data = [
        {
            "handle": "things",
            "endpoint": {"value": "/things"},
            "operations": {
                "list": {
                    "method": "GET",
                    "queryParams": {
                        "q": {
                            "value": query,
                            "placeholders": [{"name": "q", "type": "String"}],
                        }
                    },
                }
            },
        }
    ]
    with pytest.raises(SpecError) as caught:
        build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.location.pointer == "/0/operations/list/queryParams/q/value"


def _create_only(body: str, *placeholders: dict[str, Any]) -> list[dict[str, Any]]:
    """A catalog of one resource whose one operation is a POST with this body template."""
    template = {"value": body, "placeholders": list(placeholders)}
    operation = {"method": "POST", "bodyTemplate": template}
    return [
        {"handle": "things", "endpoint": {"value": "/things"}, "operations": {"create": operation}}
    ]


def test_options_on_a_non_string_placeholder_are_an_error(tmp_path: Path) -> None:
    catalog_data = _create_only(
        '{"n": {{n}}}', {"name": "n", "type": "Integer", "options": ["1", "2"]}
    )
    with pytest.raises(SpecError) as caught:
        build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.location.pointer == "/0/operations/create/bodyTemplate/placeholders/0/options"


def test_options_listed_twice_are_kept_once_with_a_warning(tmp_path: Path) -> None:
    catalog_data = _create_only(
        '{"size": "{{size}}"}', {"name": "size", "type": "String", "options": ["s", "m", "s"]}
    )
    spec = build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    (warning,) = spec.diagnostics
    assert warning.level == "warning" and "twice" in warning.message
    assert warning.location.pointer == "/0/operations/create/bodyTemplate/placeholders/0/options"
    (param,) = spec.resources[0].operations[0].parameters
    assert param.options == ("s", "m")


def test_a_body_template_may_nest_objects(tmp_path: Path) -> None:
    """JSON closes nested objects with `}}`, which is not a placeholder's end."""
    catalog_data = _create_only(
        '{"name": "{{name}}", "meta": {"a": {"b": 2}}}',
        {"name": "name", "type": "String", "required": True},
    )
    spec = build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    body = spec.resources[0].operations[0].body
    assert body is not None and body.members[1] == (
        "meta",
        BodyObject(members=(("a", BodyObject(members=(("b", 2),))),)),
    )


def test_an_array_described_one_value_field_is_reported_not_widened(tmp_path: Path) -> None:
    catalog_data = [
        {
            "handle": "things",
            "endpoint": {"value": "/things"},
            "fields": [
                {
                    "name": "tags",
                    "type": "String",
                    "selector": ["tags"],
                    "meta": {"description": "A list of tags."},
                },
                {
                    "name": "score",
                    "type": "String",
                    "selector": ["score"],
                    "meta": {"description": "A numeric score."},
                },
                {
                    "name": "title",
                    "type": "String",
                    "selector": ["title"],
                    "meta": {"description": "The vector store's title."},
                },
            ],
        }
    ]
    spec = build_spec(Inputs(None, _spec_with(tmp_path, catalog_data)))
    fields = {f.name: f for f in spec.resources[0].fields}
    assert (fields["tags"].kind, fields["score"].kind, fields["title"].kind) == (
        "str",
        "str_or_number",
        "str",
    )
    assert "described as an array ('list of')" in fields["tags"].type_note
    pointers = [d.location.pointer for d in spec.diagnostics]
    assert pointers == ["/0/fields/0/type", "/0/fields/1/type"]


# --- conflicts between the two sources ----------------------------------------------------------

WEBHOOKS = """openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  thing.done:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, created_at, data, type]
              properties:
                id: {type: string}
                created_at: {type: integer}
                type: {type: string, enum: [thing.done]}
                data:
                  type: object
                  required: [%s]
                  properties: {%s: {type: string}}
"""


@pytest.mark.parametrize(
    ("data_key", "operations", "conflict"),
    [
        ("id", {}, "has no 'read' operation"),
        (
            "thing_id",
            {
                "read": {
                    "method": "GET",
                    "path": {
                        "value": "/{{id}}",
                        "placeholders": [{"name": "id", "type": "String"}],
                    },
                }
            },
            "has no string 'data.id'",
        ),
        (
            "id",
            {
                "read": {
                    "method": "GET",
                    "path": {
                        "value": "/{{id}}",
                        "placeholders": [{"name": "id", "type": "String"}],
                    },
                }
            },
            None,
        ),
    ],
    ids=["no-read", "no-data-id", "linked"],
)
def test_conflicts_at_events_in_both_sources_are_reported_with_locations(
    tmp_path: Path, data_key: str, operations: dict[str, Any], conflict: str | None
) -> None:
    webhooks = tmp_path / "w.yaml"
    webhooks.write_text(WEBHOOKS % (data_key, data_key))
    catalog_data = [
        {
            "handle": "things",
            "endpoint": {"value": "/things"},
            "fields": [{"name": "id", "type": "String", "selector": ["id"]}],
            "operations": operations,
            "webhooks": [{"event": "thing.done", "path": "/hooks/thing-done", "payload": []}],
        }
    ]
    spec = build_spec(Inputs(webhooks, _spec_with(tmp_path, catalog_data)))
    report = merge_report(spec)
    found = conflicts(spec)
    if conflict is None:
        assert found == []
        assert (
            "fetch catalog.things.build_read(id=event.data.id) -> catalog.things.Record: id"
            in report
        )
        return
    (diagnostic,) = found
    assert conflict in diagnostic.message
    assert diagnostic.location.line > 0
    assert "conflicts (1):\n  " + diagnostic.format() + "\n" in report
    assert "no link: see the conflicts below" in report


# --- the link in the generated handler stubs and docs ------------------------------------------


@pytest.mark.parametrize("event", sorted(LINKED))
def test_handler_docstring_shows_how_to_fetch_the_resource_and_its_fields(event: str) -> None:
    module, parameter = LINKED[event]
    doc = getattr(WebhookHandler, "on_" + event.replace(".", "_")).__doc__ or ""
    flat = " ".join(doc.split())
    assert f"`catalog.{module}.build_read({parameter}=event.data.id)`" in flat
    assert f"`catalog.{module}.Record.from_raw(body)`" in flat
    for field in getattr(catalog, module).Record.model_fields:
        assert field in flat


def test_handlers_of_unlinked_events_say_nothing_about_fetching() -> None:
    assert "build_read" not in (WebhookHandler.on_eval_run_failed.__doc__ or "")
    assert "build_read" not in (WebhookHandler.on_response_cancelled.__doc__ or "")


@pytest.mark.parametrize("event", sorted(LINKED))
def test_the_documented_fetch_works_on_a_real_event(event: str) -> None:
    module, parameter = LINKED[event]
    parsed = ow.parse_event(json.dumps(event_body(event)).encode())
    resource = getattr(catalog, module)
    request = resource.build_read(**{parameter: parsed.data.id})
    assert request.method == "GET"
    assert request.path.endswith("/" + parsed.data.id)
    record = resource.Record.from_raw(RECORDS[module][0])
    assert record.id is not None


@pytest.mark.parametrize("event", sorted(LINKED))
def test_event_docs_show_the_fetch_and_the_record_fields(event: str) -> None:
    module, parameter = LINKED[event]
    page = (ROOT / "generated" / "docs" / "events" / f"{event}.md").read_text()
    assert "## Fetch the resource" in page
    assert f"`catalog.{module}.build_read({parameter}=event.data.id)`" in page
    for field in getattr(catalog, module).Record.model_fields:
        assert f"| `{field}` |" in page


def test_resource_docs_state_the_type_rule_and_the_mismatched_fields() -> None:
    pages = {
        p.stem: p.read_text() for p in (ROOT / "generated" / "docs" / "resources").glob("*.md")
    }
    assert len(pages) == 16
    for page in pages.values():
        assert "catalog.mismatches(record)" in page
        assert "Values are never converted." in page
    embeddings = pages["embeddings"]
    assert (
        "| `embedding` | <code>list[str &#124; int &#124; float] &#124; None</code> |" in embeddings
    )
    assert "*Type: declared String (multivalue), described as numbers ('floats')" in embeddings
    assert pages["audio_transcriptions"].count("described as numbers ('duration', 'seconds')") == 2
    assert "Webhook events that name a Batches resource" in pages["batches"]


def test_handles_named_like_the_catalog_package_s_own_names_get_safe_modules(
    tmp_path: Path,
) -> None:
    """`catalog/__init__.py` binds `mismatches` and `annotations` (the __future__ import): a
    resource module of that name would shadow one or the other."""
    from generator.pipeline import generate

    resources = json.loads(json.dumps(CATALOG))
    resources[0]["handle"], resources[1]["handle"] = "mismatches", "annotations"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(resources))
    out = tmp_path / "out"
    generate(Inputs(None, path), out)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); from openai_webhooks import catalog;"
        "assert callable(catalog.mismatches);"
        "print(catalog.mismatches_.__name__, catalog.annotations_.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "openai_webhooks.catalog.mismatches_",
        "openai_webhooks.catalog.annotations_",
    ]
