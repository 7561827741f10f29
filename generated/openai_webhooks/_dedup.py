"""Deduplication of deliveries by their ``webhook-id`` header, with short renewed leases.

Senders retry a delivery until they get a 2xx answer, so one message can arrive several times
(a timeout on the sender's side after the handler already ran, for example). The HTTP apps of
this package (`asgi_app`, `wsgi_app`) take a `DedupStore` and use it in this order:

1. `DedupStore.claim` once the signature is verified. It answers with a `Lease` (handle it) or a
   `Claim`: ``DONE`` (handled before: the app answers 200 without calling the handler again) or
   ``IN_PROGRESS`` (another attempt holds it: the app answers 409, so the sender retries later,
   and an event whose first attempt then fails is not lost).
2. While the handler runs, `DedupStore.renew` every third of `DedupStore.lease` seconds keeps
   the lease. A handler may run as long as it needs; a worker that dies stops renewing, and its
   event is free for the sender's retry within one lease.
3. `DedupStore.done` when the handler returned: the id is remembered as handled for the store's
   ``ttl`` (also when the lease was lost meanwhile: the event was handled).
4. `DedupStore.release` instead, when the handler raised: the app answers 500 and the sender's
   retry is handled as if it were the first delivery. Only the caller's own lease is released
   (compare-and-delete on its token), never a lease a retry took after this one was lost.

A store that cannot be reached raises `DedupStoreUnavailable` from `claim`: the app answers 503
and the sender retries later. Errors from `renew`, `done` and `release` are logged and do not
change the answer (the handler has run, or has already failed).

Every store has a sync face (above, for WSGI servers, Celery workers and your own sync code) and
may have an async face (`AsyncDedupStore`: ``aclaim``, ``arenew``, ``adone``, ``arelease``),
which `asgi_app` prefers; a store with only the sync face is called in the app's thread pool, so
a slow store never blocks the event loop.

`InMemoryDedupStore` serves one process. Several workers or hosts need a shared store:
`openai_webhooks.RedisDedupStore` (the ``redis`` extra) is one, and its source shows how to
write another (an atomic "set if absent" with an expiry, and compare-and-set on a token, is all
it takes).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import heapq
import itertools
import logging
import os
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from typing import Protocol, runtime_checkable

from ._dispatch import Offload

__all__ = [
    "AsyncDedupStore",
    "Claim",
    "DedupStore",
    "DedupStoreUnavailable",
    "InMemoryDedupStore",
    "Lease",
    "handle_once",
    "handle_once_sync",
]

logger = logging.getLogger("openai_webhooks")


class Claim(enum.Enum):
    """Why `DedupStore.claim` gave no `Lease`: the id is handled, or being handled."""

    DONE = "done"
    IN_PROGRESS = "in_progress"


class Lease:
    """A claim on one ``webhook-id``: its holder may handle the event until the lease expires.

    Args:
        webhook_id: The ``webhook-id`` claimed.
        token: Unique to this claim (the store compares it before renewing or releasing), so a
            holder whose lease expired and went to a retry cannot end the retry's claim.
    """

    __slots__ = ("token", "webhook_id")

    def __init__(self, webhook_id: str, token: str) -> None:
        self.webhook_id = webhook_id
        self.token = token

    def __repr__(self) -> str:
        return f"Lease({self.webhook_id!r}, {self.token!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lease):
            return NotImplemented
        return (self.webhook_id, self.token) == (other.webhook_id, other.token)

    def __hash__(self) -> int:
        return hash((self.webhook_id, self.token))


class DedupStoreUnavailable(Exception):
    """A store cannot be reached (Redis down, a timeout): raised by its methods.

    When `DedupStore.claim` raises it, the HTTP apps answer 503 without calling the handler,
    so the sender retries later; any other exception from `claim` is a 500.
    """


_COUNTER = itertools.count(1)
_PREFIX = ""


def _new_prefix() -> None:
    """Tokens of different processes never collide: a random part, renewed in a forked child."""
    global _PREFIX
    _PREFIX = f"{secrets.token_hex(6)}.{os.getpid()}."


_new_prefix()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_prefix)


def new_token() -> str:
    """A token naming one claim, unique across processes and stores."""
    return f"{_PREFIX}{next(_COUNTER)}"


@runtime_checkable
class DedupStore(Protocol):
    """Where the HTTP apps record which ``webhook-id`` values they handle or have handled."""

    @property
    def lease(self) -> float:
        """Seconds a claim lasts unless renewed."""
        ...

    def claim(self, webhook_id: str) -> Lease | Claim:
        """Atomically claim `webhook_id`, or say why not (`Claim.DONE`, `Claim.IN_PROGRESS`).

        Of several concurrent calls for one id, exactly one may return a `Lease`.
        """
        ...

    def renew(self, lease: Lease) -> bool:
        """Extend `lease` by `lease` seconds from now; False when it was lost (expired and
        claimed by another attempt, or gone)."""
        ...

    def done(self, lease: Lease) -> None:
        """The event of `lease` was handled: remember its id for the store's TTL."""
        ...

    def release(self, lease: Lease) -> None:
        """The handler failed: drop `lease` if it is still held, so that a retry is handled."""
        ...


@runtime_checkable
class AsyncDedupStore(Protocol):
    """The async face of a store (what `asgi_app` calls when a store has it)."""

    @property
    def lease(self) -> float:
        """Seconds a claim lasts unless renewed."""
        ...

    async def aclaim(self, webhook_id: str) -> Lease | Claim:
        """`DedupStore.claim`, awaitable."""
        ...

    async def arenew(self, lease: Lease) -> bool:
        """`DedupStore.renew`, awaitable."""
        ...

    async def adone(self, lease: Lease) -> None:
        """`DedupStore.done`, awaitable."""
        ...

    async def arelease(self, lease: Lease) -> None:
        """`DedupStore.release`, awaitable."""
        ...


def check_seconds(name: str, value: object, upper: float = 1e12) -> float:
    """`value` as a positive number of seconds, or a ValueError naming `name`."""
    # Compared, not converted: float() of a huge int raises OverflowError; NaN fails both.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= upper:
        raise ValueError(
            f"{name} must be a positive number of seconds up to {upper:g}, not {value!r:.40}"
        )
    return float(value)


class InMemoryDedupStore:
    """A `DedupStore` for one process: thread-safe, bounded in memory, O(1) per call.

    Args:
        ttl: Seconds an id is remembered as handled after `done` (default 4 days, longer than
            OpenAI's 72 hours of retries; as `RedisDedupStore`).
        max_entries: The most ids kept; when full, the oldest handled id is forgotten first (a
            claim in progress only when that many deliveries are in flight at once).
        clock: The time source, in seconds; ``time.monotonic`` by default (tests inject one).
        lease: Seconds a claim lasts unless renewed (default 30; at most `ttl`). The apps renew
            it while the handler runs; a claim nobody renews frees its id after this long.
    """

    def __init__(
        self,
        ttl: float = 86400 * 4,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
        lease: float = 30,
    ) -> None:
        self._ttl = check_seconds("ttl", ttl)
        self._lease = min(check_seconds("lease", lease), self._ttl)
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError(f"max_entries must be a positive int, not {max_entries!r:.40}")
        if not callable(clock):
            raise ValueError("clock must be callable")
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        # webhook id -> (expiry, token), oldest write first: every write moves its id to the end.
        # Two maps so that a full store forgets a handled id before a claim in progress
        # (forgetting that would let a retry run beside the first delivery). Handled ids all
        # live `ttl`, so the expired ones are at the front; leases vary once renewed, so an
        # expired lease may wait behind a live one until its id is looked up or the map is full.
        self._claims: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._done: OrderedDict[str, float] = OrderedDict()
        self._sweep_at = float("-inf")

    @property
    def lease(self) -> float:
        """Seconds a claim lasts unless renewed."""
        return self._lease

    def claim(self, webhook_id: str) -> Lease | Claim:
        """A `Lease` on `webhook_id`, unless it is done (DONE) or leased (IN_PROGRESS)."""
        claims = self._claims
        done = self._done
        lock = self._lock
        # acquire/release, not `with`: the lock's __enter__/__exit__ calls cost more than the
        # lock itself, and claim and done run once per delivery.
        lock.acquire()
        try:
            now = self._clock()
            # Expired entries are swept at most once a second, not looked for on every call:
            # every lookup compares the expiry itself, so a sweep only frees memory.
            if now >= self._sweep_at:
                self._expire(now)
            expiry = done.get(webhook_id)
            if expiry is not None:
                if expiry > now:
                    return Claim.DONE
                del done[webhook_id]  # expired, not yet swept
            held = claims.get(webhook_id)
            if held is not None:
                if held[0] > now:
                    return Claim.IN_PROGRESS
                del claims[webhook_id]
            token = new_token()
            if len(claims) + len(done) >= self._max_entries:
                self._evict()
            claims[webhook_id] = (now + self._lease, token)
        finally:
            lock.release()
        return Lease(webhook_id, token)

    def renew(self, lease: Lease) -> bool:
        """Extend `lease` by `lease` seconds; False when it expired or another holds the id."""
        with self._lock:
            now = self._clock()
            held = self._claims.get(lease.webhook_id)
            if held is None or held[1] != lease.token or held[0] <= now:
                return False
            self._claims[lease.webhook_id] = (now + self._lease, lease.token)
            self._claims.move_to_end(lease.webhook_id)
            return True

    def done(self, lease: Lease) -> None:
        """Remember the id as handled for `ttl` seconds from now (also when the lease was lost
        and a retry holds the id now: the event was handled)."""
        webhook_id = lease.webhook_id
        claims = self._claims
        done = self._done
        lock = self._lock
        lock.acquire()  # not `with`, as in claim
        try:
            claims.pop(webhook_id, None)
            done.pop(webhook_id, None)
            if len(claims) + len(done) >= self._max_entries:
                self._evict()
            done[webhook_id] = self._clock() + self._ttl
        finally:
            lock.release()

    def release(self, lease: Lease) -> None:
        """Drop `lease` if it still holds its id; a retry's claim is left alone."""
        with self._lock:
            held = self._claims.get(lease.webhook_id)
            if held is not None and held[1] == lease.token:
                del self._claims[lease.webhook_id]

    # The async face: every call is a dict lookup under a lock held for microseconds.
    async def aclaim(self, webhook_id: str) -> Lease | Claim:
        """`claim`, awaitable."""
        return self.claim(webhook_id)

    async def arenew(self, lease: Lease) -> bool:
        """`renew`, awaitable."""
        return self.renew(lease)

    async def adone(self, lease: Lease) -> None:
        """`done`, awaitable."""
        self.done(lease)

    async def arelease(self, lease: Lease) -> None:
        """`release`, awaitable."""
        self.release(lease)

    def _evict(self) -> None:
        """Forget the oldest entries until one more fits."""
        while len(self._claims) + len(self._done) >= self._max_entries:
            # Handled ids first; claims only when max_entries deliveries are in flight at once.
            if self._done:
                self._done.popitem(last=False)
            else:
                self._claims.popitem(last=False)

    def __len__(self) -> int:
        """How many ids are held, expired ones not yet swept included."""
        return len(self._claims) + len(self._done)

    def __contains__(self, webhook_id: object) -> bool:
        """Whether `webhook_id` is leased or done and not expired."""
        if not isinstance(webhook_id, str):
            return False
        with self._lock:
            now = self._clock()
            held = self._claims.get(webhook_id)
            return self._done.get(webhook_id, now) > now or (held is not None and held[0] > now)

    def _expire(self, now: float) -> None:
        """Drop the expired entries at the fronts (amortized O(1): each is dropped once)."""
        self._sweep_at = now + 1
        while self._done:
            webhook_id, expiry = next(iter(self._done.items()))
            if expiry > now:
                break
            del self._done[webhook_id]
        while self._claims:
            webhook_id, (expiry, _) = next(iter(self._claims.items()))
            if expiry > now:
                break
            del self._claims[webhook_id]


# -- Handling an event once, with its lease kept alive -------------------------------------------


def renew_every(store: DedupStore | AsyncDedupStore) -> float:
    """How often a lease is renewed: three chances before it lapses."""
    return max(store.lease / 3, 0.01)


async def handle_once(
    store: AsyncDedupStore, webhook_id: str, run: Callable[[], Awaitable[None]]
) -> Claim | None:
    """Claim `webhook_id`, await `run()` while renewing the lease, then mark it done (or
    release it when `run` raises, and re-raise).

    Args:
        store: The store (its async face; `InMemoryDedupStore` and `RedisDedupStore` have one).
        webhook_id: The delivery's ``webhook-id`` header.
        run: Called once, when the id is claimed: the handler, e.g.
            ``lambda: handler.adispatch(event)``.

    Returns:
        None when `run` ran; the `Claim` (``DONE`` or ``IN_PROGRESS``) when the id was not
        claimed and `run` was not called.

    Raises:
        DedupStoreUnavailable: The claim failed (answer 503). Store errors after the claim are
            logged: the handler's outcome stands.
    """
    got = await store.aclaim(webhook_id)
    if type(got) is not Lease and isinstance(got, Claim):  # (isinstance of an Enum is slow)
        return got
    keeper = _keeper(store)
    key = keeper.keep(got)
    try:
        await run()
    except BaseException:
        keeper.drop(key)
        await _logged(store.arelease(got), "release", got)
        raise
    keeper.drop(key)
    try:
        await store.adone(got)
    except Exception as exc:  # the handler ran: its outcome stands
        _log_store_failed("record", got, exc)
    return None


class _Keeper:
    """Renews the leases of one store's running handlers, on one event loop, in one task.

    Each tick (every third of a lease) renews the leases that were already held at the tick
    before: a lease claimed since has two thirds of its time left, at least, by the next tick.
    Most handlers end before that, so keeping a lease costs a dict insert and a pop.
    """

    def __init__(self, store: AsyncDedupStore) -> None:
        self.store = store
        self.leases: dict[int, Lease] = {}
        self.keys = itertools.count()
        self.task: asyncio.Task[None] | None = None

    def keep(self, lease: Lease) -> int:
        key = next(self.keys)
        self.leases[key] = lease
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())
        return key

    def drop(self, key: int) -> None:
        self.leases.pop(key, None)

    async def run(self) -> None:
        every = renew_every(self.store)
        while True:
            seen = next(self.keys)  # the keys given before this tick
            await asyncio.sleep(every)
            due = [(key, lease) for key, lease in self.leases.items() if key < seen]
            if due:
                kept = await asyncio.gather(*(self.renew(lease) for _, lease in due))
                for (key, _), still in zip(due, kept):
                    if not still:
                        self.leases.pop(key, None)

    async def renew(self, lease: Lease) -> bool:
        """Renew one lease; False when it is lost (stop renewing it)."""
        try:
            if await self.store.arenew(lease):
                return True
            _log_lost(lease)
            return False
        except Exception as exc:  # a blip: the next renewal may get through within the lease
            _log_renewal_failed(lease, exc)
            return True


# One keeper per store and event loop (a loop's tasks cannot run on another); the last one
# found is kept at hand, since a worker has one loop and, mostly, one store. It holds the loop
# and the store alive until another pair is used (a test's loop, at most: one tuple).
_LAST_KEEPER: tuple[asyncio.AbstractEventLoop, AsyncDedupStore, _Keeper] | None = None
_KEEPERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, _Keeper]] = (
    weakref.WeakKeyDictionary()
)


def _keeper(store: AsyncDedupStore) -> _Keeper:
    global _LAST_KEEPER
    loop = asyncio.get_running_loop()
    last = _LAST_KEEPER
    if last is not None and last[0] is loop and last[1] is store:  # the usual case: one app
        return last[2]
    keeper = _find_keeper(store, loop)
    _LAST_KEEPER = (loop, store, keeper)
    return keeper


def _find_keeper(store: AsyncDedupStore, loop: asyncio.AbstractEventLoop) -> _Keeper:
    keepers = _KEEPERS.get(loop)
    if keepers is None:
        keepers = _KEEPERS[loop] = {}
    keeper = keepers.get(id(store))
    if keeper is None or keeper.store is not store:  # a new store at a collected one's address
        keeper = keepers[id(store)] = _Keeper(store)
    return keeper


def _log_lost(lease: Lease) -> None:
    logger.warning(
        "lost the lease on webhook-id %r: another attempt may run beside its handler (the store"
        " was unreachable for a whole lease, or lost the key)",
        lease.webhook_id,
    )


def _log_renewal_failed(lease: Lease, exc: Exception) -> None:
    logger.warning("dedup store failed to renew webhook-id %r: %s", lease.webhook_id, exc)


async def _logged(call: Awaitable[None], action: str, lease: Lease) -> None:
    try:
        await call
    except Exception as exc:
        _log_store_failed(action, lease, exc)


def _log_store_failed(action: str, lease: Lease, exc: Exception) -> None:
    logger.warning("dedup store failed to %s webhook-id %r: %s", action, lease.webhook_id, exc)


def handle_once_sync(store: DedupStore, webhook_id: str, run: Callable[[], None]) -> Claim | None:
    """`handle_once` for sync code (WSGI workers, task queues): the lease is renewed by a
    background thread while `run()` runs in the caller's thread.

    Args:
        store: The store (its sync face).
        webhook_id: The delivery's ``webhook-id`` header.
        run: Called once, when the id is claimed: e.g. ``lambda: handler.dispatch(event)``.

    Returns:
        None when `run` ran; the `Claim` when it was not called.

    Raises:
        DedupStoreUnavailable: The claim failed (answer 503).
    """
    got = store.claim(webhook_id)
    if isinstance(got, Claim):
        return got
    with _RENEWER.keeping(store, got):
        try:
            run()
        except BaseException:
            _logged_sync(store.release, "release", got)
            raise
    _logged_sync(store.done, "record", got)
    return None


def _logged_sync(call: Callable[[Lease], None], action: str, lease: Lease) -> None:
    try:
        call(lease)
    except Exception as exc:
        _log_store_failed(action, lease, exc)


class _Renewer:
    """One daemon thread per process renewing the leases of sync handlers still running.

    Most handlers end long before their first renewal is due, so keeping a lease costs a heap
    push and a dict pop, not a thread per request. Renewals run one after another: a store that
    hangs delays the others by at most its own timeout.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: list[tuple[float, int]] = []  # (when, key), a heap
        self._kept: dict[int, tuple[DedupStore, Lease]] = {}
        self._keys = itertools.count()
        self._pid = 0  # the thread does not survive fork(): start one per process

    @contextlib.contextmanager
    def keeping(self, store: DedupStore, lease: Lease) -> Iterator[None]:
        key = next(self._keys)
        with self._cond:
            self._kept[key] = (store, lease)
            heapq.heappush(self._due, (time.monotonic() + renew_every(store), key))
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(
                    target=self._run, name="openai-webhooks-renewer", daemon=True
                ).start()
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                del self._kept[key]

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._due or self._due[0][0] > time.monotonic():
                    timeout = self._due[0][0] - time.monotonic() if self._due else None
                    self._cond.wait(timeout)
                _, key = heapq.heappop(self._due)
                kept = self._kept.get(key)
            if kept is None:
                continue  # its handler ended
            store, lease = kept
            try:
                if not store.renew(lease):
                    _log_lost(lease)
                    continue
            except Exception as exc:
                _log_renewal_failed(lease, exc)
            with self._cond:
                if key in self._kept:
                    heapq.heappush(self._due, (time.monotonic() + renew_every(store), key))


_RENEWER = _Renewer()


class ThreadedStore:
    """The async face of a sync-only store: each call runs in `run_sync` (the app's pool)."""

    def __init__(self, store: DedupStore, run_sync: Offload) -> None:
        self._store = store
        self._run = run_sync

    @property
    def lease(self) -> float:
        return self._store.lease

    async def aclaim(self, webhook_id: str) -> Lease | Claim:
        return await self._run(lambda: self._store.claim(webhook_id))

    async def arenew(self, lease: Lease) -> bool:
        return await self._run(lambda: self._store.renew(lease))

    async def adone(self, lease: Lease) -> None:
        await self._run(lambda: self._store.done(lease))

    async def arelease(self, lease: Lease) -> None:
        await self._run(lambda: self._store.release(lease))
