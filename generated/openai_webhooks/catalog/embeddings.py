"""Embeddings: Generate vector representations of text for semantic search, clustering, and similarity tasks."""

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
    "EmbeddingCreatedPayload",
]


class Record(BaseModel):
    """Embeddings record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    object: str | None = None
    """Object type, always 'list'."""
    embedding: list[str | int | float] | None = None
    """The embedding vector as an array of floats."""
    index: int | None = None
    """Index of the embedding in the list."""
    model: str | None = None
    """The model used to generate the embeddings."""
    prompt_tokens: int | None = None
    """Number of tokens in the input."""
    total_tokens: int | None = None
    """Total tokens used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("object", ("object",), "str", False),
        ("embedding", ("data", "0", "embedding"), "str_or_number", True),
        ("index", ("data", "0", "index"), "int", False),
        ("model", ("model",), "str", False),
        ("prompt_tokens", ("usage", "prompt_tokens"), "int", False),
        ("total_tokens", ("usage", "total_tokens"), "int", False),
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
    `POST /embeddings`: the create request of Embeddings.

    model: ID of the embedding model (e.g., text-embedding-3-small).
    input: Text string or array of strings to embed.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["input"] = _rt.check("input", input, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/embeddings",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


class EmbeddingCreatedPayload(BaseModel):
    """Payload of the embedding.created catalog webhook (route /webhooks/chatgpt/embedding-created)."""

    model_config = ConfigDict(frozen=True)

    object: str | None = None
    """Object type, always 'list'."""
    model: str | None = None
    """The model used for embeddings."""
    total_tokens: int | None = None
    """Total tokens used for the generation."""
    prompt_tokens: int | None = None
    """Input tokens used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("object", ("object",), "str", False),
        ("model", ("model",), "str", False),
        ("total_tokens", ("usage", "total_tokens"), "int", False),
        ("prompt_tokens", ("usage", "prompt_tokens"), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> EmbeddingCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
