"""IR -> JSON Schema for the envelope models, the input datamodel-code-generator reads."""

from __future__ import annotations

from typing import Any

from ..ir import ArrayOf, MapOf, Nullable, ObjectType, Scalar, Spec, TypeExpr, without_null
from ..text import visible_controls

UNION_NAME = "WebhookEvent"


def _type(expr: TypeExpr, defs: dict[str, Any]) -> dict[str, Any]:
    match expr:
        case Nullable():  # first: each nullable type is also its plain type
            return _or_null(_type(without_null(expr), defs))
        case ObjectType(class_name=class_name):
            _object(expr, defs)
            return {"$ref": f"#/$defs/{class_name}"}
        case ArrayOf(items=items):
            return {"type": "array", "items": _type(items, defs)}
        case MapOf():
            return {"type": "object"}
        case Scalar():
            return _scalar(expr)


def _scalar(expr: Scalar) -> dict[str, Any]:
    schema: dict[str, Any] = {} if expr.kind == "any" else {"type": expr.kind}
    if len(expr.values) == 1:
        schema["const"] = expr.values[0]
    elif expr.values:
        schema["enum"] = list(expr.values)
    return schema


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` also accepting null, spelled as datamodel-code-generator turns into `X | None`."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "type" not in schema:
        return schema  # Any: null is a value already
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "const" in nullable:
        nullable["enum"] = [nullable.pop("const"), None]
    elif "enum" in nullable:
        nullable["enum"] = [*nullable["enum"], None]
    return nullable


def _object(obj: ObjectType, defs: dict[str, Any]) -> None:
    if obj.class_name in defs:
        return
    schema: dict[str, Any] = {"type": "object"}
    defs[obj.class_name] = schema
    if obj.description:
        schema["description"] = visible_controls(obj.description)
    properties: dict[str, Any] = {}
    for prop in obj.properties:
        prop_schema = _type(prop.type, defs)
        if prop.description:
            # A $ref with siblings would make the generator wrap the model; keep the ref bare.
            if "$ref" not in prop_schema:
                prop_schema["description"] = visible_controls(prop.description)
        properties[prop.name] = prop_schema
    schema["properties"] = properties
    schema["required"] = [p.name for p in obj.properties if p.required]


def models_schema(spec: Spec) -> dict[str, Any]:
    """One JSON Schema document: every envelope model under $defs and their discriminated union."""
    defs: dict[str, Any] = {}
    events = spec.envelope_events
    for event in events:
        assert event.envelope is not None
        _object(event.envelope, defs)
    refs = {e.type: f"#/$defs/{e.class_name}" for e in events}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": UNION_NAME,
        "oneOf": [{"$ref": ref} for ref in refs.values()],
        "discriminator": {"propertyName": "type", "mapping": refs},
        "$defs": defs,
    }


def aliases(spec: Spec) -> dict[str, str]:
    """Wire name -> Python name for every envelope property whose name had to change."""
    found: dict[str, str] = {}

    def visit(expr: TypeExpr) -> None:
        match expr:
            case ArrayOf(items=items):
                visit(items)
            case ObjectType(properties=properties):
                for prop in properties:
                    if prop.py_name != prop.name:
                        found[prop.name] = prop.py_name
                    visit(prop.type)

    for event in spec.envelope_events:
        assert event.envelope is not None
        visit(event.envelope)
    return dict(sorted(found.items()))
