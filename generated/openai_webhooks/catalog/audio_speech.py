"""Audio Speech: Generate spoken audio from text using TTS models."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

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
    "AudioSpeechGeneratedPayload",
]


class Record(BaseModel):
    """Audio Speech record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    audio_data: bytes | str | None = None
    """Raw binary audio content returned in the response body."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("audio_data", (), "body", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


_BUILD_CREATE_BODY: Any = {
    "model": Slot("model"),
    "input": Slot("input"),
    "voice": Slot("voice"),
    "response_format": Slot("response_format"),
}


def build_create(
    *,
    model: str,
    input: str,
    voice: Literal["alloy", "echo", "fable", "onyx", "nova", "shimmer"],
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"] | None = None,
) -> PreparedRequest:
    """`POST /audio/speech`: the create request of Audio Speech."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["model"] = check("model", model, "str", ())
    values["input"] = check("input", input, "str", ())
    values["voice"] = check(
        "voice", voice, "str", ("alloy", "echo", "fable", "onyx", "nova", "shimmer")
    )
    if response_format is not None:
        values["response_format"] = check(
            "response_format", response_format, "str", ("mp3", "opus", "aac", "flac", "wav", "pcm")
        )
    return PreparedRequest(
        "POST",
        "/audio/speech",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
    )


class AudioSpeechGeneratedPayload(BaseModel):
    """Payload of the audio.speech.generated catalog webhook (route /webhooks/chatgpt/audio-speech-generated)."""

    model_config = ConfigDict(frozen=True)

    audio_data: bytes | str | None = None
    """Binary audio content."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("audio_data", (), "body", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> AudioSpeechGeneratedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
