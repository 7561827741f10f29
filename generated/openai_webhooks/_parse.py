"""Parse a webhook body into its event model; unknown types become UnknownWebhookEvent."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import from_json

from ._errors import WebhookPayloadError
from ._signing import Headers, body_bytes, verify_signature
from .models import (
    BatchCancelledWebhookEvent,
    BatchCompletedWebhookEvent,
    BatchExpiredWebhookEvent,
    BatchFailedWebhookEvent,
    EvalRunCanceledWebhookEvent,
    EvalRunFailedWebhookEvent,
    EvalRunSucceededWebhookEvent,
    FineTuningJobCancelledWebhookEvent,
    FineTuningJobFailedWebhookEvent,
    FineTuningJobSucceededWebhookEvent,
    RealtimeCallIncomingWebhookEvent,
    ResponseCancelledWebhookEvent,
    ResponseCompletedWebhookEvent,
    ResponseFailedWebhookEvent,
    ResponseIncompleteWebhookEvent,
    WebhookEvent,
)

# The one type -> model table; handlers.py has the matching type -> handler table.
EVENT_MODELS: dict[str, type[BaseModel]] = {
    "batch.cancelled": BatchCancelledWebhookEvent,
    "batch.completed": BatchCompletedWebhookEvent,
    "batch.expired": BatchExpiredWebhookEvent,
    "batch.failed": BatchFailedWebhookEvent,
    "eval.run.canceled": EvalRunCanceledWebhookEvent,
    "eval.run.failed": EvalRunFailedWebhookEvent,
    "eval.run.succeeded": EvalRunSucceededWebhookEvent,
    "fine_tuning.job.cancelled": FineTuningJobCancelledWebhookEvent,
    "fine_tuning.job.failed": FineTuningJobFailedWebhookEvent,
    "fine_tuning.job.succeeded": FineTuningJobSucceededWebhookEvent,
    "realtime.call.incoming": RealtimeCallIncomingWebhookEvent,
    "response.cancelled": ResponseCancelledWebhookEvent,
    "response.completed": ResponseCompletedWebhookEvent,
    "response.failed": ResponseFailedWebhookEvent,
    "response.incomplete": ResponseIncompleteWebhookEvent,
}


class UnknownWebhookEvent(BaseModel):
    """An event whose type this package does not know (yet); `data` is kept as received.

    Attributes:
        id: The event's id (``evt_...``), as every event has one.
        created_at: When the event was created, in Unix seconds.
        type: The event type, such as ``response.teleported``.
        data: The event's ``data``, as decoded JSON, not validated.
        object: The event's ``object`` (``event``), when the body has one.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    created_at: int
    type: str
    data: Any = None
    object: str | None = None


_EVENT = TypeAdapter(WebhookEvent)
# Its pydantic-core validator, called directly on the hot paths: the same validation without
# TypeAdapter.validate_json's Python frame and keyword arguments (a seventh of a parse).
_validate_json: Callable[[bytes | str], WebhookEvent] = _EVENT.validator.validate_json
_UNKNOWN_TAG = frozenset({"union_tag_invalid", "union_tag_not_found"})


def _summary(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "body"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def decode_body(body: bytes | str) -> Any:
    """A JSON body as Python data, read by the parser the models use (pydantic-core's): UTF-8
    only, without a byte order mark, no lone surrogate, nesting bounded. `json.loads` would
    guess UTF-16 or UTF-32 from bytes and let surrogates through, which no model can encode
    again; the fast path refuses all of these, so the slow path must too."""
    if isinstance(body, str):
        try:
            body = str.encode(body, "utf-8")  # not a str subclass's own encode()
        except UnicodeEncodeError:
            raise WebhookPayloadError("body is not UTF-8 text: it holds a lone surrogate") from None
    elif type(body) is not bytes:
        body = body_bytes(body)
    try:
        body.decode()
    except UnicodeDecodeError as exc:
        raise WebhookPayloadError(
            f"body is not UTF-8 text: {exc.reason} at byte {exc.start}"
        ) from None
    if body.startswith(b"\xef\xbb\xbf"):
        raise WebhookPayloadError("body starts with a byte order mark; send UTF-8 without one")
    try:
        return from_json(body)
    except (ValueError, RecursionError) as exc:
        raise WebhookPayloadError(f"body is not valid JSON: {exc}") from None


def _from_data(data: Any) -> WebhookEvent | UnknownWebhookEvent:
    if not isinstance(data, Mapping):
        raise WebhookPayloadError("body is not a JSON object")
    event_type = data.get("type")
    if not isinstance(event_type, str):
        raise WebhookPayloadError("body has no string 'type' field")
    try:
        if event_type in EVENT_MODELS:
            return _EVENT.validate_python(dict(data))
        return UnknownWebhookEvent.model_validate(dict(data))
    except ValidationError as exc:
        raise WebhookPayloadError(f"invalid {event_type!r} event: {_summary(exc)}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise WebhookPayloadError(f"invalid {event_type!r} event: {exc}") from None


def parse_event(payload: bytes | str | Mapping[str, Any]) -> WebhookEvent | UnknownWebhookEvent:
    """Validate a webhook body (raw JSON or already decoded) into its event model.

    An event of a type this package does not know becomes `UnknownWebhookEvent`; it is never
    mistaken for a known type. This does not check the signature: `unwrap` does both.

    Args:
        payload: The body: raw JSON as bytes or str, or a mapping already decoded from it.

    Raises:
        WebhookPayloadError: The body is not a valid event (not JSON, not an object, no
            ``type``, or a known type whose fields do not fit its model).
    """
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        raw: bytes | str
        if type(payload) is bytes or type(payload) is str:
            raw = payload
        else:  # the base types' copies: a subclass's own methods never run on the way
            raw = str.__str__(payload) if isinstance(payload, str) else body_bytes(payload)
        try:
            # Fast path: one pass of pydantic-core over the raw bytes for a known event.
            return _validate_json(raw)
        except ValidationError:
            pass
        except (ValueError, TypeError, RecursionError):
            pass
        # Slow path: find out why (unknown type, bad JSON, invalid event) and say so.
        return _from_data(decode_body(raw))
    if isinstance(payload, Mapping):
        return _from_data(payload)
    raise WebhookPayloadError(
        f"payload must be bytes, str or a mapping, not {type(payload).__name__}"
    )


def unwrap(
    payload: bytes | str,
    headers: Headers,
    secret: str | bytes | Sequence[str | bytes],
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> WebhookEvent | UnknownWebhookEvent:
    """Verify the signature of a webhook request, then parse its body.

    The arguments are those of `verify_signature`. Raises InvalidWebhookSignatureError or
    WebhookPayloadError, as `verify_signature` and `parse_event` do.
    """
    verify_signature(payload, headers, secret, tolerance=tolerance, now=now)
    if type(payload) is bytes:
        # parse_event's fast path, without its argument checks (a hot path: every request).
        try:
            return _validate_json(payload)
        except (ValueError, TypeError, RecursionError):  # ValidationError is a ValueError
            pass  # parse_event finds out why and says so
    elif not isinstance(payload, (bytes, bytearray, memoryview, str)):
        raise WebhookPayloadError(f"payload must be bytes or str, not {type(payload).__name__}")
    return parse_event(payload)
