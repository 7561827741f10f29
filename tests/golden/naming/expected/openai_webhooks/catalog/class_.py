"""Class: A resource whose handle is a keyword."""

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
    path_value,
)

__all__ = [
    "Record",
    "build_import",
    "ClassDefPayload",
]


class Record(BaseModel):
    """Class record: the catalog's flattened view of a response."""

    model_config = ConfigDict(frozen=True)

    self_harm: bool | None = None
    """Hyphenated key."""
    global_: str | None = None
    """Keyword field."""
    raw: bytes | str | None = None
    """The whole body."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("self_harm", ("results", "0", "self-harm"), "bool", False),
        ("global_", ("global",), "str", False),
        ("raw", (), "body", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> Record:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))


_BUILD_IMPORT_BODY: Any = {"for": Slot("for"), "n": Slot("n")}


def build_import(
    *,
    from_: str,
    for_: Literal["x", "y"],
    n: int | None = None,
) -> PreparedRequest:
    """`POST /classes/{from}/import`: the import request of Class."""
    query: dict[str, str] = {}
    values: dict[str, Any] = {}
    values["for"] = check("for", for_, "str", ("x", "y"))
    if n is not None:
        values["n"] = check("n", n, "int", ())
    return PreparedRequest(
        "POST",
        "/classes/" + path_value("from", from_) + "/import",
        query,
        encode(fill(_BUILD_IMPORT_BODY, values)),
    )


class ClassDefPayload(BaseModel):
    """Payload of the class.def catalog webhook (route /webhooks/class-def)."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    """Id."""

    # (attribute, selector, kind, multivalue) per field, read by from_raw().
    _FIELDS: ClassVar[tuple[tuple[str, tuple[str, ...], str, bool], ...]] = (
        ("id", ("id",), "str", False),
    )

    @classmethod
    def from_raw(cls, raw: Any) -> ClassDefPayload:
        """Extract every field from a raw body by its selector; a missing path gives None."""
        return cls.model_construct(**extract(raw, cls._FIELDS))
