"""Servers in child processes for load runs and tests: free ports, uvicorn serving an app, and a
Celery worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
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


@contextmanager
def celery_worker(
    app: str,
    app_dir: Path,
    env: Mapping[str, str],
    ready: Callable[[], bool],
    *,
    concurrency: int = 2,
    package: Path = GENERATED,
    log: Path | None = None,
    timeout: float = 30.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """`celery -A app worker` (prefork, `concurrency` children, on 127.0.0.1's broker from
    `env`) in a subprocess, `package` and `app_dir` importable; running once `ready()` is true
    (the app says so, e.g. from Celery's ``worker_ready`` signal). Stopped at the end: a warm
    shutdown (SIGTERM), SIGKILL after 20 s, and any child left behind killed."""
    command = [sys.executable, "-m", "celery", "-A", app, "worker", "--pool", "prefork"]
    command += ["--concurrency", str(concurrency), "--loglevel", "WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["--hostname", f"bench-{os.getpid()}@127.0.0.1"]
    environment = {
        **os.environ,
        **env,
        "PYTHONPATH": os.pathsep.join([str(package), str(app_dir)]),
    }
    log_file = log.open("ab") if log is not None else None
    try:
        out = log_file if log_file is not None else subprocess.DEVNULL
        worker = subprocess.Popen(command, cwd=app_dir, env=environment, stdout=out, stderr=out)
    finally:
        if log_file is not None:
            log_file.close()  # the worker has its own copy
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if worker.poll() is not None:
                raise RuntimeError(f"celery worker exited with {worker.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"celery worker not ready after {timeout}s")
            time.sleep(0.05)
        yield worker
    finally:
        children = child_processes(worker.pid)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        for child in children + child_processes(worker.pid):
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass  # ended with its parent, as it should


def child_processes(pid: int) -> list[int]:
    """The ids of the processes whose parent is `pid` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found
