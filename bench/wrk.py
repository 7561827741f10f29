"""Load benchmark with wrk: requests per second of four receivers, each under uvicorn (one
worker, default loop and HTTP implementation, access log off) on 127.0.0.1, loaded by wrk in its
own process with pre-signed deliveries, every one with its own webhook-id.

    python -m bench.wrk --package DIR [--duration 10] [--rounds 3] [--connections 64] [--threads 1]

The receivers (bench/receivers.py): `bare`, a plain ASGI app that reads the body and answers 200
(the server's limit); `ours`, `asgi_app` with its in-memory dedup store; `ours_redis`, `asgi_app`
with a RedisDedupStore on a redis-server started here; `openai_asgi`, openai-python's
`webhooks.unwrap` in a plain ASGI app. Each round runs each receiver on a fresh server (the order
rotates by round): a one-second warm-up, then the measured run, each with deliveries signed just
before it (fresh ids; bench/wrk_deliveries.lua). A run is refused when anything was answered
other than 2xx, a socket failed, or a receiver that deduplicates saw an id twice (wrk sent the
whole list and started again): its figure would not be the one this measures. The output is JSON:
requests/s per receiver per round, and each run's wrk summary.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .procs import ROOT
from .runtime import SECRET
from .servers import uvicorn_process

RECEIVERS = ("bare", "ours", "ours_redis", "openai_asgi")
# Receivers for which a repeated webhook-id is a different (cheaper) request: a dedup hit.
DEDUPLICATING = frozenset({"ours", "ours_redis"})
SCRIPT = Path(__file__).with_name("wrk_deliveries.lua")
WARM_UP_SECONDS = 1
# Deliveries signed per second of a run: above what a receiver that deduplicates serves here (a
# few thousand a second), so none of them wraps around; the others may, harmlessly.
DELIVERIES_PER_SECOND = 12_000


class WrkError(RuntimeError):
    """wrk is missing, failed, or its run cannot be used."""


def signed(count: int, prefix: str) -> list[tuple[dict[str, str], str]]:
    """`count` deliveries of response.completed, signed now, each with its own webhook-id and
    event id: (webhook-* headers, compact JSON body)."""
    import openai_webhooks as ow  # the generated package under test (on sys.path: main)

    now = int(time.time())
    found = []
    for index in range(count):
        event = {
            "id": f"evt_{prefix}_{index}",
            "object": "event",
            "created_at": now,
            "type": "response.completed",
            "data": {"id": f"resp_{index}"},
        }
        body = json.dumps(event)  # one line, no tab
        found.append(
            (ow.sign(body, SECRET, webhook_id=f"msg_{prefix}_{index}", timestamp=now), body)
        )
    return found


def deliveries(path: Path, count: int, prefix: str) -> None:
    """Write `signed` deliveries one a line (see the Lua script): webhook-id,
    webhook-timestamp, webhook-signature and body, tab-separated."""
    lines = [
        f"{headers['webhook-id']}\t{headers['webhook-timestamp']}\t"
        f"{headers['webhook-signature']}\t{body}\n"
        for headers, body in signed(count, prefix)
    ]
    path.write_text("".join(lines), encoding="utf-8")


def wrk(
    port: int, requests: Path, *, seconds: int, connections: int, threads: int
) -> dict[str, Any]:
    """One wrk run against 127.0.0.1:port: the summary the Lua script prints."""
    binary = shutil.which("wrk")
    if binary is None:
        raise WrkError("wrk is not installed: `make bench` installs it (apt-get install wrk)")
    command = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "10s", "-s", str(SCRIPT), f"http://127.0.0.1:{port}/"]
    command += ["--", str(requests), str(threads)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    results = [line for line in run.stdout.splitlines() if line.startswith("WRK_RESULT ")]
    if run.returncode != 0 or not results:
        raise WrkError(f"wrk failed (exit {run.returncode}): {(run.stderr or run.stdout)[-300:]}")
    summary: dict[str, Any] = json.loads(results[-1].removeprefix("WRK_RESULT "))
    summary["rate"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def _usable(receiver: str, summary: dict[str, Any]) -> None:
    """Raise when a run's figure would not measure what it claims."""
    errors = {
        key: summary[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
        if summary[key]
    }
    if errors:
        raise WrkError(f"{receiver}: wrk saw {errors} in {summary['requests']} requests")
    if receiver in DEDUPLICATING and summary["wraps"]:
        raise WrkError(
            f"{receiver}: wrk sent every delivery and started again ({summary['requests']}"
            " requests): raise DELIVERIES_PER_SECOND in bench/wrk.py"
        )


@contextmanager
def _redis(directory: Path) -> Iterator[str]:
    """A redis-server for the RedisDedupStore receiver (the tests' helper); its URL."""
    sys.path.insert(0, str(ROOT))
    from tests.servers import redis_server

    with redis_server(directory) as server:
        yield server.url


def measure(
    package: Path, *, seconds: int, rounds: int, connections: int, threads: int
) -> dict[str, Any]:
    """Requests/s of each receiver per round, and the wrk summary of every measured run."""
    sys.path.insert(0, str(package))  # for signing the deliveries
    rates: dict[str, list[float]] = {name: [] for name in RECEIVERS}
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as scratch:
        work = Path(scratch)
        with _redis(work) as redis_url:
            env = {"SECRET": SECRET, "REDIS_URL": redis_url}
            for round_ in range(rounds):
                order = RECEIVERS[round_ % len(RECEIVERS) :] + RECEIVERS[: round_ % len(RECEIVERS)]
                for name in order:
                    app = f"bench.receivers:{name}"
                    with uvicorn_process(app, ROOT, env, package=package, factory=True) as server:
                        for phase, length in (("warm", WARM_UP_SECONDS), ("run", seconds)):
                            requests = work / "deliveries.tsv"
                            count = max(length, 1) * DELIVERIES_PER_SECOND
                            deliveries(requests, count, f"{name}{round_}{phase}")
                            summary = wrk(
                                server.port,
                                requests,
                                seconds=length,
                                connections=connections,
                                threads=threads,
                            )
                            _usable(name, summary)
                    rates[name].append(summary["rate"])
                    runs.append({"receiver": name, "round": round_, **summary})
    return {
        "seconds": seconds,
        "connections": connections,
        "threads": threads,
        "rates": rates,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wrk", description=__doc__)
    parser.add_argument("--package", type=Path, required=True, help="a generated output tree")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    args = parser.parse_args(argv)
    try:
        result = measure(
            args.package,
            seconds=args.duration,
            rounds=args.rounds,
            connections=args.connections,
            threads=args.threads,
        )
    except RuntimeError as exc:  # WrkError, or no redis-server
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
