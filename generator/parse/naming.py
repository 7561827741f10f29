"""The fixed rules that turn spec names into Python names, in one place.

event class = PascalCase(type) + "WebhookEvent"; handler = "on_" + snake(type); invalid
identifiers and keywords get a safe name (the wire name stays as the alias).
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata

_WORD_BREAK = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

# Names of pydantic.BaseModel members a field may not shadow, plus names the runtime uses.
_MODEL_RESERVED = frozenset(
    {"copy", "dict", "json", "schema", "construct", "validate", "fields", "from_raw"}
)


# Letters NFKD does not decompose into ASCII, spelled as people write them without accents.
_LETTERS = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe",
     "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i",
     "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
)  # fmt: skip


def ascii_letters(name: str) -> str:
    """`name` folded to ASCII: NFKD compatibility forms (`ｔｏｋｅｎｓ` -> `tokens`, `x²` -> `x2`)
    with accents dropped (`été` -> `ete`), a few letters spelled out (`straße` -> `strasse`);
    any other non-ASCII character splits words, as punctuation does. (NFKD follows the running
    Python's Unicode tables: a character newer than them splits words instead.)"""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(c if c.isascii() else " " for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def words(name: str) -> tuple[str, ...]:
    """Split a name on punctuation and camelCase humps into lower-case ASCII words."""
    # Cached: nested class names are built from their parents' names, so the same (long)
    # names are split again and again, and the camelCase regex is slow on long input.
    plain = ascii_letters(name)
    return tuple(w.lower() for w in _WORD_BREAK.split(_CAMEL.sub("_", plain)) if w)


def pascal(name: str) -> str:
    """`fine_tuning.job.succeeded` -> `FineTuningJobSucceeded`."""
    return "".join(w[:1].upper() + w[1:] for w in words(name))


def snake(name: str) -> str:
    """`fine_tuning.job.succeeded` -> `fine_tuning_job_succeeded`."""
    return "_".join(words(name))


def event_class_name(event_type: str) -> str:
    """Model name of an envelope event."""
    stem = pascal(event_type)
    return ("Event" + stem if stem[:1].isdigit() else stem) + "WebhookEvent"


def payload_class_name(event_type: str) -> str:
    """Model name of a catalog webhook payload: `thread.run.requires_action` -> `...Payload`."""
    stem = pascal(event_type)
    return ("Event" + stem if stem[:1].isdigit() else stem) + "Payload"


def handler_name(event_type: str) -> str:
    """Handler method of an event."""
    return "on_" + snake(event_type)


def field_name(wire_name: str) -> str:
    """A safe Python attribute name for a field; the wire name stays as the alias."""
    name = snake(wire_name) if not _IDENTIFIER.match(wire_name) else wire_name
    if not name:
        name = "field"
    if name[0].isdigit() or name.startswith("_"):
        name = "field_" + name.lstrip("_")
    if keyword.iskeyword(name) or name in _MODEL_RESERVED:
        name += "_"
    if name.startswith("model_"):
        name = "field_" + name
    return name


def parameter_name(wire_name: str) -> str:
    """A safe keyword-argument name for a request-builder parameter (`model_id` stays as is:
    only pydantic fields must avoid the `model_` prefix)."""
    name = snake(wire_name) if not _IDENTIFIER.match(wire_name) else wire_name
    if not name:
        name = "param"
    if name[0].isdigit() or name.startswith("_"):
        name = "param_" + name.lstrip("_")
    if keyword.iskeyword(name):
        name += "_"
    return name


# Names the catalog package's __init__ binds itself: a resource module may not take them.
_CATALOG_RESERVED = frozenset({"annotations", "mismatches"})


def module_name(handle: str) -> str:
    """Module of a catalog resource."""
    name = snake(handle) or "resource"
    if name[0].isdigit():
        name = "r_" + name
    if keyword.iskeyword(name) or name in _CATALOG_RESERVED:
        name += "_"
    return name


def function_name(operation: str) -> str:
    """Request builder of an operation: `build_<operation>`."""
    return "build_" + (snake(operation) or "operation")
