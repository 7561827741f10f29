"""Timed child processes: wall time and peak memory of one command, medians of several."""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Run:
    """One finished child: wall seconds, peak RSS in bytes (itself and its waited-for children)."""

    seconds: float
    max_rss: int
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    # CPU seconds in user and kernel mode, the child's and its waited-for children's (ruff,
    # the models workers): on two cores, wall time is bound by their sum over two.
    user: float = 0.0
    system: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """A one-line reason why the run failed."""
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        lines = [line for line in (self.stderr + self.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if ": error: " in line]
        reason = (errors or lines or ["no output"])[0 if errors else -1]
        reason = re.sub(r"(?:/[^/\s:]+)+/([^/\s:]+)(?=:\d)", r"\1", reason)  # file:line
        reason = re.sub(r" \(at /[^)]*\)$", "", reason)  # the JSON pointer
        return f"exit {self.returncode} after {self.seconds:.1f} s: {reason[:240]}"


def run(
    command: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Run:
    """Run `command` to completion; time it from spawn to reap, and read its rusage.

    Output goes to temporary files (no pipes to drain), and the child is reaped with os.wait4, so
    `ru_maxrss` is this child's peak (Linux also folds in the peaks of the children it waited
    for, such as ruff). On timeout the child's whole process group is killed.
    """
    environment = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in command],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer is not None:
                timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss * 1024,  # Linux reports KiB
            proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            timed_out.is_set(),
            usage.ru_utime,
            usage.ru_stime,
        )


@dataclass
class Series:
    """Several runs of one measurement; `median` is None when any run failed."""

    runs: list[Run] = field(default_factory=list)
    error: str | None = None

    @property
    def seconds(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float | None:
        if self.error is not None or not self.runs:
            return None
        return statistics.median(self.seconds)

    @property
    def max_rss(self) -> int:
        return max((r.max_rss for r in self.runs), default=0)

    @property
    def n(self) -> int:
        return len(self.runs)


def series(
    make: Callable[[int], tuple[Sequence[str | os.PathLike[str]], Mapping[str, str], Path]],
    *,
    repeats: int,
    budget: float | None = None,
    timeout: float | None = None,
    before: Callable[[int], None] | None = None,
) -> Series:
    """Run `make(i)`'s command up to `repeats` times (at least once), medians over the runs.

    `make(i)` returns (command, extra environment, working directory) for run i; `before(i)`
    prepares it untimed (an empty output directory, say). With a `budget` in seconds, no new run
    starts once the runs so far took that long: slow sizes get fewer repeats, never zero.
    """
    result = Series()
    spent = 0.0
    for i in range(repeats):
        if i and budget is not None and spent >= budget:
            break
        if before is not None:
            before(i)
        command, env, cwd = make(i)
        one = run(command, cwd=cwd, env=env, timeout=timeout)
        result.runs.append(one)
        spent += one.seconds
        if not one.ok:
            result.error = one.failure()
            break
    return result


def python() -> str:
    """The interpreter running the benchmarks (the project's venv under `make bench`)."""
    return sys.executable


def tool(name: str) -> str:
    """A console script installed beside this interpreter."""
    return str(BIN / name)
