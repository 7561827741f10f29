"""Definition order of the models module: every model after the models and aliases it names.

datamodel-code-generator (with `keep_model_order`, the layout `split.join` relies on) writes the
models sorted by name, so an event class comes before its `...Data` model. The module has
`from __future__ import annotations`, and pydantic resolves a class's annotations when its class
statement runs: a name defined further down is left a `ForwardRef`, and the model incomplete
(`__pydantic_complete__` False) until its first validation rebuilds it, so introspection and
schema tools saw forward references. With each statement moved after the ones it names, every
model is complete when defined, at no cost at import: a `model_rebuild()` of each model at the
end of the module would first try and fail to build it, then build it.

The loader refuses recursive schemas, so such an order exists; should a cycle appear anyway, one
of its models keeps a forward reference, which pydantic resolves on first use, as before.
"""

from __future__ import annotations

import re

# A top-level statement as the library writes one: a class or an assignment (the union alias)
# at column 0; everything up to the next one (body, docstrings, blank lines) belongs to it.
_STATEMENT = re.compile(r"^(?:class (\w+)\(|(\w+) = )", re.MULTILINE)
# String literals, removed before looking for names: a description may mention a model.
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
    re.DOTALL,
)
_NAME = re.compile(r"\b[A-Za-z_]\w*")


def in_definition_order(source: str) -> str:
    """`source` (a models module) with each top-level statement moved after the statements
    defining the names it uses; otherwise in the library's order. Unchanged when no statement
    needs to move, or when two statements define one name (not a layout this knows)."""
    matches = list(_STATEMENT.finditer(source))
    names = [match.group(1) or match.group(2) for match in matches]
    if len(set(names)) != len(names):
        return source
    bounds = [match.start() for match in matches] + [len(source)]
    texts = {
        name: source[start:end].rstrip() + "\n"
        for name, start, end in zip(names, bounds, bounds[1:], strict=False)
    }
    uses = {name: _uses(name, text, texts) for name, text in texts.items()}
    order = _dependencies_first(names, uses)
    if order == names:
        return source
    head = source[: bounds[0]]
    return head + "\n\n".join(texts[name] for name in order)


def _uses(name: str, text: str, defined: dict[str, str]) -> list[str]:
    """The other statements' names that `text` uses, in order of first use."""
    found = dict.fromkeys(_NAME.findall(_STRING.sub("", text)))
    return [other for other in found if other in defined and other != name]


def _dependencies_first(names: list[str], uses: dict[str, list[str]]) -> list[str]:
    """`names` reordered so that each comes after the names it uses (depth first, iterative: a
    chain of nested models can be long), keeping the given order wherever it already holds."""
    order: list[str] = []
    placed: set[str] = set()
    for root in names:
        if root in placed:
            continue
        stack = [(root, iter(uses[root]))]
        active = {root}
        while stack:
            name, pending = stack[-1]
            for used in pending:
                if used not in placed and used not in active:  # active: a cycle, left as is
                    active.add(used)
                    stack.append((used, iter(uses[used])))
                    break
            else:
                stack.pop()
                active.discard(name)
                placed.add(name)
                order.append(name)
    return order
