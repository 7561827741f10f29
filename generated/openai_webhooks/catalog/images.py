"""Images: Generate, edit, and create variations of images using DALL·E models."""

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
    "ImageGeneratedPayload",
    "ImageFailedPayload",
]


class Record(BaseModel):
    """Images record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    created: int | None = None
    """Unix timestamp of when the image was created."""
    url: str | None = None
    """URL of the generated image."""
    revised_prompt: str | None = None
    """The revised prompt used for generation (if applicable)."""
    b64_json: str | None = None
    """Base64-encoded image data (when response_format is b64_json)."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("created", ("created",), "int", False),
        ("url", ("data", "0", "url"), "str", False),
        ("revised_prompt", ("data", "0", "revised_prompt"), "str", False),
        ("b64_json", ("data", "0", "b64_json"), "str", False),
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
    "prompt": Slot("prompt"),
    "n": Slot("n"),
    "size": Slot("size"),
}


def build_create(
    *,
    model: str,
    prompt: str,
    n: int | None = None,
    size: Literal["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792"] | None = None,
) -> PreparedRequest:
    """
    `POST /images/generations`: the create request of Images.

    model: Model to use (e.g., dall-e-3, dall-e-2).
    prompt: Text description of the desired image.
    n: Number of images to generate (1–10).
    size: Image size (e.g., 1024x1024, 1792x1024). One of '256x256', '512x512', '1024x1024',
        '1792x1024', '1024x1792'.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (not
    one of the options; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["model"] = _rt.check("model", model, "str", ())
    _values["prompt"] = _rt.check("prompt", prompt, "str", ())
    if n is not None:
        _values["n"] = _rt.check("n", n, "int", ())
    if size is not None:
        _values["size"] = _rt.check(
            "size", size, "str", ("256x256", "512x512", "1024x1024", "1792x1024", "1024x1792")
        )
    return _rt.PreparedRequest(
        "POST",
        "/images/generations",
        _query,
        _rt.encode(_rt.fill(_BUILD_CREATE_BODY, _values)),
    )


class ImageGeneratedPayload(BaseModel):
    """Payload of the image.generated catalog webhook (route /webhooks/chatgpt/image-generated)."""

    model_config = ConfigDict(frozen=True)

    url: str | None = None
    """URL of the generated image."""
    revised_prompt: str | None = None
    """The revised prompt used for generation."""
    created: int | None = None
    """Unix timestamp of creation."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("url", ("data", "0", "url"), "str", False),
        ("revised_prompt", ("data", "0", "revised_prompt"), "str", False),
        ("created", ("created",), "int", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ImageGeneratedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model


class ImageFailedPayload(BaseModel):
    """Payload of the image.failed catalog webhook (route /webhooks/chatgpt/image-failed)."""

    model_config = ConfigDict(frozen=True)

    error: dict[str, Any] | None = None
    """Error details if image generation failed."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("error", ("error",), "dict", False),
    )
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ImageFailedPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
