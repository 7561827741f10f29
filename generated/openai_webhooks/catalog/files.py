"""Files: Upload and manage files used for fine-tuning, batch processing, and assistants."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import PreparedRequest

__all__ = [
    "Record",
    "build_delete",
    "build_list",
    "build_read",
    "FileCreatedPayload",
    "FileDeletedPayload",
]


class Record(BaseModel):
    """Files record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the file."""
    object: str | None = None
    """Object type, always 'file'."""
    bytes: int | None = None
    """File size in bytes."""
    created_at: int | None = None
    """Unix timestamp of when the file was uploaded."""
    filename: str | None = None
    """Name of the file."""
    purpose: str | None = None
    """Intended purpose of the file (e.g., fine-tune, assistants, batch)."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("bytes", ("bytes",), "int", False),
        ("created_at", ("created_at",), "int", False),
        ("filename", ("filename",), "str", False),
        ("purpose", ("purpose",), "str", False),
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


def build_delete(
    *,
    file_id: str,
) -> PreparedRequest:
    """
    `DELETE /files/{file_id}`: the delete request of Files.

    file_id: ID of the file to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/files/" + _rt.path_value("file_id", file_id),
        _query,
        None,
    )


def build_list(
    *,
    purpose: str | None = None,
) -> PreparedRequest:
    """
    `GET /files`: the list request of Files.

    purpose: Filter by purpose.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    if purpose is not None:
        _query["purpose"] = _rt.query_value(_rt.check("purpose", purpose, "str", ()))
    return _rt.PreparedRequest(
        "GET",
        "/files",
        _query,
        None,
    )


def build_read(
    *,
    file_id: str,
) -> PreparedRequest:
    """
    `GET /files/{file_id}`: the read request of Files.

    file_id: ID of the file.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/files/" + _rt.path_value("file_id", file_id),
        _query,
        None,
    )


class FileCreatedPayload(BaseModel):
    """Payload of the file.created catalog webhook (route /webhooks/chatgpt/file-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """File identifier."""
    object: str | None = None
    """Object type, always 'file'."""
    filename: str | None = None
    """Name of the file."""
    purpose: str | None = None
    """Intended purpose of the file."""
    bytes: int | None = None
    """File size in bytes."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("filename", ("filename",), "str", False),
        ("purpose", ("purpose",), "str", False),
        ("bytes", ("bytes",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FileCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class FileDeletedPayload(BaseModel):
    """Payload of the file.deleted catalog webhook (route /webhooks/chatgpt/file-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """File identifier."""
    deleted: bool | None = None
    """Whether the file was successfully deleted."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> FileDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
