"""The generator's own fast versions of library work, each against the library as oracle: the
manifest's JSON writer, the JSON and YAML position finders, the YAML constructor, and the
staging of a tree whose writes and formatting overlap rendering."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from generator.fastpath.tree import read_tree
from generator.inputs import Inputs
from generator.load.json_doc import load_json
from generator.load.yaml_doc import load_yaml
from generator.output.format import FormatError
from generator.output.write import stage
from generator.parse.build import build_spec
from generator.release.manifest import Release, manifest_draft, snapshot
from generator.render import jsontext

QUICK = settings(max_examples=int(os.environ.get("FAST_PATH_EXAMPLES", "60")), deadline=None)

keys = st.text(max_size=6)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


@QUICK
@given(value=json_values, indent=st.integers(min_value=0, max_value=3), sort=st.booleans())
def test_jsontext_writes_what_json_dumps_writes(value: Any, indent: int, sort: bool) -> None:
    expected = json.dumps(value, indent=indent, sort_keys=sort, ensure_ascii=False)
    assert jsontext.dumps(value, indent, sort_keys=sort) == expected


def test_jsontext_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        jsontext.dumps({"a": object()})
    with pytest.raises(TypeError):
        jsontext.dumps({1: "a"})  # the manifest has str keys only; json would convert


def test_manifest_is_the_indented_json_of_the_ir_snapshot() -> None:
    spec = build_spec(Inputs())
    history = ({"version": "1.0.0", "bump": None, "note": "Initial release.", "changes": []},)
    release = Release("1.0.0", history, {"b.json": "2", "a.yaml": "1"})
    text = manifest_draft(spec, release)("f" * 64)
    data = json.loads(text)
    assert data["ir"] == snapshot(spec)
    assert data["output"] == "f" * 64 and data["version"] == "1.0.0"
    # Written in two parts (the IR before the output digest is known), joined as one dumps.
    assert text == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


finite = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=30,
)


@QUICK
@given(value=finite, indent=st.sampled_from([None, 0, 1, 4]))
def test_json_positions_point_at_each_value(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=bool(indent))
    doc = load_json(text, "f.json")
    decoder = json.JSONDecoder()
    for path, expected in _paths(value):
        location = doc.locate(path)
        found, _ = decoder.raw_decode(text, _offset(text, location.line, location.column))
        assert found == expected, path


def _node_at(node: yaml.Node, path: tuple[str | int, ...]) -> yaml.Node:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next(value for key, value in node.value if key.value == step)
        else:
            node = node.value[step]
    return node


@QUICK
@given(value=finite, flow=st.booleans())
def test_yaml_positions_are_the_pure_python_composers(value: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    # Some text does not survive the trip (a key "\x85" is a YAML line break, read back as " ").
    assume(yaml.safe_load(text) == {"root": value})
    doc = load_yaml(text, "f.yaml")
    tree = yaml.compose(text, Loader=yaml.SafeLoader)  # PyYAML's own composer, not libyaml
    for path, _ in _paths(value, ("root",)):
        mark = _node_at(tree, path).start_mark
        location = doc.locate(path)
        assert (location.line, location.column) == (mark.line + 1, mark.column + 1), path


@QUICK
@given(value=finite, flow=st.booleans())
@example(value={"\x85": None}, flow=False)  # a YAML line break in a key: read back as " "
def test_yaml_data_is_what_pyyaml_makes(value: Any, flow: bool) -> None:
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    assert load_yaml(text, "f.yaml").data == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: [a, b]}\nuse: *b\nmore: {<<: *b, z: 2}\n",  # aliases, merge key
        "a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: 2001-12-14\nd: !!omap [{k: v}]\n",
        "0x1F: hex\n1_000: under\n.inf: inf\n~: null\nyes: bool\n2.5: float key\n",
        "a: &a [1, *a]\n",  # a cycle: PyYAML builds it, so the fallback does
        "'quoted: yes': 'no'\nplain: no\n\"007\": 010\n",
    ],
)
def test_yaml_unusual_documents_are_what_pyyaml_makes(text: str) -> None:
    data = load_yaml(text, "f.yaml").data
    expected = yaml.safe_load(text)
    if "*a]" in text:  # a self-containing list cannot be compared with ==
        assert data["a"][1] is data["a"]
        return
    assert data == expected
    if "use: *b" in text:
        assert data["use"] is data["base"]  # shared, as PyYAML shares it


def test_yaml_duplicate_keys_are_still_refused() -> None:
    from generator.diagnostics import SpecError

    with pytest.raises(SpecError, match="duplicate key 'a'"):
        load_yaml("x:\n  a: 1\n  a: 2\n", "f.yaml")
    with pytest.raises(SpecError, match="duplicate key 'a'"):
        load_yaml("b: &b {q: 1}\nx: {<<: *b, a: 1, a: 2}\n", "f.yaml")


def _never_formats(root: Path, paths: Any) -> None:
    pass


def test_stage_refuses_a_path_outside_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    rest = iter([("docs/a.md", "a"), ("../escape.md", "x"), ("docs/b.md", "b")])
    with pytest.raises(ValueError, match="outside the output directory"):
        stage(out, [("pyproject.toml", "")], rest, _never_formats, {}, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_stage_reports_a_format_failure_and_leaves_nothing(tmp_path: Path) -> None:
    def failing(root: Path, paths: Any) -> None:
        raise FormatError("ruff check failed")

    with pytest.raises(FormatError):
        stage(tmp_path / "out", [("a.py", "x = 1\n")], [("b.md", "b")], failing, {}, {})
    assert list(tmp_path.iterdir()) == []


def test_stage_stops_on_a_render_error_and_leaves_nothing(tmp_path: Path) -> None:
    def rest() -> Any:
        yield "docs/a.md", "a"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError, match="template failed"):
        stage(tmp_path / "out", [("a.py", "x = 1\n")], rest(), _never_formats, {}, {})
    assert list(tmp_path.iterdir()) == []


def test_stage_writes_late_files_after_the_rest_and_last_files_after_all(
    tmp_path: Path,
) -> None:
    calls: list[list[str]] = []

    def record(root: Path, paths: Any) -> None:
        calls.append(list(paths))
        if paths == ["pkg/models.py"]:  # the format pass may rewrite what it was given
            (root / "pkg" / "models.py").write_text("m = 3\n")

    seen: list[dict[str, bytes]] = []

    def summary(tree: Any) -> str:
        seen.append(dict(tree))
        return f"{len(tree)} files\n"

    staged = stage(
        tmp_path / "out",
        [("pyproject.toml", ""), ("pkg/a.py", "a = 1\n"), ("pkg/sub/c.py", ""), ("top.py", "")],
        [("docs/b.md", "b\n")],
        record,
        {"pkg/models.py": lambda: "m = 2\n"},
        {"pkg/summary.txt": summary},
    )
    # The format pass is pointed at what holds the code, never at the docs written meanwhile.
    assert sorted(calls) == [["pkg", "top.py"], ["pkg/models.py"]]
    staging = staged.directory
    assert (staging / "pkg" / "models.py").read_text() == "m = 3\n"
    assert (staging / "docs" / "b.md").read_text() == "b\n"
    # A last file is made from every other file as finally written, and the tree returned is
    # the staging directory's, read once.
    assert seen[0]["pkg/models.py"] == b"m = 3\n" and "pkg/summary.txt" not in seen[0]
    assert (staging / "pkg" / "summary.txt").read_text() == "6 files\n"
    assert staged.files == read_tree(staging)
