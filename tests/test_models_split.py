"""Models of a big spec made in parts by several workers and joined: the joined module is the
module one run of datamodel-code-generator writes for the whole schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import synth
from generator.cli import main as cli
from generator.fastpath.tree import read_tree
from generator.inputs import Inputs
from generator.models import start as render_models
from generator.models import worker as models_worker
from generator.models.order import in_definition_order
from generator.models.schema import aliases, models_schema
from generator.models.split import SplitError, join, split
from generator.models.worker import ModelsWorker, generate_models
from generator.parse.build import build_spec
from tests.golden_refresh import ROOT, copy_generated

_SINGLE: dict[str, tuple[dict[str, Any], dict[str, str], str]] = {}


def _whole(name: str, webhooks: Path) -> tuple[dict[str, Any], dict[str, str], str]:
    """(schema, aliases, models of one run) of a webhook spec, made once per test session."""
    if name not in _SINGLE:
        spec = build_spec(Inputs(webhooks, None))
        schema, field_aliases = models_schema(spec), aliases(spec)
        _SINGLE[name] = schema, field_aliases, generate_models(json.dumps(schema), field_aliases)
    return _SINGLE[name]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Scale 2: a renamed family beside the real events, with shared `$ref` components.
    webhooks, _ = synth.write(tmp_path_factory.mktemp("synth"), 2)
    return webhooks


def _joined(schema: dict[str, Any], field_aliases: dict[str, str], parts: int) -> str:
    schemas = split(schema, parts)
    return join([generate_models(json.dumps(s), field_aliases) for s in schemas], schemas)


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_joined_parts_are_the_single_run_on_the_real_spec(parts: int) -> None:
    schema, field_aliases, single = _whole("real", ROOT / "specs" / "openai-webhooks.yaml")
    assert 1 < len(split(schema, parts)) <= parts
    assert _joined(schema, field_aliases, parts) == single


@pytest.mark.parametrize("parts", [2, 5])
def test_joined_parts_are_the_single_run_on_a_synthetic_spec(synthetic: Path, parts: int) -> None:
    # Nested objects, arrays of objects, enums, renamed fields (aliases), two event families.
    schema, field_aliases, single = _whole("synthetic", synthetic)
    assert len(split(schema, parts)) == parts
    assert _joined(schema, field_aliases, parts) == single


def test_a_definition_two_parts_reach_is_written_once() -> None:
    # The generator expands shared schemas where they are used, so its schemas never share a
    # definition between events; a schema that does is still split and joined right.
    common = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
    defs: dict[str, Any] = {"Common": common}
    mapping = {}
    for index in range(6):
        name = f"Event{index}"
        mapping[f"event.{index}"] = f"#/$defs/{name}"
        defs[name] = {
            "type": "object",
            "properties": {"type": {"const": f"event.{index}"}, "data": {"$ref": "#/$defs/Common"}},
            "required": ["type", "data"],
        }
    schema = {
        "title": "WebhookEvent",
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "type", "mapping": mapping},
        "$defs": defs,
    }
    schemas = split(schema, 3)
    assert all("Common" in part["$defs"] for part in schemas)
    single = generate_models(json.dumps(schema), {})
    assert _joined(schema, {}, 3) == single
    assert single.count("class Common(") == 1


def test_parts_cover_every_event_once_and_are_closed(synthetic: Path) -> None:
    schema, _, _ = _whole("synthetic", synthetic)
    schemas = split(schema, 4)
    events = [e for part in schemas for e in part["discriminator"]["mapping"]]
    assert events == list(schema["discriminator"]["mapping"])
    for part in schemas:
        assert len(part["oneOf"]) >= 2
        text = json.dumps(part)
        refs = {r for r in text.split('"$ref": "#/$defs/')[1:]}
        assert {r.split('"')[0] for r in refs} <= set(part["$defs"])


def test_the_first_part_gets_the_head_start(synthetic: Path) -> None:
    # The first part's worker has imported the library by the time the helpers start to.
    schema, field_aliases, single = _whole("synthetic", synthetic)
    even = [len(part["$defs"]) for part in split(schema, 2)]
    ahead = split(schema, 2, head_start=40)
    sizes = [len(part["$defs"]) for part in ahead]
    assert sizes[0] > sizes[1] and sizes[0] - sizes[1] > even[0] - even[1]
    assert join([generate_models(json.dumps(s), field_aliases) for s in ahead], ahead) == single


def test_more_parts_than_events_allow_are_merged() -> None:
    schema, _, _ = _whole("real", ROOT / "specs" / "openai-webhooks.yaml")
    schemas = split(schema, 100)
    assert all(len(part["oneOf"]) >= 2 for part in schemas)
    assert sum(len(part["oneOf"]) for part in schemas) == len(schema["oneOf"])


def test_an_unknown_layout_is_refused() -> None:
    schema, field_aliases, _ = _whole("real", ROOT / "specs" / "openai-webhooks.yaml")
    schemas = split(schema, 2)
    sources = [generate_models(json.dumps(s), field_aliases) for s in schemas]
    changed = [
        sources[0].replace("from __future__", "import os\nfrom __future__"),
        sources[0] + "\nprint('x')\n",  # a statement the schema does not define
        sources[0].replace("\n\n\nclass ", "\n\n\n\nclass ", 1),  # spacing it does not know
    ]
    for source in changed:
        with pytest.raises(SplitError):
            join([source, sources[1]], schemas)
    with pytest.raises(SplitError):
        join([sources[1], sources[0]], schemas)  # a part's models are not its schema's


def _force_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cpus: int) -> None:
    """Parts of 8 models on `cpus` cores (the real spec is far below the threshold), with an
    empty generator cache."""
    monkeypatch.setattr(models_worker, "MODELS_PER_PART", 8)
    monkeypatch.setattr(models_worker.os, "cpu_count", lambda: cpus)
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))


def _check_finds_the_committed_tree(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "generated"
    copy_generated(out)
    # `check` renders everything (no stamp in the empty cache) and compares: 0 = no difference.
    assert cli.main(["check", "--out", str(out)]) == 0
    assert read_tree(out) == read_tree(ROOT / "generated")


def test_check_with_workers_in_parts_finds_the_committed_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole command with the models split over workers (forced here) makes exactly the
    committed generated/ tree."""
    _force_parts(monkeypatch, tmp_path, cpus=3)
    started: list[ModelsWorker] = []
    original = ModelsWorker.helper

    def helper(self: ModelsWorker) -> ModelsWorker:
        started.append(original(self))
        return started[-1]

    monkeypatch.setattr(ModelsWorker, "helper", helper)
    _check_finds_the_committed_tree(monkeypatch, tmp_path)
    assert len(started) == 2  # three parts: the first worker and two helpers


def test_a_layout_join_refuses_falls_back_to_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _force_parts(monkeypatch, tmp_path, cpus=2)

    def refuse(sources: list[str], schemas: list[dict[str, Any]]) -> str:
        raise SplitError("a layout this joiner does not know")

    monkeypatch.setattr(render_models, "join", refuse)
    spec = build_spec(Inputs())
    worker = ModelsWorker()
    try:
        source = render_models.start_models(spec, worker)()
    finally:
        worker.close()
    # What one run writes, in definition order as start_models always gives it.
    assert source == in_definition_order(_whole("real", ROOT / "specs" / "openai-webhooks.yaml")[2])


def test_helpers_started_with_the_command_get_equal_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spec file big enough to be surely split starts the helpers at once (forced here), so no
    part gets a head start, and the tree is still exactly the committed one."""
    _force_parts(monkeypatch, tmp_path, cpus=3)
    # Parts small enough that the spec's events alone show it makes three.
    events = models_worker.webhook_entries((ROOT / "specs" / "openai-webhooks.yaml").read_bytes())
    monkeypatch.setattr(models_worker, "MODELS_PER_PART", min(8, events // 3))
    head_starts: list[int] = []
    original_split = render_models.split

    def spy(schema: dict[str, Any], parts: int, head_start: int = 0) -> list[dict[str, Any]]:
        head_starts.append(head_start)
        return original_split(schema, parts, head_start)

    monkeypatch.setattr(render_models, "split", spy)
    late: list[ModelsWorker] = []
    original_helper = ModelsWorker.helper

    def helper(self: ModelsWorker) -> ModelsWorker:
        if not self.early_helpers():
            late.append(self)
        return original_helper(self)

    monkeypatch.setattr(ModelsWorker, "helper", helper)
    _check_finds_the_committed_tree(monkeypatch, tmp_path)
    assert head_starts == [0] and not late
