"""Turning IR text and types into Python and Markdown source safely: the Jinja filters.

Spec text is untrusted: it can hold quotes, backslashes, NUL, `{{ }}` or code. It only ever
reaches generated code as an escaped literal or a comment, never as code.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from typing import Any

from ..ir import (
    ArrayOf,
    BodyArray,
    BodyNode,
    BodyObject,
    CatalogField,
    Event,
    ObjectType,
    Operation,
    Parameter,
    Resource,
    Slot,
    Spec,
    type_display,
)
from ..text import CONTROL_ESCAPES, tidy


def py_str(text: str) -> str:
    """A Python string literal for `text` (repr escapes everything that needs it)."""
    return repr(text)


def py_value(value: Any) -> str:
    """A Python literal for a JSON scalar or list/dict of them."""
    return repr(value)


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring holding `text` inertly."""
    body = tidy(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"').translate(CONTROL_ESCAPES)
    if body.endswith('"'):
        body += " "
    if "\n" in body:
        lines = [(indent + line.rstrip()) if line.strip() else "" for line in body.splitlines()]
        return '"""\n' + "\n".join(lines) + "\n" + indent + '"""'
    return f'"""{body}"""'


def one_line(text: str) -> str:
    """Collapse text to one line (for comments, table cells and summaries)."""
    if not text.isprintable():  # every character CONTROL_ESCAPES maps is unprintable
        text = text.translate(CONTROL_ESCAPES)
    elif "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # printable: " " is its only whitespace, and nothing to collapse
    return " ".join(text.split())


def comment(text: str) -> str:
    """A `#` comment holding `text` on one line."""
    return "# " + one_line(text)


# A link in spec text stays a link only when it goes to an absolute http(s) address: any other
# target (`javascript:`, `data:`, a path on the spec author's site) is a hostile or dead link in
# our docs, so its brackets are escaped and it reads as plain text.
_LINK = re.compile(r"\[([^\[\]]*)\](\(|:)(?!\s*https?://)")


def md(text: str) -> str:
    """Text for a Markdown table cell or line: one line, pipes and angle brackets escaped, links
    kept only when they point at an http(s) address."""
    text = one_line(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return _LINK.sub(r"\[\1\]\2", text)


_BACKTICKS = re.compile("`+")


def _longest_backtick_run(text: str) -> int:
    """A code span or fence must be longer than this to hold `text`."""
    if "`" not in text:
        return 0
    return max(len(run) for run in _BACKTICKS.findall(text))


def code(text: str) -> str:
    """An inline code span holding `text` on one line, whatever backticks it contains."""
    text = one_line(text)
    ticks = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


# Inside a table a `|` ends the cell even in a code span (GitHub), while a `\\|` there shows its
# backslash (Python-Markdown, so mkdocs): an HTML code element with entities reads right in both.
# Python-Markdown still parses Markdown inside it, so no emphasis, code or link may form either.
_CELL_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "|&<>`*_()\\"}


def code_cell(text: str) -> str:
    """Inline code for a Markdown table cell: a code span, or a `<code>` element when the text
    holds characters a table cell would break on."""
    text = one_line(text)
    if "`" not in text and "|" not in text:
        return f"`{text}`"  # what code() gives text without backticks, without its work
    return "<code>" + text.translate(_CELL_ENTITIES) + "</code>"


def fenced(text: str, language: str) -> str:
    """A fenced code block around `text`, its fence longer than any backtick run inside."""
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    body = text.rstrip("\n")
    return f"{fence}{language}\n{body}\n{fence}"


_FIELD_TYPES = {
    "str": "str",
    "int": "int",
    "bool": "bool",
    "dict": "dict[str, Any]",
    "body": "bytes | str",
    "str_or_number": "str | int | float",
}
_PARAM_TYPES = {"str": "str", "int": "int", "bool": "bool", "json": "JSONValue"}


def field_annotation(field: CatalogField) -> str:
    """Python type of a catalog field as Record/Payload holds it (always optional)."""
    inner = _FIELD_TYPES[field.kind]
    if field.multivalue:
        inner = f"list[{inner}]"
    return f"{inner} | None"


def param_annotation(param: Parameter) -> str:
    """Python type of a request-builder parameter (without the optional `| None`)."""
    if param.options:
        return "Literal[" + ", ".join(py_str(o) for o in param.options) + "]"
    return _PARAM_TYPES[param.kind]


def param_default(param: Parameter) -> str:
    """Python default of an optional parameter: the catalog's default, else None."""
    if param.default is None:
        return "None"
    return py_value(int(param.default) if param.kind == "int" else param.default)


_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # json.dumps makes one per call


def json_text(value: Any) -> str:
    """Compact, stable JSON."""
    return _JSON.encode(value)


def body_literal(node: BodyNode) -> str:
    """Python literal of a body tree; slots become `Slot("name")` markers filled at run time."""
    match node:
        case Slot(parameter=parameter):
            return f"Slot({py_str(parameter)})"
        case BodyObject(members=members):
            return "{" + ", ".join(f"{py_str(k)}: {body_literal(v)}" for k, v in members) + "}"
        case BodyArray(items=items):
            return "[" + ", ".join(body_literal(v) for v in items) + "]"
        case _:  # a JSON scalar
            return repr(node)


def _has_slot(node: BodyNode) -> bool:
    match node:
        case Slot():
            return True
        case BodyObject(members=members):
            return any(_has_slot(v) for _, v in members)
        case BodyArray(items=items):
            return any(_has_slot(v) for v in items)
        case _:
            return False


def catalog_uses(resource: Resource) -> set[str]:
    """Which of the optional names a catalog module uses: `Literal` and `JSONValue` (in
    param_annotation), `Slot` (in body_literal). The module imports only those, so `ruff check
    --fix` has next to nothing to fix (docs/ARCHITECTURE.md, "Little for ruff to fix"): fixing
    thousands of modules at scale cost twice the lint."""
    params = [p for op in resource.operations for p in op.parameters]
    uses = set()
    if any(p.options for p in params):
        uses.add("Literal")
    if any(p.kind == "json" and not p.options for p in params):
        uses.add("JSONValue")
    if any(op.body is not None and _has_slot(op.body) for op in resource.operations):
        uses.add("Slot")
    return uses


def path_expression(operation: Operation) -> str:
    """Python expression of an operation's full path, each slot URL-escaped by path_value()."""
    parts = [
        f"_rt.path_value({py_str(s.parameter)}, {_py_name(operation, s.parameter)})"
        if isinstance(s, Slot)
        else py_str(s)
        for s in operation.path_segments
    ]
    return " + ".join(parts) if parts else "''"


def path_display(operation: Operation) -> str:
    """An operation's path as people write it: `/threads/{thread_id}/runs`."""
    return "".join(
        "{" + s.parameter + "}" if isinstance(s, Slot) else s for s in operation.path_segments
    )


def operation_doc(operation: Operation, title: str) -> str:
    """Docstring text of a request builder: what it sends, each parameter, what it raises."""
    lines = [
        f"`{operation.method} {path_display(operation)}`: the {operation.name} request of {title}."
    ]
    if operation.parameters:
        lines.append("")
    for param in operation.parameters:
        text = one_line(param.description) or f"{param.where} parameter {param.name!r}."
        if param.name != param.py_name:
            text += f" Sent as {param.name!r}."
        if param.options:
            text += " One of " + ", ".join(repr(o) for o in param.options) + "."
        lines.extend(_wrap(f"{param.py_name}: {text}", "    "))
    if operation.parameters:
        reasons = []
        if any(p.options for p in operation.parameters):
            reasons.append("not one of the options")
        if any(p.where == "path" for p in operation.parameters):
            reasons.append("an empty, '.' or '..' path value")
        if any(p.kind in ("str", "json") for p in operation.parameters):
            reasons.append("text with a lone surrogate")
        if any(p.kind == "json" for p in operation.parameters):
            reasons.append("a float that is not finite")
        lines.append("")
        lines.extend(_raises(tuple(reasons)))
    return "\n".join(lines)


@functools.cache
def _raises(reasons: tuple[str, ...]) -> tuple[str, ...]:
    # A handful of variants, written into thousands of builders at scale.
    text = "Raises TypeError for a value of the wrong type"
    if reasons:
        text += ", ValueError for one that cannot be sent (" + "; ".join(reasons) + ")"
    return tuple(_wrap(text + "."))


_WRAP_WIDTH = 92
# Whitespace textwrap turns into spaces (and " ", which it may drop at either end).
_RESHAPED = re.compile("[\t\n\x0b\x0c\r]")


def _wrap(text: str, subsequent_indent: str = "") -> list[str]:
    """textwrap.wrap at _WRAP_WIDTH, without its work for text that fits as it is (most)."""
    if 0 < len(text) <= _WRAP_WIDTH and text == text.strip() and not _RESHAPED.search(text):
        return [text]
    return textwrap.wrap(text, _WRAP_WIDTH, subsequent_indent=subsequent_indent)


def fetch_doc(event: Event, spec: Spec) -> str:
    """Handler docstring paragraph: how to fetch the resource an event names, and its fields."""
    if event.link is None:
        return ""
    resource = spec.resource(event.link.resource)
    module = f"catalog.{resource.module_name}"
    fields = ", ".join(f.py_name for f in resource.fields) or "(no fields)"
    text = (
        f"Fetch the {resource.title} resource: `{module}.{event.link.operation}"
        f"({event.link.parameter}=event.data.id)` builds the request; "
        f"`{module}.Record.from_raw(body)` reads its response: {fields}."
    )
    return textwrap.fill(one_line(text), 88, break_on_hyphens=False, break_long_words=False)


def _py_name(operation: Operation, wire_name: str) -> str:
    return next(
        p.py_name for p in operation.parameters if p.name == wire_name and p.where == "path"
    )


def field_rows(obj: ObjectType, prefix: str = "") -> list[dict[str, Any]]:
    """Docs rows of an object's fields, nested objects flattened as `data.sip_headers[].name`."""
    rows: list[dict[str, Any]] = []
    for prop in obj.properties:
        path = prefix + prop.name
        rows.append(
            {
                "path": path,
                "type": type_display(prop.type),
                "required": prop.required,
                "description": prop.description,
            }
        )
        match prop.type:
            case ArrayOf(items=ObjectType() as inner):
                rows.extend(field_rows(inner, path + "[]."))
            case ObjectType() as inner:
                rows.extend(field_rows(inner, path + "."))
    return rows


FILTERS = {
    "field_rows": field_rows,
    "type_display": type_display,
    "body_literal": body_literal,
    "catalog_uses": catalog_uses,
    "path_expression": path_expression,
    "path_display": path_display,
    "py_str": py_str,
    "py_value": py_value,
    "docstring": docstring,
    "one_line": one_line,
    "comment": comment,
    "md": md,
    "code": code,
    "code_cell": code_cell,
    "fenced": fenced,
    "field_annotation": field_annotation,
    "param_annotation": param_annotation,
    "param_default": param_default,
    "json_text": json_text,
    "operation_doc": operation_doc,
    "fetch_doc": fetch_doc,
}
