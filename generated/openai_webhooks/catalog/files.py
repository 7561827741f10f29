"""Files: Upload and manage files used for fine-tuning, batch processing, and assistants."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ._runtime import (
    PreparedRequest,
    check,
    extract,
    path_value,
    query_value,
)

__all__ = [
    "Record",
    "build_list",
    "build_read",
    "build_delete",
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

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


def build_list(
    *,
    purpose: str | None = None,
) -> PreparedRequest:
    """`GET /files`: the list request of Files."""
    query: dict[str, str] = {}
    if purpose is not None:
        query["purpose"] = query_value(check("purpose", purpose, "str", ()))
    return PreparedRequest(
        "GET",
        "/files",
        query,
        None,
    )


def build_read(
    *,
    file_id: str,
) -> PreparedRequest:
    """`GET /files/{file_id}`: the read request of Files."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/files/" + path_value("file_id", file_id),
        query,
        None,
    )


def build_delete(
    *,
    file_id: str,
) -> PreparedRequest:
    """`DELETE /files/{file_id}`: the delete request of Files."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "DELETE",
        "/files/" + path_value("file_id", file_id),
        query,
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

    @classmethod
    def from_raw(cls, raw: Any) -> FileCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


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

    @classmethod
    def from_raw(cls, raw: Any) -> FileDeletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
