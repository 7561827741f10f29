"""RedisDedupStore on a real redis-server, and the receiver scaled out over several workers."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai_webhooks as ow
import pytest
import redis

from bench.servers import free_port, uvicorn_process
from bench.traffic import send_all
from tests.dedup_scenarios import check_async_face, check_late_ends
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


def _lease(found: ow.Lease | ow.Claim) -> ow.Lease:
    assert isinstance(found, ow.Lease), found
    return found


def test_claim_done_release_semantics(server: RedisServer, client: redis.Redis) -> None:
    store = ow.RedisDedupStore(url=server.url)
    other = ow.RedisDedupStore(url=server.url)  # another worker
    a = _lease(store.claim("a"))
    assert other.claim("a") is ow.Claim.IN_PROGRESS
    assert 29_000 < client.pttl("openai-webhooks:dedup:a") <= 30_000  # a 30 s lease
    store.done(a)
    assert other.claim("a") is ow.Claim.DONE
    assert client.ttl("openai-webhooks:dedup:a") > 3 * 86400  # kept past OpenAI's 72 h of retries
    b = _lease(store.claim("b"))
    store.release(b)
    _lease(other.claim("b"))  # the retry is handled


def test_renewal_keeps_a_lease_and_a_dead_worker_frees_it(
    server: RedisServer, client: redis.Redis
) -> None:
    crashed = ow.RedisDedupStore(url=server.url, lease=0.5)
    survivor = ow.RedisDedupStore(url=server.url, lease=0.5)
    alive = _lease(survivor.claim("kept"))
    dead = _lease(crashed.claim("x"))  # ...and the worker dies: no renewal, no end
    for _ in range(6):  # 1.2 s: more than two leases
        time.sleep(0.2)
        assert survivor.renew(alive)
    assert crashed.claim("kept") is ow.Claim.IN_PROGRESS
    retry = _lease(survivor.claim("x"))
    # The crashed worker's late release must not drop the survivor's lease.
    crashed.release(dead)
    assert not crashed.renew(dead)
    assert crashed.claim("x") is ow.Claim.IN_PROGRESS
    survivor.done(retry)


def test_late_ends_and_the_async_face(server: RedisServer) -> None:
    """One worker, one store: the late ends every store must get right (tests/dedup_scenarios)."""
    check_late_ends(ow.RedisDedupStore(url=server.url, lease=0.3), lambda: time.sleep(0.4))
    check_async_face(ow.RedisDedupStore(url=server.url))
    # A sync client serves the async face through a thread; an async client the async face only.
    check_async_face(ow.RedisDedupStore(redis.Redis.from_url(server.url), prefix="other:"))
    only_async = ow.RedisDedupStore(redis.asyncio.Redis.from_url(server.url))
    with pytest.raises(TypeError, match="sync"):
        only_async.claim("x")

    class AsyncOnly:
        lease = 30.0

        async def aclaim(self, webhook_id: str) -> ow.Lease | ow.Claim:
            return ow.Lease(webhook_id, "t")

        async def arenew(self, lease: ow.Lease) -> bool:
            return True

        async def adone(self, lease: ow.Lease) -> None:
            pass

        async def arelease(self, lease: ow.Lease) -> None:
            pass

    ow.asgi_app(ow.WebhookHandler(), secret=SECRET, dedup=AsyncOnly())
    with pytest.raises(TypeError, match="async one"):
        ow.wsgi_app(ow.WebhookHandler(), secret=SECRET, dedup=AsyncOnly())


def _frozen_claim_reply_is_lost(server: RedisServer, claim: Callable[[], object]) -> None:
    """Freeze Redis while a claim is in flight: the client gives up, Redis runs the SET later."""
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        with pytest.raises(ow.DedupStoreUnavailable):
            claim()
    finally:
        os.kill(server.process.pid, signal.SIGCONT)


def test_a_claim_whose_reply_was_lost_is_cleaned_up_when_redis_answers(
    server: RedisServer, client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partition: the SET NX ran after the client timed out. Without cleanup the sender's
    retry would get 409 for a whole lease; the store deletes its own orphan (compare-and-
    delete on its token) on its next call that gets through."""
    from openai_webhooks import redis_dedup

    # The background sweep (tested below) a minute away: this is about the next call's own.
    monkeypatch.setattr(redis_dedup, "_FIRST_SWEEP", 60.0)
    store = ow.RedisDedupStore(url=server.url, timeout=0.3)
    store.claim("warm")  # connected, and the script loaded: the freeze catches the claim itself
    _frozen_claim_reply_is_lost(server, lambda: store.claim("lost"))
    deadline = time.monotonic() + 5
    while client.get("openai-webhooks:dedup:lost") is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client.get("openai-webhooks:dedup:lost") is not None  # the orphan claim
    _lease(store.claim("lost"))  # swept first, so the retry gets it at once

    async def on_the_async_face() -> None:
        astore = ow.RedisDedupStore(url=server.url, timeout=0.3)
        await astore.aclaim("warm-async")  # the loop's connection exists before the freeze

        async def claim() -> object:
            return await astore.aclaim("lost-async")

        assert server.process is not None
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            with pytest.raises(ow.DedupStoreUnavailable):
                await claim()
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        _lease(await astore.aclaim("lost-async"))

    asyncio.run(on_the_async_face())


class _GatedSweeps:
    """The background sweeps find nothing to delete until the test has seen the orphan claim
    appear, so they cannot delete it unseen (no timing window); the store's own state is
    untouched."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from openai_webhooks import redis_dedup

        self.seen = threading.Event()
        pending = redis_dedup._Orphans.pending

        def gated(orphans: Any) -> list[ow.Lease]:
            return pending(orphans) if self.seen.is_set() else []

        monkeypatch.setattr(redis_dedup._Orphans, "pending", gated)

    def watch(self, client: redis.Redis, key: str) -> float:
        """Seconds from the orphan `key` showing up to its deletion (inf: not within 10 s)."""
        try:
            deadline = time.monotonic() + 10
            while client.get(key) is None:
                assert time.monotonic() < deadline, "Redis never ran the lost claim"
                time.sleep(0.01)
        finally:
            self.seen.set()
        seen = time.monotonic()
        while client.get(key) is not None:
            if time.monotonic() - seen > 10:
                return float("inf")
            time.sleep(0.02)
        return time.monotonic() - seen


def test_a_lost_claim_is_swept_once_redis_answers_without_another_call(
    server: RedisServer, client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that lost a claim's reply and gets no other delivery still deletes the orphan as
    soon as Redis answers: the sender's retry may reach another worker, which cannot tell an
    orphan from a live claim and would answer 409 for up to a lease (30 s here)."""
    gated = _GatedSweeps(monkeypatch)
    store = ow.RedisDedupStore(url=server.url, timeout=0.3, lease=30)
    store.claim("warm")
    _frozen_claim_reply_is_lost(server, lambda: store.claim("quiet"))
    assert gated.watch(client, "openai-webhooks:dedup:quiet") < 5
    _lease(ow.RedisDedupStore(url=server.url).claim("quiet"))  # another worker's retry

    async def on_the_async_face() -> float:
        gated.seen.clear()  # (the async face's own sweep task is gated the same way)
        astore = ow.RedisDedupStore(url=server.url, timeout=0.3, lease=30)
        await astore.aclaim("warm-async")
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            with pytest.raises(ow.DedupStoreUnavailable):
                await astore.aclaim("quiet-async")
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        # No more calls of the store: the loop runs only its background sweep.
        return await asyncio.to_thread(gated.watch, client, "openai-webhooks:dedup:quiet-async")

    assert asyncio.run(on_the_async_face()) < 5


def test_a_request_sweeping_during_the_partition_does_not_end_the_background_sweep(
    server: RedisServer, client: redis.Redis
) -> None:
    """While Redis is frozen, a request's own sweep fails on the orphan; the background sweep
    that ticks meanwhile must not take the orphan for gone and stop."""
    store = ow.RedisDedupStore(url=server.url, timeout=1.0, lease=30)
    store.claim("warm")
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        with pytest.raises(ow.DedupStoreUnavailable):
            store.claim("orphan")  # lost at 1 s; the first background sweep at 1.25 s
        with pytest.raises(ow.DedupStoreUnavailable):
            store.claim("next")  # sweeps first, in vain until 2 s: the background tick meets it
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    deadline = time.monotonic() + 8
    while client.get("openai-webhooks:dedup:orphan") is not None:
        assert time.monotonic() < deadline, "the orphan outlived the background sweep"
        time.sleep(0.05)


def test_an_orphan_whose_set_lands_after_the_first_sweep_is_still_deleted(
    server: RedisServer, client: redis.Redis
) -> None:
    """After a real partition the timed-out connection's SET can reach Redis after a sweep found
    no key (the kernel goes on sending it). The orphan is kept for a lease, not forgotten at the
    first delete that found nothing. (White-box: the late SET is written by the test.)"""
    from openai_webhooks import redis_dedup

    store = ow.RedisDedupStore(url=server.url, timeout=0.3, lease=30)
    store.claim("warm")
    late = ow.Lease("late", "token-of-a-lost-claim")
    store._orphans.add(late)
    store._sweep_soon()
    time.sleep(redis_dedup._FIRST_SWEEP + 0.5)  # the first sweep found no key
    assert store._orphans  # and kept the orphan
    client.set("openai-webhooks:dedup:late", late.token, px=30_000)  # the SET lands now
    deadline = time.monotonic() + 8
    while client.get("openai-webhooks:dedup:late") is not None:
        assert time.monotonic() < deadline, "the late SET held the id"
        time.sleep(0.05)


def test_a_claim_deletes_its_own_ids_orphans_and_probes_with_one_other() -> None:
    """A request never walks the whole list of orphans (a long partition can leave thousands):
    those of its own id, or the oldest one alone as a probe."""
    from openai_webhooks import redis_dedup

    orphans = redis_dedup._Orphans(lease=30)
    assert orphans.for_request("a") == []
    leases = [ow.Lease(f"id{n % 100}", f"token{n}") for n in range(1000)]
    for lease in leases:
        orphans.add(lease)
    assert orphans.for_request("id7") == [lease for lease in leases if lease.webhook_id == "id7"]
    assert orphans.for_request("elsewhere") == [leases[0]]
    orphans.found(leases[0], 1)  # deleted: forgotten
    orphans.found(leases[1], -1)  # absent: kept, its SET may land later
    assert orphans.for_request("elsewhere") == [leases[1]]


def test_a_claim_retried_by_the_client_after_its_set_ran_is_ours() -> None:
    """redis-py retries a timed-out call by default: the retry of a claim whose first attempt
    ran finds our own token, and that is our lease, not someone else's claim in progress."""
    from openai_webhooks import redis_dedup

    lease = ow.Lease("id", "our-token")
    assert redis_dedup._outcome(b"our-token", lease) is lease
    assert redis_dedup._outcome(b"claimed", lease) is lease
    assert redis_dedup._outcome(b"another-token", lease) is ow.Claim.IN_PROGRESS
    assert redis_dedup._outcome(b"done", lease) is ow.Claim.DONE


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


store = ow.RedisDedupStore(url=os.environ["REDIS_URL"], lease=float(os.environ["LEASE"]), timeout=1.0)
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
    env = {"REDIS_URL": server.url, "SECRET": SECRET, "LEASE": "30"}
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
    env = {"REDIS_URL": server.url, "SECRET": SECRET, "LEASE": "2"}
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


def test_handle_once_sync_renews_the_lease_while_the_handler_runs(server: RedisServer) -> None:
    """The sync face (WSGI, task queues): a background thread renews the lease of a handler
    running three leases; a failure releases it; a repeat is not run."""
    store = ow.RedisDedupStore(url=server.url, lease=0.3, prefix="sync-renew:")
    other = ow.RedisDedupStore(url=server.url, lease=0.3, prefix="sync-renew:")
    seen: list[object] = []

    def long_handler() -> None:
        for _ in range(10):  # 1 s: more than three leases
            time.sleep(0.1)
            seen.append(other.claim("long"))

    assert ow.handle_once_sync(store, "long", long_handler) is None
    assert set(seen) == {ow.Claim.IN_PROGRESS}
    assert ow.handle_once_sync(other, "long", long_handler) is ow.Claim.DONE

    def failing() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        ow.handle_once_sync(store, "failed", failing)
    ran: list[str] = []
    assert ow.handle_once_sync(other, "failed", lambda: ran.append("retry")) is None
    assert ran == ["retry"]
