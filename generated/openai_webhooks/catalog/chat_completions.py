"""Chat Completions: Generate model responses for chat messages. The core endpoint for conversational AI and text generation."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import JSONValue, PreparedRequest, Slot

__all__ = [
    "Record",
    "build_create",
    "ChatCompletionCreatedPayload",
]


class Record(BaseModel):
    """Chat Completions record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the completion."""
    object: str | None = None
    """Object type, always 'chat.completion'."""
    created: int | None = None
    """Unix timestamp of when the completion was created."""
    model: str | None = None
    """The model used to generate the completion."""
    content: str | None = None
    """The generated message content."""
    finish_reason: str | None = None
    """Reason the model stopped generating (e.g., stop, length, tool_calls)."""
    prompt_tokens: int | None = None
    """Number of tokens in the prompt."""
    completion_tokens: int | None = None
    """Number of tokens in the completion."""
    total_tokens: int | None = None
    """Total tokens used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created", ("created",), "int", False),
        ("model", ("model",), "str", False),
        ("content", ("choices", "0", "message", "content"), "str", False),
        ("finish_reason", ("choices", "0", "finish_reason"), "str", False),
        ("prompt_tokens", ("usage", "prompt_tokens"), "int", False),
        ("completion_tokens", ("usage", "completion_tokens"), "int", False),
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


_BUILD_CREATE_BODY: Any = {"model": Slot("model"), "messages": Slot("messages")}


def build_create(
    *,
    model: str,
    messages: JSONValue,
) -> PreparedRequest:
    """
    `POST /chat/completions`: the create request of Chat Completions.

    model: ID of the model to use (e.g., gpt-4o, gpt-4-turbo).
    messages: JSON array of message objects with role and content.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate; a float that is not finite).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["messages"] = _rt.check("messages", messages, "json", ())
    return _rt.PreparedRequest(
        "POST",
        "/chat/completions",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


class ChatCompletionCreatedPayload(BaseModel):
    """Payload of the chat.completion.created catalog webhook (route /webhooks/chatgpt/chat-completion-created)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Unique identifier for the completion."""
    object: str | None = None
    """Object type, always 'chat.completion'."""
    created: int | None = None
    """Unix timestamp of creation."""
    model: str | None = None
    """The model used to generate the completion."""
    content: str | None = None
    """The generated message content."""
    finish_reason: str | None = None
    """Reason the model stopped generating."""
    prompt_tokens: int | None = None
    """Number of tokens in the prompt."""
    completion_tokens: int | None = None
    """Number of tokens in the completion."""
    total_tokens: int | None = None
    """Total tokens used."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
        ("object", ("object",), "str", False),
        ("created", ("created",), "int", False),
        ("model", ("model",), "str", False),
        ("content", ("choices", "0", "message", "content"), "str", False),
        ("finish_reason", ("choices", "0", "finish_reason"), "str", False),
        ("prompt_tokens", ("usage", "prompt_tokens"), "int", False),
        ("completion_tokens", ("usage", "completion_tokens"), "int", False),
        ("total_tokens", ("usage", "total_tokens"), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ChatCompletionCreatedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
