"""Write a rendered tree: into a temporary directory beside the output, then one swap.

A failed or killed run leaves the output directory exactly as it was: the new tree only
replaces the old one after it is complete, and on Linux the replacement is one atomic
renameat2(RENAME_EXCHANGE). Before anything is written, `output_dir` makes sure the swap can
only ever replace a generated tree (see there).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..fastpath.tree import read_tree

_RENAME_EXCHANGE = 2
# O_BINARY (Windows): without it os.write would turn "\n" into "\r\n".
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
_STAGING = ".{name}.staging-"
_RETIRED = ".{name}.retired-"
_MKDTEMP_SUFFIX = re.compile(r"[a-z0-9_]{8}")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


class OutputError(Exception):
    """The output directory given cannot be used: a usage error (exit 2), like a bad option.

    Also when its place cannot be written (a read-only or virtual file system): the user fixes
    that by naming another directory, not by editing a spec. `str()` is the one-line report,
    `path: error: what is wrong`.
    """

    def __init__(self, shown: Path | str, message: str) -> None:
        super().__init__(f"{shown}: error: {message}")


def output_dir(out: Path, *, marker: str, inputs: Iterable[Path] = (), replace: bool) -> Path:
    """The real path `out` names (a symlink resolved, so the swap replaces its target and the
    link stays), or OutputError when it cannot be a directory; nothing is created.

    With `replace` (generate) the directory is also refused when swapping in a new tree could
    lose anything: when it is not empty and holds no `marker` file (the generated manifest), so
    it is not a generated tree; when an input lies inside it; when it holds the working
    directory (the shell would be left in a deleted directory).
    """
    try:
        return _usable(out, Path(os.path.realpath(out)), marker, list(inputs), replace)
    except OSError as exc:
        raise OutputError(out, f"cannot use it as the output directory: {exc.strerror}") from None


def _usable(out: Path, real: Path, marker: str, inputs: list[Path], replace: bool) -> Path:
    # The nearest existing one of `out` and its parents, as the user wrote them. A symlink
    # that points nowhere counts as missing: its target is made, as `mkdir -p` would.
    for path in (out, *out.parents):
        if path.is_symlink() and not path.exists():
            try:
                os.stat(path)  # a loop raises ELOOP: reported as unusable
            except FileNotFoundError:
                pass  # dangling: its target is made, as below
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        kind = "a file" if existing.is_file() else "not a directory"
        if existing == out:
            raise OutputError(out, f"is {kind}; the output must be a directory")
        raise OutputError(out, f"cannot create this directory: {existing} is {kind}")
    if not replace:
        return real
    if real.is_dir() and any(real.iterdir()) and not (real / marker).is_file():
        raise OutputError(
            out,
            f"not empty and holds no {marker}, so it is not a generated tree; generate replaces "
            "the whole directory: name a new or empty one",
        )
    for path in inputs:
        # Where the input is, and where it is named from: a symlink inside goes with the tree.
        named = Path(os.path.abspath(path))
        if Path(os.path.realpath(path)).is_relative_to(real) or _inside(named, real):
            raise OutputError(
                out,
                f"holds the input {path}, which generate would delete with the old tree; "
                "keep the inputs outside the output directory",
            )
    if Path(os.path.realpath(os.getcwd())).is_relative_to(real):
        raise OutputError(
            out,
            "holds the working directory, which generate would replace under you; "
            "run from outside it",
        )
    return real


def _inside(path: Path, directory: Path) -> bool:
    """Whether `path` lies in `directory`, its folders resolved but not the name itself."""
    return Path(os.path.realpath(path.parent)).is_relative_to(directory)


@contextlib.contextmanager
def removing_parents(out: Path) -> Iterator[None]:
    """On leaving, remove again the missing parents of `out` that `stage` made meanwhile (the
    staging directory goes beside `out`), unless `out` is there by then (the swap put it)."""
    missing = [p for p in out.parents if not p.exists()]  # innermost first
    try:
        yield
    finally:
        if not out.exists():
            _remove_empty(missing)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders (innermost first) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def cleanup(out: Path) -> None:
    """Remove what an interrupted earlier run left beside `out`; restore `out` if it went missing."""
    parent = out.parent
    if not parent.is_dir():
        return
    retired = _ours(parent, _RETIRED.format(name=out.name))
    if not out.exists() and retired:
        # Killed between the two renames of the fallback swap: the old tree is the retired one.
        retired[-1].rename(out)
        retired = retired[:-1]
    for leftover in [*retired, *_ours(parent, _STAGING.format(name=out.name))]:
        shutil.rmtree(leftover, ignore_errors=True)


def _ours(parent: Path, prefix: str) -> list[Path]:
    """The directories in `parent` named `prefix` + a mkdtemp suffix (8 characters of its
    alphabet): only those can be a run's leftovers; a look-alike a user made is left alone."""
    return sorted(
        path
        for path in parent.glob(prefix + "*")
        if _MKDTEMP_SUFFIX.fullmatch(path.name[len(prefix) :]) and path.is_dir()
    )


class _Files:
    """Writes files under a fresh staging directory, refusing paths that leave it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # `root` is a fresh staging directory: it holds no symlinks, so a lexical check suffices
        # (a realpath per file is most of the cost of writing thousands of files).
        self._made: set[str] = set()

    def write(self, relative: str, text: str) -> None:
        clean = os.path.normpath(relative)
        if os.path.isabs(clean) or clean == os.curdir or clean.split(os.sep)[0] == os.pardir:
            raise ValueError(f"refusing to write outside the output directory: {relative!r}")
        folder = os.path.dirname(clean)
        if folder and folder not in self._made:
            os.makedirs(self.root / folder, exist_ok=True)
            self._made.add(folder)
        # os.open/os.write: Path.write_bytes goes through io.open's buffering setup (fstat,
        # isatty, lseek), which costs several times the write itself over thousands of files.
        data = memoryview(text.encode("utf-8"))
        fd = os.open(self.root / clean, _WRITE_FLAGS, 0o666)
        try:
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)


def write_files(root: Path, files: Iterable[tuple[str, str]]) -> list[str]:
    """Write `files` ((relative path, text) pairs) under `root`, refusing paths that leave it;
    returns the paths written."""
    writer = _Files(root)
    written: list[str] = []
    for relative, text in files:
        writer.write(relative, text)
        written.append(relative)
    return written


def _python_roots(paths: Iterable[str]) -> list[str]:
    """The top-level folders and files that hold the `.py` files among `paths`."""
    return sorted({path.split("/", 1)[0] for path in paths if path.endswith(".py")})


class _Background:
    """A call run in a thread: a subprocess waited on, or file writes (the GIL is released in
    both), while the caller renders. `wait` re-raises what the call raised."""

    def __init__(self, call: Callable[[], None]) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call: Callable[[], None]) -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by wait()
            self._error = exc

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error

    def wait_quietly(self) -> None:
        """Wait, ignoring what the call raised (the caller is already failing)."""
        self._thread.join()


def _write_behind(root: Path, files: Iterable[tuple[str, str]]) -> None:
    """Write `files` as they are produced: the producer (rendering) runs here, the writes in a
    thread. Creating thousands of files is mostly kernel time, which then overlaps rendering."""
    pending: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
    writer = _Files(root)

    def drain() -> None:
        while (item := pending.get()) is not None:
            writer.write(*item)

    background = _Background(drain)
    try:
        for item in files:
            pending.put(item)
    finally:
        pending.put(None)
        background.wait()


@dataclass(frozen=True)
class Staged:
    """A complete new tree, staged beside the output: the directory, and every file in it
    (relative path -> bytes, as read back after the format pass)."""

    directory: Path
    files: dict[str, bytes]


def stage(
    out: Path,
    code: Iterable[tuple[str, str]],
    rest: Iterable[tuple[str, str]],
    finish: Callable[[Path, Sequence[str]], None],
    late: Mapping[str, Callable[[], str]],
    last: Mapping[str, Callable[[Mapping[str, bytes]], str]],
) -> Staged:
    """A complete new tree in a staging directory beside `out`, made in steps that overlap:
    the `code` files are written and `finish` (the format pass, given paths) starts in the
    background on the top-level folders and files holding their `.py` files (not the whole
    tree: ruff 0.16+ formats Markdown too, and would reach the docs by the timing of their
    writes); meanwhile the `rest`, which it does not format, are produced and written; then the
    `late` files, whose text may be in the making until then, are written and finished alone;
    last the `last` files, whose text depends on all the others (given as read back, relative
    path -> bytes), are written."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=out.name), dir=out.parent))
    except OSError as exc:  # a read-only or virtual file system, no permission
        raise OutputError(out, f"cannot create the output there: {exc.strerror}") from None
    finishing: _Background | None = None
    try:
        roots = _python_roots(write_files(staging, code))
        if roots:
            finishing = _Background(lambda: finish(staging, roots))
        _write_behind(staging, rest)
        if finishing is not None:
            finishing.wait()
        write_files(staging, [(path, text()) for path, text in late.items()])
        finish(staging, list(late))
        tree = read_tree(staging)  # the one read back: the caller compares it with the old tree
        final = [(path, text(tree)) for path, text in last.items()]
        write_files(staging, final)
        tree.update((path, text.encode("utf-8")) for path, text in final)
        _open_up(staging)
    except BaseException:
        if finishing is not None:
            finishing.wait_quietly()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Staged(directory=staging, files=tree)


def _open_up(staging: Path) -> None:
    """Give the finished staging directory the mode `mkdir` gives (the umask's), not mkdtemp's
    0700, which kept others out while it was written but would leave the output unreadable."""
    probe = staging / ".mode-probe"
    probe.mkdir()
    mode = probe.stat().st_mode & 0o777
    probe.rmdir()
    staging.chmod(mode)


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` in one step, then delete the old tree. An OSError means
    nothing was replaced; an old tree that cannot be deleted is left to the next `cleanup`."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old tree
        return
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=out.name), dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
