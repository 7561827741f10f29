"""Threads: Create and manage conversation threads for use with Assistants."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ._runtime import (
    PreparedRequest,
    encode,
    extract,
    fill,
    path_value,
)

__all__ = [
    "Record",
    "build_read",
    "build_create",
    "build_delete",
    "ThreadCreatedPayload",
    "ThreadDeletedPayload",
]


class Record(BaseModel):
    """Threads record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the thread."""
    object: str | None = None
    """Object type, always 'thread'."""
    created_at: int | None = None
    """Unix timestamp of when the thread was created."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


def build_read(
    *,
    thread_id: str,
) -> PreparedRequest:
    """`GET /threads/{thread_id}`: the read request of Threads."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/threads/" + path_value("thread_id", thread_id),
        query,
        None,
    )


_BUILD_CREATE_BODY: Any = {}


def build_create() -> PreparedRequest:
    """`POST /threads`: the create request of Threads."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    return PreparedRequest(
        "POST",
        "/threads",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


def build_delete(
    *,
    thread_id: str,
) -> PreparedRequest:
    """`DELETE /threads/{thread_id}`: the delete request of Threads."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "DELETE",
        "/threads/" + path_value("thread_id", thread_id),
        query,
        None,
    )


class ThreadCreatedPayload(BaseModel):
    """Payload of the thread.created catalog webhook (route /webhooks/chatgpt/thread-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Thread identifier."""
    object: str | None = None
    """Object type, always 'thread'."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


class ThreadDeletedPayload(BaseModel):
    """Payload of the thread.deleted catalog webhook (route /webhooks/chatgpt/thread-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Thread identifier."""
    deleted: bool | None = None
    """Whether the thread was successfully deleted."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadDeletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
