"""Moderations: Classify text for policy violations using OpenAI's moderation model."""

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
    "ModerationCompletedPayload",
]


class Record(BaseModel):
    """Moderations record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the moderation result."""
    model: str | None = None
    """The moderation model used."""
    flagged: bool | None = None
    """Whether the input was flagged as violating policy."""
    hate: bool | None = None
    """Whether hate content was detected."""
    harassment: bool | None = None
    """Whether harassment content was detected."""
    self_harm: bool | None = None
    """Whether self-harm content was detected."""
    sexual: bool | None = None
    """Whether sexual content was detected."""
    violence: bool | None = None
    """Whether violent content was detected."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("model", ("model",), "str", False),
        ("flagged", ("results", "0", "flagged"), "bool", False),
        ("hate", ("results", "0", "categories", "hate"), "bool", False),
        ("harassment", ("results", "0", "categories", "harassment"), "bool", False),
        ("self_harm", ("results", "0", "categories", "self-harm"), "bool", False),
        ("sexual", ("results", "0", "categories", "sexual"), "bool", False),
        ("violence", ("results", "0", "categories", "violence"), "bool", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


_BUILD_CREATE_BODY: Any = {"model": Slot("model"), "input": Slot("input")}


def build_create(
    *,
    input: str,
    model: str | None = None,
) -> PreparedRequest:
    """`POST /moderations`: the create request of Moderations."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["input"] = check("input", input, "str", ())
    if model is not None:
        values["model"] = check("model", model, "str", ())
    return PreparedRequest(
        "POST",
        "/moderations",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


class ModerationCompletedPayload(BaseModel):
    """Payload of the moderation.completed catalog webhook (route /webhooks/chatgpt/moderation-completed)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the moderation result."""
    model: str | None = None
    """The moderation model used."""
    flagged: bool | None = None
    """Whether content was flagged."""
    categories: dict[str, Any] | None = None
    """Detailed violation categories."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("model", ("model",), "str", False),
        ("flagged", ("results", "0", "flagged"), "bool", False),
        ("categories", ("results", "0", "categories"), "dict", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ModerationCompletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
