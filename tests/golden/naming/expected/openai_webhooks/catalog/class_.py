"""Class: A resource whose handle is a keyword."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

# The runtime is reached as `_rt.<name>`: a builder parameter (never starting with `_`) cannot
# shadow it, nor the `_query`/`_values` locals.
from . import _runtime as _rt
from ._runtime import PreparedRequest, Slot

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


_BUILD_IMPORT_BODY: Any = {"for": Slot("for"), "n": Slot("n")}


def build_import(
    *,
    from_: str,
    for_: Literal["x", "y"],
    n: int | None = None,
) -> PreparedRequest:
    """
    `POST /classes/{from}/import`: the import request of Class.

    from_: Keyword path parameter. Sent as 'from'.
    for_: Keyword body parameter. Sent as 'for'. One of 'x', 'y'.
    n: A count.

    Raises TypeError for a value of the wrong type, ValueError for one that cannot be sent (not
    one of the options; an empty, '.' or '..' path value; text with a lone surrogate).
    """
    _query: dict[str, str] = {}
    _values: dict[str, Any] = {}
    _values["for"] = _rt.check("for", for_, "str", ("x", "y"))
    if n is not None:
        _values["n"] = _rt.check("n", n, "int", ())
    return _rt.PreparedRequest(
        "POST",
        "/classes/" + _rt.path_value("from", from_) + "/import",
        _query,
        _rt.encode(_rt.fill(_BUILD_IMPORT_BODY, _values)),
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
    _mismatches: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ClassDefPayload:
        """Extract every field from a raw body (decoded JSON, or bytes/str) by its selector.

        Never raises. A missing path gives None; so does a value of a JSON type the field does
        not accept, which `catalog.mismatches(model)` then holds as found.
        """
        values, mismatched = _rt.extract(raw, cls._FIELDS)
        model = cls.model_construct(**values)
        model._mismatches = mismatched
        return model
