"""A spec update as real ones arrive: the committed webhook spec with every description written
as a YAML block scalar (ending in a newline, as upstream documents write them), one event added
and one description reworded. Shared by the update test and by anyone trying the workflow:

    python -m tests.spec_update specs/openai-webhooks.yaml > /tmp/updated.yaml
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

# What the update changes, as the CHANGELOG entry should name it.
ADDED_EVENT = "live.call.incoming"
REWORDED_EVENT = "batch.cancelled"
REWORDED_SCHEMA = "WebhookBatchCancelled"
REWORDED_TO = "Sent when a batch has been cancelled."


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


def _add_event(spec: dict[str, Any]) -> None:
    """`live.call.incoming`, shaped as `realtime.call.incoming` (a call with SIP headers)."""
    webhooks, schemas = spec["webhooks"], spec["components"]["schemas"]
    source = next(
        name
        for name, schema in schemas.items()
        if schema.get("properties", {}).get("type", {}).get("enum") == ["realtime.call.incoming"]
    )
    added = copy.deepcopy(schemas[source])
    added["title"] = ADDED_EVENT
    added["description"] = "Sent when a Live API call comes in."
    added["properties"]["type"]["enum"] = [ADDED_EVENT]
    schemas["WebhookLiveCallIncoming"] = added
    entry = copy.deepcopy(next(iter(webhooks.values())))
    body = entry["post"]["requestBody"]
    body["description"] = added["description"]
    body["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/WebhookLiveCallIncoming"
    }
    webhooks["live_call_incoming"] = entry


def updated_spec(text: str) -> str:
    """The update of the webhook spec `text` (YAML)."""
    spec = yaml.safe_load(text)
    _add_event(spec)
    spec["components"]["schemas"][REWORDED_SCHEMA]["description"] = REWORDED_TO
    _as_block_scalars(spec)
    return str(yaml.dump(spec, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100))


def main() -> None:
    """Print the update of the spec file named on the command line."""
    print(updated_spec(Path(sys.argv[1]).read_text(encoding="utf-8")), end="")


if __name__ == "__main__":
    main()
