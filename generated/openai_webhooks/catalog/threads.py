"""Threads: Create and manage conversation threads for use with Assistants."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import PreparedRequest

__all__ = [
    "Record",
    "build_create",
    "build_delete",
    "build_read",
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


_BUILD_CREATE_BODY: Any = {}


def build_create() -> PreparedRequest:
    """`POST /threads`: the create request of Threads."""
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    return _rt.PreparedRequest(
        "POST",
        "/threads",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    thread_id: str,
) -> PreparedRequest:
    """
    `DELETE /threads/{thread_id}`: the delete request of Threads.

    thread_id: ID of the thread to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/threads/" + _rt.path_value("thread_id", thread_id),
        _query,
        None,
    )


def build_read(
    *,
    thread_id: str,
) -> PreparedRequest:
    """
    `GET /threads/{thread_id}`: the read request of Threads.

    thread_id: ID of the thread.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/threads/" + _rt.path_value("thread_id", thread_id),
        _query,
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
