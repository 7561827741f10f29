"""Batches: Submit large sets of API requests for asynchronous processing at lower cost."""

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
    "BatchCreatedPayload",
    "BatchCompletedPayload",
    "BatchFailedPayload",
    "BatchCancelledPayload",
    "BatchExpiredPayload",
]


class Record(BaseModel):
    """Batches record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the batch."""
    object: str | None = None
    """Object type, always 'batch'."""
    endpoint: str | None = None
    """API endpoint the batch targets."""
    status: str | None = None
    """Batch status (e.g., validating, in_progress, completed, failed, cancelled)."""
    input_file_id: str | None = None
    """ID of the uploaded input file."""
    output_file_id: str | None = None
    """ID of the output file with results."""
    created_at: int | None = None
    """Unix timestamp of when the batch was created."""
    completed_at: int | None = None
    """Unix timestamp of when the batch completed."""
    request_counts_total: int | None = None
    """Total number of requests in the batch."""
    request_counts_completed: int | None = None
    """Number of completed requests."""
    request_counts_failed: int | None = None
    """Number of failed requests."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("endpoint", ("endpoint",), "str", False),
        ("status", ("status",), "str", False),
        ("input_file_id", ("input_file_id",), "str", False),
        ("output_file_id", ("output_file_id",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("completed_at", ("completed_at",), "int", False),
        ("request_counts_total", ("request_counts", "total"), "int", False),
        ("request_counts_completed", ("request_counts", "completed"), "int", False),
        ("request_counts_failed", ("request_counts", "failed"), "int", False),
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


_BUILD_CREATE_BODY: Any = {
    "input_file_id": Slot("input_file_id"),
    "endpoint": Slot("endpoint"),
    "completion_window": Slot("completion_window"),
}


def build_create(
    *,
    input_file_id: str,
    endpoint: str,
    completion_window: str,
) -> PreparedRequest:
    """
    `POST /batches`: the create request of Batches.

    input_file_id: ID of the uploaded JSONL input file.
    endpoint: API endpoint for the batch (e.g., /v1/chat/completions).
    completion_window: Time window to complete the batch (e.g., 24h).

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["input_file_id"] = _rt.check("input_file_id", input_file_id, "str", ())
    _values["endpoint"] = _rt.check("endpoint", endpoint, "str", ())
    _values["completion_window"] = _rt.check("completion_window", completion_window, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/batches",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    batch_id: str,
) -> PreparedRequest:
    """
    `DELETE /batches/{batch_id}/cancel`: the delete request of Batches.

    batch_id: ID of the batch to cancel.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/batches/" + _rt.path_value("batch_id", batch_id) + "/cancel",
        _query,
        None,
    )


def build_list(
    *,
    limit: int | None = 20,
) -> PreparedRequest:
    """
    `GET /batches`: the list request of Batches.

    limit: query parameter 'limit'.

    Raises TypeError for a value of the wrong type.
    """
    _query: dict[str, str] = {}
    if limit is not None:
        _query["limit"] = _rt.query_value(_rt.check("limit", limit, "int", ()))
    return _rt.PreparedRequest(
        "GET",
        "/batches",
        _query,
        None,
    )


def build_read(
    *,
    batch_id: str,
) -> PreparedRequest:
    """
    `GET /batches/{batch_id}`: the read request of Batches.

    batch_id: ID of the batch.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/batches/" + _rt.path_value("batch_id", batch_id),
        _query,
        None,
    )


class BatchCreatedPayload(BaseModel):
    """Payload of the batch.created catalog webhook (route /webhooks/chatgpt/batch-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Batch identifier."""
    endpoint: str | None = None
    """API endpoint the batch targets."""
    status: str | None = None
    """Batch status."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("endpoint", ("endpoint",), "str", False),
        ("status", ("status",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> BatchCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class BatchCompletedPayload(BaseModel):
    """Payload of the batch.completed catalog webhook (route /webhooks/chatgpt/batch-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Batch identifier."""
    status: str | None = None
    """Batch status, always 'completed'."""
    output_file_id: str | None = None
    """Results file ID."""
    request_counts_total: int | None = None
    """Total number of requests in the batch."""
    request_counts_completed: int | None = None
    """Number of completed requests."""
    completed_at: int | None = None
    """Unix timestamp of completion."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
        ("output_file_id", ("output_file_id",), "str", False),
        ("request_counts_total", ("request_counts", "total"), "int", False),
        ("request_counts_completed", ("request_counts", "completed"), "int", False),
        ("completed_at", ("completed_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> BatchCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class BatchFailedPayload(BaseModel):
    """Payload of the batch.failed catalog webhook (route /webhooks/chatgpt/batch-failed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Batch identifier."""
    status: str | None = None
    """Batch status, always 'failed'."""
    errors: dict[str, Any] | None = None
    """Error details for the batch."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
        ("errors", ("errors",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> BatchFailedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class BatchCancelledPayload(BaseModel):
    """Payload of the batch.cancelled catalog webhook (route /webhooks/chatgpt/batch-cancelled)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Batch identifier."""
    status: str | None = None
    """Batch status, always 'cancelled'."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> BatchCancelledPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class BatchExpiredPayload(BaseModel):
    """Payload of the batch.expired catalog webhook (route /webhooks/chatgpt/batch-expired)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Batch identifier."""
    status: str | None = None
    """Batch status, always 'expired'."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> BatchExpiredPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
