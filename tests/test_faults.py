"""The receiver under concurrency and real faults, served by uvicorn on a real redis-server.

Faults are real: a frozen Redis is a redis-server stopped with SIGSTOP (what a network
partition looks like from the client: connections open, no answer), a dead worker is a uvicorn
process killed with SIGKILL mid-handler. Every handler's effect is counted in a second Redis
that stays up, so "exactly once" is checked where the effects land.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
import redis

from bench.servers import uvicorn_process
from tests.senders import Answer, deliver, post
from tests.servers import RedisServer, redis_server

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

APP = """
import os
import time

import openai_webhooks as ow
import redis

effects = redis.Redis.from_url(os.environ["EFFECTS_URL"])
SLEEP = float(os.environ.get("SLEEP", "0"))


class Handler(ow.WebhookHandler):
    def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        # A sync handler, as most are: it runs in the app's thread pool.
        effects.rpush("started", event.id)
        time.sleep(SLEEP)
        effects.hincrby("effects", event.id, 1)  # must end at exactly 1 per event


dedup = None
if os.environ.get("DEDUP_URL"):
    dedup = ow.RedisDedupStore(
        url=os.environ["DEDUP_URL"], lease=float(os.environ["LEASE"]), timeout=1.0
    )
app = ow.asgi_app(Handler(), secret=os.environ["SECRET"], dedup=dedup)
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RedisServer, RedisServer]]:
    """The dedup Redis (frozen by some tests) and the effects Redis (always up)."""
    with redis_server(tmp_path_factory.mktemp("dedup")) as dedup:
        with redis_server(tmp_path_factory.mktemp("effects")) as effects:
            yield dedup, effects


@pytest.fixture()
def effects(servers: tuple[RedisServer, RedisServer]) -> redis.Redis:
    for server in servers:
        redis.Redis.from_url(server.url).flushdb()
    return redis.Redis.from_url(servers[1].url)


def _body(index: int) -> bytes:
    event = {
        "id": f"evt_{index}",
        "created_at": 1,
        "type": "response.completed",
        "data": {"id": f"resp_{index}"},
    }
    return json.dumps(event).encode()


def _env(servers: tuple[RedisServer, RedisServer], **extra: str) -> dict[str, str]:
    return {"SECRET": SECRET, "EFFECTS_URL": servers[1].url, **extra}


async def _post(
    session: aiohttp.ClientSession, port: int, webhook_id: str, body: bytes, path: str = "/"
) -> Answer:
    return await post(session, port, webhook_id, body, SECRET, path)


async def _deliver(
    session: aiohttp.ClientSession,
    port: int,
    webhook_id: str,
    body: bytes,
    answers: list[Answer],
    retry_every: float = 1.0,
) -> None:
    await deliver(session, port, webhook_id, body, answers, SECRET, retry_every)


def _effects(client: redis.Redis) -> dict[str, int]:
    return {k.decode(): int(v) for k, v in client.hgetall("effects").items()}


def test_slow_sync_handler_calls_overlap(
    tmp_path: Path,
    servers: tuple[RedisServer, RedisServer],
    effects: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """10 concurrent deliveries to a sync handler blocking 0.5 s: on the event loop they would
    take 5 s; in the app's thread pool about 0.5 s."""
    (tmp_path / "receiver.py").write_text(APP)

    async def run(port: int) -> float:
        answers: list[Answer] = []
        async with aiohttp.ClientSession() as session:
            started = time.monotonic()
            await asyncio.gather(
                *(_deliver(session, port, f"msg_{i}", _body(i), answers) for i in range(10))
            )
            elapsed = time.monotonic() - started
        assert [a.status for a in answers] == [200] * 10
        return elapsed

    with uvicorn_process("receiver:app", tmp_path, _env(servers, SLEEP="0.5")) as served:
        asyncio.run(run(served.port))  # warm up: imports, the pool's first threads
        effects.flushdb()
        elapsed = asyncio.run(run(served.port))
    assert set(_effects(effects).values()) == {1} and len(_effects(effects)) == 10
    with capsys.disabled():
        print(f"\n[threads] 10 concurrent deliveries, handler blocking 0.5 s: {elapsed:.2f} s")
    assert elapsed < 2.5, elapsed


def test_partition_of_the_dedup_redis_loses_and_doubles_nothing(
    tmp_path: Path,
    servers: tuple[RedisServer, RedisServer],
    effects: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Three workers, 1,500 events at concurrency 32, 20% of them sent twice at once; the dedup
    Redis frozen for 3 s mid-run; the sender retries every non-2xx once a second."""
    (tmp_path / "receiver.py").write_text(APP)
    dedup, _ = servers
    assert dedup.process is not None
    timeout = 1.0  # the store's, in APP
    env = _env(servers, DEDUP_URL=dedup.url, LEASE="5")
    events = 1500
    twice = set(range(0, events, 5))  # 20%
    window: list[float] = []

    async def partition() -> None:
        await asyncio.sleep(1.0)
        window.append(time.monotonic())
        os.kill(dedup.process.pid, signal.SIGSTOP)  # type: ignore[union-attr]
        try:
            await asyncio.sleep(3.0)
        finally:
            os.kill(dedup.process.pid, signal.SIGCONT)  # type: ignore[union-attr]
            window.append(time.monotonic())

    async def run(port: int) -> list[Answer]:
        answers: list[Answer] = []
        semaphore = asyncio.Semaphore(32)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:

            async def one(index: int) -> None:
                async with semaphore:
                    copies = 2 if index in twice else 1
                    await asyncio.gather(
                        *(
                            _deliver(session, port, f"msg_{index}", _body(index), answers)
                            for _ in range(copies)
                        )
                    )

            await asyncio.gather(partition(), *(one(i) for i in range(events)))
        return answers

    with uvicorn_process("receiver:app", tmp_path, env, workers=3) as served:
        answers = asyncio.run(run(served.port))
    stopped, resumed = window
    done = {a.webhook_id: a.started + a.took for a in answers if a.status == 200}
    assert len(done) == events
    counted = _effects(effects)
    assert len(counted) == events, "an event was lost"
    assert set(counted.values()) == {1}, "an event's effect happened twice"
    last = max(done.values())
    assert last - resumed < 60
    during = [a for a in answers if stopped <= a.started <= resumed]
    slowest = max(a.took for a in during)
    statuses = Counter(a.status for a in answers)
    with capsys.disabled():
        print(
            f"\n[partition] {len(answers)} answers {dict(statuses)}; {len(during)} during the"
            f" 3 s freeze, slowest {slowest:.2f} s; every event done {last - resumed:.1f} s"
            " after it"
        )
    assert slowest <= timeout + 1.0, slowest
    assert statuses[503] > 0  # the partition was felt


def test_a_worker_killed_mid_handler_frees_its_event_within_two_leases(
    tmp_path: Path,
    servers: tuple[RedisServer, RedisServer],
    effects: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Worker A takes the delivery and is SIGKILLed mid-handler (before the effect); the
    sender's retries go to worker B: 409 while A's lease stands, then handled, exactly once."""
    (tmp_path / "receiver.py").write_text(APP)
    lease = 2.0
    env = _env(servers, DEDUP_URL=servers[0].url, LEASE=str(lease))
    body = _body(7)
    with (
        uvicorn_process("receiver:app", tmp_path, {**env, "SLEEP": "60"}) as doomed,
        uvicorn_process("receiver:app", tmp_path, env) as survivor,
    ):

        async def run() -> tuple[float, list[Answer]]:
            answers: list[Answer] = []
            async with aiohttp.ClientSession() as session:
                first = asyncio.ensure_future(
                    _deliver(session, doomed.port, "msg_7", body, answers, retry_every=3600)
                )
                while not effects.lrange("started", 0, -1):  # A's handler runs
                    await asyncio.sleep(0.02)
                os.kill(doomed.pid, signal.SIGKILL)
                killed = time.monotonic()
                await asyncio.sleep(0.1)
                first.cancel()
                await _deliver(session, survivor.port, "msg_7", body, answers, retry_every=0.25)
            return killed, answers

        killed, answers = asyncio.run(run())
    handled = answers[-1].started + answers[-1].took - killed
    assert answers[-1].status == 200
    assert {a.status for a in answers[:-1]} <= {0, 409}
    assert _effects(effects) == {"evt_7": 1}
    with capsys.disabled():
        print(f"\n[kill] retry handled {handled:.2f} s after the SIGKILL (lease {lease:g} s)")
    assert handled <= 2 * lease, handled


def test_a_handler_running_three_leases_keeps_its_claim(
    tmp_path: Path, servers: tuple[RedisServer, RedisServer], effects: redis.Redis
) -> None:
    """Renewals keep the lease of a handler that runs 3.5 leases: retries meanwhile, on
    another worker, are refused (409) and nothing runs twice."""
    (tmp_path / "receiver.py").write_text(APP)
    env = _env(servers, DEDUP_URL=servers[0].url, LEASE="1", SLEEP="3.5")
    body = _body(9)
    with (
        uvicorn_process("receiver:app", tmp_path, env) as first,
        uvicorn_process("receiver:app", tmp_path, env) as second,
    ):

        async def run() -> list[Answer]:
            answers: list[Answer] = []
            retries: list[Answer] = []
            async with aiohttp.ClientSession() as session:
                slow = asyncio.ensure_future(_deliver(session, first.port, "msg_9", body, answers))
                while not effects.lrange("started", 0, -1):
                    await asyncio.sleep(0.02)
                while not slow.done():
                    retries.append(await _post(session, second.port, "msg_9", body))
                    await asyncio.sleep(0.3)
            return answers + retries

        answers = asyncio.run(run())
    assert answers[0].status == 200 and answers[0].took >= 3.5
    refused = [a.status for a in answers[1:]]
    assert refused.count(409) >= 8 and set(refused) <= {409, 200}, refused
    assert all(
        a.started >= answers[0].started + answers[0].took - 0.5
        for a in answers[1:]
        if a.status == 200
    )
    assert _effects(effects) == {"evt_9": 1}
