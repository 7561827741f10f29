"""Moderations: Classify text for policy violations using OpenAI's moderation model."""

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
    input: str,
    model: str | None = None,
) -> PreparedRequest:
    """
    `POST /moderations`: the create request of Moderations.

    input: Text to classify.
    model: Moderation model (e.g., omni-moderation-latest).

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["input"] = _rt.check("input", input, "str", ())
    if model is not None:
        _values["model"] = _rt.check("model", model, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/moderations",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ModerationCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
