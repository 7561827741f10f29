"""Synthetic specs: N times the real webhook spec and resource catalog, deterministic.

Scale N holds N families. Family 0 is the real specs as they are (so scale 1 *is* the real
input); family k >= 1 is a renamed variant of every real event and resource under its own
namespace (``orbit7.batch.completed``, handle ``orbit7_batches``, route
``/webhooks/orbit7/batch-completed``), so event types, class names, handler names, module names
and routes stay unique, and events found in both specs stay linked to their resource.

Two kinds of variant:

- **copies** (``varied=False``): the real event or resource, renamed and nothing else. Scale N is
  then N times the real specs in content (events, models, fields, operations, descriptions): the
  input the scale target (bench/README.md) names ("100x the real specs").
- **varied** (the default): seeded variety on top of the real shape: extra data properties
  (nested objects up to three levels, arrays of strings and of objects, enums, nullable and
  numeric fields, shared `$ref` components, free-form maps), extra catalog fields (deep
  selectors with list indexes, multivalue and Object fields), extra query parameters (defaults
  and placeholders), extra body placeholders (quoted with options, raw Integer/Boolean/JSON) and
  extra payload fields. Each variant holds about twice the real content (at 100x: 199x the real
  webhook spec's bytes and 219x its models), so it is a stress input, not N times the specs.

Family k is generated from its own seed, so scale 10 is a prefix of scale 100, and the output
is byte-identical across runs and PYTHONHASHSEED values.

    python -m bench.synth --scale 10 --out /tmp/synth10 [--copies]   # openai-webhooks.yaml + resource-catalog.json
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_WEBHOOKS = ROOT / "specs" / "openai-webhooks.yaml"
REAL_CATALOG = ROOT / "specs" / "resource-catalog.json"
DEFAULT_SEED = 20250625

NAMESPACES = (
    "acme", "orbit", "vertex", "nimbus", "quartz", "helix", "lumen", "cobalt", "ember", "fjord",
    "granite", "harbor", "iris", "juniper", "kelp", "lattice", "meadow", "nova", "onyx", "prism",
    "quill", "raven", "sierra", "tundra", "umber", "vale", "willow", "xenon", "yarrow", "zephyr",
)  # fmt: skip

# Property names for extra data fields; no name here is another's plural (array items are named
# by dropping a trailing "s", so "tag" beside "tags" would give two classes the same name).
PROPERTY_NAMES = (
    "status", "model", "usage", "metadata", "error", "output", "summary", "owner", "region",
    "priority", "labels", "attempts", "duration_ms", "score", "reason", "source", "target",
    "progress", "settings", "limits", "checkpoints", "results", "warnings", "endpoint", "window",
    "project", "organization", "tier", "revision", "parent", "self-harm", "from", "createdBy",
)  # fmt: skip
NESTED_NAMES = (
    "code", "message", "param", "total", "prompt_tokens", "completion_tokens", "name", "value",
    "kind", "url", "enabled", "threshold", "step", "phase", "detail", "unit", "count", "label",
)  # fmt: skip
ENUM_WORDS = (
    "queued", "running", "completed", "failed", "cancelled", "expired", "paused", "pending",
    "low", "medium", "high", "critical", "auto", "manual", "standard", "flex", "priority",
)  # fmt: skip
DESCRIPTION_SUBJECTS = (
    "The number of tokens", "The identifier", "The current state", "The time in seconds",
    "The configuration", "The owning project", "The reported error", "The recorded entry",
    "The model snapshot", "The aggregate score", "The processing tier", "The originating request",
)  # fmt: skip
# Subjects for catalog fields, by declared type (a String field described as holding numbers
# draws a warning, as it should; the real catalog already has such fields).
FIELD_SUBJECTS = {
    "String": ("The identifier", "The current state", "The model snapshot", "The owning project"),
    "Integer": ("The number of tokens", "The time in seconds", "The aggregate count"),
    "Boolean": ("Whether the check passed", "Whether the item was flagged"),
    "Object": ("The configuration", "The reported error", "The originating request"),
}
DESCRIPTION_TAILS = (
    "of the job.", "reported by the service.", "at the time the event was sent.",
    "as configured by the caller.", "for this request.", "when the run finished.",
    "in the order they were produced.", "if any; omitted otherwise.",
)  # fmt: skip
QUERY_NAMES = ("after", "before", "include", "status_filter", "page_size", "since", "cursor")
BODY_NAMES = ("metadata", "max_items", "stream", "tier", "temperature_label", "seed", "user_tag")


@dataclass(frozen=True)
class Family:
    """One namespace of the synthetic spec."""

    index: int
    ns: str  # "orbit7": event-type prefix, handle prefix, route segment
    rng: random.Random

    @property
    def pascal(self) -> str:
        return self.ns[:1].upper() + self.ns[1:]


def family(index: int, seed: int = DEFAULT_SEED) -> Family:
    """Family `index` (1-based for variants); its randomness depends only on seed and index."""
    ns = f"{NAMESPACES[index % len(NAMESPACES)]}{index}"
    return Family(index, ns, random.Random(f"{seed}/{index}"))


def _description(rng: random.Random) -> str:
    return f"{rng.choice(DESCRIPTION_SUBJECTS)} {rng.choice(DESCRIPTION_TAILS)}"


def _enum(rng: random.Random) -> list[str]:
    return sorted(rng.sample(ENUM_WORDS, rng.randint(2, 6)))


def _scalar_schema(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(("string", "string", "integer", "number", "boolean", "enum", "nullable"))
    if kind == "enum":
        return {"type": "string", "enum": _enum(rng), "description": _description(rng)}
    if kind == "nullable":
        return {"type": ["string", "null"], "description": _description(rng)}
    schema: dict[str, Any] = {"type": kind, "description": _description(rng)}
    if kind == "integer" and rng.random() < 0.3:
        schema["format"] = "unixtime"
    return schema


def _object_schema(rng: random.Random, depth: int, width: int) -> dict[str, Any]:
    names = rng.sample(NESTED_NAMES, width)
    properties: dict[str, Any] = {}
    for name in names:
        if depth > 1 and rng.random() < 0.35:
            properties[name] = _object_schema(rng, depth - 1, rng.randint(1, 3))
        elif rng.random() < 0.15:
            properties[name] = {
                "type": "array",
                "description": _description(rng),
                "items": {"type": "string"},
            }
        else:
            properties[name] = _scalar_schema(rng)
    required = sorted(rng.sample(names, rng.randint(0, len(names))))
    schema: dict[str, Any] = {"type": "object", "description": _description(rng)}
    if required:
        schema["required"] = required
    schema["properties"] = properties
    return schema


def _extra_property(rng: random.Random, shared: list[str]) -> dict[str, Any]:
    """One extra `data` property, of a kind drawn with weights close to OpenAI's real schemas."""
    roll = rng.random()
    if roll < 0.35:
        return _scalar_schema(rng)
    if roll < 0.55:
        return _object_schema(rng, rng.randint(1, 3), rng.randint(1, 4))
    if roll < 0.65:
        return {"type": "array", "description": _description(rng), "items": {"type": "string"}}
    if roll < 0.8:
        item = _object_schema(rng, rng.randint(1, 2), rng.randint(1, 3))
        return {"type": "array", "description": _description(rng), "items": item}
    if roll < 0.9 and shared:
        return {"$ref": f"#/components/schemas/{rng.choice(shared)}"}
    return {
        "type": "object",
        "description": "Free-form key-value pairs.",
        "additionalProperties": {"type": "string"},
    }


def _shared_components(fam: Family) -> dict[str, Any]:
    """Component schemas a family's events share through `$ref` (as OpenAI's spec does)."""
    rng = fam.rng
    return {
        f"{fam.pascal}Usage": _object_schema(rng, 2, 3),
        f"{fam.pascal}Error": {
            "type": "object",
            "description": "An error reported by the service.",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "A machine-readable error code."},
                "message": {"type": "string", "description": "A human-readable message."},
                "param": {"type": ["string", "null"], "description": "The offending parameter."},
            },
        },
    }


def _event_copy(schema: dict[str, Any], event_type: str) -> dict[str, Any]:
    """The real event `schema` renamed to `event_type`."""
    variant = copy.deepcopy(schema)
    variant["title"] = event_type
    props = variant["properties"]
    props["type"]["enum"] = [event_type]
    props["type"]["description"] = f"The type of the event. Always `{event_type}`."
    return variant


def _vary_event(variant: dict[str, Any], rng: random.Random, shared: list[str]) -> None:
    """Extra seeded `data` properties, some drawing on the `shared` components."""
    data = variant["properties"]["data"]
    data_props = data.setdefault("properties", {})
    for name in rng.sample(PROPERTY_NAMES, rng.randint(1, 6)):
        if name in data_props:
            continue
        data_props[name] = _extra_property(rng, shared)
        if rng.random() < 0.3:
            data.setdefault("required", []).append(name)


def webhook_spec(scale: int, seed: int = DEFAULT_SEED, *, varied: bool = True) -> dict[str, Any]:
    """The OpenAPI 3.1 webhook document of `scale` families (15 events each), varied or copies."""
    real: dict[str, Any] = yaml.safe_load(REAL_WEBHOOKS.read_text(encoding="utf-8"))
    doc = copy.deepcopy(real)
    if scale > 1:
        doc["info"]["title"] = f"{real['info']['title']} (synthetic x{scale})"
    schemas = doc["components"]["schemas"]
    webhooks = doc["webhooks"]
    real_schemas = real["components"]["schemas"]
    for index in range(1, scale):
        fam = family(index, seed)
        components = _shared_components(fam) if varied else {}
        schemas.update(components)
        for key, entry in real["webhooks"].items():
            ref = entry["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            name = ref.rsplit("/", 1)[1]
            event_type = f"{fam.ns}.{real_schemas[name]['title']}"
            new_name = f"{fam.pascal}{name}"
            variant = schemas[new_name] = _event_copy(real_schemas[name], event_type)
            if varied:
                _vary_event(variant, fam.rng, list(components))
            new_entry = copy.deepcopy(entry)
            new_entry["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"] = (
                f"#/components/schemas/{new_name}"
            )
            webhooks[f"{fam.ns}_{key}"] = new_entry
    return doc


def _selector(rng: random.Random) -> list[str]:
    root = rng.choice(("data", "result", "usage", "metadata", "output", "results"))
    path = [root]
    if root in ("data", "output", "results"):
        path.append(str(rng.randint(0, 2)))
    path.append(rng.choice(NESTED_NAMES))
    if rng.random() < 0.3:
        path.append(rng.choice(("self-harm", "value", "by_model", "total")))
    return path


def _extra_fields(rng: random.Random, taken: set[str], count: int) -> list[dict[str, Any]]:
    fields = []
    for _ in range(count):
        selector = _selector(rng)
        name = "_".join(s for s in selector if not s.isdigit()).replace("-", "_")
        if name in taken:
            continue
        taken.add(name)
        kind = rng.choice(("String", "String", "Integer", "Boolean", "Object"))
        field: dict[str, Any] = {"name": name, "type": kind, "selector": selector}
        if kind == "String" and rng.random() < 0.25:
            field["multivalue"] = True
        subject = rng.choice(FIELD_SUBJECTS[kind])
        field["meta"] = {"description": f"{subject} {rng.choice(DESCRIPTION_TAILS)}"}
        fields.append(field)
    return fields


def _placeholder_names(resource: dict[str, Any], op: dict[str, Any]) -> set[str]:
    names = {p["name"] for p in resource["endpoint"].get("placeholders", [])}
    names |= {p["name"] for p in op.get("path", {}).get("placeholders", [])}
    names |= {p["name"] for p in op.get("bodyTemplate", {}).get("placeholders", [])}
    for key, query in op.get("queryParams", {}).items():
        names.add(key)
        names |= {p["name"] for p in query.get("placeholders", [])}
    return names


def _vary_operation(rng: random.Random, resource: dict[str, Any], op: dict[str, Any]) -> None:
    taken = _placeholder_names(resource, op)
    if op["method"] == "GET" and rng.random() < 0.6:
        name = rng.choice([n for n in QUERY_NAMES if n not in taken])
        taken.add(name)
        query = op.setdefault("queryParams", {})
        if rng.random() < 0.5:
            query[name] = {"value": str(rng.choice((10, 20, 50, 100)))}
        else:
            query[name] = {
                "value": f"{{{{{name}}}}}",
                "placeholders": [
                    {"name": name, "type": "String", "description": _description(rng)}
                ],
            }
    body = op.get("bodyTemplate")
    if body is not None and rng.random() < 0.7:
        name = rng.choice([n for n in BODY_NAMES if n not in taken])
        kind = rng.choice(("quoted", "options", "Integer", "Boolean", "json"))
        slot = f'"{{{{{name}}}}}"' if kind in ("quoted", "options") else f"{{{{{name}}}}}"
        placeholder: dict[str, Any] = {
            "name": name,
            "type": kind if kind in ("Integer", "Boolean") else "String",
            "description": _description(rng),
            "required": rng.random() < 0.3,
        }
        if kind == "options":
            placeholder["options"] = _enum(rng)
        text = body["value"].rstrip()
        assert text.endswith("}")
        separator = "" if text[:-1].rstrip().endswith("{") else ", "
        body["value"] = f'{text[:-1].rstrip()}{separator}"{name}": {slot}}}'
        body.setdefault("placeholders", []).append(placeholder)


def _route(path: str, fam: Family) -> str:
    parts = path.split("/")
    return "/".join(fam.ns if part == "chatgpt" else part for part in parts)


def _resource_copy(resource: dict[str, Any], fam: Family) -> dict[str, Any]:
    """The real `resource` renamed into the family's namespace (handle, title, endpoint, its
    webhooks' events and routes)."""
    variant = copy.deepcopy(resource)
    variant["handle"] = f"{fam.ns}_{resource['handle']}"
    variant["meta"]["short"] = f"{fam.pascal} {resource['meta']['short']}"
    variant["endpoint"]["value"] = f"/{fam.ns}{resource['endpoint']['value']}"
    for hook in variant["webhooks"]:
        hook["event"] = f"{fam.ns}.{hook['event']}"
        hook["path"] = _route(hook["path"], fam)
    return variant


def _vary_resource(variant: dict[str, Any], rng: random.Random) -> None:
    """Extra seeded fields, parameters, placeholders and payload fields."""
    taken = {f["name"] for f in variant["fields"]}
    variant["fields"].extend(_extra_fields(rng, taken, rng.randint(0, 4)))
    for op in variant["operations"].values():
        _vary_operation(rng, variant, op)
    for hook in variant["webhooks"]:
        payload_taken = {f["name"] for f in hook["payload"]}
        hook["payload"].extend(_extra_fields(rng, payload_taken, rng.randint(0, 3)))


def catalog(scale: int, seed: int = DEFAULT_SEED, *, varied: bool = True) -> list[dict[str, Any]]:
    """The resource catalog of `scale` families (16 resources, 39 webhooks each)."""
    real: list[dict[str, Any]] = json.loads(REAL_CATALOG.read_text(encoding="utf-8"))
    resources = copy.deepcopy(real)
    for index in range(1, scale):
        fam = family(index, seed)
        for resource in real:
            variant = _resource_copy(resource, fam)
            if varied:
                _vary_resource(variant, fam.rng)
            resources.append(variant)
    return resources


def _yaml_text(doc: dict[str, Any]) -> str:
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return text


def write(
    out: Path, scale: int, seed: int = DEFAULT_SEED, *, varied: bool = True
) -> tuple[Path, Path]:
    """Write the synthetic specs of `scale` (varied, or copies) into `out`; returns (webhooks
    path, catalog path).

    Scale 1 copies the real files byte for byte.
    """
    out.mkdir(parents=True, exist_ok=True)
    webhooks = out / "openai-webhooks.yaml"
    catalog_path = out / "resource-catalog.json"
    if scale == 1:
        webhooks.write_bytes(REAL_WEBHOOKS.read_bytes())
        catalog_path.write_bytes(REAL_CATALOG.read_bytes())
    else:
        webhooks.write_text(_yaml_text(webhook_spec(scale, seed, varied=varied)), encoding="utf-8")
        resources = catalog(scale, seed, varied=varied)
        catalog_path.write_text(
            json.dumps(resources, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return webhooks, catalog_path


def counts(scale: int) -> dict[str, int]:
    """Expected sizes at `scale`: events, resources and catalog webhooks."""
    real = json.loads(REAL_CATALOG.read_text(encoding="utf-8"))
    spec = yaml.safe_load(REAL_WEBHOOKS.read_text(encoding="utf-8"))
    return {
        "events": scale * len(spec["webhooks"]),
        "resources": scale * len(real),
        "catalog_webhooks": scale * sum(len(r["webhooks"]) for r in real),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.synth --scale N --out DIR [--seed S] [--copies]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__)
    parser.add_argument("--scale", type=int, default=10, help="multiple of the real specs")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--copies", action="store_true", help="renamed copies of the real specs, no variety"
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    webhooks, catalog_path = write(args.out, args.scale, args.seed, varied=not args.copies)
    sizes = counts(args.scale)
    print(
        f"{webhooks} and {catalog_path}: {sizes['events']} events, {sizes['resources']} resources, "
        f"{sizes['catalog_webhooks']} catalog webhooks"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
