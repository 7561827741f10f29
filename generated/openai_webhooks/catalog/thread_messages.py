"""Thread Messages: Add and retrieve messages within an Assistant thread."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

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
    "ThreadMessageCreatedPayload",
    "ThreadMessageCompletedPayload",
    "ThreadMessageDeletedPayload",
]


class Record(BaseModel):
    """Thread Messages record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the message."""
    object: str | None = None
    """Object type, always 'thread.message'."""
    created_at: int | None = None
    """Unix timestamp of when the message was created."""
    role: str | None = None
    """Role of the message author (user or assistant)."""
    content: str | None = None
    """Text content of the message."""
    assistant_id: str | None = None
    """ID of the assistant that created the message (if applicable)."""
    run_id: str | None = None
    """ID of the run that created the message (if applicable)."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("role", ("role",), "str", False),
        ("content", ("content", "0", "text", "value"), "str", False),
        ("assistant_id", ("assistant_id",), "str", False),
        ("run_id", ("run_id",), "str", False),
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


_BUILD_CREATE_BODY: Any = {"role": Slot("role"), "content": Slot("content")}


def build_create(
    *,
    thread_id: str,
    role: Literal["user", "assistant"],
    content: str,
) -> PreparedRequest:
    """
    `POST /threads/{thread_id}/messages`: the create request of Thread Messages.

    thread_id: ID of the thread.
    role: Role of the message author. One of 'user', 'assistant'.
    content: Content of the message.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (not
    one of the options; an empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["role"] = _rt.check("role", role, "str", ("user", "assistant"))
    _values["content"] = _rt.check("content", content, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/threads/" + _rt.path_value("thread_id", thread_id) + "/messages",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    thread_id: str,
    message_id: str,
) -> PreparedRequest:
    """
    `DELETE /threads/{thread_id}/messages/{message_id}`: the delete request of Thread Messages.

    thread_id: ID of the thread.
    message_id: ID of the message to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/threads/"
        + _rt.path_value("thread_id", thread_id)
        + "/messages/"
        + _rt.path_value("message_id", message_id),
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
    `GET /threads/{thread_id}/messages`: the list request of Thread Messages.

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
        "/threads/" + _rt.path_value("thread_id", thread_id) + "/messages",
        _query,
        None,
    )


def build_read(
    *,
    thread_id: str,
    message_id: str,
) -> PreparedRequest:
    """
    `GET /threads/{thread_id}/messages/{message_id}`: the read request of Thread Messages.

    thread_id: ID of the thread.
    message_id: ID of the message.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/threads/"
        + _rt.path_value("thread_id", thread_id)
        + "/messages/"
        + _rt.path_value("message_id", message_id),
        _query,
        None,
    )


class ThreadMessageCreatedPayload(BaseModel):
    """Payload of the thread.message.created catalog webhook (route /webhooks/chatgpt/thread-message-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Message identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    role: str | None = None
    """Author role (user or assistant)."""
    content: str | None = None
    """Message content."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("role", ("role",), "str", False),
        ("content", ("content", "0", "text", "value"), "str", False),
        ("created_at", ("created_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadMessageCompletedPayload(BaseModel):
    """Payload of the thread.message.completed catalog webhook (route /webhooks/chatgpt/thread-message-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Message identifier."""
    thread_id: str | None = None
    """ID of the thread."""
    content: str | None = None
    """Final message content."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("thread_id", ("thread_id",), "str", False),
        ("content", ("content", "0", "text", "value"), "str", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ThreadMessageDeletedPayload(BaseModel):
    """Payload of the thread.message.deleted catalog webhook (route /webhooks/chatgpt/thread-message-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Message identifier."""
    deleted: bool | None = None
    """Whether deletion was successful."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
