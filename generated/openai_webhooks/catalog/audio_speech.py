"""Audio Speech: Generate spoken audio from text using TTS models."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import PreparedRequest, Slot

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
    """
    `POST /audio/speech`: the create request of Audio Speech.

    model: TTS model to use (e.g., tts-1, tts-1-hd).
    input: The text to synthesize (max 4096 characters).
    voice: Voice to use. One of 'alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'.
    response_format: Output audio format. One of 'mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (not
    one of the options; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["input"] = _rt.check("input", input, "str", ())
    _values["voice"] = _rt.check(
        "voice", voice, "str", ("alloy", "echo", "fable", "onyx", "nova", "shimmer")
    )
    if response_format is not None:
        _values["response_format"] = _rt.check(
            "response_format", response_format, "str", ("mp3", "opus", "aac", "flac", "wav", "pcm")
        )
    return _rt.PreparedRequest(
        "POST",
        "/audio/speech",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> AudioSpeechGeneratedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
