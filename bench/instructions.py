"""The server's work per request, counted rather than timed: each receiver of bench/receivers.py
served by uvicorn's own HTTP/1.1 protocol (h11, the default) in this process, on a transport that
only counts what it is given, so no socket, no load generator and no other process is involved.

    python -m bench.instructions --package DIR [--requests 2000] [--receivers bare,ours,openai_asgi]
    python -m bench.instructions --package DIR --cachegrind [--requests 2000]

Without --cachegrind: the process CPU time per request (noisy, as any timing on a shared machine).
With it: the run is repeated under valgrind's cachegrind (Debian package `valgrind`) serving
`requests` and three times as many deliveries, both runs signing the same number, so the
difference is the serving alone: per request, instructions executed, first-level instruction and
data cache misses and last-level misses (the last level simulated as a 512 KiB second-level cache
per core, as on the bench machine; the shared L3 holds everything here). The same code always
gives the same counts, so a change to the package shows up even where wrk's rounds vary by 10%.

`cycles (model)` weighs them as a core spends time on them, roughly: one per instruction, 12 per
first-level miss (served by L2) and 40 per last-level miss (served by L3). It is a model, not a
measurement; its ratios have followed wrk's within a few hundredths, a little above them.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .procs import ROOT
from .runtime import SECRET
from .wrk import signed

RECEIVERS = ("bare", "ours", "ours_unwrap", "openai_asgi")
CONNECTIONS = 64
CACHES = ("--I1=32768,8,64", "--D1=32768,8,64", "--LL=524288,8,64")
# Cycles a miss costs, roughly (see the docstring).
L1_MISS_CYCLES = 12
LL_MISS_CYCLES = 40


class _CountingTransport(asyncio.Transport):
    """What uvicorn's protocol writes to: counts the writes, keeps nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.answers = 0
        self.refusals = 0  # answers other than 2xx
        self.closing = False

    def write(self, data: Any) -> None:
        if bytes(data[:9]) == b"HTTP/1.1 ":  # a response's head (its body may follow apart)
            self.answers += 1
            self.refusals += bytes(data[9:10]) != b"2"

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        extra = {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}
        return extra.get(name, default)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def requests(count: int, prefix: str) -> list[bytes]:
    """`count` HTTP/1.1 requests of the deliveries wrk sends (bench/wrk.py's `signed`)."""
    raw = []
    for headers, body in signed(count, prefix):
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        raw.append(
            (
                "POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: application/json\r\n"
                f"{head}Content-Length: {len(body)}\r\n\r\n{body}"
            ).encode()
        )
    return raw


async def serve(receiver: str, deliveries: list[bytes]) -> float:
    """Serve `deliveries` to `receiver` through uvicorn's h11 protocol, CONNECTIONS at a time on
    keep-alive connections; the process CPU seconds it took. Raises when one went unanswered or
    was answered other than 2xx (its figure would not be the one this measures)."""
    from uvicorn.config import Config
    from uvicorn.protocols.http.h11_impl import H11Protocol
    from uvicorn.server import ServerState

    from . import receivers

    os.environ.setdefault("SECRET", SECRET)
    app = getattr(receivers, receiver)()
    config = Config(app=app, access_log=False, log_level="warning", lifespan="off")
    config.load()
    state = ServerState()
    connections = []
    for _ in range(CONNECTIONS):
        protocol = H11Protocol(config=config, server_state=state, app_state={})
        transport = _CountingTransport()
        protocol.connection_made(transport)
        connections.append((protocol, transport))
    started = time.process_time()
    for first in range(0, len(deliveries), CONNECTIONS):
        for (protocol, _), request in zip(
            connections, deliveries[first : first + CONNECTIONS], strict=False
        ):
            protocol.data_received(request)
        while state.tasks:  # each request's task, until it answered
            await asyncio.sleep(0)
    elapsed = time.process_time() - started
    answered = sum(transport.answers for _, transport in connections)
    refused = sum(transport.refusals for _, transport in connections)
    for protocol, _ in connections:
        protocol.connection_lost(None)
    if answered != len(deliveries) or refused:
        raise RuntimeError(
            f"{receiver}: {answered} of {len(deliveries)} deliveries answered, {refused} not 2xx"
        )
    return elapsed


def _cachegrind(
    package: Path, receiver: str, served: int, signed: int, out: Path
) -> dict[str, int]:
    """One run under cachegrind: its totals (Ir, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw)."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=yes", *CACHES]
    command += [f"--cachegrind-out-file={out}", sys.executable, "-m", "bench.instructions"]
    command += ["--package", str(package), "--receivers", receiver, "--requests", str(served)]
    command += ["--sign", str(signed), "--quiet"]
    # A fixed hash seed: string hashes decide dict layouts, and with them some of the counts.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(f"cachegrind run of {receiver} failed: {run.stderr[-500:]}")
    text = out.read_text()
    events = re.search(r"^events: (.+)$", text, re.M)
    totals = re.search(r"^summary: (.+)$", text, re.M)
    if events is None or totals is None:
        raise RuntimeError(f"no summary in {out}")
    return dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=True))


def counted(package: Path, receivers: list[str], served: int) -> dict[str, dict[str, float]]:
    """Per request and receiver: instructions, cache misses and the modelled cycles."""
    if shutil.which("valgrind") is None:
        raise RuntimeError("valgrind is not installed (apt-get install valgrind)")
    result = {}
    with tempfile.TemporaryDirectory(prefix="bench-cachegrind-") as scratch:
        for receiver in receivers:
            # The two runs side by side (two cores; each is one process).
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                small, large = (
                    future.result()
                    for future in [
                        pool.submit(
                            _cachegrind, package, receiver, n, 3 * served, Path(scratch) / f"{n}"
                        )
                        for n in (served, 3 * served)
                    ]
                )
            per = {key: (large[key] - small[key]) / (2 * served) for key in small}
            l1 = per["I1mr"] + per["D1mr"] + per["D1mw"]
            last = per["ILmr"] + per["DLmr"] + per["DLmw"]
            result[receiver] = {
                "instructions": per["Ir"],
                "l1_misses": l1,
                "ll_misses": last,
                "cycles_model": per["Ir"] + L1_MISS_CYCLES * l1 + LL_MISS_CYCLES * last,
            }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--package", type=Path, required=True, help="a generated output tree")
    parser.add_argument("--receivers", default=",".join(RECEIVERS))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--cachegrind", action="store_true", help="count under valgrind")
    parser.add_argument("--sign", type=int, help=argparse.SUPPRESS)  # deliveries to sign
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.package))
    names = args.receivers.split(",")
    unknown = sorted(set(names) - set(RECEIVERS))
    if unknown:
        parser.error(f"unknown receivers {unknown}; choose from {', '.join(RECEIVERS)}")
    try:
        if args.cachegrind:
            counts = counted(args.package, names, args.requests)
            base = counts.get("bare", {}).get("cycles_model")
            for name, row in counts.items():
                ratio = f"  bare / this {base / row['cycles_model']:.3f}" if base else ""
                print(
                    f"{name:12s} instructions {row['instructions']:9.0f}  L1 misses"
                    f" {row['l1_misses']:6.0f}  LL misses {row['ll_misses']:5.0f}  cycles"
                    f" (model) {row['cycles_model']:9.0f}{ratio}"
                )
            return 0
        for name in names:
            deliveries = requests(args.sign or args.requests, name)[: args.requests]
            seconds = asyncio.run(serve(name, deliveries))
            if not args.quiet:
                print(f"{name:12s} {seconds / args.requests * 1e6:7.1f} us of CPU per request")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
