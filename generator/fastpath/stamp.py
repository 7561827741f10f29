"""The no-op fast path: answer `generate` or `check` on an unchanged tree from a stamp.

A stamp in the user cache records the fingerprint of everything the output depends on (inputs,
templates, generator code, tool versions) and a digest of the output tree, as they were when the
generator last wrote or checked that tree. When both still match, the tree is current and the
run is answered before anything heavy is imported. `python -m generator` calls `answer` before
importing the command line, so this module and `tree` may import only `os`, `sys`, `hashlib`
and `importlib.machinery`: `pathlib`, `dataclasses` and `argparse` alone cost more than
the rest of a no-op run.

The stamp lives outside the repository on purpose: a committed one would let the tree vouch for
itself, so on a fresh clone (CI) `check` really regenerates and compares.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.machinery import PathFinder

from .resources import TEMPLATES
from .tree import read_tree, relative_files, tree_files

# `typing` costs 5 ms to import; this module is on the no-op path (mypy knows the idiom).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

GENERATOR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_WEBHOOKS = "specs/openai-webhooks.yaml"
DEFAULT_CATALOG = "specs/resource-catalog.json"
DEFAULT_OUT = "generated"
# What the output depends on besides the inputs and this project's own files.
TOOLS = ("datamodel_code_generator", "ruff", "pydantic", "jinja2")


def cache_dir() -> str:
    """$OPENAI_WEBHOOKS_GENERATOR_CACHE, else $XDG_CACHE_HOME or ~/.cache, /openai-webhooks-generator."""
    explicit = os.environ.get("OPENAI_WEBHOOKS_GENERATOR_CACHE")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "openai-webhooks-generator")


def tool_identity(module: str) -> str:
    """Where a dependency is installed and when it changed, without importing it."""
    spec = PathFinder.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module}:missing"
    stat = os.stat(spec.origin)
    return f"{module}:{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def _sources(root: str) -> list[str]:
    """The files the output depends on under `root`, relative, sorted: the generator's Python
    modules, and every file of templates/ (rendered or copied as is)."""
    if root == TEMPLATES:
        return tree_files(root)
    files = relative_files(root, lambda name: name == "__pycache__")
    return [name for name in files if name.endswith(".py")]


def news_beside(out: str) -> str:
    """The default folder of release-note fragments: `news` next to the output directory."""
    parent = os.path.dirname(os.path.normpath(out))
    return os.path.join(parent, "news") if parent else "news"


def _news_files(news: str | None) -> list[str]:
    """The files of the news folder (none when it is absent), sorted: a fragment added or
    edited is a change of what generate would write."""
    if news is None:
        return []
    try:
        names = sorted(entry.name for entry in os.scandir(news) if not entry.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [os.path.join(news, name) for name in names]


def fingerprint(inputs: list[str], news: str | None = None) -> str:
    """Hash of everything the output depends on: inputs, news fragments, templates, generator
    code, tools."""
    hasher = hashlib.sha256(sys.version.encode())
    for tool in TOOLS:
        hasher.update(tool_identity(tool).encode())
    for path in inputs:
        with open(path, "rb") as file:
            hasher.update(b"input\0" + file.read() + b"\0")
    for path in _news_files(news):
        with open(path, "rb") as file:
            hasher.update(b"news\0" + os.path.basename(path).encode() + b"\0" + file.read())
    for root in (GENERATOR, TEMPLATES):
        for name in _sources(root):
            with open(os.path.join(root, name), "rb") as file:
                hasher.update(name.encode() + b"\0" + file.read() + b"\0")
    return hasher.hexdigest()


def tree_digest(tree: Mapping[str, bytes]) -> str:
    """Hash of a generated tree's files (relative posix path -> bytes, as `read_tree` gives
    them), whatever order they were added in."""
    hasher = hashlib.sha256()
    for name in sorted(tree):
        hasher.update(name.encode() + b"\0" + hashlib.sha256(tree[name]).digest())
    return hasher.hexdigest()


def _stamp_path(out: str) -> str:
    key = hashlib.sha256(os.path.realpath(out).encode()).hexdigest()[:32]
    return os.path.join(cache_dir(), "stamps", f"{key}.stamp")


# A stamp is lines of text: format, fingerprint, tree digest, version, then one warning a line
# (a backslash or newline in one escaped). Not JSON: `json` imports `re`, 10 ms of a 60 ms no-op run.
_STAMP_FORMAT = "openai-webhooks-generator stamp 1"


def read_stamp(inputs: list[str], out: str, news: str | None = None) -> dict[str, Any] | None:
    """The recorded result for `out` if inputs, news, generator and output are all unchanged
    since."""
    try:
        with open(_stamp_path(out), encoding="utf-8", newline="") as file:
            lines = file.read().split("\n")  # newline="": a \r in a warning is not a line end
        form, recorded, tree, version, *warnings = lines
        if form != _STAMP_FORMAT or not version:
            return None
        if recorded == fingerprint(inputs, news) and tree == tree_digest(read_tree(out)):
            return {"version": version, "warnings": [_unescape(w) for w in warnings if w]}
    except (OSError, ValueError):  # ValueError: too few lines, or not UTF-8
        return None
    return None


def write_stamp(recorded: str, out: str, *, tree: str, version: str, warnings: list[str]) -> None:
    """Record that `out` holds the tree of digest `tree`, exactly what the inputs of `recorded`
    (their `fingerprint`, taken before they were read) generate (best effort: a cache may be
    read-only). The digest is of the tree as generated, not read back: the stamp answers only
    while the tree on disk still has it, so an edit made meanwhile is never vouched for."""
    lines = [_STAMP_FORMAT, recorded, tree, version]
    lines += [warning.replace("\\", "\\\\").replace("\n", "\\n") for warning in warnings]
    write_atomic(_stamp_path(out), "\n".join(lines) + "\n")


def _unescape(line: str) -> str:
    """A warning as written by `write_stamp` (backslash and newline escaped) back as it was."""
    parts = line.split("\\\\")
    return "\\".join(part.replace("\\n", "\n") for part in parts)


def write_atomic(path: str, text: str) -> None:
    """Write a cache file whole or not at all; a cache that cannot be written only costs time."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}")
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError:
        pass


def report(out: str, stamp: dict[str, Any], *, quiet: bool = False) -> int:
    """Print what a run answered from `stamp` prints: the spec's warnings (unless `quiet`),
    then the verdict."""
    for line in [] if quiet else stamp["warnings"]:
        print(line, file=sys.stderr)
    print(f"{out}: up to date (version {stamp['version']})")
    return 0


def answer(argv: list[str]) -> int | None:
    """Exit code of `generate`/`check` when the stamp shows `argv`'s tree is current; None when
    the command line needs the full program (another command, --version, help, a typo, or
    anything changed)."""
    if not argv or argv[0] not in ("generate", "check"):
        return None
    options = {"--webhooks": DEFAULT_WEBHOOKS, "--catalog": DEFAULT_CATALOG, "--out": DEFAULT_OUT}
    news: str | None = None
    quiet = False
    rest = argv[1:]
    while rest:
        if rest[0] in ("-q", "--quiet"):
            quiet, rest = True, rest[1:]
            continue
        name, equals, value = rest[0].partition("=")
        if name == "--news" and (equals or len(rest) > 1):
            news = value if equals else rest[1]
            rest = rest[1 if equals else 2 :]
            continue
        if name not in options or (not equals and len(rest) < 2):
            return None
        if not equals:
            value = rest[1]
        options[name] = value
        rest = rest[1 if equals else 2 :]
    if not options["--out"]:
        return None
    inputs = [options[name] for name in ("--webhooks", "--catalog") if options[name]]
    folder = news_beside(options["--out"]) if news is None else (news or None)
    stamp = read_stamp(inputs, options["--out"], folder)
    return None if stamp is None else report(display(options["--out"]), stamp, quiet=quiet)


def display(path: str) -> str:
    """A path as `pathlib` prints it (`./out/` -> `out`), so both paths print the same."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    text = "/".join(parts)
    return ("/" + text if path.startswith("/") else text) or "."
