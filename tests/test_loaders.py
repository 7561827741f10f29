"""Loaders: positions, full upstream documents, and the merge of both sources."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.diagnostics import SpecError
from generator.inputs import Inputs
from generator.ir import Spec
from generator.load.json_doc import load_json
from generator.load.yaml_doc import load_yaml
from generator.parse.build import build_spec
from tests.golden_refresh import FROZEN_CATALOG as CATALOG
from tests.golden_refresh import FROZEN_WEBHOOKS as SPEC
from tests.golden_refresh import ROOT


def test_yaml_and_json_positions_point_at_the_value() -> None:
    doc = load_yaml("a:\n  b:\n    - x\n    - {c: 1}\n", "f.yaml")
    assert str(doc.locate(("a", "b", 1, "c"))) == "f.yaml:4:11"
    doc = load_json('{"a": {"b": [1,\n  {"c": 2}]}}', "f.json")
    assert str(doc.locate(("a", "b", 1, "c"))) == "f.json:2:9"
    assert doc.locate(("a", "missing")).pointer == "/a/missing"


def test_full_upstream_document_reads_only_webhooks_and_reachable_schemas(tmp_path: Path) -> None:
    spec = yaml.safe_load(SPEC.read_text())
    schema = {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Broken"}}}
    for i in range(3000):
        spec["paths"][f"/things/{i}"] = {
            "get": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{i}"}
                            }
                        }
                    }
                }
            }
        }
        spec["components"]["schemas"][f"Thing{i}"] = {
            **schema,
            "description": f"Thing number {i}, " * 8,
        }
    # Unreachable from `webhooks`: a dangling ref and a bad type must not be reported.
    spec["components"]["schemas"]["Broken"] = {
        "$ref": "#/components/schemas/Nowhere",
        "type": "tuple",
    }
    big = tmp_path / "openapi.yaml"
    big.write_text(yaml.safe_dump(spec, sort_keys=False))
    assert big.stat().st_size > 1_000_000
    result = build_spec(Inputs(big, CATALOG))
    assert len([e for e in result.events if e.envelope]) == 15
    assert not [d for d in result.diagnostics if d.location.file.endswith("openapi.yaml")]


def test_merge_links_envelope_events_to_their_catalog_resource() -> None:
    spec = build_spec(Inputs(SPEC, CATALOG))
    both = {e.type for e in spec.events if e.envelope and e.catalog_webhook}
    assert both == {
        "batch.cancelled",
        "batch.completed",
        "batch.expired",
        "batch.failed",
        "fine_tuning.job.cancelled",
        "fine_tuning.job.failed",
        "fine_tuning.job.succeeded",
        "response.completed",
        "response.failed",
    }
    completed = next(e for e in spec.events if e.type == "response.completed")
    assert completed.link is not None
    assert (completed.link.resource, completed.link.operation, completed.link.parameter) == (
        "responses",
        "build_read",
        "response_id",
    )
    assert len(spec.events) == 45  # 15 envelope events + 30 catalog-only webhooks


def test_errors_from_both_files_are_reported_together(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "w.yaml"
    bad_yaml.write_text("webhooks: [\n")
    bad_json = tmp_path / "c.json"
    bad_json.write_text("[{]")
    with pytest.raises(SpecError) as info:
        build_spec(Inputs(bad_yaml, bad_json))
    files = sorted(Path(d.location.file).name for d in info.value.diagnostics)
    assert files == ["c.json", "w.yaml"]


def test_the_envelopes_are_handed_over_before_the_catalog_is_loaded(tmp_path: Path) -> None:
    catalog = tmp_path / "c.json"  # written by the callback: loading it earlier would fail
    handed: list[int] = []

    def on_envelopes(envelopes: Spec) -> None:
        handed.append(len(envelopes.events))
        catalog.write_bytes(CATALOG.read_bytes())

    spec = build_spec(Inputs(SPEC, catalog), on_envelopes)
    assert handed == [sum(e.envelope is not None for e in spec.events)]
    assert spec.resources


def test_a_catalog_that_cannot_be_loaded_is_reported_alone(tmp_path: Path) -> None:
    bad_json = tmp_path / "c.json"
    bad_json.write_text("[{]")
    with pytest.raises(SpecError) as info:
        build_spec(Inputs(SPEC, bad_json), lambda envelopes: None)
    assert {Path(d.location.file).name for d in info.value.diagnostics} == {"c.json"}


def _events_spec(count: int, properties: int) -> str:
    """A webhook spec of `count` events, each with `properties` string fields written out."""
    lines = ["openapi: 3.1.0", "info: {title: t, version: '1'}", "webhooks:"]
    for i in range(count):
        lines += [
            f"  e{i}:",
            "    post:",
            "      requestBody:",
            "        content:",
            "          application/json:",
            "            schema:",
            "              type: object",
            "              required: [type, data]",
            "              properties:",
            f"                type: {{type: string, enum: [e{i}.done]}}",
            "                data:",
            "                  type: object",
            "                  properties:",
            *(f"                    p{j}: {{type: string}}" for j in range(properties)),
        ]
    return "\n".join(lines) + "\n"


def test_expansion_budget_grows_with_the_document(tmp_path: Path) -> None:
    """A big written-out spec is not a bomb: 1,000 events of 30 fields expand past 20,000
    schema nodes, which the budget allows because the text is big too."""
    spec = tmp_path / "big.yaml"
    spec.write_text(_events_spec(1000, 30))
    result = build_spec(Inputs(spec, None))
    assert len(result.events) == 1000
    assert not [d for d in result.diagnostics if d.level == "error"]
    data = [p for p in result.events[-1].envelope.properties if p.name == "data"]
    assert len(data[0].type.properties) == 30


def test_padding_does_not_buy_an_alias_bomb_its_expansion(tmp_path: Path) -> None:
    bomb = (ROOT / "tests" / "bad_specs" / "yaml_alias_bomb.yaml").read_text()
    padded = tmp_path / "padded.yaml"
    padded.write_text(bomb + "# " + "x" * 2_000_000 + "\n")
    with pytest.raises(SpecError) as caught:
        build_spec(Inputs(padded, None))
    [message] = [d.message for d in caught.value.diagnostics if d.level == "error"]
    assert message.startswith("schemas expand to over 125,0")  # 1 node per 16 characters


def test_surrogate_escapes_load_as_a_pair_and_fail_located_alone() -> None:
    pair = load_json('{"a": ["x", "smile \\ud83d\\ude00"]}', "c.json")
    assert pair.data == {"a": ["x", "smile \U0001f600"]}
    # An escaped backslash before `ud800` is plain text, not an escape.
    assert load_json('{"a": "\\\\ud800"}', "c.json").data == {"a": "\\ud800"}
    with pytest.raises(SpecError) as caught:
        load_json('{"a": [\n  "x", "half \\udc00"]}', "c.json")
    (problem,) = caught.value.diagnostics
    assert str(problem.location) == "c.json:2:8"
    assert problem.location.pointer == "/a/1" and "surrogate" in problem.message
    with pytest.raises(SpecError):
        load_json('{"key \\ud800": 1}', "c.json")
