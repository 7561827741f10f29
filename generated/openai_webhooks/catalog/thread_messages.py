"""Thread Messages: Add and retrieve messages within an Assistant thread."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ._runtime import (
    PreparedRequest,
    Slot,
    check,
    encode,
    extract,
    fill,
    path_value,
    query_value,
)

__all__ = [
    "Record",
    "build_list",
    "build_read",
    "build_create",
    "build_delete",
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

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


def build_list(
    *,
    thread_id: str,
    limit: int | None = 20,
    order: str | None = "desc",
) -> PreparedRequest:
    """`GET /threads/{thread_id}/messages`: the list request of Thread Messages."""
    query: dict[str, str] = {}
    if limit is not None:
        query["limit"] = query_value(check("limit", limit, "int", ()))
    if order is not None:
        query["order"] = query_value(check("order", order, "str", ()))
    return PreparedRequest(
        "GET",
        "/threads/" + path_value("thread_id", thread_id) + "/messages",
        query,
        None,
    )


def build_read(
    *,
    thread_id: str,
    message_id: str,
) -> PreparedRequest:
    """`GET /threads/{thread_id}/messages/{message_id}`: the read request of Thread Messages."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/threads/"
        + path_value("thread_id", thread_id)
        + "/messages/"
        + path_value("message_id", message_id),
        query,
        None,
    )


_BUILD_CREATE_BODY: Any = {"role": Slot("role"), "content": Slot("content")}


def build_create(
    *,
    thread_id: str,
    role: Literal["user", "assistant"],
    content: str,
) -> PreparedRequest:
    """`POST /threads/{thread_id}/messages`: the create request of Thread Messages."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["role"] = check("role", role, "str", ("user", "assistant"))
    values["content"] = check("content", content, "str", ())
    return PreparedRequest(
        "POST",
        "/threads/" + path_value("thread_id", thread_id) + "/messages",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


def build_delete(
    *,
    thread_id: str,
    message_id: str,
) -> PreparedRequest:
    """`DELETE /threads/{thread_id}/messages/{message_id}`: the delete request of Thread Messages."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "DELETE",
        "/threads/"
        + path_value("thread_id", thread_id)
        + "/messages/"
        + path_value("message_id", message_id),
        query,
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

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


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

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageCompletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


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

    @classmethod
    def from_raw(cls, raw: Any) -> ThreadMessageDeletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
