"""Realistic webhook bodies, one per event type of specs/openai-webhooks.yaml."""

from __future__ import annotations

from typing import Any

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
        "data": DATA[event_type],
        **extra,
    }
