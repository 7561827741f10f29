"""Hand-off benchmark: how long a sender waits for its 2xx when the handler takes 200 ms, with
the handler run inline (`asgi_app(handler)`) or handed off to Celery (`asgi_app(...,
handoff=...)`, a real `celery worker` consuming from a real redis-server).

Run as a child process on a generated tree (`python -m bench.handoff --package DIR`): each
receiver is served by uvicorn on 127.0.0.1 (one worker), warmed up, then sent `--requests`
signed deliveries at `--concurrency`; the time to acknowledge is each request's time from
sending to its answer. The output is JSON: every request's seconds and the statuses seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import redis

from .procs import ROOT
from .runtime import SECRET
from .servers import celery_worker, uvicorn_process

RECEIVERS = ("inline", "handed_off")
WARM_UP = 64


def _deliveries(count: int, prefix: str) -> list[tuple[bytes, dict[str, str]]]:
    import openai_webhooks as ow

    signed = []
    for index in range(count):
        event = {
            "id": f"evt_{prefix}_{index}",
            "created_at": 1,
            "type": "response.completed",
            "data": {"id": f"resp_{index}"},
        }
        body = json.dumps(event).encode()
        signed.append((body, ow.sign(body, SECRET, webhook_id=f"msg_{prefix}_{index}")))
    return signed


async def _timed(
    port: int, deliveries: list[tuple[bytes, dict[str, str]]], concurrency: int
) -> list[tuple[float, int]]:
    """(seconds to the answer, status) of each delivery, `concurrency` in flight at once."""
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(body: bytes, headers: dict[str, str]) -> tuple[float, int]:
            async with semaphore:
                started = time.perf_counter()
                async with session.post(
                    f"http://127.0.0.1:{port}/", data=body, headers=headers
                ) as response:
                    await response.read()
                return time.perf_counter() - started, response.status

        return list(await asyncio.gather(*(one(b, h) for b, h in deliveries)))


def measure(package: Path, *, requests: int, concurrency: int) -> dict[str, Any]:
    """Seconds to acknowledge each delivery, per receiver."""
    sys.path.insert(0, str(package))  # for signing
    from tests.servers import redis_server  # a real redis-server (Debian's package)

    seconds: dict[str, list[float]] = {}
    statuses: dict[str, dict[int, int]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-handoff-") as scratch:
        with redis_server(Path(scratch)) as server:
            env = {
                "SECRET": SECRET,
                "BROKER_URL": server.url.replace("/0", "/1"),
                "STORE_URL": server.url,
            }
            store = redis.Redis.from_url(server.url)
            with celery_worker(
                "bench.handoff_apps",
                ROOT,
                env,
                ready=lambda: store.get("bench:worker-ready") is not None,
                package=package,
            ):
                for name in RECEIVERS:
                    app = f"bench.handoff_apps:{name}"
                    with uvicorn_process(app, ROOT, env, package=package, factory=True) as web:
                        warm = _deliveries(WARM_UP, f"{name}_warm")
                        asyncio.run(_timed(web.port, warm, concurrency))
                        timed = asyncio.run(
                            _timed(web.port, _deliveries(requests, name), concurrency)
                        )
                    seconds[name] = [t for t, _ in timed]
                    statuses[name] = dict(sorted(Counter(s for _, s in timed).items()))
    return {
        "requests": requests,
        "concurrency": concurrency,
        "seconds": seconds,
        "statuses": statuses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handoff", description=__doc__)
    parser.add_argument("--package", type=Path, required=True, help="a generated output tree")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)
    result = measure(args.package, requests=args.requests, concurrency=args.concurrency)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
