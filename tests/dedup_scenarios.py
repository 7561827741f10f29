"""Late ends of lapsed leases: what every dedup store must do (tests/test_http_apps.py runs it
on InMemoryDedupStore, tests/test_redis.py on RedisDedupStore), on its sync and async faces."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import openai_webhooks as ow


def _lease(found: ow.Lease | ow.Claim) -> ow.Lease:
    assert isinstance(found, ow.Lease), found
    return found


def check_late_ends(store: ow.DedupStore, expire: Callable[[], None]) -> None:
    """A handler hangs past its lease (`expire` lets it lapse); the sender's retry claims the
    id in this same process and store; then the hung handler ends."""
    # The hung handler fails at last: its release must not end the retry's lease (a third
    # delivery would run beside the retry), nor can it renew.
    hung = _lease(store.claim("late"))
    expire()
    retry = _lease(store.claim("late"))
    assert not store.renew(hung)
    store.release(hung)
    assert store.claim("late") is ow.Claim.IN_PROGRESS  # the retry's lease stands
    assert store.renew(retry)
    store.done(retry)
    assert store.claim("late") is ow.Claim.DONE
    # The hung handler succeeds late instead, and the retry fails: handled is handled.
    hung = _lease(store.claim("late-done"))
    expire()
    retry = _lease(store.claim("late-done"))
    store.done(hung)
    store.release(retry)
    assert store.claim("late-done") is ow.Claim.DONE


def check_async_face(store: ow.AsyncDedupStore) -> None:
    """The async face follows the same rules, and shares its state with the sync face."""
    sync: ow.DedupStore = store  # type: ignore[assignment]

    async def main() -> None:
        lease = _lease(await store.aclaim("async"))
        assert sync.claim("async") is ow.Claim.IN_PROGRESS
        assert await store.aclaim("async") is ow.Claim.IN_PROGRESS
        assert await store.arenew(lease)
        await store.adone(lease)
        assert sync.claim("async") is ow.Claim.DONE
        other = _lease(await store.aclaim("async-2"))
        await store.arelease(other)
        assert not await store.arenew(other)
        _lease(sync.claim("async-2"))

    asyncio.run(main())
