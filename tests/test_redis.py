"""RedisDedupStore on a real redis-server, and the receiver scaled out over several workers."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai_webhooks as ow
import pytest
import redis

from bench.servers import free_port, uvicorn_process
from bench.traffic import send_all
from tests.dedup_scenarios import check_late_ends
from tests.servers import RedisServer, redis_server

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as running:
        yield running


@pytest.fixture()
def client(server: RedisServer) -> redis.Redis:
    connection = redis.Redis.from_url(server.url)
    connection.flushdb()
    return connection


def test_claim_done_release_semantics(server: RedisServer, client: redis.Redis) -> None:
    store = ow.RedisDedupStore(url=server.url)
    other = ow.RedisDedupStore(url=server.url)  # another worker
    assert store.claim("a") is ow.Claim.CLAIMED
    assert other.claim("a") is ow.Claim.IN_PROGRESS
    store.done("a")
    assert other.claim("a") is ow.Claim.DONE
    assert client.ttl("openai-webhooks:dedup:a") > 3 * 86400  # kept past OpenAI's 72 h of retries
    assert store.claim("b") is ow.Claim.CLAIMED
    store.release("b")
    assert other.claim("b") is ow.Claim.CLAIMED  # the retry is handled


def test_claim_of_a_crashed_worker_expires(server: RedisServer, client: redis.Redis) -> None:
    crashed = ow.RedisDedupStore(url=server.url, claim_ttl=1)
    survivor = ow.RedisDedupStore(url=server.url, claim_ttl=1)
    assert crashed.claim("x") is ow.Claim.CLAIMED  # ...and the worker dies: no done, no release
    assert survivor.claim("x") is ow.Claim.IN_PROGRESS
    time.sleep(1.2)
    assert survivor.claim("x") is ow.Claim.CLAIMED
    # The crashed worker's late release must not drop the survivor's claim.
    crashed.release("x")
    assert crashed.claim("x") is ow.Claim.IN_PROGRESS


def test_a_late_release_in_the_same_process_leaves_the_retrys_claim(server: RedisServer) -> None:
    """One worker, one store: the late ends every store must get right (tests/dedup_scenarios)."""
    check_late_ends(ow.RedisDedupStore(url=server.url, claim_ttl=1), lambda: time.sleep(1.2))


def test_unreachable_redis_raises_unavailable_and_the_app_answers_503() -> None:
    store = ow.RedisDedupStore(url=f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
    with pytest.raises(ow.DedupStoreUnavailable):
        store.claim("a")
    called: list[str] = []

    class Handler(ow.WebhookHandler):
        def on_unknown(self, event: ow.UnknownWebhookEvent) -> None:
            called.append(event.id)

    app = ow.asgi_app(Handler(), secret=SECRET, dedup=store)
    body = json.dumps({"id": "evt_1", "created_at": 1, "type": "x.y", "data": {}}).encode()
    transport = httpx.ASGITransport(app=app)

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.post("/", content=body, headers=ow.sign(body, SECRET))

    response = asyncio.run(send())
    assert response.status_code == 503 and called == []


APP = """
import os

import openai_webhooks as ow
import redis

effects = redis.Redis.from_url(os.environ["REDIS_URL"])


class Handler(ow.WebhookHandler):
    def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        # The handler's effect, counted in Redis itself: must end at exactly 1 per event.
        effects.hincrby("effects", event.id, 1)


store = ow.RedisDedupStore(url=os.environ["REDIS_URL"], claim_ttl=int(os.environ["CLAIM_TTL"]), timeout=1.0)
app = ow.asgi_app(Handler(), secret=os.environ["SECRET"], dedup=store)
"""


def _deliveries(count: int, repeat: float, rng: random.Random) -> list[tuple[str, bytes]]:
    """(webhook-id, body) pairs; `repeat` of them re-send an earlier delivery, as retries do."""
    unique = int(count * (1 - repeat))
    first = []
    for index in range(unique):
        body = {
            "id": f"evt_{index}",
            "created_at": 1,
            "type": "response.completed",
            "data": {"id": f"resp_{index}"},
        }
        first.append((f"msg_{index}", json.dumps(body).encode()))
    repeats = [first[rng.randrange(unique)] for _ in range(count - unique)]
    deliveries = first + repeats
    rng.shuffle(deliveries)
    return deliveries


def _send_all(port: int, deliveries: list[tuple[str, bytes]], concurrency: int) -> list[int]:
    """POST every (webhook-id, body), signed, `concurrency` at a time; the statuses in order."""
    signed = [
        (body, ow.sign(body, SECRET, webhook_id=webhook_id)) for webhook_id, body in deliveries
    ]
    return send_all(port, signed, concurrency)


def _load(tmp_path: Path, server: RedisServer, client: redis.Redis, workers: int) -> float:
    (tmp_path / "receiver.py").write_text(APP)
    env = {"REDIS_URL": server.url, "SECRET": SECRET, "CLAIM_TTL": "30"}
    deliveries = _deliveries(5000, 0.2, random.Random(workers))
    with uvicorn_process("receiver:app", tmp_path, env, workers=workers) as served:
        started = time.perf_counter()
        statuses = _send_all(served.port, deliveries, concurrency=64)
        elapsed = time.perf_counter() - started
    # Every delivery is acknowledged (a concurrent repeat may see 409 and be retried: do so).
    pending = [d for d, status in zip(deliveries, statuses, strict=True) if status != 200]
    assert set(Counter(statuses)) <= {200, 409}, Counter(statuses)
    if pending:
        with uvicorn_process("receiver:app", tmp_path, env, workers=workers) as served:
            assert set(_send_all(served.port, pending, concurrency=8)) == {200}
    effects = {k.decode(): int(v) for k, v in client.hgetall("effects").items()}
    unique_events = {json.loads(body)["id"] for _, body in deliveries}
    assert effects.keys() == unique_events
    assert set(effects.values()) == {1}, "an event's effect happened twice"
    return len(deliveries) / elapsed


@pytest.mark.parametrize("workers", [1, 3])
def test_workers_sharing_redis_handle_each_event_exactly_once(
    workers: int,
    tmp_path: Path,
    server: RedisServer,
    client: redis.Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rate = _load(tmp_path, server, client, workers)
    with capsys.disabled():
        print(
            f"\n[redis load] {workers} worker(s): {rate:.0f} requests/s, 5,000 requests, 20% repeated ids"
        )


def test_redis_stopped_mid_run_gives_503_and_no_lost_or_doubled_event(
    tmp_path: Path, server: RedisServer, client: redis.Redis
) -> None:
    (tmp_path / "receiver.py").write_text(APP)
    env = {"REDIS_URL": server.url, "SECRET": SECRET, "CLAIM_TTL": "2"}
    deliveries = _deliveries(1200, 0.0, random.Random(3))
    statuses: dict[str, int] = {}
    with uvicorn_process("receiver:app", tmp_path, env, workers=2) as served:
        first, second, third = deliveries[:400], deliveries[400:800], deliveries[800:]
        statuses.update(zip([i for i, _ in first], _send_all(served.port, first, 16), strict=True))
        server.stop()
        statuses.update(
            zip([i for i, _ in second], _send_all(served.port, second, 16), strict=True)
        )
        server.start()  # same port and data directory: what was written is still there
        statuses.update(zip([i for i, _ in third], _send_all(served.port, third, 16), strict=True))
        assert set(statuses.values()) <= {200, 409, 500, 503}
        assert list(statuses.values()).count(503) >= 300, Counter(statuses.values())
        # The sender retries every delivery that was not acknowledged, until all are.
        for _ in range(20):
            pending = [d for d in deliveries if statuses[d[0]] != 200]
            if not pending:
                break
            time.sleep(0.5)
            statuses.update(
                zip([i for i, _ in pending], _send_all(served.port, pending, 8), strict=True)
            )
    assert set(statuses.values()) == {200}
    effects = {
        k.decode(): int(v) for k, v in redis.Redis.from_url(server.url).hgetall("effects").items()
    }
    assert len(effects) == len(deliveries), "an event was lost"
    assert set(effects.values()) == {1}, "an event's effect happened twice"
