"""Servers in child processes for load runs and tests: free ports, and uvicorn serving an app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"


def free_port() -> int:
    """A TCP port nothing listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@dataclass(frozen=True)
class Uvicorn:
    """A running uvicorn: its port, and its process id (the server itself with one worker)."""

    port: int
    pid: int


@contextmanager
def uvicorn_process(
    app: str,
    app_dir: Path,
    env: Mapping[str, str],
    workers: int = 1,
    *,
    package: Path = GENERATED,
    factory: bool = False,
    stderr: Path | None = None,
) -> Iterator[Uvicorn]:
    """`uvicorn module:app` in a subprocess on a free port, `package` (a generated output tree)
    importable; stopped at the end. `stderr` is a file for the server's log."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--app-dir", str(app_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning", "--no-access-log", *(["--factory"] if factory else [])]
    environment = {
        **os.environ,
        **env,
        "PYTHONPATH": os.pathsep.join([str(package), str(app_dir)]),
    }
    log = stderr.open("ab") if stderr is not None else None
    try:
        process = subprocess.Popen(command, env=environment, stderr=log)
        try:
            wait_for_port(port)
            yield Uvicorn(port, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)
    finally:
        if log is not None:
            log.close()
