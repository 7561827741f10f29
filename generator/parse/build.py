"""Load both inputs and merge them into one Spec: the front half of every command."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..diagnostics import Diagnostic, Location, SpecError
from ..inputs import DEFAULT_CATALOG, DEFAULT_WEBHOOKS, Inputs
from ..ir import Spec
from ..load.json_doc import load_json
from ..load.source import Document, Report
from ..load.yaml_doc import load_yaml
from ..text import tidy
from .catalog import read_resources
from .merge import envelopes, merge
from .openapi import read_webhook_events

STDIN = "<stdin>"  # how errors name standard input, as Python's own do


def display(path: Path) -> str:
    """A path as errors show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


# Real specs are a few MB (OpenAI's full OpenAPI document is about 2 MB); a bigger file is
# refused before parsing, so a hostile input cannot make the parser eat the machine's memory.
MAX_SPEC_MB = "OPENAI_WEBHOOKS_MAX_SPEC_MB"


def max_spec_bytes() -> int:
    """The size limit, from the environment (32 MB unless set); a SpecError when unusable."""
    text = os.environ.get(MAX_SPEC_MB, "32")
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        message = f"must be a positive whole number of megabytes, got {text!r:.40}"
        raise SpecError([Diagnostic("error", message, Location(MAX_SPEC_MB))])
    return int(text) * 1024 * 1024


def _not_found(path: Path) -> str:
    if path in (DEFAULT_WEBHOOKS, DEFAULT_CATALOG):  # the user named no file: say where it looked
        return (
            "file not found (the default path, relative to the current folder: run in the"
            " project's root, or pass --webhooks and --catalog)"
        )
    return "file not found"


def read_text(path: Path) -> str:
    """A spec file's text, or a SpecError saying why it cannot be read."""
    where = Location(display(path))
    try:
        # Opened and read once: a pipe (`<(git show HEAD:spec.yaml)`) cannot be read again.
        with path.open("rb") as handle:
            data = _read_capped(handle, where, os.fstat(handle.fileno()).st_size)
    except FileNotFoundError:
        raise SpecError([Diagnostic("error", _not_found(path), where)]) from None
    except IsADirectoryError:
        raise SpecError([Diagnostic("error", "is a directory, not a spec file", where)]) from None
    except OSError as exc:
        raise SpecError([Diagnostic("error", f"cannot read: {exc.strerror}", where)]) from None
    return _decoded(data, where)


def _read_capped(handle: BinaryIO, where: Location, size: int = 0) -> bytes:
    """`handle`'s bytes, or a SpecError when they are over the size limit. `size`, when known (a
    pipe's is not), refuses a big file before reading it."""
    limit_bytes = max_spec_bytes()
    limit = limit_bytes // (1024 * 1024)
    if size > limit_bytes:
        raise _too_large(f"{size / 1024 / 1024:.1f} MB", limit, where)
    data = handle.read(limit_bytes + 1)
    if len(data) > limit_bytes:
        raise _too_large(f"over {limit} MB", limit, where)
    return data


def _too_large(size: str, limit: int, where: Location) -> SpecError:
    message = f"file is {size}; specs over {limit} MB are refused (OPENAI_WEBHOOKS_MAX_SPEC_MB raises the limit)"
    return SpecError([Diagnostic("error", message, where)])


def _decoded(data: bytes, where: Location) -> str:
    """A spec's text from its bytes (UTF-8, a BOM allowed), or a located SpecError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        message = (
            f"not UTF-8 text: byte 0x{byte} cannot start a character here; save the file as UTF-8"
        )
        raise SpecError(
            [Diagnostic("error", message, Location(where.file, line, column))]
        ) from None
    if not text.strip():
        raise SpecError([Diagnostic("error", "file is empty", Location(where.file, 1, 1))])
    return text


def load_document(path: Path) -> Document:
    """Parse a spec file as JSON or YAML by its suffix (YAML also reads JSON)."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return load_json(text, display(path))
    return load_yaml(text, display(path))


def load_stdin() -> Document:
    """A spec read from standard input, shown as `<stdin>` and parsed as YAML (which reads JSON)."""
    where = Location(STDIN)
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise SpecError([Diagnostic("error", "standard input is closed", where)])
    return load_yaml(_decoded(_read_capped(sys.stdin.buffer, where), where), STDIN)


def build_spec(inputs: Inputs, on_envelopes: Callable[[Spec], None] | None = None) -> Spec:
    """The merged Spec of `inputs`; raises SpecError carrying every problem found.

    `on_envelopes`, when given, is called with the webhook spec's events alone (merge.envelopes)
    as soon as they are read without error, before the catalog is.
    """
    max_spec_bytes()  # an unusable limit is said once, not once per file
    report = Report()
    failures: list[Diagnostic] = []

    def load(path: Path | None) -> Document | None:
        try:
            return None if path is None else load_document(path)
        except SpecError as exc:
            failures.extend(exc.diagnostics)
            return None

    spec_doc = load(inputs.webhooks)
    named = _envelopes(spec_doc, report)
    if on_envelopes is not None and named is not None and not report.has_errors:
        on_envelopes(named)
    # Loaded after the models are on their way: at scale parsing the catalog takes a while. A
    # file that cannot be loaded is reported alone, with the other file's load failure if any.
    catalog_doc = load(inputs.catalog)
    if failures:
        raise SpecError(failures)
    return _merged(spec_doc, named, catalog_doc, report)


def spec_of(spec_doc: Document | None, catalog_doc: Document | None) -> Spec:
    """The merged Spec of documents loaded already (an input that is a pipe is read only once)."""
    report = Report()
    return _merged(spec_doc, _envelopes(spec_doc, report), catalog_doc, report)


def _envelopes(doc: Document | None, report: Report) -> Spec | None:
    """The webhook spec's events alone (merge.envelopes), None without a webhook spec."""
    return envelopes(read_webhook_events(doc, report), doc) if doc else None


def _merged(
    spec_doc: Document | None, named: Spec | None, catalog_doc: Document | None, report: Report
) -> Spec:
    resources = read_resources(catalog_doc, report) if catalog_doc else []
    title, version = _info(spec_doc)
    events = named.events if named is not None else ()
    spec = merge(title, version, events, resources, spec_doc, catalog_doc, report)
    if report.has_errors:
        raise SpecError(report.items)
    return spec


def _info(doc: Document | None) -> tuple[str, str]:
    info = doc.data.get("info") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(info, dict):
        return "OpenAI webhooks", ""
    title, version = info.get("title"), info.get("version")
    return (
        tidy(title) if isinstance(title, str) else "OpenAI webhooks",
        version if isinstance(version, str) else "",
    )
