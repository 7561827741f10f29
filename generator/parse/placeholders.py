"""Parse the catalog's `{{name}}` templates once, at generation time, into structures with slots.

Nothing is string-spliced at run time: a body template becomes a JSON tree whose slots are filled
with JSON-encoded values, and a path template becomes literal segments and URL-escaped slots.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..ir import BodyArray, BodyNode, BodyObject, Slot
from ..load.json_doc import no_duplicates

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_QUOTED = re.compile(r'"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}"')
# A JSON string literal, escapes included.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# A sentinel no template can hold: it contains a NUL, which raw JSON text cannot, and the one
# escape that spells it (\u0000) is refused, so it cannot clash with template text.
_NUL_ESCAPE = re.compile(r"\\u0000")
_MARK = "\x00slot\x00"


class TemplateError(ValueError):
    """A template that cannot be parsed; the message says why."""


def _check_braces(template: str, *, json_text: bool = False) -> None:
    rest = PLACEHOLDER.sub("", template)
    # In JSON, "}}" closes nested objects; only "{{" can start a malformed placeholder there.
    if "{{" in rest or ("}}" in rest and not json_text):
        raise TemplateError(
            "unbalanced or malformed '{{ }}' placeholder (names are letters, digits, _)"
        )


def parse_path(template: str) -> tuple[str | Slot, ...]:
    """`/threads/{{thread_id}}/runs` -> ('/threads/', Slot('thread_id'), '/runs')."""
    _check_braces(template)
    parts: list[str | Slot] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(template[position : match.start()])
        parts.append(Slot(parameter=match.group(1), quoted=False))
        position = match.end()
    if position < len(template):
        parts.append(template[position:])
    return tuple(parts)


def parse_body(template: str) -> BodyObject | BodyArray:
    """A JSON body template -> a tree of BodyObject/BodyArray/scalars with Slot leaves."""
    _check_braces(template, json_text=True)
    if _NUL_ESCAPE.search(template):
        raise TemplateError("a body template may not hold a NUL character (\\u0000)")
    for literal in _STRING.findall(template):
        if PLACEHOLDER.search(literal) and not _QUOTED.fullmatch(literal):
            raise TemplateError(
                f"a placeholder inside a longer string is not supported ({literal}); make the"
                " placeholder the whole value"
            )
    marked = _QUOTED.sub(lambda m: json.dumps(f"{_MARK}q:{m.group(1)}"), template)
    marked = PLACEHOLDER.sub(lambda m: json.dumps(f"{_MARK}r:{m.group(1)}"), marked)
    try:
        data = json.loads(
            marked,
            object_pairs_hook=no_duplicates,
            parse_constant=_not_json,
            parse_float=_finite,
        )
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"body template is not JSON once placeholders are filled: {exc.msg}"
        ) from None
    except ValueError as exc:  # a repeated key; an integer of over 4,300 digits
        raise TemplateError(f"body template: {exc}") from None
    except RecursionError:
        raise TemplateError("body template: nesting is too deep") from None
    if not isinstance(data, (dict, list)):
        raise TemplateError("body template must be a JSON object or array")
    node = _tree(data)
    assert isinstance(node, (BodyObject, BodyArray))
    return node


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large for a JSON number")
    return value


def _tree(value: Any) -> BodyNode:
    match value:
        case dict():
            return BodyObject(members=tuple((_literal(k), _tree(v)) for k, v in value.items()))
        case list():
            return BodyArray(items=tuple(_tree(v) for v in value))
        case str() if value.startswith(_MARK):
            kind, name = value[len(_MARK) :].split(":", 1)
            return Slot(parameter=name, quoted=kind == "q")
        case str():
            return _literal(value)
        case _:  # a number, true, false or null
            return value  # type: ignore[no-any-return]


def _literal(text: str) -> str:
    if _MARK in text:
        raise TemplateError(
            "a placeholder inside a longer string or key is not supported; use a whole value"
        )
    return text


def slots(node: BodyNode) -> list[Slot]:
    """Every slot of a body tree, in template order."""
    match node:
        case Slot():
            return [node]
        case BodyObject(members=members):
            return [s for _, v in members for s in slots(v)]
        case BodyArray(items=items):
            return [s for v in items for s in slots(v)]
        case _:
            return []
