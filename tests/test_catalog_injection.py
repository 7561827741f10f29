"""No parameter value can change a request's structure: body values are JSON-encoded into a tree
parsed at generation time (same keys, value equal to the input), path values are exactly one
URL-escaped segment (round-trips through unquote), query values are kept as given for the HTTP
client to encode. Fixed hostile cases for every parameter, then a hypothesis property."""

from __future__ import annotations

import enum
import importlib
import inspect
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import openai_webhooks.catalog as catalog
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openai_webhooks.catalog import PreparedRequest

INJECTIONS = [
    '"',
    "'",
    "\\",
    '\\"',
    "{",
    "}",
    "{}",
    "[",
    "]",
    "{{x}}",
    "{{model}}",
    "{{ name }}",
    '", "evil": "1',
    '"}, "evil": {"',
    '"}]}',
    "../",
    "../../etc/passwd",
    "..",
    ".",
    "/",
    "//",
    "a/b",
    "?",
    "?limit=1000&order=asc",
    "#",
    "#frag",
    "%2F",
    "%2e%2e",
    "%00",
    "%",
    "&",
    "=",
    ";",
    " ",
    "a b",
    "\n",
    "\r\nX-Injected: 1",
    "\t",
    "\x00",
    "\x00\x01\x1f\x7f",
    "\u2028\u2029",
    "\ufeff",
    "ünïcödé",
    "🦦",
    "עברית",
    "e\u0301",
    "null",
    "true",
    "1e999",
    "x" * 10_000,
]
# Path segments: everything but what is refused outright.
PATH_INJECTIONS = [v for v in INJECTIONS if v not in ("", ".", "..")]
BASE = "https://api.openai.com/v1"


def builders() -> list[tuple[str, str, Callable[..., PreparedRequest]]]:
    found = []
    for handle in sorted(m for m in catalog.__all__ if m[:1].islower() and m != "mismatches"):
        module = importlib.import_module(f"openai_webhooks.catalog.{handle}")
        for name in module.__all__:
            if name.startswith("build_"):
                found.append((handle, name, getattr(module, name)))
    return found


def _benign(annotation: str, index: int) -> Any:
    annotation = annotation.removesuffix(" | None")
    if annotation.startswith("Literal["):
        return annotation.split("'")[1]
    return {"str": f"BENIGN{index}", "int": 7, "JSONValue": [f"BENIGN{index}"]}[annotation]


def baseline(build: Callable[..., PreparedRequest]) -> dict[str, Any]:
    """A valid value for every parameter, each string unique so it can be found again."""
    params = inspect.signature(build).parameters
    return {name: _benign(str(p.annotation), i) for i, (name, p) in enumerate(params.items())}


def _roles(build: Callable[..., PreparedRequest]) -> dict[str, str]:
    """Where each free-text str parameter lands: 'path', 'query' or 'body' (by probing)."""
    values = baseline(build)
    request = build(**values)
    body = json.loads(request.body) if request.body is not None else {}
    roles = {}
    for name, value in values.items():
        if not isinstance(value, str) or not value.startswith("BENIGN"):
            continue
        if value in request.path.split("/"):
            roles[name] = "path"
        elif value in request.query.values():
            roles[name] = "query"
        elif value in body.values():
            roles[name] = "body"
    return roles


STRING_PARAMS = [
    (f"{handle}.{func}.{name}", build, name, role)
    for handle, func, build in builders()
    for name, role in _roles(build).items()
]
IDS = [case[0] for case in STRING_PARAMS]


def test_every_free_text_parameter_is_probed() -> None:
    roles = [role for *_, role in STRING_PARAMS]
    assert roles.count("path") == 30
    assert roles.count("query") == 5
    assert roles.count("body") == 29
    # The raw JSON slot (chat messages) is covered by its own property below.


def assert_same_structure(
    build: Callable[..., PreparedRequest], name: str, role: str, value: str
) -> None:
    values = baseline(build)
    before = build(**values)
    after = build(**{**values, name: value})
    assert after.method == before.method
    if role == "body":
        assert before.body is not None and after.body is not None
        old, new = json.loads(before.body), json.loads(after.body)
        assert list(new) == list(old)
        key = next(k for k, v in old.items() if v == values[name])
        assert new[key] == value
        assert {k: v for k, v in new.items() if k != key} == {
            k: v for k, v in old.items() if k != key
        }
        assert (after.path, after.query) == (before.path, before.query)
    elif role == "path":
        old_segments, new_segments = before.path.split("/"), after.path.split("/")
        assert len(new_segments) == len(old_segments)
        index = old_segments.index(values[name])
        assert new_segments[:index] + new_segments[index + 1 :] == (
            old_segments[:index] + old_segments[index + 1 :]
        )
        assert new_segments[index] == quote(value, safe="")
        assert unquote(new_segments[index]) == value
        parts = urlsplit(BASE + after.path)
        assert (parts.path, parts.query, parts.fragment) == ("/v1" + after.path, "", "")
        assert after.path.isascii() and not any(c in after.path for c in "?# \\\n\x00")
        assert (after.query, after.body) == (before.query, before.body)
    else:
        assert after.query == {
            **before.query,
            next(k for k, v in before.query.items() if v == values[name]): value,
        }
        assert (after.path, after.body) == (before.path, before.body)


@pytest.mark.parametrize(("case", "build", "name", "role"), STRING_PARAMS, ids=IDS)
def test_hostile_text_cannot_change_the_request_structure(
    case: str, build: Callable[..., PreparedRequest], name: str, role: str
) -> None:
    for value in PATH_INJECTIONS if role == "path" else INJECTIONS:
        assert_same_structure(build, name, role, value)


@pytest.mark.parametrize(
    ("case", "build", "name", "role"),
    [c for c in STRING_PARAMS if c[3] == "path"],
    ids=[c[0] for c in STRING_PARAMS if c[3] == "path"],  # stable across processes (xdist)
)
def test_empty_dot_and_dot_dot_path_values_are_refused(
    case: str, build: Callable[..., PreparedRequest], name: str, role: str
) -> None:
    for value in ("", ".", ".."):
        with pytest.raises(ValueError):
            build(**{**baseline(build), name: value})


@pytest.mark.parametrize(("case", "build", "name", "role"), STRING_PARAMS, ids=IDS)
def test_a_lone_surrogate_is_refused_not_sent_broken(
    case: str, build: Callable[..., PreparedRequest], name: str, role: str
) -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        build(**{**baseline(build), name: "a\ud800b"})


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from(STRING_PARAMS), value=st.text(max_size=40))
def test_property_no_text_changes_the_request_structure(
    case: tuple[str, Callable[..., PreparedRequest], str, str], value: str
) -> None:
    _, build, name, role = case
    if role == "path" and value in ("", ".", ".."):
        with pytest.raises(ValueError):
            build(**{**baseline(build), name: value})
        return
    assert_same_structure(build, name, role, value)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(value=JSON_VALUES, model=st.text(max_size=20))
def test_property_a_raw_json_slot_holds_exactly_the_value(value: Any, model: str) -> None:
    from openai_webhooks.catalog import chat_completions

    body = json.loads(chat_completions.build_create(model=model, messages=value).body or b"")
    assert list(body) == ["model", "messages"]
    assert body == {"model": model, "messages": value}


def test_subclasses_send_the_value_that_passed_the_type_check() -> None:
    """A str or int subclass passes the type check; its own __str__ or encode() must not then
    change what is sent (a str-mixin Enum member was sent as 'Order.ASC')."""

    class Order(str, enum.Enum):
        ASC = "asc"

    class Sneaky(int):
        def __str__(self) -> str:
            return "5&admin=1"

    class Dots(str):
        def encode(self, *args: Any, **kwargs: Any) -> bytes:
            return b".."

    runs, files = catalog.runs, catalog.files
    request = runs.build_list(thread_id=Dots("t"), order=Order.ASC, limit=Sneaky(5))
    assert (request.path, request.query) == ("/threads/t/runs", {"limit": "5", "order": "asc"})
    assert files.build_read(file_id=Dots("x")).path == "/files/x"
