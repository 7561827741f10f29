"""Audio Transcriptions: Transcribe audio into text using the Whisper model."""

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
    "AudioTranscriptionCompletedPayload",
]


class Record(BaseModel):
    """Audio Transcriptions record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    """The transcribed text."""
    language: str | None = None
    """The language of the transcribed text."""
    duration: str | None = None
    """Duration of the audio in seconds."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("text", ("text",), "str", False),
        ("language", ("language",), "str", False),
        ("duration", ("duration",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


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
    """`POST /audio/transcriptions`: the create request of Audio Transcriptions."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["model"] = check("model", model, "str", ())
    values["file"] = check("file", file, "str", ())
    if language is not None:
        values["language"] = check("language", language, "str", ())
    if prompt is not None:
        values["prompt"] = check("prompt", prompt, "str", ())
    return PreparedRequest(
        "POST",
        "/audio/transcriptions",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


class AudioTranscriptionCompletedPayload(BaseModel):
    """Payload of the audio.transcription.completed catalog webhook (route /webhooks/chatgpt/audio-transcription-completed)."""

    model_config = ConfigDict(frozen=True)

    text: str | None = None
    """The transcribed text."""
    language: str | None = None
    """The language detected."""
    duration: str | None = None
    """Duration of the audio in seconds."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("text", ("text",), "str", False),
        ("language", ("language",), "str", False),
        ("duration", ("duration",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> AudioTranscriptionCompletedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
