"""Responses: Create model responses using the Responses API (newer stateful API supporting tools, file search, and web search)."""

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
    "build_read",
    "ResponseCompletedPayload",
    "ResponseFailedPayload",
]


class Record(BaseModel):
    """Responses record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the response."""
    object: str | None = None
    """Object type, always 'response'."""
    created_at: int | None = None
    """Unix timestamp of when the response was created."""
    model: str | None = None
    """The model used."""
    output_text: str | None = None
    """The generated text output."""
    status: str | None = None
    """Response status (e.g., completed, in_progress, failed)."""
    input_tokens: int | None = None
    """Number of input tokens used."""
    output_tokens: int | None = None
    """Number of output tokens generated."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("model", ("model",), "str", False),
        ("output_text", ("output", "0", "content", "0", "text"), "str", False),
        ("status", ("status",), "str", False),
        ("input_tokens", ("usage", "input_tokens"), "int", False),
        ("output_tokens", ("usage", "output_tokens"), "int", False),
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


_BUILD_CREATE_BODY: Any = {"model": Slot("model"), "input": Slot("input")}


def build_create(
    *,
    model: str,
    input: str,
) -> PreparedRequest:
    """
    `POST /responses`: the create request of Responses.

    model: ID of the model to use (e.g., gpt-4o).
    input: The input text or messages for the model.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["input"] = _rt.check("input", input, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/responses",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


def build_delete(
    *,
    response_id: str,
) -> PreparedRequest:
    """
    `DELETE /responses/{response_id}`: the delete request of Responses.

    response_id: ID of the response to delete.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "DELETE",
        "/responses/" + _rt.path_value("response_id", response_id),
        _query,
        None,
    )


def build_read(
    *,
    response_id: str,
) -> PreparedRequest:
    """
    `GET /responses/{response_id}`: the read request of Responses.

    response_id: ID of the response to retrieve.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (an
    empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    return _rt.PreparedRequest(
        "GET",
        "/responses/" + _rt.path_value("response_id", response_id),
        _query,
        None,
    )


class ResponseCompletedPayload(BaseModel):
    """Payload of the response.completed catalog webhook (route /webhooks/chatgpt/response-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the response."""
    object: str | None = None
    """Object type, always 'response'."""
    status: str | None = None
    """Response status (e.g., completed)."""
    model: str | None = None
    """The model used."""
    output_text: str | None = None
    """The generated text output."""
    created_at: int | None = None
    """Unix timestamp of creation."""
    input_tokens: int | None = None
    """Input tokens used."""
    output_tokens: int | None = None
    """Output tokens generated."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("status", ("status",), "str", False),
        ("model", ("model",), "str", False),
        ("output_text", ("output", "0", "content", "0", "text"), "str", False),
        ("created_at", ("created_at",), "int", False),
        ("input_tokens", ("usage", "input_tokens"), "int", False),
        ("output_tokens", ("usage", "output_tokens"), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ResponseCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ResponseFailedPayload(BaseModel):
    """Payload of the response.failed catalog webhook (route /webhooks/chatgpt/response-failed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the response."""
    status: str | None = None
    """Response status (e.g., failed)."""
    error: dict[str, Any] | None = None
    """Error details explaining the failure."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("status", ("status",), "str", False),
        ("error", ("error",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ResponseFailedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
