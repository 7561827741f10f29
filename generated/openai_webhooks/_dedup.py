"""Deduplication of deliveries by their ``webhook-id`` header.

Senders retry a delivery until they get a 2xx answer, so one message can arrive several times
(a timeout on the sender's side after the handler already ran, for example). The HTTP apps of
this package (`asgi_app`, `wsgi_app`) take a `DedupStore` and call its methods in this order:

1. `DedupStore.claim` once the signature is verified. False means the id is being handled or
   was handled: the app answers 200 without calling the handler again.
2. `DedupStore.done` when the handler returned: the id stays claimed for the store's TTL.
3. `DedupStore.release` instead, when the handler raised: the app answers 500 and the sender's
   retry is handled as if it were the first delivery.

A store that cannot be reached raises `DedupStoreUnavailable` from `claim`: the app answers 503
and the sender retries later. Errors from `done` and `release` are logged and do not change the
answer (the handler has run, or has already failed).

`InMemoryDedupStore` serves one process. Several processes or hosts need a shared store; one
backed by Redis takes a few lines (``SET NX EX`` is the atomic claim)::

    import redis
    from openai_webhooks._dedup import DedupStoreUnavailable

    class RedisDedupStore:
        def __init__(self, client: redis.Redis, ttl: int = 3 * 86400, claim_ttl: int = 600):
            self.client, self.ttl, self.claim_ttl = client, ttl, claim_ttl

        def claim(self, webhook_id: str) -> bool:
            # claim_ttl bounds how long a crashed process can hold a claim.
            key = "openai-webhook:" + webhook_id
            try:
                return bool(self.client.set(key, "claimed", nx=True, ex=self.claim_ttl))
            except redis.RedisError as exc:
                raise DedupStoreUnavailable(str(exc)) from exc

        def done(self, webhook_id: str) -> None:
            self.client.set("openai-webhook:" + webhook_id, "done", ex=self.ttl)

        def release(self, webhook_id: str) -> None:
            self.client.delete("openai-webhook:" + webhook_id)

The ASGI app calls the store from the event loop: its methods must be quick (a round trip to a
nearby Redis is fine; anything slower belongs in a thread).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

__all__ = ["DedupStore", "DedupStoreUnavailable", "InMemoryDedupStore"]


class DedupStoreUnavailable(Exception):
    """A store cannot be reached (Redis down, a timeout): raised by its methods.

    When `DedupStore.claim` raises it, the HTTP apps answer 503 without calling the handler,
    so the sender retries later; any other exception from `claim` is a 500.
    """


@runtime_checkable
class DedupStore(Protocol):
    """Where the HTTP apps record which ``webhook-id`` values they handle or have handled."""

    def claim(self, webhook_id: str) -> bool:
        """Atomically claim `webhook_id`; False if it is already claimed or done.

        Of several concurrent calls for one id, exactly one may return True.
        """
        ...

    def done(self, webhook_id: str) -> None:
        """The delivery of `webhook_id` was handled: keep it claimed for the store's TTL."""
        ...

    def release(self, webhook_id: str) -> None:
        """The handler of `webhook_id` failed: forget the claim so that a retry is handled."""
        ...


class InMemoryDedupStore:
    """A `DedupStore` for one process: thread-safe, bounded in memory, O(1) per call.

    Args:
        ttl: Seconds an id stays claimed after `claim` or `done` (default three days, longer
            than the senders' retry schedule).
        max_entries: The most ids kept; when full, a new claim evicts the oldest entry.
        clock: The time source, in seconds; ``time.monotonic`` by default (tests inject one).
    """

    def __init__(
        self,
        ttl: float = 86400 * 3,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (
            isinstance(ttl, bool)
            or not isinstance(ttl, (int, float))
            or not math.isfinite(ttl)
            or ttl <= 0
        ):
            raise ValueError(f"ttl must be a positive number of seconds, not {ttl!r:.40}")
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError(f"max_entries must be a positive int, not {max_entries!r:.40}")
        if not callable(clock):
            raise ValueError("clock must be callable")
        self._ttl = float(ttl)
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        # webhook id -> expiry time, oldest first: every write moves its id to the end and the
        # TTL is fixed, so the expired entries are always at the front.
        self._expiries: OrderedDict[str, float] = OrderedDict()

    def claim(self, webhook_id: str) -> bool:
        """Claim `webhook_id`; False if it is claimed or done and not expired."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            expiry = self._expiries.get(webhook_id)
            if expiry is not None and expiry > now:
                return False
            self._expiries.pop(webhook_id, None)
            while len(self._expiries) >= self._max_entries:
                self._expiries.popitem(last=False)
            self._expiries[webhook_id] = now + self._ttl
            return True

    def done(self, webhook_id: str) -> None:
        """Keep `webhook_id` claimed for another `ttl` seconds from now."""
        with self._lock:
            now = self._clock()
            self._expiries.pop(webhook_id, None)
            while len(self._expiries) >= self._max_entries:
                self._expiries.popitem(last=False)
            self._expiries[webhook_id] = now + self._ttl

    def release(self, webhook_id: str) -> None:
        """Forget `webhook_id`, so that its next delivery is claimed again."""
        with self._lock:
            self._expiries.pop(webhook_id, None)

    def __len__(self) -> int:
        """How many ids are held, expired ones not yet swept included."""
        return len(self._expiries)

    def __contains__(self, webhook_id: object) -> bool:
        """Whether `webhook_id` is claimed or done and not expired."""
        with self._lock:
            expiry = self._expiries.get(webhook_id) if isinstance(webhook_id, str) else None
            return expiry is not None and expiry > self._clock()

    def _expire(self, now: float) -> None:
        """Drop the expired entries at the front (amortized O(1): each is dropped once)."""
        expiries = self._expiries
        while expiries:
            webhook_id, expiry = next(iter(expiries.items()))
            if expiry > now:
                break
            del expiries[webhook_id]
