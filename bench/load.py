"""Load benchmark: the same signed traffic (bench/traffic.py) against our `asgi_app` and a minimal
Starlette endpoint around openai-python's `webhooks.unwrap` (bench/receivers.py), each under
uvicorn on 127.0.0.1 with the same settings, one worker.

Run as a child process on a generated tree (`python -m bench.load --package DIR`): every round
sends one fresh load to a fresh server of each receiver (alternating which goes first), checks
the answers, and the output is JSON: wall seconds per round and the statuses seen.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .procs import ROOT
from .runtime import SECRET
from .servers import uvicorn_process
from .traffic import BAD_BODY, BAD_SIGNATURE, VALID, Delivery, mixed_load, send_all

RECEIVERS = ("ours", "starlette_openai")

# The answers each receiver must give, by kind; a kind left out is not checked (openai-python
# accepts a signed JSON object without a type, our parser refuses it).
EXPECTED: dict[str, dict[frozenset[str], set[int]]] = {
    "ours": {VALID: {200, 409}, BAD_SIGNATURE: {401}, BAD_BODY: {400}},
    "starlette_openai": {VALID: {200}, BAD_SIGNATURE: {400}, frozenset({"malformed"}): {400}},
}


def _check(receiver: str, deliveries: list[Delivery], statuses: list[int]) -> None:
    """Exit when a receiver answered a delivery wrongly: the timing would not mean much."""
    for kinds, allowed in EXPECTED[receiver].items():
        wrong = Counter(
            (d.kind, status)
            for d, status in zip(deliveries, statuses, strict=True)
            if d.kind in kinds and status not in allowed
        )
        if wrong:
            raise SystemExit(f"{receiver} answered wrongly (kind, status: count): {dict(wrong)}")


def measure(package: Path, *, requests: int, concurrency: int, rounds: int) -> dict[str, Any]:
    """Wall seconds of each receiver taking the load, per round, and the statuses it gave."""
    sys.path.insert(0, str(package))  # for mixed_load's signing
    seconds: dict[str, list[float]] = {name: [] for name in RECEIVERS}
    statuses: dict[str, Counter[int]] = {name: Counter() for name in RECEIVERS}
    for round_ in range(rounds):
        deliveries = mixed_load(requests, SECRET, seed=round_)
        signed = [(d.body, d.headers) for d in deliveries]
        order = RECEIVERS if round_ % 2 == 0 else RECEIVERS[::-1]
        for name in order:
            app = f"bench.receivers:{name}"
            env = {"SECRET": SECRET}
            with uvicorn_process(app, ROOT, env, package=package, factory=True) as server:
                started = time.perf_counter()
                answers = send_all(server.port, signed, concurrency)
                seconds[name].append(time.perf_counter() - started)
            _check(name, deliveries, answers)
            statuses[name].update(answers)
    return {
        "requests": requests,
        "concurrency": concurrency,
        "seconds": seconds,
        "statuses": {name: dict(sorted(counts.items())) for name, counts in statuses.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--package", type=Path, required=True, help="a generated output tree")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(
        args.package, requests=args.requests, concurrency=args.concurrency, rounds=args.rounds
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
