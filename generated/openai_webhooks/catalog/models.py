"""Models: List and retrieve available OpenAI models."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ._runtime import (
    PreparedRequest,
    extract,
    path_value,
)

__all__ = [
    "Record",
    "build_list",
    "build_read",
    "build_delete",
    "ModelCreatedPayload",
    "ModelDeletedPayload",
]


class Record(BaseModel):
    """Models record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Model identifier (e.g., gpt-4o)."""
    object: str | None = None
    """Object type, always 'model'."""
    created: int | None = None
    """Unix timestamp of when the model was created."""
    owned_by: str | None = None
    """Organization that owns the model."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created", ("created",), "int", False),
        ("owned_by", ("owned_by",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


def build_list() -> PreparedRequest:
    """`GET /models`: the list request of Models."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/models",
        query,
        None,
    )


def build_read(
    *,
    field_model_id: str,
) -> PreparedRequest:
    """`GET /models/{model_id}`: the read request of Models."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "GET",
        "/models/" + path_value("model_id", field_model_id),
        query,
        None,
    )


def build_delete(
    *,
    field_model_id: str,
) -> PreparedRequest:
    """`DELETE /models/{model_id}`: the delete request of Models."""
    query: dict[str, str] = {}
    return PreparedRequest(
        "DELETE",
        "/models/" + path_value("model_id", field_model_id),
        query,
        None,
    )


class ModelCreatedPayload(BaseModel):
    """Payload of the model.created catalog webhook (route /webhooks/chatgpt/model-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Model identifier (e.g., gpt-4o)."""
    object: str | None = None
    """Object type, always 'model'."""
    created: int | None = None
    """Unix timestamp of creation."""
    owned_by: str | None = None
    """Organization that owns the model."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created", ("created",), "int", False),
        ("owned_by", ("owned_by",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ModelCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


class ModelDeletedPayload(BaseModel):
    """Payload of the model.deleted catalog webhook (route /webhooks/chatgpt/model-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Model identifier."""
    object: str | None = None
    """Object type."""
    deleted: bool | None = None
    """Whether the model was successfully deleted."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ModelDeletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
