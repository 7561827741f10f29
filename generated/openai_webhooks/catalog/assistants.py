"""Assistants: Create and manage AI assistants with custom instructions, tools, and knowledge."""

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
    "build_update",
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
    """
    `POST /assistants`: the create request of Assistants.

    model: Model to use (e.g., gpt-4o).
    name: Name of the assistant.
    instructions: System instructions for the assistant.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    if name is not None:
        _values["name"] = _rt.check("name", name, "str", ())
    if instructions is not None:
        _values["instructions"] = _rt.check("instructions", instructions, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/assistants",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    assistant_id: str,
) -> PreparedRequest:
    """
    `DELETE /assistants/{assistant_id}`: the delete request of Assistants.

    assistant_id: ID of the assistant to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/assistants/" + _rt.path_value("assistant_id", assistant_id),
        _query,
        None,
    )


def build_list(
    *,
    limit: int | None = 20,
    order: str | None = "desc",
) -> PreparedRequest:
    """
    `GET /assistants`: the list request of Assistants.

    limit: query parameter 'limit'.
    order: query parameter 'order'.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    if limit is not None:
        _query["limit"] = _rt.query_value(_rt.check("limit", limit, "int", ()))
    if order is not None:
        _query["order"] = _rt.query_value(_rt.check("order", order, "str", ()))
    return _rt.PreparedRequest(
        "GET",
        "/assistants",
        _query,
        None,
    )


def build_read(
    *,
    assistant_id: str,
) -> PreparedRequest:
    """
    `GET /assistants/{assistant_id}`: the read request of Assistants.

    assistant_id: ID of the assistant.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/assistants/" + _rt.path_value("assistant_id", assistant_id),
        _query,
        None,
    )


_BUILD_UPDATE_BODY: Any = {"name": Slot("name"), "instructions": Slot("instructions")}


def build_update(
    *,
    assistant_id: str,
    name: str | None = None,
    instructions: str | None = None,
) -> PreparedRequest:
    """
    `POST /assistants/{assistant_id}`: the update request of Assistants.

    assistant_id: ID of the assistant.
    name: Updated name.
    instructions: Updated instructions.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    if name is not None:
        _values["name"] = _rt.check("name", name, "str", ())
    if instructions is not None:
        _values["instructions"] = _rt.check("instructions", instructions, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/assistants/" + _rt.path_value("assistant_id", assistant_id),
        _query,
        _rt.encode(_rt.fill(_BUILD_UPDATE_BODY, _values)),
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantUpdatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> AssistantDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
