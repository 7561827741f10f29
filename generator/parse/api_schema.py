"""Walk an OpenAPI document's schemas one key at a time, as the catalog's selectors and body
templates do: through `$ref`, `allOf`/`anyOf`/`oneOf`, array items by index and free-form maps.

A schema is read as a set of alternatives (anyOf/oneOf branches), each a conjunction of schema
objects (the schema itself and its allOf members). A key resolves when any alternative has it;
when none does, the walk says why, in terms a catalog author can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Schema = Mapping[str, Any]
ANY: Schema = {}  # a schema that allows every value: what a free-form map holds

# A schema's alternatives are expanded eagerly; real documents have a handful per schema. The
# bound keeps a pathological document (nested anyOf of anyOf ...) from multiplying without end.
MAX_ALTERNATIVES = 256
MAX_DEPTH = 64
_JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")


@dataclass(frozen=True)
class Step:
    """The outcome of one selector step: the schemas the key leads to, or why it leads nowhere."""

    schemas: tuple[Schema, ...] = ()
    problem: str = ""


class SchemaWalker:
    """Schemas of one document, read lazily: only what a walk passes through is looked at."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document  # kept alive: the memo below is keyed by its objects' ids
        self._alternatives: dict[int, list[tuple[Schema, ...]]] = {}
        self._expanding: set[int] = set()

    def deref(self, schema: Any) -> Schema:
        """`schema` with its `$ref` chain followed (local refs only); ANY for a boolean schema,
        a ref that leads nowhere or a cycle of refs."""
        seen: set[str] = set()
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen or not ref.startswith("#"):
                return ANY
            seen.add(ref)
            schema = self.pointer(ref[1:])
        return schema if isinstance(schema, Mapping) else ANY

    def pointer(self, text: str) -> Any:
        """The value at a JSON pointer in the document, or None."""
        node: Any = self.document
        for raw in text.split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def alternatives(self, schema: Any) -> list[tuple[Schema, ...]]:
        """Each way a value may match `schema`: a conjunction of schema objects.

        Remembered per schema object: shared schemas are expanded once, so a document whose
        combinators reuse each other cannot make the walk exponential. A schema that contains
        itself through allOf/anyOf/oneOf allows anything at the point of the cycle."""
        node = self.deref(schema)
        key = id(node)
        found = self._alternatives.get(key)
        if found is not None:
            return found
        if key in self._expanding or len(self._expanding) > MAX_DEPTH:
            return [(ANY,)]
        self._expanding.add(key)
        try:
            result: list[tuple[Schema, ...]] = [(node,)]
            for member in _list(node.get("allOf")):
                result = _product(result, self.alternatives(member))
            branches = [*_list(node.get("anyOf")), *_list(node.get("oneOf"))]
            if branches:
                either = [alt for branch in branches for alt in self.alternatives(branch)]
                result = _product(result, either)
        finally:
            self._expanding.discard(key)
        self._alternatives[key] = result
        return result

    def types(self, schemas: Sequence[Schema]) -> frozenset[str] | None:
        """The JSON types a value of any of `schemas` may have, null left out; None when any
        type is allowed (nothing in the document constrains it)."""
        found: set[str] = set()
        for schema in schemas:
            for alternative in self.alternatives(schema):
                kinds = _conjunction_types(alternative)
                if kinds is None:
                    return None
                found |= kinds
        return frozenset(found - {"null"})

    def item_schemas(self, schemas: Sequence[Schema]) -> tuple[Schema, ...]:
        """The item schemas of the array alternatives of `schemas`."""
        found: list[Schema] = []
        for schema in schemas:
            for alternative in self.alternatives(schema):
                if _is_array(alternative):
                    found.extend(_items(alternative, None))
        return tuple(found)

    def allowed_values(self, schemas: Sequence[Schema]) -> tuple[str, ...] | None:
        """The strings `schemas` allow when every alternative that takes a string lists them
        (an enum or const); None when some alternative takes any string or nothing says."""
        values: dict[str, None] = {}
        for schema in schemas:
            for alternative in self.alternatives(schema):
                kinds = _conjunction_types(alternative)
                if kinds is not None and "string" not in kinds:
                    continue
                listed = _listed_values(alternative)
                if listed is None:
                    return None
                values.update(dict.fromkeys(v for v in listed if isinstance(v, str)))
        return tuple(values) if values else None

    def step(self, schemas: Sequence[Schema], key: str) -> Step:
        """Follow `key` (a property name, or an index into an array) from `schemas`."""
        found: list[Schema] = []
        ranks: list[int] = []
        for schema in schemas:
            for alternative in self.alternatives(schema):
                kinds = _conjunction_types(alternative)
                if kinds is not None and kinds <= {"null"}:
                    continue  # the value may be null; a selector then finds nothing
                led, rank = _step_alternative(alternative, kinds, key)
                found.extend(led)
                if rank is not None:
                    ranks.append(rank)
        if found:
            return Step(tuple(found))
        if not ranks:
            return Step(problem="the document allows only null here")
        names = self.property_names(schemas)
        return Step(problem=_problem(min(ranks), key, names, self.types(schemas)))

    def property_names(self, schemas: Sequence[Schema]) -> list[str]:
        """Every property name the object alternatives of `schemas` declare, in order."""
        names: dict[str, None] = {}
        for schema in schemas:
            for alternative in self.alternatives(schema):
                for node in alternative:
                    properties = node.get("properties")
                    if isinstance(properties, Mapping):
                        names.update(dict.fromkeys(str(k) for k in properties))
        return list(names)


def nearest(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to `name`, when one is close enough to be a likely misspelling."""
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def describe_types(kinds: frozenset[str] | None) -> str:
    """`string`, `integer or null`, `any type`: how messages name a set of JSON types."""
    if kinds is None:
        return "any type"
    ordered = [k for k in _JSON_TYPES if k in kinds]
    return " or ".join(ordered) if ordered else "no type"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _product(
    left: list[tuple[Schema, ...]], right: list[tuple[Schema, ...]]
) -> list[tuple[Schema, ...]]:
    if len(left) * len(right) > MAX_ALTERNATIVES:
        return [(ANY,)]  # precision given up: anything resolves, so no false warning
    return [a + b for a in left for b in right]


def _node_types(node: Schema) -> set[str] | None:
    """The types one schema object allows, or None when it does not constrain the type."""
    declared = node.get("type")
    if isinstance(declared, str):
        kinds = {declared}
    elif isinstance(declared, list):
        kinds = {k for k in declared if isinstance(k, str)}
    elif isinstance(node.get("properties"), Mapping) or "additionalProperties" in node:
        kinds = {"object"}
    elif "items" in node or "prefixItems" in node:
        kinds = {"array"}
    elif (listed := _listed_values((node,))) is not None:
        kinds = {_value_type(v) for v in listed}
    else:
        return None
    if node.get("nullable") is True:  # OpenAPI 3.0
        kinds.add("null")
    return kinds


def _conjunction_types(alternative: tuple[Schema, ...]) -> frozenset[str] | None:
    """The types all schema objects of an alternative allow together; None when unconstrained."""
    result: set[str] | None = None
    for node in alternative:
        kinds = _node_types(node)
        if kinds is None:
            continue
        result = set(kinds) if result is None else _meet(result, kinds)
    return None if result is None else frozenset(result)


def _meet(left: set[str], right: set[str]) -> set[str]:
    """The types both sides allow; an integer is a number, so {number} and {integer} meet."""
    both = left & right
    if ("number" in left and "integer" in right) or ("integer" in left and "number" in right):
        both.add("integer")
    return both


def _listed_values(alternative: tuple[Schema, ...]) -> list[Any] | None:
    """The values an enum or const of the alternative lists; None when none does."""
    for node in alternative:
        if "const" in node:
            return [node["const"]]
        enum = node.get("enum")
        if isinstance(enum, list):
            return enum
    return None


def _value_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _is_array(alternative: tuple[Schema, ...]) -> bool:
    kinds = _conjunction_types(alternative)
    if kinds is not None:
        return "array" in kinds
    return any("items" in node or "prefixItems" in node for node in alternative)


def _items(alternative: tuple[Schema, ...], index: int | None) -> list[Schema]:
    """The schemas an array alternative's item at `index` (any item when None) must match."""
    found: list[Schema] = []
    for node in alternative:
        prefix = node.get("prefixItems")
        if index is not None and isinstance(prefix, list) and index < len(prefix):
            found.append(prefix[index])
        elif isinstance(node.get("items"), Mapping):
            found.append(node["items"])
    return found or [ANY]


# Problems ranked by how much they tell: a missing property (with its nearest name) first.
_MISSING, _INDEX_INTO_OBJECT, _KEY_INTO_ARRAY, _INTO_SCALAR = range(4)


def _step_alternative(
    alternative: tuple[Schema, ...], kinds: frozenset[str] | None, key: str
) -> tuple[list[Schema], int | None]:
    """The schemas `key` leads to in one alternative, or the rank of the problem."""
    declared = [n["properties"] for n in alternative if isinstance(n.get("properties"), Mapping)]
    led = [properties[key] for properties in declared if key in properties]
    if led:
        return led, None
    if _is_array(alternative):
        return (_items(alternative, int(key)), None) if key.isdigit() else ([], _KEY_INTO_ARRAY)
    if kinds is not None and "object" not in kinds:
        return [], _INTO_SCALAR
    extra = [n.get("additionalProperties") for n in alternative if "additionalProperties" in n]
    if any(isinstance(e, Mapping) for e in extra):
        return [e for e in extra if isinstance(e, Mapping)], None
    if not declared and all(e is not False for e in extra):
        return [ANY], None  # a free-form object: any key may be there
    return [], _INDEX_INTO_OBJECT if key.isdigit() else _MISSING


def _problem(rank: int, key: str, names: Sequence[str], kinds: frozenset[str] | None) -> str:
    """What a step that leads nowhere says; `names` are the properties of every alternative."""
    if rank == _KEY_INTO_ARRAY:
        return f"{key!r} is a key, but the document has an array here (select an index, e.g. '0')"
    if rank == _INTO_SCALAR:
        return f"the document has {describe_types(kinds)} here, not an object"
    if rank == _INDEX_INTO_OBJECT:
        return f"{key!r} is an array index, but the document has an object here{_listing(names)}"
    close = nearest(key, names)
    return f"no property {key!r}" + (f"; nearest: {close!r}" if close else _listing(names))


def _listing(names: Sequence[str]) -> str:
    """` (properties: a, b, c)` for a short list of names; '' when there are none or many."""
    if not names or len(names) > 12:
        return ""
    return f" (properties: {', '.join(names)})"
