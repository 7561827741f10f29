"""Deduplication of deliveries by their ``webhook-id`` header.

Senders retry a delivery until they get a 2xx answer, so one message can arrive several times
(a timeout on the sender's side after the handler already ran, for example). The HTTP apps of
this package (`asgi_app`, `wsgi_app`) take a `DedupStore` and call its methods in this order:

1. `DedupStore.claim` once the signature is verified. It answers with a `Claim`:
   ``CLAIMED`` (handle it), ``DONE`` (handled before: the app answers 200 without calling the
   handler again) or ``IN_PROGRESS`` (another attempt holds it: the app answers 409, so the
   sender retries later, and an event whose first attempt then fails is not lost). A store may
   return a plain bool instead: True means ``CLAIMED``, False means ``DONE``.
2. `DedupStore.done` when the handler returned: the id stays claimed for the store's TTL.
3. `DedupStore.release` instead, when the handler raised: the app answers 500 and the sender's
   retry is handled as if it were the first delivery.

A store that cannot be reached raises `DedupStoreUnavailable` from `claim`: the app answers 503
and the sender retries later. Errors from `done` and `release` are logged and do not change the
answer (the handler has run, or has already failed).

`InMemoryDedupStore` serves one process. Several workers or hosts need a shared store:
`openai_webhooks.RedisDedupStore` (the ``redis`` extra) is one, and its source shows how to
write another (an atomic "set if absent" with an expiry is all it takes).

The ASGI app calls the store from the event loop: its methods must be quick (a round trip to a
nearby Redis is fine; anything slower belongs in a thread).
"""

from __future__ import annotations

import contextvars
import enum
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

__all__ = ["DedupStore", "DedupStoreUnavailable", "InMemoryDedupStore"]


class Claim(enum.Enum):
    """What `DedupStore.claim` found; only ``CLAIMED`` is truthy."""

    CLAIMED = "claimed"
    DONE = "done"
    IN_PROGRESS = "in_progress"

    def __bool__(self) -> bool:
        return self is Claim.CLAIMED


class DedupStoreUnavailable(Exception):
    """A store cannot be reached (Redis down, a timeout): raised by its methods.

    When `DedupStore.claim` raises it, the HTTP apps answer 503 without calling the handler,
    so the sender retries later; any other exception from `claim` is a 500.
    """


# The claims the current context made (one request: an asyncio task, or the thread of a WSGI
# server), by store and webhook id. A handler that runs past its claim's lifetime loses the claim
# to the sender's retry, maybe in this same process and store object; when it then ends, its
# `done`/`release` must not end the retry's claim. The apps call claim, then done or release, in
# one context, so the token the claim left here tells whose claim it was; the store knows which
# tokens lost their claim that way (`Holders`). The dict is replaced on each change, never
# mutated: a task started from this context must not see later claims. A context that claims
# and leaves the end to another (a caller's own threads) keeps at most _MAX_HELD tokens.
_HELD: contextvars.ContextVar[dict[tuple[object, str], int] | None] = contextvars.ContextVar(
    "openai_webhooks_held_claims", default=None
)
_MAX_HELD = 64
_TOKENS = itertools.count(1)  # one sequence for every store: a token names one claim


def new_token() -> int:
    """A token naming one claim (unique in this process, whatever the store)."""
    return next(_TOKENS)


def hold_claim(store_key: object, webhook_id: str, token: int) -> None:
    """Remember in the current context that it made claim `token` on `webhook_id`."""
    held = _HELD.get() or {}
    if len(held) >= _MAX_HELD:
        held = dict(list(held.items())[1 - _MAX_HELD :])
    _HELD.set({**held, (store_key, webhook_id): token})


def take_claim(store_key: object, webhook_id: str) -> int | None:
    """The token of the claim on `webhook_id` this context made (forgotten now), or None when
    it made none (the claim was made in another context)."""
    held = _HELD.get()
    key = (store_key, webhook_id)
    if not held or key not in held:
        return None
    _HELD.set({k: v for k, v in held.items() if k != key})
    return held[key]


class Ending(enum.Enum):
    """Which claim a done/release ends (`Holders.end`)."""

    OWN = "own"  # the caller's claim, still current
    TAKEN_OVER = "taken-over"  # the caller's claim expired and a retry holds the id now
    ANY = "any"  # no token, or a stale one: whatever claim the id has, as before tokens


class Holders:
    """Per store: the token of each id's claim not yet ended (`current`), and the tokens whose
    claim expired unended and went to a retry (`taken_over`). Each keeps at most `limit` ids,
    oldest dropped. Not locked: the store's lock covers every call."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.current: OrderedDict[str, int] = OrderedDict()
        self.taken_over: OrderedDict[str, int] = OrderedDict()

    def claimed(self, webhook_id: str, token: int) -> None:
        """`token` holds `webhook_id` now; a claim still current here expired unended."""
        earlier = self.current.pop(webhook_id, None)
        if earlier is not None:
            self._put(self.taken_over, webhook_id, earlier)
        self._put(self.current, webhook_id, token)

    def end(self, webhook_id: str, token: int | None) -> tuple[Ending, int | None]:
        """What a done/release with `token` ends, and the token of the claim it ends (for
        ANY: the id's current claim here, if any)."""
        if token is not None:
            if self.taken_over.get(webhook_id) == token:
                del self.taken_over[webhook_id]
                return Ending.TAKEN_OVER, token
            if self.current.get(webhook_id) == token:
                del self.current[webhook_id]
                return Ending.OWN, token
        return Ending.ANY, self.current.pop(webhook_id, None)

    def _put(self, entries: OrderedDict[str, int], webhook_id: str, token: int) -> None:
        entries.pop(webhook_id, None)
        entries[webhook_id] = token
        while len(entries) > self.limit:
            entries.popitem(last=False)


@runtime_checkable
class DedupStore(Protocol):
    """Where the HTTP apps record which ``webhook-id`` values they handle or have handled."""

    def claim(self, webhook_id: str) -> Claim | bool:
        """Atomically claim `webhook_id`, or say why not (`Claim.DONE`, `Claim.IN_PROGRESS`).

        Of several concurrent calls for one id, exactly one may return ``CLAIMED``.
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
        ttl: Seconds an id is remembered as handled after `done` (default 4 days, longer than
            OpenAI's 72 hours of retries; as `RedisDedupStore`).
        claim_ttl: Seconds a claim lasts while its handler runs (default 10 minutes, as
            `RedisDedupStore`; at most `ttl`): a handler that hangs holds its id this long, not
            `ttl`, after which the sender's retry is handled.
        max_entries: The most ids kept; when full, the oldest handled id is forgotten first (a
            claim in progress only when that many deliveries are in flight at once).
        clock: The time source, in seconds; ``time.monotonic`` by default (tests inject one).
    """

    def __init__(
        self,
        ttl: float = 86400 * 4,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
        claim_ttl: float = 600,
    ) -> None:
        for name, value in (("ttl", ttl), ("claim_ttl", claim_ttl)):
            # Compared, not converted: float() of a huge int raises OverflowError; NaN fails.
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 < value < 1e12
            ):
                raise ValueError(f"{name} must be a positive number of seconds, not {value!r:.40}")
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError(f"max_entries must be a positive int, not {max_entries!r:.40}")
        if not callable(clock):
            raise ValueError("clock must be callable")
        self._ttl = float(ttl)
        self._claim_ttl = min(float(claim_ttl), self._ttl)  # a claim never outlives `ttl`
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        # webhook id -> expiry time, oldest first, for ids being handled and ids handled: every
        # write moves its id to the end and each map's TTL is fixed, so the expired entries are
        # always at the front. Two maps so that a full store forgets a handled id before a claim in
        # progress (forgetting that would let a retry run beside the first delivery).
        self._claims: OrderedDict[str, float] = OrderedDict()
        self._done: OrderedDict[str, float] = OrderedDict()
        # Whose claim each id's is (see hold_claim), so a late end leaves a retry's claim.
        self._holders = Holders(max_entries)
        self._context_key = object()

    def claim(self, webhook_id: str) -> Claim:
        """Claim `webhook_id`, unless it is claimed (IN_PROGRESS) or done (DONE) and not expired."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._done.get(webhook_id, now) > now:
                return Claim.DONE
            if self._claims.get(webhook_id, now) > now:
                return Claim.IN_PROGRESS
            self._put(self._claims, webhook_id, now + self._claim_ttl)
            token = new_token()
            self._holders.claimed(webhook_id, token)
        hold_claim(self._context_key, webhook_id, token)
        return Claim.CLAIMED

    def done(self, webhook_id: str) -> None:
        """Remember `webhook_id` as handled for another `ttl` seconds from now (also when this
        context's claim had expired and a retry holds it now: the event was handled)."""
        token = take_claim(self._context_key, webhook_id)
        with self._lock:
            self._holders.end(webhook_id, token)
            self._put(self._done, webhook_id, self._clock() + self._ttl)

    def release(self, webhook_id: str) -> None:
        """Forget this context's claim on `webhook_id`, so that its next delivery is claimed
        again; a claim of this context that expired and was taken by a retry is left to the
        retry. Called without a claim from this context, forget `webhook_id` whatever holds
        it."""
        token = take_claim(self._context_key, webhook_id)
        with self._lock:
            ending, _ = self._holders.end(webhook_id, token)
            if ending is not Ending.TAKEN_OVER:
                self._claims.pop(webhook_id, None)
            if ending is Ending.ANY:
                self._done.pop(webhook_id, None)

    def _put(self, entries: OrderedDict[str, float], webhook_id: str, expiry: float) -> None:
        self._claims.pop(webhook_id, None)
        self._done.pop(webhook_id, None)
        while len(self._claims) + len(self._done) >= self._max_entries:
            # Handled ids first; claims only when max_entries deliveries are in flight at once.
            (self._done or self._claims).popitem(last=False)
        entries[webhook_id] = expiry

    def __len__(self) -> int:
        """How many ids are held, expired ones not yet swept included."""
        return len(self._claims) + len(self._done)

    def __contains__(self, webhook_id: object) -> bool:
        """Whether `webhook_id` is claimed or done and not expired."""
        if not isinstance(webhook_id, str):
            return False
        with self._lock:
            now = self._clock()
            return max(self._claims.get(webhook_id, now), self._done.get(webhook_id, now)) > now

    def _expire(self, now: float) -> None:
        """Drop the expired entries at the fronts (amortized O(1): each is dropped once)."""
        for entries in (self._claims, self._done):
            while entries:
                webhook_id, expiry = next(iter(entries.items()))
                if expiry > now:
                    break
                del entries[webhook_id]
