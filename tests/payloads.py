"""Realistic webhook bodies: hand-written ones for the event types the tests were written with,
and the docs' example data for any other event the committed package has (a spec update adds
events; the tests follow generated/ as it is)."""

from __future__ import annotations

import functools
import json
from typing import Any

from openai_webhooks.handlers import HANDLER_METHODS

from tests.golden_refresh import ROOT

# Every event type the committed package handles, read from the package itself.
EVENT_TYPES = sorted(HANDLER_METHODS)

DATA: dict[str, dict[str, Any]] = {
    "batch.cancelled": {"id": "batch_abc123"},
    "batch.completed": {"id": "batch_abc123"},
    "batch.expired": {"id": "batch_abc123"},
    "batch.failed": {"id": "batch_abc123"},
    "eval.run.canceled": {"id": "evalrun_abc123"},
    "eval.run.failed": {"id": "evalrun_abc123"},
    "eval.run.succeeded": {"id": "evalrun_abc123"},
    "fine_tuning.job.cancelled": {"id": "ftjob-abc123"},
    "fine_tuning.job.failed": {"id": "ftjob-abc123"},
    "fine_tuning.job.succeeded": {"id": "ftjob-abc123"},
    "realtime.call.incoming": {
        "call_id": "rtc_479a275623b54bdb9b6fbae2f7cbd408",
        "sip_headers": [
            {"name": "Max-Forwards", "value": "63"},
            {"name": "From", "value": "sip:+142555512112@sip.example.com"},
        ],
    },
    "response.cancelled": {"id": "resp_abc123"},
    "response.completed": {"id": "resp_abc123"},
    "response.failed": {"id": "resp_abc123"},
    "response.incomplete": {"id": "resp_abc123"},
}


def event_body(event_type: str, **extra: Any) -> dict[str, Any]:
    """A complete, valid envelope for `event_type`."""
    return {
        "id": "evt_685c059ae3a481909bdc86819b066fb6",
        "object": "event",
        "created_at": 1750861210,
        "type": event_type,
        "data": DATA[event_type] if event_type in DATA else _docs_data(event_type),
        **extra,
    }


@functools.cache
def _docs_data(event_type: str) -> Any:
    """The `data` of the example payload on the event's page of the committed docs."""
    page = (ROOT / "generated" / "docs" / "events" / f"{event_type}.md").read_text()
    return json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])["data"]
