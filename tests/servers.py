"""Real servers for tests: redis-server processes started and stopped (uvicorn: bench.servers)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.servers import free_port, wait_for_port


class RedisServer:
    """A redis-server on 127.0.0.1 with its data in a temporary directory (append-only file, so a
    restart keeps what was written)."""

    def __init__(self, directory: Path, options: tuple[str, ...] = ()) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed: `make test` installs it (apt-get install redis-server)"
            )
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.options = options  # more redis-server options: a password, a socket, TLS
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "yes",
            # A graceful stop (SIGTERM) flushes the file; fsync per write would cap the load tests.
            "--appendfsync",
            "everysec",
            *self.options,
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def redis_server(directory: Path, options: tuple[str, ...] = ()) -> Iterator[RedisServer]:
    """A running RedisServer (`options`: more redis-server options), stopped at the end."""
    server = RedisServer(directory, options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
