"""A spec update as real ones arrive: the webhook spec with every description written as a YAML
block scalar (ending in a newline, as upstream documents write them), one event added and one
description reworded. Made from whatever the spec holds (the committed one, or one already
updated), so the update test keeps working after real updates. Try the workflow with it:

    python -m tests.spec_update specs/openai-webhooks.yaml > /tmp/updated.yaml
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Update:
    """The updated spec's text, and the event types whose change the CHANGELOG should name."""

    text: str
    added: str
    reworded: str


class _BlockDumper(yaml.SafeDumper):
    """Writes every string that ends in a newline as a literal block scalar (`|`)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if value.endswith("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def _as_block_scalars(node: Any) -> None:
    """Every description (and summary) ending in a newline, as block scalars do."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                node[key] = value.rstrip("\n") + "\n"
            else:
                _as_block_scalars(value)
    elif isinstance(node, list):
        for item in node:
            _as_block_scalars(item)


def _event_schemas(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Event type -> its schema under components, for the webhooks that `$ref` one."""
    schemas = spec["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}
    for entry in spec["webhooks"].values():
        ref = entry["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = schemas[ref.rsplit("/", 1)[1]]
        found[schema["properties"]["type"]["enum"][0]] = schema
    return found


def _add_event(spec: dict[str, Any], events: dict[str, dict[str, Any]]) -> str:
    """A new event, `live.call.incoming` (or the next free name), shaped as the first one."""
    added = "live.call.incoming"
    while added in events:
        added += "x"
    name = "Webhook" + "".join(word.capitalize() for word in added.split("."))
    schema = copy.deepcopy(next(iter(events.values())))
    schema["title"] = added
    schema["description"] = "Sent when a Live API call comes in."
    schema["properties"]["type"]["enum"] = [added]
    spec["components"]["schemas"][name] = schema
    entry = copy.deepcopy(next(iter(spec["webhooks"].values())))
    body = entry["post"]["requestBody"]
    body["description"] = schema["description"]
    body["content"]["application/json"]["schema"] = {"$ref": f"#/components/schemas/{name}"}
    spec["webhooks"][added.replace(".", "_")] = entry
    return added


def updated_spec(text: str) -> Update:
    """The update of the webhook spec `text` (YAML, its events `$ref`-ing components)."""
    spec = yaml.safe_load(text)
    events = _event_schemas(spec)
    reworded, schema = next(iter(events.items()))
    schema["description"] = str(schema.get("description", "")).rstrip().rstrip(".") + (
        ", as the API reports it."
    )
    added = _add_event(spec, events)
    _as_block_scalars(spec)
    dumped = yaml.dump(spec, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)
    return Update(str(dumped), added, reworded)


def main() -> None:
    """Print the update of the spec file named on the command line."""
    print(updated_spec(Path(sys.argv[1]).read_text(encoding="utf-8")).text, end="")


if __name__ == "__main__":
    main()
