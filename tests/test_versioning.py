"""Versioning: spec edits -> classified changes and bump; idempotence; pinning; CHANGELOG."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.main import main
from generator.fastpath.tree import read_tree
from generator.inputs import Inputs
from generator.parse.build import build_spec
from generator.pipeline import generate
from generator.release import manifest
from generator.release.versioning import diff
from generator.render import templates as render
from tests.golden_refresh import FROZEN, FROZEN_CATALOG, FROZEN_WEBHOOKS, ROOT

SPEC = yaml.safe_load(FROZEN_WEBHOOKS.read_text())
CATALOG = json.loads(FROZEN_CATALOG.read_text())
GOLDEN_CHANGELOG = Path(__file__).resolve().parent / "golden_changelog" / "CHANGELOG.md"

Edit = Callable[[Any], None]


def schema(spec: Any, name: str) -> Any:
    return spec["components"]["schemas"][name]


def data_props(spec: Any, name: str) -> Any:
    return schema(spec, name)["properties"]["data"]["properties"]


def resource(catalog: Any, handle: str) -> Any:
    return next(r for r in catalog if r["handle"] == handle)


def add_status(spec: Any, values: list[str]) -> None:
    data_props(spec, "WebhookBatchFailed")["status"] = {"type": "string", "enum": values}


def new_event(spec: Any) -> None:
    spec["webhooks"]["batch_paused"] = copy.deepcopy(spec["webhooks"]["batch_failed"])
    spec["webhooks"]["batch_paused"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]["$ref"] = "#/components/schemas/WebhookBatchPaused"
    paused = copy.deepcopy(schema(spec, "WebhookBatchFailed"))
    paused["properties"]["type"]["enum"] = ["batch.paused"]
    spec["components"]["schemas"]["WebhookBatchPaused"] = paused


def param(catalog: Any, handle: str, op: str) -> Any:
    return resource(catalog, handle)["operations"][op]["bodyTemplate"]["placeholders"]


def body(catalog: Any, handle: str, op: str, old: str, new: str) -> None:
    template = resource(catalog, handle)["operations"][op]["bodyTemplate"]
    assert old in template["value"]
    template["value"] = template["value"].replace(old, new)


# (name, file, edit of the old copy or None, edit of the new copy, expected bump, expected change lines)
CASES: list[tuple[str, str, Edit | None, Edit, str | None, list[str]]] = [
    ("identical", "webhooks", None, lambda s: None, None, []),
    (
        "removed event",
        "webhooks",
        None,
        lambda s: s["webhooks"].pop("batch_failed"),
        "major",
        ["major (removed-event): event batch.failed"],
    ),
    ("new event", "webhooks", None, new_event, "minor", ["minor (new-event): event batch.paused"]),
    (
        "removed field",
        "webhooks",
        None,
        lambda s: data_props(s, "WebhookBatchFailed").pop("id"),
        "major",
        ["major (removed-field): event batch.failed field data.id"],
    ),
    (
        "new field",
        "webhooks",
        None,
        lambda s: data_props(s, "WebhookBatchFailed").update(status={"type": "string"}),
        "minor",
        ["minor (new-field): event batch.failed field data.status"],
    ),
    (
        "changed type",
        "webhooks",
        None,
        lambda s: schema(s, "WebhookBatchFailed")["properties"]["created_at"].update(type="string"),
        "major",
        ["major (changed-type): event batch.failed field created_at: integer -> string"],
    ),
    (
        "required to optional",
        "webhooks",
        None,
        lambda s: schema(s, "WebhookBatchFailed")["properties"]["data"]["required"].remove("id"),
        "major",
        ["major (required-to-optional): event batch.failed field data.id"],
    ),
    (
        "optional to required",
        "webhooks",
        None,
        lambda s: schema(s, "WebhookBatchFailed")["required"].append("object"),
        "major",
        ["major (optional-to-required): event batch.failed field object"],
    ),
    (
        "removed enum value",
        "webhooks",
        lambda s: add_status(s, ["a", "b"]),
        lambda s: add_status(s, ["a"]),
        "major",
        ["major (removed-enum-value): event batch.failed field data.status: 'b'"],
    ),
    (
        "new enum value",
        "webhooks",
        lambda s: add_status(s, ["a"]),
        lambda s: add_status(s, ["a", "b"]),
        "minor",
        ["minor (new-enum-value): event batch.failed field data.status: 'b'"],
    ),
    (
        "field description",
        "webhooks",
        None,
        lambda s: data_props(s, "WebhookBatchFailed")["id"].update(description="The batch."),
        "patch",
        ["patch (changed-description): event batch.failed field data.id"],
    ),
    (
        "event description",
        "webhooks",
        None,
        lambda s: schema(s, "WebhookBatchFailed").update(description="A batch failed."),
        "patch",
        ["patch (changed-description): event batch.failed"],
    ),
    (
        "removed resource",
        "catalog",
        None,
        lambda c: c.remove(resource(c, "embeddings")),
        "major",
        [
            "major (removed-handler): event embedding.created",
            "major (removed-resource): resource embeddings",
        ],
    ),
    (
        "new resource",
        "catalog",
        lambda c: c.remove(resource(c, "embeddings")),
        lambda c: None,
        "minor",
        [
            "minor (new-handler): event embedding.created",
            "minor (new-resource): resource embeddings",
        ],
    ),
    (
        "removed operation",
        "catalog",
        None,
        lambda c: resource(c, "files")["operations"].pop("delete"),
        "major",
        ["major (removed-operation): resource files operation delete"],
    ),
    (
        "new operation",
        "catalog",
        lambda c: resource(c, "files")["operations"].pop("delete"),
        lambda c: None,
        "minor",
        ["minor (new-operation): resource files operation delete"],
    ),
    (
        "new required parameter",
        "catalog",
        None,
        lambda c: param(c, "images", "create").append(
            {"name": "style", "type": "String", "required": True}
        ),
        "major",
        [
            "minor (changed-body): resource images operation create",
            "major (new-required-parameter): resource images operation create parameter style",
        ],
    ),
    (
        "new optional parameter",
        "catalog",
        None,
        lambda c: param(c, "images", "create").append(
            {"name": "style", "type": "String", "required": False}
        ),
        "minor",
        [
            "minor (changed-body): resource images operation create",
            "minor (new-optional-parameter): resource images operation create parameter style",
        ],
    ),
    (
        "removed option",
        "catalog",
        None,
        lambda c: param(c, "images", "create")[3]["options"].remove("256x256"),
        "major",
        ["major (removed-enum-value): resource images operation create parameter size: '256x256'"],
    ),
    (
        "new option",
        "catalog",
        None,
        lambda c: param(c, "images", "create")[3]["options"].append("2048x2048"),
        "minor",
        ["minor (new-enum-value): resource images operation create parameter size: '2048x2048'"],
    ),
    (
        # The builder sends the new default when the caller passes none: not a description.
        "changed query default",
        "catalog",
        None,
        lambda c: resource(c, "batches")["operations"]["list"]["queryParams"]["limit"].update(
            value="50"
        ),
        "minor",
        ["minor (changed-default): resource batches operation list parameter limit: '20' -> '50'"],
    ),
    (
        # A raw String slot takes any JSON value, a str too, sent as before.
        "quoted to raw placeholder",
        "catalog",
        None,
        lambda c: body(c, "images", "create", '"{{prompt}}"', "{{prompt}}"),
        "minor",
        [
            "minor (changed-body): resource images operation create",
            "minor (widened-type): resource images operation create parameter prompt:"
            " quoted -> raw: str -> any JSON value",
        ],
    ),
    (
        # A quoted Integer slot takes only str: callers passing an int break.
        "raw to quoted placeholder",
        "catalog",
        None,
        lambda c: body(c, "images", "create", "{{n}}", '"{{n}}"'),
        "major",
        [
            "minor (changed-body): resource images operation create",
            "major (changed-type): resource images operation create parameter n:"
            " raw -> quoted: int -> str",
        ],
    ),
    (
        "removed catalog webhook",
        "catalog",
        None,
        lambda c: resource(c, "images")["webhooks"].pop(),
        "major",
        ["major (removed-handler): event image.failed"],
    ),
    (
        "changed route",
        "catalog",
        None,
        lambda c: resource(c, "images")["webhooks"][0].update(path="/webhooks/images/generated"),
        "major",
        [
            "major (changed-route): event image.generated: /webhooks/chatgpt/image-generated -> /webhooks/images/generated"
        ],
    ),
    (
        "removed record field",
        "catalog",
        None,
        lambda c: resource(c, "images")["fields"].pop(),
        "major",
        ["major (removed-field): resource images field b64_json"],
    ),
    (
        "changed record field type",
        "catalog",
        None,
        lambda c: resource(c, "images")["fields"][0].update(type="String"),
        "major",
        ["major (changed-type): resource images field created: int -> str"],
    ),
    (
        "changed selector",
        "catalog",
        None,
        lambda c: resource(c, "images")["fields"][1].update(selector=["data", "1", "url"]),
        "major",
        [
            "major (changed-selector): resource images field url: ['data', '0', 'url'] -> ['data', '1', 'url']"
        ],
    ),
    (
        "payload field description",
        "catalog",
        None,
        lambda c: resource(c, "images")["webhooks"][0]["payload"][0]["meta"].update(
            description="When."
        ),
        "patch",
        ["patch (changed-description): resource images webhook image.generated payload field url"],
    ),
]


def write_pair(
    tmp_path: Path, kind: str, old_edit: Edit | None, new_edit: Edit
) -> tuple[Path, Path]:
    base = SPEC if kind == "webhooks" else CATALOG
    old, new = copy.deepcopy(base), copy.deepcopy(base)
    if old_edit:
        old_edit(old)
    new_edit(new)
    suffix = ".yaml" if kind == "webhooks" else ".json"
    paths = tmp_path / f"old{suffix}", tmp_path / f"new{suffix}"
    for path, data in zip(paths, (old, new), strict=True):
        path.write_text(
            yaml.safe_dump(data, sort_keys=False)
            if kind == "webhooks"
            else json.dumps(data, indent=1)
        )
    return paths


def test_every_rule_is_covered() -> None:
    rules = {line.split("(")[1].split(")")[0] for case in CASES for line in case[5]}
    assert len(CASES) >= 20
    assert {
        "removed-event",
        "removed-field",
        "removed-resource",
        "removed-operation",
        "removed-handler",
        "changed-type",
        "required-to-optional",
        "removed-enum-value",
        "new-required-parameter",
        "new-event",
        "new-field",
        "new-resource",
        "new-operation",
        "new-optional-parameter",
        "new-enum-value",
        "changed-description",
        "changed-default",
        "widened-type",
    } <= rules


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_spec_edit_gives_bump_and_change_lines(
    case: tuple[str, str, Edit | None, Edit, str | None, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, kind, old_edit, new_edit, bump, lines = case
    old, new = write_pair(tmp_path, kind, old_edit, new_edit)
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [*lines, f"bump: {bump or 'none'}"]
    code = main(["diff", str(old), str(new), "--format", "json", "--fail-on", "breaking"])
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == bump
    assert code == (1 if bump == "major" else 0)


def test_diff_of_two_manifests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest_path = ROOT / "generated" / "openai_webhooks" / "_manifest.json"
    data = json.loads(manifest_path.read_text())
    data["ir"]["events"] = [e for e in data["ir"]["events"] if e["type"] != "response.failed"]
    newer = tmp_path / "_manifest.json"
    newer.write_text(json.dumps(data))
    assert main(["diff", str(manifest_path), str(newer), "--fail-on", "breaking"]) == 1
    out = capsys.readouterr().out
    assert "major (removed-event): event response.failed" in out


def test_a_new_python_name_for_the_same_wire_name_is_major(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The spec's names stay; the Python names the generator made of them change (a change of
    the naming rules, as accented letters once were dropped: `été` -> `t`, now `ete`). Code
    using the old names breaks, so each is a major `renamed`, never the patch a generator-only
    change gets."""
    manifest_path = ROOT / "generated" / "openai_webhooks" / "_manifest.json"
    data = json.loads(manifest_path.read_text())
    event = next(e for e in data["ir"]["events"] if e["type"] == "batch.completed")
    event["class_name"] = "BatchDoneWebhookEvent"
    event["handler_name"] = "on_batch_done"
    data_prop = next(p for p in event["envelope"]["properties"] if p["name"] == "data")
    data_prop["type"]["class_name"] = "BatchDoneData"
    data_prop["type"]["properties"][0]["py_name"] = "ident"
    batches = next(r for r in data["ir"]["resources"] if r["handle"] == "batches")
    batches["module_name"] = "batch_jobs"
    batches["fields"][0]["py_name"] = "batch_id"
    batches["operations"][0]["function_name"] = "build_it"
    batches["operations"][0]["parameters"][0]["py_name"] = "the_id"
    payload = batches["webhooks"][0]["class_name"]
    batches["webhooks"][0]["class_name"] = "BatchPayload"
    newer = tmp_path / "_manifest.json"
    newer.write_text(json.dumps(data))
    assert main(["diff", str(manifest_path), str(newer), "--fail-on", "breaking"]) == 1
    lines = capsys.readouterr().out.splitlines()
    op, param = batches["operations"][0]["name"], batches["operations"][0]["parameters"][0]
    hook = batches["webhooks"][0]["event"]
    assert lines[-1] == "bump: major"
    assert sorted(lines[:-1]) == sorted(
        [
            "major (renamed): event batch.completed: class_name BatchCompletedWebhookEvent"
            " -> BatchDoneWebhookEvent",
            "major (renamed): event batch.completed: handler_name on_batch_completed"
            " -> on_batch_done",
            "major (renamed): event batch.completed field data: class_name"
            " BatchCompletedWebhookEventData -> BatchDoneData",
            "major (renamed): event batch.completed field data.id: py_name id -> ident",
            "major (renamed): resource batches: module_name batches -> batch_jobs",
            "major (renamed): resource batches field id: py_name id -> batch_id",
            f"major (renamed): resource batches operation {op}: function_name"
            f" build_{op} -> build_it",
            f"major (renamed): resource batches operation {op} parameter {param['name']}:"
            f" py_name {param['name']} -> the_id",
            f"major (renamed): resource batches webhook {hook}: class_name"
            f" {payload} -> BatchPayload",
        ]
    )


def test_a_type_that_allows_null_is_compared_by_its_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nullable type's snapshot node is `Nullable<Node>`: allowing null is a changed type,
    and a nullable object's fields are still compared one by one."""
    manifest_path = ROOT / "generated" / "openai_webhooks" / "_manifest.json"
    data = json.loads(manifest_path.read_text())
    event = next(e for e in data["ir"]["events"] if e["type"] == "batch.failed")
    properties = {p["name"]: p for p in event["envelope"]["properties"]}
    properties["created_at"]["type"]["node"] = "NullableScalar"
    properties["data"]["type"]["node"] = "NullableObjectType"
    newer = tmp_path / "_manifest.json"
    newer.write_text(json.dumps(data))
    assert main(["diff", str(manifest_path), str(newer)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "major (changed-type): event batch.failed field created_at: integer -> integer | null",
        "major (changed-type): event batch.failed field data: object -> object | null",
        "bump: major",
    ]


def _specs(tmp_path: Path) -> Inputs:
    (tmp_path / "specs").mkdir(exist_ok=True)
    for name in ("openai-webhooks.yaml", "resource-catalog.json"):
        if not (tmp_path / "specs" / name).exists():
            shutil.copy(FROZEN / "specs" / name, tmp_path / "specs" / name)
    return Inputs(
        tmp_path / "specs" / "openai-webhooks.yaml", tmp_path / "specs" / "resource-catalog.json"
    )


def _edit_spec(inputs: Inputs, edit: Edit) -> None:
    assert inputs.webhooks is not None
    spec = yaml.safe_load(inputs.webhooks.read_text())
    edit(spec)
    inputs.webhooks.write_text(yaml.safe_dump(spec, sort_keys=False))


def test_regenerating_unchanged_inputs_changes_no_byte(tmp_path: Path) -> None:
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    first = generate(inputs, out)
    assert first.version == "1.0.0" and first.drift
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = generate(inputs, out)
    assert not again.drift and again.version == "1.0.0" and again.changes == ()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def _generate(inputs: Inputs, out: Path, *command: str) -> int:
    assert inputs.webhooks is not None and inputs.catalog is not None
    paths = ["--webhooks", str(inputs.webhooks), "--catalog", str(inputs.catalog)]
    return main([command[0] if command else "generate", *paths, "--out", str(out), *command[1:]])


def _hand_edit(out: Path) -> None:
    index = out / "docs" / "index.md"
    index.write_text(index.read_text() + "\nA note of mine.\n")
    handlers = out / "openai_webhooks" / "handlers.py"
    handlers.write_text(handlers.read_text() + "# mine\n")
    (out / "docs" / "notes.md").write_text("stray\n")


def test_a_hand_edit_is_restored_not_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same specs and generator: a hand-edited tree (a stray file too) is drift for `check`,
    and `generate` puts back the release byte for byte: same version, no CHANGELOG entry."""
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    assert _generate(inputs, out) == 0
    released = read_tree(out)
    _hand_edit(out)
    assert _generate(inputs, out, "check") == 1
    capsys.readouterr()
    assert _generate(inputs, out) == 0
    assert "version 1.0.0" in capsys.readouterr().out
    assert read_tree(out) == released
    assert _generate(inputs, out, "check") == 0


def test_a_manifest_without_the_output_digest_keeps_the_tree_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest written before the output digest was recorded: the tree on disk is all there
    is to compare with, so an unchanged tree is no release (the manifest gains the digest) and
    an edited one is taken for a generator change, as before."""
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    path = out / manifest.MANIFEST_PATH

    def forget_output_digest() -> None:
        data = json.loads(path.read_text())
        del data["output"]
        path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    assert _generate(inputs, out) == 0
    released = read_tree(out)
    forget_output_digest()
    assert _generate(inputs, out) == 0
    assert read_tree(out) == released
    forget_output_digest()
    _hand_edit(out)
    assert _generate(inputs, out) == 0
    data = json.loads(path.read_text())
    assert data["version"] == "1.0.1" and data["output"]
    assert data["history"][0]["changes"][0]["rule"] == "output-changed"


def test_a_wrong_output_digest_over_a_current_tree_is_put_right_not_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest whose recorded digest is wrong (hand-merged, tampered) over a tree that is
    what the run makes: the manifest is corrected, no empty patch release is made."""
    monkeypatch.setenv("OPENAI_WEBHOOKS_GENERATOR_CACHE", str(tmp_path / "cache"))
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    assert _generate(inputs, out) == 0
    released = read_tree(out)
    path = out / manifest.MANIFEST_PATH
    path.write_text(path.read_text().replace(json.loads(path.read_text())["output"], "deadbeef"))
    assert _generate(inputs, out) == 0
    assert read_tree(out) == released


def three_edits(tmp_path: Path) -> Path:
    """The output tree (under `tmp_path`) after a release and three edits of the real specs: a
    description, a new event, a removed field. Shared with `make golden`, which writes its
    CHANGELOG.md to GOLDEN_CHANGELOG."""
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    generate(inputs, out)
    versions = []
    for edit in (
        lambda s: data_props(s, "WebhookBatchFailed")["id"].update(description="The failed batch."),
        new_event,
        lambda s: data_props(s, "WebhookResponseCompleted").pop("id"),
    ):
        _edit_spec(inputs, edit)
        versions.append(generate(inputs, out).version)
    assert versions == ["1.0.1", "1.1.0", "2.0.0"]
    return out


def test_changelog_of_three_edits(tmp_path: Path) -> None:
    out = three_edits(tmp_path)
    assert (out / "CHANGELOG.md").read_text() == GOLDEN_CHANGELOG.read_text()
    assert '__version__ = "2.0.0"' in (out / "openai_webhooks" / "__init__.py").read_text()
    assert 'version = "2.0.0"' in (out / "pyproject.toml").read_text()


def test_pinned_version_must_not_be_lower_than_the_bump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    generate(inputs, out)
    _edit_spec(inputs, new_event)
    before = read_tree(out)
    args = [
        "generate",
        "--webhooks",
        str(inputs.webhooks),
        "--catalog",
        str(inputs.catalog),
        "--out",
        str(out),
    ]
    # A usage error (exit 2, one line), like a malformed --version: the spec is fine.
    assert main([*args, "--version", "1.0.5"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if ": warning: " not in line]
    assert errors == [
        "--version: error: version 1.0.5 is lower than 1.1.0, which a minor bump requires"
    ]
    assert read_tree(out) == before
    with pytest.raises(SystemExit) as usage:  # a malformed version is a usage error
        main([*args, "--version", "bad"])
    assert usage.value.code == 2
    assert main([*args, "--version", "3.0.0"]) == 0
    assert manifest.read_manifest(out)["version"] == "3.0.0"  # type: ignore[index]


def test_template_change_without_ir_change_is_a_patch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _specs(tmp_path)
    out = tmp_path / "out"
    generate(inputs, out)
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    readme = templates / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nOne more line.\n")
    errors = templates / "openai_webhooks" / "_errors.py"  # static: copied as it is
    errors.write_text(errors.read_text() + "\n# One more comment.\n")
    monkeypatch.setattr(render, "TEMPLATES", templates)
    monkeypatch.setattr(manifest, "TEMPLATES", templates)
    outcome = generate(inputs, out)
    assert outcome.version == "1.0.1"
    assert [c.rule for c in outcome.changes] == ["output-changed"]
    # The entry names the modules that changed and counts the other files.
    assert outcome.changes[0].detail == (
        "generator or templates changed; the IR did not. Modules changed"
        " openai_webhooks/_errors.py. Other files (docs, metadata): 1 changed"
    )
    assert outcome.changes[0].detail in (out / "CHANGELOG.md").read_text()
    assert "One more line." in (out / "README.md").read_text()
    assert not generate(inputs, out).drift


def test_an_event_leaving_the_webhook_spec_but_kept_in_the_catalog_is_one_removal(
    tmp_path: Path,
) -> None:
    """Its description now comes from the catalog: no "changed-description" line beside the
    removal."""
    spec = copy.deepcopy(SPEC)
    spec["webhooks"].pop("batch_expired")
    webhooks = tmp_path / "openai-webhooks.yaml"
    webhooks.write_text(yaml.safe_dump(spec))
    old = manifest.snapshot(build_spec(Inputs(FROZEN_WEBHOOKS, FROZEN_CATALOG)))
    new = manifest.snapshot(build_spec(Inputs(webhooks, FROZEN_CATALOG)))
    lines = [change.line() for change in diff(old, new)]
    assert lines == ["major (removed-event): event batch.expired: no longer in the webhook spec"]
