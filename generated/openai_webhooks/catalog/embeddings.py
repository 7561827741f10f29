"""Embeddings: Generate vector representations of text for semantic search, clustering, and similarity tasks."""

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
)

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
    embedding: list[str] | None = None
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
        ("embedding", ("data", "0", "embedding"), "str", True),
        ("index", ("data", "0", "index"), "int", False),
        ("model", ("model",), "str", False),
        ("prompt_tokens", ("usage", "prompt_tokens"), "int", False),
        ("total_tokens", ("usage", "total_tokens"), "int", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


_BUILD_CREATE_BODY: Any = {"model": Slot("model"), "input": Slot("input")}


def build_create(
    *,
    model: str,
    input: str,
) -> PreparedRequest:
    """`POST /embeddings`: the create request of Embeddings."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["model"] = check("model", model, "str", ())
    values["input"] = check("input", input, "str", ())
    return PreparedRequest(
        "POST",
        "/embeddings",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
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

    @classmethod
    def from_raw(cls, raw: Any) -> EmbeddingCreatedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
