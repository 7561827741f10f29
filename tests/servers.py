"""Real servers for tests: redis-server processes started and stopped (uvicorn: bench.servers)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port, wait_for_port


@dataclass(frozen=True)
class TLSFiles:
    """A certificate authority and a certificate for 127.0.0.1 it signed (PEM files)."""

    ca: Path
    certificate: Path
    key: Path


def tls_files(directory: Path) -> TLSFiles:
    """Make a throwaway CA and a server certificate for 127.0.0.1 with the openssl command."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    openssl("req", "-x509", *key, "-subj", "/CN=test CA", "-keyout", "ca.key", "-out", "ca.pem")
    openssl("req", *key, "-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr")
    (directory / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", "san.ext", "-out", "server.pem",
    )  # fmt: skip
    return TLSFiles(directory / "ca.pem", directory / "server.pem", directory / "server.key")


class RedisServer:
    """A redis-server on 127.0.0.1 with its data in a temporary directory (append-only file, so a
    restart keeps what was written). With `tls` (a `TLSFiles`), it speaks TLS only."""

    def __init__(
        self, directory: Path, tls: TLSFiles | None = None, options: tuple[str, ...] = ()
    ) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed: `make test` installs it (apt-get install redis-server)"
            )
        self.binary = binary
        self.directory = directory
        self.tls = tls
        self.port = free_port()
        self.options = options  # more redis-server options: a password, a socket
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "rediss" if self.tls is not None else "redis"
        return f"{scheme}://127.0.0.1:{self.port}/0"

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
        if self.tls is not None:
            command += ["--port", "0", "--tls-port", str(self.port), "--tls-auth-clients", "no"]
            command += ["--tls-cert-file", str(self.tls.certificate)]
            command += ["--tls-key-file", str(self.tls.key)]
            command += ["--tls-ca-cert-file", str(self.tls.ca)]
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
def redis_server(
    directory: Path, tls: TLSFiles | None = None, options: tuple[str, ...] = ()
) -> Iterator[RedisServer]:
    """A running RedisServer (`options`: more redis-server options), stopped at the end."""
    server = RedisServer(directory, tls, options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
