"""Issue 8.6: the ASGI app under uvicorn takes 5,000 signed requests at concurrency 64, a mix of
first deliveries, retries of them and bad requests (bench/traffic.py), with a dedup store smaller
than the number of events, so that it evicts while it is checked."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from bench.servers import uvicorn_process
from bench.traffic import BAD_BODY, BAD_SIGNATURE, VALID, Delivery, mixed_load, send_all

SECRET = "whsec_" + "bG9hZC10ZXN0LXNlY3JldC1sb2FkLXRlc3Qtc2VjcmV0"
REQUESTS = 5000
CONCURRENCY = 64
# Sent in chunks, the 409s of each retried after it (as a sender retries soon): a retry that came
# after more than STORE_SIZE other events would find its id evicted, and be handled again.
CHUNK = 500
STORE_SIZE = 1000  # about a third of the distinct events: the store is full and evicting
# Growth allowed over the second half of the load (2,500 requests), once the store is full: a
# leak of 4 KiB a request would exceed it.
RSS_GROWTH_LIMIT = 10 * 2**20


def _rss(pid: int) -> int:
    """Resident memory of a process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def _requests(deliveries: list[Delivery]) -> list[tuple[bytes, dict[str, str]]]:
    return [(d.body, d.headers) for d in deliveries]


def _expected(delivery: Delivery) -> set[int]:
    """The statuses the app documents for a delivery of this kind."""
    if delivery.kind in BAD_SIGNATURE:
        return {401}
    if delivery.kind in BAD_BODY:
        return {400}
    # Handled, or handled before: 200; its twin still being handled: 409, retried later.
    return {200, 409}


def _retry_conflicts(port: int, sent: list[Delivery], answers: list[int]) -> None:
    """Re-send what got 409 (its twin was being handled) until it gets 200, as a sender does."""
    pending = [d for d, status in zip(sent, answers, strict=True) if status == 409]
    for _ in range(5):
        if not pending:
            return
        again = send_all(port, _requests(pending), 8)
        pending = [d for d, status in zip(pending, again, strict=True) if status != 200]
    raise AssertionError(f"{len(pending)} deliveries never acknowledged: {pending[:3]}")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_load_handles_every_event_once_and_refuses_every_bad_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deliveries = mixed_load(REQUESTS, SECRET, seed=86)
    effects = tmp_path / "effects.txt"
    log = tmp_path / "server.log"
    env = {"SECRET": SECRET, "EFFECTS": str(effects), "STORE_SIZE": str(STORE_SIZE)}
    tests = Path(__file__).parent
    statuses: list[int] = []
    elapsed = 0.0
    rss: list[int] = []
    with uvicorn_process("load_receiver:app", tests, env, stderr=log) as server:
        for start in range(0, REQUESTS, CHUNK):
            chunk = deliveries[start : start + CHUNK]
            began = time.perf_counter()
            answers = send_all(server.port, _requests(chunk), CONCURRENCY)
            elapsed += time.perf_counter() - began
            statuses += answers
            _retry_conflicts(server.port, chunk, answers)
            rss.append(_rss(server.pid))
    rss_half, rss_end = rss[len(rss) // 2 - 1], rss[-1]

    wrong = Counter(
        (d.kind, status)
        for d, status in zip(deliveries, statuses, strict=True)
        if status not in _expected(d)
    )
    assert not wrong, wrong
    twins = Counter(d.webhook_id for d in deliveries if d.kind in VALID)
    conflicts = [d for d, s in zip(deliveries, statuses, strict=True) if s == 409]
    assert all(twins[d.webhook_id] > 1 for d in conflicts), "409 for an id sent once"

    handled = [line.split() for line in effects.read_text().splitlines()]
    counts = Counter(event_id for event_id, _ in handled)
    assert set(counts) == {d.event_id for d in deliveries if d.kind == "event"}
    assert set(counts.values()) == {1}, [e for e, n in counts.items() if n > 1][:10]
    sizes = [int(size) for _, size in handled]
    assert max(sizes) == STORE_SIZE  # full, so it evicted: the bound is the one being checked

    assert rss_end - rss_half < RSS_GROWTH_LIMIT, (rss_half, rss_end)
    # Each 401 and 400 logs its reason (the package's logger, WARNING); nothing else is logged.
    lines = log.read_text().splitlines()
    for status in (401, 400):
        prefix = f"refused a webhook delivery ({status}): "
        assert sum(line.startswith(prefix) for line in lines) == statuses.count(status)
    assert len(lines) == statuses.count(401) + statuses.count(400), lines[-20:]
    with capsys.disabled():
        print(
            f"\n[load] {REQUESTS / elapsed:.0f} requests/s: {REQUESTS:,} requests at concurrency"
            f" {CONCURRENCY}, {len(counts):,} events, {len(conflicts)} conflicts (409) retried;"
            f" server RSS {rss_half / 2**20:.0f} -> {rss_end / 2**20:.0f} MiB over the second half"
        )
