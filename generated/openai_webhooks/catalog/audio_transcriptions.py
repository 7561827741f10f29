"""Audio Transcriptions: Transcribe audio into text using the Whisper model."""

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
    "AudioTranscriptionCompletedPayload",
]


class Record(BaseModel):
    """Audio Transcriptions record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    """The transcribed text."""
    language: str | None = None
    """The language of the transcribed text."""
    duration: str | int | float | None = None
    """Duration of the audio in seconds."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("text", ("text",), "str", False),
        ("language", ("language",), "str", False),
        ("duration", ("duration",), "str_or_number", False),
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
    "file": Slot("file"),
    "language": Slot("language"),
    "prompt": Slot("prompt"),
}


def build_create(
    *,
    model: str,
    file: str,
    language: str | None = None,
    prompt: str | None = None,
) -> PreparedRequest:
    """
    `POST /audio/transcriptions`: the create request of Audio Transcriptions.

    model: Model to use (e.g., whisper-1).
    file: Audio file to transcribe (multipart/form-data).
    language: Language of the audio in ISO-639-1 format.
    prompt: Optional context or spelling hints.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (text
    with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["file"] = _rt.check("file", file, "str", ())
    if language is not None:
        _values["language"] = _rt.check("language", language, "str", ())
    if prompt is not None:
        _values["prompt"] = _rt.check("prompt", prompt, "str", ())
    return _rt.PreparedRequest(
        "POST",
        "/audio/transcriptions",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


class AudioTranscriptionCompletedPayload(BaseModel):
    """Payload of the audio.transcription.completed catalog webhook (route /webhooks/chatgpt/audio-transcription-completed)."""

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    """The transcribed text."""
    language: str | None = None
    """The language detected."""
    duration: str | int | float | None = None
    """Duration of the audio in seconds."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("text", ("text",), "str", False),
        ("language", ("language",), "str", False),
        ("duration", ("duration",), "str_or_number", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> AudioTranscriptionCompletedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
