"""Images: Generate, edit, and create variations of images using DALL·E models."""

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

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


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
    """`POST /images/generations`: the create request of Images."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["model"] = check("model", model, "str", ())
    values["prompt"] = check("prompt", prompt, "str", ())
    if n is not None:
        values["n"] = check("n", n, "int", ())
    if size is not None:
        values["size"] = check(
            "size", size, "str", ("256x256", "512x512", "1024x1024", "1792x1024", "1024x1792")
        )
    return PreparedRequest(
        "POST",
        "/images/generations",
        query,
        encode(fill(_BUILD_CREATE_BODY, values)),
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

    @classmethod
    def from_raw(cls, raw: Any) -> ImageGeneratedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


class ImageFailedPayload(BaseModel):
    """Payload of the image.failed catalog webhook (route /webhooks/chatgpt/image-failed)."""

    model_config = ConfigDict(frozen=True)

    error: dict[str, Any] | None = None
    """Error details if image generation failed."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("error", ("error",), "dict", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ImageFailedPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
