"""Vector Stores: Create and manage vector stores for file search with Assistants."""

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
    "VectorStoreCreatedPayload",
    "VectorStoreCompletedPayload",
    "VectorStoreDeletedPayload",
]


class Record(BaseModel):
    """Vector Stores record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the vector store."""
    object: str | None = None
    """Object type, always 'vector_store'."""
    name: str | None = None
    """Name of the vector store."""
    status: str | None = None
    """Status (e.g., expired, in_progress, completed)."""
    created_at: int | None = None
    """Unix timestamp of when the vector store was created."""
    file_counts_total: int | None = None
    """Total number of files in the store."""
    usage_bytes: int | None = None
    """Storage used in bytes."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("name", ("name",), "str", False),
        ("status", ("status",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("file_counts_total", ("file_counts", "total"), "int", False),
        ("usage_bytes", ("usage_bytes",), "int", False),
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


_BUILD_CREATE_BODY: Any = {"name": Slot("name")}


def build_create(
    *,
    name: str | None = None,
) -> PreparedRequest:
    """
    `POST /vector_stores`: the create request of Vector Stores.

    name: Name of the vector store.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    if name is not None:
        _values["name"] = _rt.check("name", name, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/vector_stores",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    vector_store_id: str,
) -> PreparedRequest:
    """
    `DELETE /vector_stores/{vector_store_id}`: the delete request of Vector Stores.

    vector_store_id: ID of the vector store to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/vector_stores/" + _rt.path_value("vector_store_id", vector_store_id),
        _query,
        None,
    )


def build_list(
    *,
    limit: int | None = 20,
    order: str | None = "desc",
) -> PreparedRequest:
    """
    `GET /vector_stores`: the list request of Vector Stores.

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
        "/vector_stores",
        _query,
        None,
    )


def build_read(
    *,
    vector_store_id: str,
) -> PreparedRequest:
    """
    `GET /vector_stores/{vector_store_id}`: the read request of Vector Stores.

    vector_store_id: ID of the vector store.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/vector_stores/" + _rt.path_value("vector_store_id", vector_store_id),
        _query,
        None,
    )


_BUILD_UPDATE_BODY: Any = {"name": Slot("name")}


def build_update(
    *,
    vector_store_id: str,
    name: str | None = None,
) -> PreparedRequest:
    """
    `POST /vector_stores/{vector_store_id}`: the update request of Vector Stores.

    vector_store_id: ID of the vector store.
    name: New name for the vector store.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    if name is not None:
        _values["name"] = _rt.check("name", name, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/vector_stores/" + _rt.path_value("vector_store_id", vector_store_id),
        _query,
        _rt.encode(_rt.fill(_BUILD_UPDATE_BODY, _values)),
    )


class VectorStoreCreatedPayload(BaseModel):
    """Payload of the vector_store.created catalog webhook (route /webhooks/chatgpt/vector-store-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Vector store identifier."""
    object: str | None = None
    """Object type, always 'vector_store'."""
    name: str | None = None
    """Vector store name."""
    status: str | None = None
    """Initial status."""
    created_at: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("name", ("name",), "str", False),
        ("status", ("status",), "str", False),
        ("created_at", ("created_at",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> VectorStoreCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class VectorStoreCompletedPayload(BaseModel):
    """Payload of the vector_store.completed catalog webhook (route /webhooks/chatgpt/vector-store-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Vector store identifier."""
    status: str | None = None
    """Status, always 'completed'."""
    file_counts_total: int | None = None
    """Total files included."""
    usage_bytes: int | None = None
    """Storage used in bytes."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
        ("file_counts_total", ("file_counts", "total"), "int", False),
        ("usage_bytes", ("usage_bytes",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> VectorStoreCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class VectorStoreDeletedPayload(BaseModel):
    """Payload of the vector_store.deleted catalog webhook (route /webhooks/chatgpt/vector-store-deleted)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Vector store identifier."""
    deleted: bool | None = None
    """Whether the store was successfully deleted."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("deleted", ("deleted",), "bool", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> VectorStoreDeletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
