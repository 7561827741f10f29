"""`validate --api DOC`: the catalog cross-checked against an OpenAPI document of the API.

A small catalog and a small API document that match; each mismatch is made by one change to
either, and gives exactly its warning at its place in the catalog file, and nothing else.
"""

from __future__ import annotations

import copy
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.main import main
from generator.inputs import Inputs
from generator.parse.api_document import ApiDocument
from generator.parse.build import build_spec, load_document
from generator.parse.crosscheck import CrossCheck, crosscheck
from tests.golden_refresh import ROOT

Json = dict[str, Any]


def _placeholder(name: str, kind: str = "String", **extra: Any) -> Json:
    return {"name": name, "type": kind, "description": f"The {name}.", **extra}


CATALOG: list[Json] = [
    {
        "handle": "widgets",
        "endpoint": {"value": "/widgets"},
        "fields": [
            {"name": "id", "type": "String", "selector": ["id"]},
            {"name": "name", "type": "String", "selector": ["name"]},
            {"name": "width", "type": "Integer", "selector": ["dimensions", "width"]},
            {"name": "tag", "type": "String", "selector": ["tags", "0", "label"]},
            {"name": "flags", "type": "Object", "selector": ["flags"]},
            {"name": "scores", "type": "Integer", "selector": ["scores"], "multivalue": True},
            {"name": "raw", "type": "String", "selector": []},
        ],
        "operations": {
            "list": {
                "method": "GET",
                "path": {"value": ""},
                "queryParams": {
                    "limit": {"value": "20"},
                    "order": {"value": "desc"},
                    "kind": {
                        "value": "{{kind}}",
                        "placeholders": [_placeholder("kind", options=["round", "square"])],
                    },
                },
            },
            "read": {
                "method": "GET",
                "path": {"value": "/{{widget_id}}", "placeholders": [_placeholder("widget_id")]},
            },
            "create": {
                "method": "POST",
                "path": {"value": ""},
                "bodyTemplate": {
                    "value": '{"name": "{{name}}", "color": "{{color}}", "count": {{count}}}',
                    "placeholders": [
                        _placeholder("name", required=True),
                        _placeholder("color", options=["red", "blue"]),
                        _placeholder("count", "Integer"),
                    ],
                },
            },
            "delete": {
                "method": "DELETE",
                "path": {"value": "/{{widget_id}}", "placeholders": [_placeholder("widget_id")]},
            },
        },
        "webhooks": [
            {
                "event": "widget.created",
                "path": "/hooks/widget-created",
                "payload": [
                    {"name": "id", "type": "String", "selector": ["id"]},
                    {"name": "name", "type": "String", "selector": ["name"]},
                ],
            },
            {
                "event": "widget.deleted",
                "path": "/hooks/widget-deleted",
                "payload": [
                    {"name": "id", "type": "String", "selector": ["id"]},
                    {"name": "deleted", "type": "Boolean", "selector": ["deleted"]},
                ],
            },
        ],
    },
    {
        "handle": "parts",
        "endpoint": {
            "value": "/widgets/{{widget_id}}/parts",
            "placeholders": [_placeholder("widget_id")],
        },
        "fields": [
            {"name": "id", "type": "String", "selector": ["id"]},
            {"name": "weight", "type": "Integer", "selector": ["weight"]},
            {"name": "thread", "type": "String", "selector": ["shape", "thread"]},
            {"name": "meta", "type": "String", "selector": ["metadata", "anything"]},
        ],
        "operations": {
            "read": {
                "method": "GET",
                "path": {"value": "/{{part_id}}", "placeholders": [_placeholder("part_id")]},
            },
        },
    },
]


def _json(description: str = "", **schema: Any) -> Json:
    return {"content": {"application/json": {"schema": schema}}, "description": description}


def _ok(ref: str) -> Json:
    return {"200": _json("OK", **{"$ref": f"#/components/schemas/{ref}"})}


def _path_parameter(name: str) -> Json:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


API: Json = {
    "openapi": "3.1.0",
    "info": {"title": "Widgets", "version": "1"},
    "paths": {
        "/widgets": {
            "get": {
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"$ref": "#/components/parameters/Order"},
                    {"name": "kind", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": _ok("WidgetList"),
            },
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewWidget"}}
                    },
                },
                "responses": _ok("Widget"),
            },
        },
        "/widgets/{widget_id}": {
            "parameters": [_path_parameter("widget_id")],
            "get": {"responses": _ok("Widget")},
            "delete": {"responses": _ok("DeletedWidget")},
        },
        "/widgets/{widget_id}/parts/{part_id}": {
            "get": {
                "parameters": [_path_parameter("widget_id"), _path_parameter("part_id")],
                "responses": _ok("Part"),
            },
        },
    },
    "components": {
        "parameters": {
            "Order": {
                "name": "order",
                "in": "query",
                "schema": {"type": "string", "enum": ["asc", "desc"]},
            },
        },
        "schemas": {
            "Widget": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "dimensions": {"$ref": "#/components/schemas/Dimensions"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
                    "scores": {"type": "array", "items": {"type": "integer"}},
                },
            },
            "Dimensions": {
                "anyOf": [
                    {"type": "object", "properties": {"width": {"type": "integer"}}},
                    {"type": "null"},
                ]
            },
            "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
            "WidgetList": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}}
                },
            },
            "DeletedWidget": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean"}},
            },
            "NewWidget": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "color": {"anyOf": [{"type": "string", "enum": ["red", "blue", "green"]}]},
                    "count": {"type": "integer"},
                },
            },
            "Part": {
                "allOf": [
                    {"$ref": "#/components/schemas/PartBase"},
                    {"properties": {"weight": {"type": "integer"}}},
                    {"description": "Annotation only: it allows no key of its own."},
                ]
            },
            "PartBase": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "shape": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/Bolt"},
                            {"$ref": "#/components/schemas/Nut"},
                        ]
                    },
                    "metadata": {"type": "object"},
                },
            },
            "Bolt": {"type": "object", "properties": {"thread": {"type": "string"}}},
            "Nut": {"type": "object", "properties": {"size": {"type": "integer"}}},
        },
    },
}


def _write(tmp_path: Path, catalog: Any, api: Any, suffix: str = ".json") -> tuple[Path, Path]:
    catalog_path = tmp_path / "catalog.json"
    catalog_path.write_text(json.dumps(catalog, indent=2) + "\n")
    api_path = tmp_path / f"api{suffix}"
    if suffix == ".yaml":  # status codes unquoted, as YAML documents often write them (integers)
        text = yaml.safe_dump(api, sort_keys=False).replace("'200':", "200:")
    else:
        text = json.dumps(api, indent=1)
    api_path.write_text(text)
    return catalog_path, api_path


def _check(catalog_path: Path, api_path: Path) -> CrossCheck:
    spec = build_spec(Inputs(None, catalog_path))
    return crosscheck(
        spec.resources, load_document(catalog_path), ApiDocument(load_document(api_path))
    )


def _run(
    tmp_path: Path, catalog: Any = CATALOG, api: Any = API, suffix: str = ".json"
) -> CrossCheck:
    return _check(*_write(tmp_path, catalog, api, suffix))


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_catalog_that_matches_gives_no_warning(tmp_path: Path, suffix: str) -> None:
    found = _run(tmp_path, suffix=suffix)
    assert [d.format() for d in found.diagnostics] == []
    assert dict(found.checked) == {
        "operations": 5,
        "path placeholders": 4,  # widget_id twice, and the part's two
        "query parameters": 3,
        "body keys": 3,
        "options": 4,
        "field selectors": 10,  # the empty selector (the whole body) is not a path
        "payload selectors": 4,
    }


def _edited(document: Any, edit: Callable[[Any], None]) -> Any:
    changed = copy.deepcopy(document)
    edit(changed)
    return changed


def _rename(mapping: dict[str, Any], old: str, new: str) -> None:
    """Rename a key, keeping its place."""
    items = list(mapping.items())
    mapping.clear()
    mapping.update((new if key == old else key, value) for key, value in items)


def _api_paths(api: Json) -> Json:
    paths: Json = api["paths"]
    return paths


def _schemas(api: Json) -> Json:
    schemas: Json = api["components"]["schemas"]
    return schemas


def _widgets(catalog: list[Json]) -> Json:
    return catalog[0]


# (edit of the API document or of the catalog, pointer of the warning, its message, the catalog's
# text where its line and column point)
CASES: dict[
    str, tuple[Callable[[Any], None] | None, Callable[[Any], None] | None, str, str, str]
] = {
    "wrong method": (
        lambda api: _rename(_api_paths(api)["/widgets/{widget_id}"], "get", "put"),
        None,
        "/0/operations/read/method",
        "operation 'read': GET /widgets/{widget_id} is not in the API document; that path supports PUT, DELETE",
        '"GET"',
    ),
    "missing path": (
        lambda api: _rename(
            _api_paths(api),
            "/widgets/{widget_id}/parts/{part_id}",
            "/widgets/{widget_id}/pieces/{piece_id}",
        ),
        None,
        "/1/operations/read/path/value",
        "operation 'read': GET /widgets/{widget_id}/parts/{part_id} is not in the API document (no such path; nearest path: /widgets/{widget_id}/pieces/{piece_id} (GET))",
        '"/{{part_id}}"',
    ),
    "renamed body property": (
        lambda api: _rename(_schemas(api)["NewWidget"]["properties"], "color", "colour"),
        None,
        "/0/operations/create/bodyTemplate/placeholders/1",
        "body key 'color' does not resolve in the request body of POST /widgets (NewWidget): no property 'color'; nearest: 'colour'",
        "{",
    ),
    "renamed query parameter": (
        lambda api: api["components"]["parameters"]["Order"].update(name="sort"),
        None,
        "/0/operations/list/queryParams/order",
        "query parameter 'order' is not a parameter of GET /widgets in the API document; it has: limit, sort, kind",
        "{",
    ),
    "path placeholder named otherwise": (
        lambda api: _rename(
            _api_paths(api),
            "/widgets/{widget_id}/parts/{part_id}",
            "/widgets/{widget_id}/parts/{id}",
        ),
        None,
        "/1/operations/read/path/placeholders/0",
        "path placeholder 'part_id' is named {id} in the API document (/widgets/{widget_id}/parts/{id})",
        "{",
    ),
    "selector into a missing key": (
        None,
        lambda catalog: _widgets(catalog)["fields"][3].update(selector=["tags", "0", "lable"]),
        "/0/fields/3/selector/2",
        "field 'tag': selector step 'lable' does not resolve at tags/0 in the response of GET /widgets/{widget_id} (Widget) (nor in the response of POST /widgets): no property 'lable'; nearest: 'label'",
        '"lable"',
    ),
    "array index into an object": (
        None,
        lambda catalog: _widgets(catalog)["fields"][2].update(
            selector=["dimensions", "0", "width"]
        ),
        "/0/fields/2/selector/1",
        "field 'width': selector step '0' does not resolve at dimensions in the response of GET /widgets/{widget_id} (Widget) (nor in the response of POST /widgets): '0' is an array index, but the document has an object here (properties: width)",
        '"0"',
    ),
    "key into an array": (
        None,
        lambda catalog: _widgets(catalog)["fields"][3].update(selector=["tags", "label"]),
        "/0/fields/3/selector/1",
        "field 'tag': selector step 'label' does not resolve at tags in the response of GET /widgets/{widget_id} (Widget) (nor in the response of POST /widgets): 'label' is a key, but the document has an array here (select an index, e.g. '0')",
        '"label"',
    ),
    "type mismatch": (
        None,
        lambda catalog: _widgets(catalog)["fields"][1].update(type="Integer"),
        "/0/fields/1/type",
        "field 'name' is declared Integer but the API document has string at name in the response of GET /widgets/{widget_id} (Widget)",
        '"Integer"',
    ),
    "multivalue item type mismatch": (
        None,
        lambda catalog: _widgets(catalog)["fields"][5].update(type="Boolean"),
        "/0/fields/5/type",
        "field 'scores' is declared Boolean (multivalue) but the API document has an array of integer at scores in the response of GET /widgets/{widget_id} (Widget)",
        '"Boolean"',
    ),
    "option outside the enum": (
        None,
        lambda catalog: _widgets(catalog)["operations"]["create"]["bodyTemplate"]["placeholders"][
            1
        ]["options"].append("purple"),
        "/0/operations/create/bodyTemplate/placeholders/1/options/2",
        "option 'purple' of placeholder 'color' is not a value the API document allows (red, blue, green)",
        '"purple"',
    ),
    "query default outside the enum": (
        None,
        lambda catalog: _widgets(catalog)["operations"]["list"]["queryParams"]["order"].update(
            value="newest"
        ),
        "/0/operations/list/queryParams/order/value",
        "query parameter 'order' sends 'newest' by default, which the API document does not allow (asc, desc)",
        '"newest"',
    ),
    "payload selector found in no response": (
        None,
        lambda catalog: _widgets(catalog)["webhooks"][1]["payload"][1].update(selector=["gone"]),
        "/0/webhooks/1/payload/1/selector/0",
        "field 'deleted': selector step 'gone' does not resolve in the response of GET /widgets/{widget_id} (Widget) (nor in the response of POST /widgets, DELETE /widgets/{widget_id}, GET /widgets): no property 'gone' (properties: id, name, dimensions, tags, flags, scores)",
        '"gone"',
    ),
    "selector into a oneOf": (
        None,
        lambda catalog: catalog[1]["fields"][2].update(selector=["shape", "pitch"]),
        "/1/fields/2/selector/1",
        "field 'thread': selector step 'pitch' does not resolve at shape in the response of GET /widgets/{widget_id}/parts/{part_id} (Part): no property 'pitch' (properties: thread, size)",
        '"pitch"',
    ),
    "selector into an allOf": (
        None,
        lambda catalog: catalog[1]["fields"][1].update(selector=["weigth"]),
        "/1/fields/1/selector/0",
        "field 'weight': selector step 'weigth' does not resolve in the response of GET /widgets/{widget_id}/parts/{part_id} (Part): no property 'weigth'; nearest: 'weight'",
        '"weigth"',
    ),
    "body sent as JSON to a form-only operation": (
        lambda api: _rename(
            _api_paths(api)["/widgets"]["post"]["requestBody"]["content"],
            "application/json",
            "multipart/form-data",
        ),
        None,
        "/0/operations/create/bodyTemplate/value",
        "POST /widgets takes its request body as multipart/form-data in the API document; the builder sends JSON",
        '"{\\"name\\"',
    ),
    "body for an operation without one": (
        lambda api: _api_paths(api)["/widgets"]["post"].pop("requestBody"),
        None,
        "/0/operations/create/bodyTemplate",
        "POST /widgets takes no request body in the API document; the template sends 'name', 'color', 'count'",
        "{",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_mismatch_gives_exactly_its_warning_at_its_place(tmp_path: Path, case: str) -> None:
    edit_api, edit_catalog, pointer, message, snippet = CASES[case]
    api = _edited(API, edit_api) if edit_api else API
    catalog = _edited(CATALOG, edit_catalog) if edit_catalog else CATALOG
    catalog_path, api_path = _write(tmp_path, catalog, api)
    found = _check(catalog_path, api_path)
    assert [(d.location.pointer, d.message) for d in found.diagnostics] == [(pointer, message)]
    warning = found.diagnostics[0]
    assert warning.level == "warning"
    assert warning.location.file.endswith("catalog.json")
    line = catalog_path.read_text().splitlines()[warning.location.line - 1]
    assert line[warning.location.column - 1 :].startswith(snippet), (line, warning.location)


def test_a_renamed_path_parameter_is_said_once_per_declaration(tmp_path: Path) -> None:
    def edit(api: Json) -> None:
        _rename(_api_paths(api), "/widgets/{widget_id}", "/widgets/{id}")

    found = _run(tmp_path, api=_edited(API, edit))
    assert [(d.location.pointer, d.message) for d in found.diagnostics] == [
        (
            f"/0/operations/{name}/path/placeholders/0",
            "path placeholder 'widget_id' is named {id} in the API document (/widgets/{id})",
        )
        for name in ("read", "delete")
    ]


def test_a_shared_endpoint_placeholder_is_said_once(tmp_path: Path) -> None:
    def edit_api(api: Json) -> None:
        _rename(
            _api_paths(api), "/widgets/{widget_id}/parts/{part_id}", "/widgets/{w}/parts/{part_id}"
        )

    def edit_catalog(catalog: list[Json]) -> None:
        catalog[1]["operations"]["update"] = {
            "method": "GET",
            "path": {"value": "/{{part_id}}", "placeholders": [_placeholder("part_id")]},
        }

    found = _run(tmp_path, _edited(CATALOG, edit_catalog), _edited(API, edit_api))
    assert [(d.location.pointer, d.message) for d in found.diagnostics] == [
        (
            "/1/endpoint/placeholders/0",
            "path placeholder 'widget_id' is named {w} in the API document (/widgets/{w}/parts/{part_id})",
        )
    ]


def test_cyclic_and_self_combining_schemas_end(tmp_path: Path) -> None:
    def edit(api: Json) -> None:
        schemas = _schemas(api)
        schemas["Loop"] = {"anyOf": [{"$ref": "#/components/schemas/Loop"}] * 2}
        schemas["Widget"]["properties"]["tags"]["items"] = {
            "allOf": [{"$ref": "#/components/schemas/Tag"}, {"$ref": "#/components/schemas/Loop"}]
        }
        schemas["Tag"]["properties"]["self"] = {"$ref": "#/components/schemas/Tag"}

    def edit_catalog(catalog: list[Json]) -> None:
        catalog[0]["fields"][3].update(selector=["tags", "0", "self", "self", "label"])

    found = _run(tmp_path, _edited(CATALOG, edit_catalog), _edited(API, edit))
    assert found.diagnostics == []


def _cli(tmp_path: Path, *extra: str, catalog: Any = CATALOG, api: Any = API) -> list[str]:
    catalog_path, api_path = _write(tmp_path, catalog, api)
    return [
        "validate",
        "--webhooks",
        "",
        "--catalog",
        str(catalog_path),
        "--api",
        str(api_path),
        *extra,
    ]


def _wrong_method(api: Json) -> None:
    _rename(_api_paths(api)["/widgets/{widget_id}"], "get", "put")


def test_validate_prints_each_mismatch_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_cli(tmp_path, api=_edited(API, _wrong_method))) == 0
    out, err = capsys.readouterr()
    mismatches = [line for line in err.splitlines() if "is not in the API document" in line]
    assert mismatches == [
        f"{tmp_path / 'catalog.json'}:90:19: warning: operation 'read': GET /widgets/{{widget_id}}"
        " is not in the API document; that path supports PUT, DELETE (at /0/operations/read/method)"
    ]
    assert out.splitlines()[-1] == (
        f"api cross-check against {tmp_path / 'api.json'} (3 paths): 5 operations,"
        " 3 path placeholders, 3 query parameters, 3 body keys, 4 options, 10 field selectors,"
        " 4 payload selectors checked; 1 mismatch"
    )


def test_strict_exits_1_on_a_mismatch_and_0_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert main(_cli(tmp_path / "a", "--strict", api=_edited(API, _wrong_method))) == 1
    assert main(_cli(tmp_path / "b", "--strict")) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("; 0 mismatches")


def test_strict_without_api_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--strict"])
    assert exit_.value.code == 2
    assert "--strict needs --api" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("swagger: '2.0'\npaths: {}\n", "not an OpenAPI 3.x document ('openapi: 3.x' missing)"),
        ("openapi: 3.1.0\npaths: [1]\n", "not an OpenAPI document: 'paths' is not a mapping"),
        ("openapi: 3.1.0\npaths: {\n", "invalid YAML"),
    ],
)
def test_a_document_that_is_no_openapi_3_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    arguments = _cli(tmp_path)
    api = tmp_path / "api.yaml"
    api.write_text(text)
    arguments[arguments.index("--api") + 1] = str(api)
    assert main(arguments) == 1
    err = capsys.readouterr().err
    assert "api.yaml:" in err and f": error: {message}" in err


def test_make_check_runs_the_cross_check_when_a_document_is_configured() -> None:
    def dry_run(*variables: str) -> str:
        command = ["make", "-n", "--no-print-directory", "check", *variables]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert "--api" not in dry_run()
    assert "-m generator validate --api /some/openapi.yml --strict" in dry_run(
        "API_SPEC=/some/openapi.yml"
    )


def _big_document(target_bytes: int) -> Json:
    """The small document plus unrelated paths and schemas until it is `target_bytes` of JSON."""
    api = copy.deepcopy(API)
    index = 0
    while len(json.dumps(api)) < target_bytes:
        for _ in range(200):
            name = f"Thing{index}"
            _schemas(api)[name] = {
                "type": "object",
                "description": "An unrelated schema, as a full document has hundreds. " * 4,
                "properties": {
                    f"field_{n}": {"type": "string", "description": "Some text. " * 3}
                    for n in range(12)
                },
            }
            _api_paths(api)[f"/things{index}/{{thing_id}}/parts"] = {
                "get": {"responses": _ok(name)},
                "post": {"responses": _ok(name)},
            }
            index += 1
    return api


def test_a_3_mb_document_adds_well_under_a_second(tmp_path: Path) -> None:
    def edit_catalog(catalog: list[Json]) -> None:  # a missing path: the nearest is looked for
        catalog[1]["endpoint"]["value"] = "/widgetz/{{widget_id}}/parts"

    catalog_path, api_path = _write(
        tmp_path, _edited(CATALOG, edit_catalog), _big_document(3_000_000)
    )
    assert api_path.stat().st_size > 3_000_000
    spec = build_spec(Inputs(None, catalog_path))
    catalog_doc = load_document(catalog_path)
    api = ApiDocument(load_document(api_path))
    started = time.perf_counter()
    found = crosscheck(spec.resources, catalog_doc, api)
    elapsed = time.perf_counter() - started
    assert [d.location.pointer for d in found.diagnostics] == ["/1/operations/read/path/value"]
    assert elapsed < 1.0, f"the cross-check took {elapsed:.2f} s"
