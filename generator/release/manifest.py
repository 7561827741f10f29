"""`_manifest.json`: input and template hashes, generator version, the package version, its
release history, a canonical IR snapshot (the previous version, for the next diff) and the
digest of every other file of the tree (so a hand edit is not taken for a new release)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from .. import __version__
from ..diagnostics import Diagnostic, Location, SpecError, pointer
from ..fastpath.resources import TEMPLATES, package_templates
from ..fastpath.stamp import tree_digest
from ..ir import Spec
from ..load.source import json_type
from ..render import jsontext
from .versioning import ShapeError, check_history, check_snapshot, parse_version

MANIFEST_PATH = "openai_webhooks/_manifest.json"


@dataclasses.dataclass(frozen=True)
class Release:
    """The version being written and the history the CHANGELOG shows (newest first)."""

    version: str
    history: tuple[dict[str, Any], ...]
    inputs: dict[str, str] = dataclasses.field(default_factory=dict)


def snapshot(value: Any) -> Any:
    """Plain JSON data of an IR value (see `node_items`)."""
    pairs = node_items(value)
    if pairs is not None:
        return {key: snapshot(item) for key, item in pairs}
    if isinstance(value, (tuple, list)):
        return [snapshot(v) for v in value]
    return value


def node_items(value: Any) -> list[tuple[str, Any]] | None:
    """The (key, value) pairs of an IR node's snapshot, None for anything else: `node` names its
    class; locations and diagnostics are left out."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return None
    pairs = [(name, getattr(value, name)) for name in _field_names(type(value))]
    return [("node", type(value).__name__), *(p for p in pairs if not isinstance(p[1], Location))]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow enough to matter when called for every node of a big spec.
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "diagnostics")


def digest(data: bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(data).hexdigest()


def templates_digest() -> str:
    """One hash over the path and bytes of every file under templates/ the package is made of,
    rendered or static (not the scaffold's: editing it changes no package)."""
    hasher = hashlib.sha256()
    for name in package_templates():
        data = Path(TEMPLATES, name).read_bytes()
        hasher.update(name.encode() + b"\0" + data + b"\0")
    return hasher.hexdigest()


def without_manifest(tree: Mapping[str, bytes]) -> dict[str, bytes]:
    """A generated tree's files but the manifest."""
    return {name: data for name, data in tree.items() if name != MANIFEST_PATH}


def output_digest(tree: Mapping[str, bytes]) -> str:
    """The digest of a generated tree's files but the manifest (`stamp.tree_digest`), which the
    manifest records as `output`."""
    return tree_digest(without_manifest(tree))


def manifest_draft(spec: Spec, release: Release) -> Callable[[str], str]:
    """The manifest's JSON text (sorted keys, no timestamps) as a function of its `output`
    digest, which is known only once every other file is final. The IR snapshot, most of the
    text (seconds at scale), is written now: the caller does this while the code is formatted,
    not after."""
    # Keys are sorted: "output" falls between "ir" and "templates", so the text is the two
    # objects below joined at that place, byte for byte what one dumps would write.
    head = {
        "generator": {"name": "openai-webhooks-generator", "version": __version__},
        "history": list(release.history),
        "inputs": dict(sorted(release.inputs.items())),
        "ir": spec,  # written as its snapshot, through node_items
    }
    tail = {"templates": templates_digest(), "version": release.version}
    opened = jsontext.dumps(head, indent=1, items=node_items).removesuffix("\n}")
    closed = jsontext.dumps(tail, indent=1).removeprefix("{")

    def text(output: str) -> str:
        return f'{opened},\n "output": {encode_basestring(output)},{closed}\n'

    return text


def read_manifest(out: Path, shown: Path | None = None) -> dict[str, Any] | None:
    """The manifest of the generated tree `out`, or None when there is none.

    A manifest that is there but unreadable, not JSON, or not shaped as written raises a
    SpecError located at it (its path under `shown`, the output directory as the user named
    it): starting again at 1.0.0 would silently drop the version and the CHANGELOG history.
    """
    shown = out if shown is None else shown
    try:
        raw = (out / MANIFEST_PATH).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        where = Location(str(shown / MANIFEST_PATH))
        raise _broken(where, exc.strerror or str(exc), shown) from None
    return manifest_of(raw, shown)


def manifest_of(raw: bytes, shown: Path) -> dict[str, Any]:
    """The manifest in `raw` (its file's bytes, as `tree.read_tree` gives them) of the tree the
    user names `shown`; a located SpecError as `read_manifest` says."""
    where = Location(str(shown / MANIFEST_PATH))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _broken(where, "not UTF-8 text", shown) from None
    try:
        data = json.loads(text)
        _check_manifest(data)
    except json.JSONDecodeError as exc:
        located = Location(where.file, exc.lineno, exc.colno)
        raise _broken(located, f"not JSON ({exc.msg})", shown) from None
    except ShapeError as exc:
        located = Location(where.file, pointer=pointer(exc.path))
        raise _broken(located, str(exc), shown) from None
    except ValueError:  # an integer over Python's digit limit
        raise _broken(where, "a number is too large", shown) from None
    except RecursionError:
        raise _broken(where, "nested too deeply", shown) from None
    return data  # type: ignore[no-any-return]


def _check_manifest(data: Any) -> None:
    """Raise ShapeError unless `data` has what the next run reads: version, history, IR."""
    if not isinstance(data, dict):
        raise ShapeError((), f"expected an object, found {json_type(data)}")
    for key in ("version", "history", "ir"):
        if key not in data:
            raise ShapeError((), f"missing {key!r}")
    version = data["version"]
    if not isinstance(version, str):
        raise ShapeError(("version",), f"expected a string, found {json_type(version)}")
    try:
        parse_version(version)
    except ValueError as exc:
        raise ShapeError(("version",), str(exc)) from None
    check_history(data["history"], ("history",))
    check_snapshot(data["ir"], ("ir",))
    # Optional: a manifest written before it was recorded has none (see pipeline._output_changed).
    output = data.get("output")
    if "output" in data and not isinstance(output, str):
        raise ShapeError(("output",), f"expected a string, found {json_type(output)}")


def _broken(where: Location, why: str, out: Path) -> SpecError:
    # Deleting the manifest alone would not do: `generate` refuses to replace a directory that
    # holds no manifest (it may not be a generated tree).
    message = (
        f"cannot read this manifest: {why}; restore it from version control, "
        f"or delete {out} to start again at 1.0.0"
    )
    return SpecError([Diagnostic("error", message, where)])
