"""Runs: Execute an assistant on a thread to produce responses and tool calls."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import PreparedRequest, Slot

__all__ = [
    "Record",
    "build_create",
    "build_delete",
    "build_list",
    "build_read",
    "ThreadRunCreatedPayload",
    "ThreadRunCompletedPayload",
    "ThreadRunFailedPayload",
    "ThreadRunRequiresActionPayload",
    "ThreadRunCancelledPayload",
    "ThreadRunExpiredPayload",
]


class Record(BaseModel):
    """Runs record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the run."""
    object: str | None = None
    """Object type, always 'thread.run'."""
    assistant_id: str | None = None
    """ID of the assistant used for the run."""
    thread_id: str | None = None
    """ID of the thread."""
    status: str | None = None
    """Run status (e.g., queued, in_progress, completed, failed, cancelled, requires_action)."""
    model: str | None = None
    """Model used for the run."""
    created_at: int | None = None
    """Unix timestamp of when the run was created."""
    completed_at: int | None = None
    """Unix timestamp of when the run completed."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("assistant_id", ("assistant_id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("status", ("status",), "str", False),
        ("model", ("model",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("completed_at", ("completed_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


_BUILD_CREATE_BODY: Any = {"assistant_id": Slot("assistant_id")}


def build_create(
    *,
    thread_id: str,
    assistant_id: str,
) -> PreparedRequest:
    """
    `POST /threads/{thread_id}/runs`: the create request of Runs.

    thread_id: ID of the thread.
    assistant_id: ID of the assistant to run.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["assistant_id"] = _rt.check("assistant_id", assistant_id, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/threads/" + _rt.path_value("thread_id", thread_id) + "/runs",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    thread_id: str,
    run_id: str,
) -> PreparedRequest:
    """
    `POST /threads/{thread_id}/runs/{run_id}/cancel`: the delete request of Runs.

    thread_id: ID of the thread.
    run_id: ID of the run to cancel.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "POST",
        "/threads/"
        + _rt.path_value("thread_id", thread_id)
        + "/runs/"
        + _rt.path_value("run_id", run_id)
        + "/cancel",
        _query,
        None,
    )


def build_list(
    *,
    thread_id: str,
    limit: int | None = 20,
    order: str | None = "desc",
) -> PreparedRequest:
    """
    `GET /threads/{thread_id}/runs`: the list request of Runs.

    thread_id: ID of the thread.
    limit: query parameter 'limit'.
    order: query parameter 'order'.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    if limit is not None:
        _query["limit"] = _rt.query_value(_rt.check("limit", limit, "int", ()))
    if order is not None:
        _query["order"] = _rt.query_value(_rt.check("order", order, "str", ()))
    return _rt.PreparedRequest(
        "GET",
        "/threads/" + _rt.path_value("thread_id", thread_id) + "/runs",
        _query,
        None,
    )


def build_read(
    *,
    thread_id: str,
    run_id: str,
) -> PreparedRequest:
    """
    `GET /threads/{thread_id}/runs/{run_id}`: the read request of Runs.

    thread_id: ID of the thread.
    run_id: ID of the run.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/threads/"
        + _rt.path_value("thread_id", thread_id)
        + "/runs/"
        + _rt.path_value("run_id", run_id),
        _query,
        None,
    )


class ThreadRunCreatedPayload(BaseModel):
    """Payload of the thread.run.created catalog webhook (route /webhooks/chatgpt/thread-run-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    assistant_id: str | None = None
    """ID of the assistant used."""
    status: str | None = None
    """Run status."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("assistant_id", ("assistant_id",), "str", False),
        ("status", ("status",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadRunCompletedPayload(BaseModel):
    """Payload of the thread.run.completed catalog webhook (route /webhooks/chatgpt/thread-run-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    status: str | None = None
    """Run status, always 'completed'."""
    usage: dict[str, Any] | None = None
    """Token usage for the run."""
    completed_at: int | None = None
    """Unix timestamp of completion."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("status", ("status",), "str", False),
        ("usage", ("usage",), "dict", False),
        ("completed_at", ("completed_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadRunFailedPayload(BaseModel):
    """Payload of the thread.run.failed catalog webhook (route /webhooks/chatgpt/thread-run-failed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    status: str | None = None
    """Run status, always 'failed'."""
    last_error: dict[str, Any] | None = None
    """Error details."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("status", ("status",), "str", False),
        ("last_error", ("last_error",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunFailedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadRunRequiresActionPayload(BaseModel):
    """Payload of the thread.run.requires_action catalog webhook (route /webhooks/chatgpt/thread-run-requires-action)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    required_action: dict[str, Any] | None = None
    """Action details required from the user."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("required_action", ("required_action",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunRequiresActionPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadRunCancelledPayload(BaseModel):
    """Payload of the thread.run.cancelled catalog webhook (route /webhooks/chatgpt/thread-run-cancelled)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    status: str | None = None
    """Run status, always 'cancelled'."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunCancelledPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadRunExpiredPayload(BaseModel):
    """Payload of the thread.run.expired catalog webhook (route /webhooks/chatgpt/thread-run-expired)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Run identifier."""
    status: str | None = None
    """Run status, always 'expired'."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadRunExpiredPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
