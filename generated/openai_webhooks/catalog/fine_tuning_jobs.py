"""Fine-Tuning Jobs: Create and manage fine-tuning jobs to customize OpenAI models on your data."""

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
    "FineTuningJobCreatedPayload",
    "FineTuningJobSucceededPayload",
    "FineTuningJobFailedPayload",
    "FineTuningJobCancelledPayload",
]


class Record(BaseModel):
    """Fine-Tuning Jobs record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the fine-tuning job."""
    model: str | None = None
    """Base model being fine-tuned."""
    fine_tuned_model: str | None = None
    """Name of the resulting fine-tuned model."""
    status: str | None = None
    """Job status (e.g., validating_files, queued, running, succeeded, failed, cancelled)."""
    training_file: str | None = None
    """ID of the training file."""
    created_at: int | None = None
    """Unix timestamp of when the job was created."""
    finished_at: int | None = None
    """Unix timestamp of when the job finished."""
    trained_tokens: int | None = None
    """Total number of tokens trained."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("model", ("model",), "str", False),
        ("fine_tuned_model", ("fine_tuned_model",), "str", False),
        ("status", ("status",), "str", False),
        ("training_file", ("training_file",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("finished_at", ("finished_at",), "int", False),
        ("trained_tokens", ("trained_tokens",), "int", False),
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


_BUILD_CREATE_BODY: Any = {"model": Slot("model"), "training_file": Slot("training_file")}


def build_create(
    *,
    model: str,
    training_file: str,
) -> PreparedRequest:
    """
    `POST /fine_tuning/jobs`: the create request of Fine-Tuning Jobs.

    model: Base model to fine-tune (e.g., gpt-4o-mini).
    training_file: ID of the uploaded training file.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["training_file"] = _rt.check("training_file", training_file, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/fine_tuning/jobs",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    fine_tuning_job_id: str,
) -> PreparedRequest:
    """
    `DELETE /fine_tuning/jobs/{fine_tuning_job_id}`: the delete request of Fine-Tuning Jobs.

    fine_tuning_job_id: ID of the fine-tuning job.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/fine_tuning/jobs/" + _rt.path_value("fine_tuning_job_id", fine_tuning_job_id),
        _query,
        None,
    )


def build_list(
    *,
    limit: int | None = 20,
) -> PreparedRequest:
    """
    `GET /fine_tuning/jobs`: the list request of Fine-Tuning Jobs.

    limit: query parameter 'limit'.

    Raises TypeError for a value of the wrong type.
    """
    _query: dict[str, str] = {}
    if limit is not None:
        _query["limit"] = _rt.query_value(_rt.check("limit", limit, "int", ()))
    return _rt.PreparedRequest(
        "GET",
        "/fine_tuning/jobs",
        _query,
        None,
    )


def build_read(
    *,
    fine_tuning_job_id: str,
) -> PreparedRequest:
    """
    `GET /fine_tuning/jobs/{fine_tuning_job_id}`: the read request of Fine-Tuning Jobs.

    fine_tuning_job_id: ID of the fine-tuning job.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/fine_tuning/jobs/" + _rt.path_value("fine_tuning_job_id", fine_tuning_job_id),
        _query,
        None,
    )


class FineTuningJobCreatedPayload(BaseModel):
    """Payload of the fine_tuning.job.created catalog webhook (route /webhooks/chatgpt/fine-tuning-job-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Job identifier."""
    model: str | None = None
    """Base model being fine-tuned."""
    status: str | None = None
    """Job status."""
    created_at: int | None = None
    """Unix timestamp of creation."""
    training_file: str | None = None
    """ID of the training file used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("model", ("model",), "str", False),
        ("status", ("status",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("training_file", ("training_file",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FineTuningJobCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class FineTuningJobSucceededPayload(BaseModel):
    """Payload of the fine_tuning.job.succeeded catalog webhook (route /webhooks/chatgpt/fine-tuning-job-succeeded)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Job identifier."""
    fine_tuned_model: str | None = None
    """Resulting model name."""
    status: str | None = None
    """Job status, always 'succeeded'."""
    trained_tokens: int | None = None
    """Total number of tokens trained."""
    finished_at: int | None = None
    """Unix timestamp of completion."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("fine_tuned_model", ("fine_tuned_model",), "str", False),
        ("status", ("status",), "str", False),
        ("trained_tokens", ("trained_tokens",), "int", False),
        ("finished_at", ("finished_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FineTuningJobSucceededPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class FineTuningJobFailedPayload(BaseModel):
    """Payload of the fine_tuning.job.failed catalog webhook (route /webhooks/chatgpt/fine-tuning-job-failed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Job identifier."""
    status: str | None = None
    """Job status, always 'failed'."""
    error: dict[str, Any] | None = None
    """Error details explaining the failure."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
        ("error", ("error",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FineTuningJobFailedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class FineTuningJobCancelledPayload(BaseModel):
    """Payload of the fine_tuning.job.cancelled catalog webhook (route /webhooks/chatgpt/fine-tuning-job-cancelled)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Job identifier."""
    status: str | None = None
    """Job status, always 'cancelled'."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FineTuningJobCancelledPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
