"""Models of a big spec in parts: datamodel-code-generator run on pieces of the schema in
parallel processes, the modules it returns joined into the one it would have written.

datamodel-code-generator costs a few milliseconds per model and runs in one process, so at scale
it is most of a cold run. The schema splits cleanly: each event's envelope is a closed set of
`$defs` (shared components are reached by `$ref`), so a part is some events, the definitions they
reach and a union of just those events. Joining relies on how the library lays out a module with
our options: a header, one import block, then each model as a top-level statement starting at
column 0 (class bodies, docstrings included, are indented), sorted by class name, with the
`WebhookEvent` alias moved after the last event class it names. `join` checks every part against
that layout before it trusts it (each part must rebuild to itself byte for byte, with exactly the
models its schema defines) and raises `SplitError` otherwise: the caller then runs the whole
schema at once, so a library upgrade that changes the layout costs time, never correctness.
tests/test_models_split.py compares the joined module with a single run.
"""

from __future__ import annotations

import re
from typing import Any

from .schema import UNION_NAME

# The first part goes to the worker started with the command, whose import is long done when the
# schema is ready; helpers started only then (the spec file's size did not tell) are still
# importing, so the first part is this much bigger.
HEAD_START = 150

_STATEMENT = re.compile(r"^(?:class (\w+)\(|(\w+) = )", re.MULTILINE)
_IMPORT = re.compile(r"from (\S+) import (.+)")


class SplitError(Exception):
    """A part's module does not have the layout `join` relies on."""


def _refs(node: Any) -> list[str]:
    """The definitions a schema node refers to by `$ref`, at any depth."""
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.append(ref.removeprefix("#/$defs/"))
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return found


def _closure(name: str, defs: dict[str, Any]) -> set[str]:
    """`name` and every definition it reaches."""
    found = {name}
    stack = [name]
    while stack:
        for ref in _refs(defs[stack.pop()]):
            if ref not in found:
                found.add(ref)
                stack.append(ref)
    return found


def split(schema: dict[str, Any], parts: int, head_start: int = 0) -> list[dict[str, Any]]:
    """`schema` (generator.models.schema.models_schema) as up to `parts` schemas over
    consecutive runs of its events, balanced by model count, the first up to `head_start` models
    bigger than the others; each holds every definition its events reach."""
    defs: dict[str, Any] = schema["$defs"]
    mapping: dict[str, str] = schema["discriminator"]["mapping"]
    events = [(event, ref.removeprefix("#/$defs/")) for event, ref in mapping.items()]
    reach = [_closure(name, defs) for _, name in events]
    total = sum(map(len, reach))
    head_start = min(head_start, total // parts)  # at most twice the others' share
    target = (total - head_start) / parts
    groups: list[list[int]] = [[]]
    size = 0
    for index, names in enumerate(reach):
        # Two events at least per part: a one-member "union" may be laid out as no union at all.
        full = size >= target + (head_start if len(groups) == 1 else 0)
        if full and len(groups[-1]) >= 2 and len(groups) < parts:
            groups.append([])
            size = 0
        groups[-1].append(index)
        size += len(names)
    if len(groups[-1]) < 2 and len(groups) > 1:
        groups[-2].extend(groups.pop())
    return [_part(schema, defs, [events[i] for i in group], reach, group) for group in groups]


def _part(
    schema: dict[str, Any],
    defs: dict[str, Any],
    events: list[tuple[str, str]],
    reach: list[set[str]],
    group: list[int],
) -> dict[str, Any]:
    wanted = set().union(*(reach[i] for i in group))
    refs = {event: f"#/$defs/{name}" for event, name in events}
    return {
        **{key: value for key, value in schema.items() if key not in ("oneOf", "discriminator")},
        "oneOf": [{"$ref": ref} for ref in refs.values()],
        "discriminator": {**schema["discriminator"], "mapping": refs},
        "$defs": {name: body for name, body in defs.items() if name in wanted},
    }


class _Module:
    """One generated module cut into its header, its imports and its named statements."""

    def __init__(self, text: str, schema: dict[str, Any]) -> None:
        starts = [(m.start(), m.group(1) or m.group(2)) for m in _STATEMENT.finditer(text)]
        if not starts:
            raise SplitError("no models found")
        header, *lines = text[: starts[0][0]].rstrip("\n").split("\n")
        self.header = header
        self.imports: dict[str, set[str]] = {}
        for line in filter(None, lines):
            match = _IMPORT.fullmatch(line)
            if match is None:
                raise SplitError(f"unexpected line before the models: {line!r}")
            self.imports.setdefault(match.group(1), set()).update(match.group(2).split(", "))
        ends = [start for start, _ in starts[1:]] + [len(text)]
        self.statements = {
            name: text[start:end].rstrip("\n")
            for (start, name), end in zip(starts, ends, strict=True)
        }
        if set(self.statements) != {*schema["$defs"], UNION_NAME} or len(starts) != len(
            self.statements
        ):
            raise SplitError("the models found are not the models the schema defines")
        mapping = schema["discriminator"]["mapping"]
        self.members = [ref.removeprefix("#/$defs/") for ref in mapping.values()]
        alias = self.statements[UNION_NAME]
        union = " | ".join(self.members)
        if alias.count(union) != 1:
            raise SplitError("the union does not name the events in schema order")
        self.alias_template = alias.replace(union, "{members}")
        # The import block is compared as a set: its order is the format pass's business
        # (isort rules), and the library's own order is not worth reproducing.
        imports = [line for line in lines if line and not line.startswith("from __future__ ")]
        if _layout(header, self.imports, self.statements, self.members, imports) != text:
            raise SplitError("the module does not rebuild to itself")


def _layout(
    header: str,
    imports: dict[str, set[str]],
    statements: dict[str, str],
    members: list[str],
    import_lines: list[str] | None = None,
) -> str:
    """A module as datamodel-code-generator lays it out (see the module docstring); its imports
    in `import_lines` order when given, else sorted."""
    blocks = [header]
    future = imports.get("__future__")
    if future:
        blocks.append(f"from __future__ import {', '.join(sorted(future))}")
    if import_lines is None:
        import_lines = [
            f"from {module} import {', '.join(sorted(names))}"
            for module, names in sorted(imports.items())
            if module != "__future__"
        ]
    blocks.append("\n".join(import_lines))
    order = sorted(name for name in statements if name != UNION_NAME)
    # The alias is evaluated at import time, so it follows the last class it names.
    after = max(order.index(name) for name in members)
    at = max(after + 1, sum(1 for name in order if name < UNION_NAME))
    order.insert(at, UNION_NAME)
    # Three blank lines before the alias, two before a class, no newline at the end.
    body = "".join(
        ("\n\n\n\n" if name == UNION_NAME else "\n\n\n") + statements[name] for name in order
    )
    return "\n\n".join(blocks) + body


def join(sources: list[str], schemas: list[dict[str, Any]]) -> str:
    """The module of the whole schema from the modules of its parts (see `split`); its imports
    sorted, which the format pass puts in its own order anyway."""
    modules = [_Module(text, schema) for text, schema in zip(sources, schemas, strict=True)]
    first = modules[0]
    imports: dict[str, set[str]] = {}
    statements: dict[str, str] = {}
    members: list[str] = []
    for module in modules:
        if module.header != first.header or module.alias_template != first.alias_template:
            raise SplitError("the parts' headers or unions differ")
        for name, names in module.imports.items():
            imports.setdefault(name, set()).update(names)
        for name, text in module.statements.items():
            if name != UNION_NAME and statements.setdefault(name, text) != text:
                raise SplitError(f"model {name} differs between parts")
        members.extend(module.members)
    statements[UNION_NAME] = first.alias_template.replace("{members}", " | ".join(members))
    return _layout(first.header, imports, statements, members)
