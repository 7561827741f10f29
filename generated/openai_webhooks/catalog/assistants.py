"""Assistants: Create and manage AI assistants with custom instructions, tools, and knowledge."""

from __future__ import annotations

from typing import Any, ClassVar

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
    "build_update",
    "build_delete",
    "AssistantCreatedPayload",
    "AssistantUpdatedPayload",
    "AssistantDeletedPayload",
]


class Record(BaseModel):
    """Assistants record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the assistant."""
    object: str | None = None
    """Object type, always 'assistant'."""
    name: str | None = None
    """Name of the assistant."""
    description: str | None = None
    """Description of the assistant."""
    model: str | None = None
    """Model used by the assistant."""
    instructions: str | None = None
    """System instructions for the assistant."""
    created_at: int | None = None
    """Unix timestamp of when the assistant was created."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("name", ("name",), "str", False),
        ("description", ("description",), "str", False),
        ("model", ("model",), "str", False),
        ("instructions", ("instructions",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


def build_list(
    *,
    limit: int | None = 20,
    order: str | None = "desc",
) -> PreparedRequest:
    """`GET /assistants`: the list request of Assistants."""
    query: dict[str, str] = {}
    if limit is not None:
        query["limit"] = query_value(check("limit", limit, "int", ()))
    if order is not None:
        query["order"] = query_value(check("order", order, "str", ()))
    return PreparedRequest(
        "GET",
        "/assistants",
        query,
        None,
    )


def build_read(
    *,
    assistant_id: str,
) -> PreparedRequest:
    """`GET /assistants/{assistant_id}`: the read request of Assistants."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/assistants/" + path_value("assistant_id", assistant_id),
        query,
        None,
    )


_BUILD_CREATE_BODY: Any = {
    "model": Slot("model"),
    "name": Slot("name"),
    "instructions": Slot("instructions"),
}


def build_create(
    *,
    model: str,
    name: str | None = None,
    instructions: str | None = None,
) -> PreparedRequest:
    """`POST /assistants`: the create request of Assistants."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["model"] = check("model", model, "str", ())
    if name is not None:
        values["name"] = check("name", name, "str", ())
    if instructions is not None:
        values["instructions"] = check("instructions", instructions, "str", ())
    return PreparedRequest(
        "POST",
        "/assistants",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


_BUILD_UPDATE_BODY: Any = {"name": Slot("name"), "instructions": Slot("instructions")}


def build_update(
    *,
    assistant_id: str,
    name: str | None = None,
    instructions: str | None = None,
) -> PreparedRequest:
    """`POST /assistants/{assistant_id}`: the update request of Assistants."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = check("name", name, "str", ())
    if instructions is not None:
        values["instructions"] = check("instructions", instructions, "str", ())
    return PreparedRequest(
        "POST",
        "/assistants/" + path_value("assistant_id", assistant_id),
        query,
        encode(fill(_BUILD_UPDATE_BODY, values)),
    )


def build_delete(
    *,
    assistant_id: str,
) -> PreparedRequest:
    """`DELETE /assistants/{assistant_id}`: the delete request of Assistants."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "DELETE",
        "/assistants/" + path_value("assistant_id", assistant_id),
        query,
        None,
    )


class AssistantCreatedPayload(BaseModel):
    """Payload of the assistant.created catalog webhook (route /webhooks/chatgpt/assistant-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Assistant identifier."""
    object: str | None = None
    """Object type, always 'assistant'."""
    name: str | None = None
    """Assistant name."""
    model: str | None = None
    """Model used by the assistant."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("name", ("name",), "str", False),
        ("model", ("model",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


class AssistantUpdatedPayload(BaseModel):
    """Payload of the assistant.updated catalog webhook (route /webhooks/chatgpt/assistant-updated)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Assistant identifier."""
    name: str | None = None
    """Updated assistant name."""
    model: str | None = None
    """Model used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("name", ("name",), "str", False),
        ("model", ("model",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantUpdatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


class AssistantDeletedPayload(BaseModel):
    """Payload of the assistant.deleted catalog webhook (route /webhooks/chatgpt/assistant-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Assistant identifier."""
    deleted: bool | None = None
    """Whether the assistant was successfully deleted."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantDeletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
