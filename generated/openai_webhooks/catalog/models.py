"""Models: List and retrieve available OpenAI models."""

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
    model_id: str,
) -> PreparedRequest:
    """
    `DELETE /models/{model_id}`: the delete request of Models.

    model_id: The ID of the fine-tuned model to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/models/" + _rt.path_value("model_id", model_id),
        _query,
        None,
    )


def build_list() -> PreparedRequest:
    """`GET /models`: the list request of Models."""
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/models",
        _query,
        None,
    )


def build_read(
    *,
    model_id: str,
) -> PreparedRequest:
    """
    `GET /models/{model_id}`: the read request of Models.

    model_id: The ID of the model.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/models/" + _rt.path_value("model_id", model_id),
        _query,
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ModelCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ModelDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
