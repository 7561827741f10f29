"""`RedisDedupStore`: deduplication shared by every worker and host, on Redis.

Install with the extra: ``pip install "openai-webhooks[redis]"`` (the base package needs only
pydantic; this module imports ``redis`` when a store is created).

Semantics (see `DedupStore`): a ``webhook-id`` is claimed atomically with ``SET key token NX PX
lease`` before the handler runs, and the lease is renewed (``PEXPIRE``, only while the key still
holds the token) every third of a lease while the handler runs; ``done`` replaces it with a
marker kept for ``ttl`` seconds (also when the lease had been lost and a retry holds the id: the
event was handled); ``release`` deletes the claim, but only if it still holds its token. A worker
that dies mid-handler stops renewing, so its event is free for the sender's retry within one
lease. Delivery is at least once (the handler may run again if a worker dies after the handler's
effect but before ``done``); make effects idempotent where that matters.

A claim whose reply is lost (a timeout during a network partition, when Redis executed the
``SET`` after the client gave up) is an orphan only this store can recognize. It is deleted,
compare-and-delete on its own token, as soon as Redis answers again: by a sweep in the
background (a thread for the sync face, a task on the event loop for the async one) that tries
after a quarter of a second, then at doubling intervals up to every 2 seconds, and goes on for
a lease after the orphan was lost (its ``SET`` may reach Redis late); and by a claim of the same
id, so the sender's retry reaching this worker is handled at once. Without the sweep, a retry
reaching another worker would be refused as "in progress" for up to a lease. While orphans
wait, each claim first deletes one of them as a probe: a Redis that does not answer it gets no
claim, which would only make another orphan.

The sync face (``claim``, ``renew``, ``done``, ``release``) serves WSGI servers and other sync
code, on redis-py; the async face (``aclaim``, ...) uses the same keys and scripts, so WSGI and
ASGI workers can share one Redis. `asgi_app` uses the async face: a Redis that stops answering
holds up only the requests that wait for it, each for at most ``timeout`` seconds. For a store
made from a URL the async face is the package's own small client (one connection per event
loop, commands pipelined on it: a fraction of ``redis.asyncio``'s cost per command, see
``_resp.py``); a ``redis.asyncio`` client you pass is used as it is.

Choose ``ttl`` longer than the sender's retry schedule: OpenAI retries a failed delivery with
backoff for up to 72 hours, so the default keeps handled ids for 4 days. Choose ``lease`` well
above a renewal's round trip and below the sender's first retry delay (the default, 30 seconds,
suits both).

When Redis cannot be reached, `claim` raises `DedupStoreUnavailable` and the HTTP apps answer
503, so the sender retries later: nothing is acknowledged that was not handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import threading
import time
from collections.abc import Awaitable, Iterator
from typing import Any, TypeVar

from ._dedup import Claim, DedupStoreUnavailable, Lease, check_seconds, new_token
from ._resp import LoopClients, RedisConnectionError, RedisReplyError, Script, address, script

__all__ = ["RedisDedupStore"]

T = TypeVar("T")

# Claim with a fresh token, or report what holds the key, in one round trip.
_CLAIM = script("""
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return 'claimed'
end
return redis.call('GET', KEYS[1]) or 'expired'
""")
# Extend the lease only while the key still holds our token.
_RENEW = script("""
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
""")
# Delete the key only when it still holds our token (compare-and-delete, atomically): 1 when
# deleted, 0 when another value holds it, -1 when it is absent.
_RELEASE = script("""
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
if held then
    return 0
end
return -1
""")
_DONE = "done"  # the marker of a handled id; a token never equals it
_CENTURY = 100 * 365 * 86400
_MAX_ORPHANS = 10_000  # claims whose reply was lost, awaiting their compare-and-delete
_FIRST_SWEEP = 0.25  # seconds from a lost reply to the first background sweep; doubling after
_SWEEP_EVERY = 2.0  # seconds between later ones
# Guards the background sweeps' bookkeeping (every store's; held for microseconds). A lock held
# by another thread when a worker forks would stay locked in the child: it gets a new one.
_SWEEPING = threading.Lock()


def _new_sweeping_lock() -> None:
    global _SWEEPING
    _SWEEPING = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_sweeping_lock)
_TIMEOUT: Any = getattr(asyncio, "timeout", None)  # Python 3.11+
_MAX_CONNECTIONS = 64  # of the sync client made from a URL, per process


class _Orphans:
    """The claims whose reply was lost, by token, each kept until its compare-and-delete found
    it (deleted) or a lease went by: a SET sent on a connection that timed out may still reach
    Redis after a delete found no key (the kernel goes on sending it), and then holds the id for
    a lease. The background sweeps (a thread for the sync face, a task per event loop for the
    async one) go on while any is kept."""

    def __init__(self, lease: float) -> None:
        self.lease = lease
        self.kept: dict[str, tuple[Lease, float]] = {}  # token -> (lease, kept until)
        self.sweeper_pid = 0  # the process whose sweep thread runs; 0: none runs
        self.tasks: set[asyncio.Task[None]] = set()  # held: a loop holds its tasks weakly

    def __bool__(self) -> bool:
        return bool(self.kept)

    def add(self, lease: Lease) -> None:
        """Keep `lease`, whose claim Redis may run after the client gave up."""
        with _SWEEPING:
            if len(self.kept) >= _MAX_ORPHANS:
                del self.kept[next(iter(self.kept))]  # the oldest: the first to lapse
            self.kept[lease.token] = (lease, time.monotonic() + self.lease)

    def for_request(self, webhook_id: str) -> list[Lease]:
        """What a claim deletes first: the orphans of its own id, so that a retry reaching this
        worker is handled at once; else the oldest one alone, as a probe: while Redis does not
        answer it, no claim is sent (it would only make another orphan). The rest is left to
        the background sweeps, so a request never walks the whole list."""
        with _SWEEPING:
            leases = [lease for lease, _ in self.kept.values()]
        same = [lease for lease in leases if lease.webhook_id == webhook_id]
        return same or leases[:1]

    def pending(self) -> list[Lease]:
        """Every orphan still kept; those kept a lease are forgotten first."""
        now = time.monotonic()
        with _SWEEPING:
            for token in [t for t, (_, until) in self.kept.items() if until <= now]:
                del self.kept[token]
            return [lease for lease, _ in self.kept.values()]

    def found(self, lease: Lease, released: int) -> None:
        """The outcome of `lease`'s compare-and-delete (`_RELEASE`): forgotten once deleted;
        kept when the key was absent or held by another value (it may land later)."""
        if released == 1:
            with _SWEEPING:
                self.kept.pop(lease.token, None)


class _Scripts:
    """The store's scripts registered on a sync redis-py client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.claim = client.register_script(_CLAIM.text)
        self.renew = client.register_script(_RENEW.text)
        self.release = client.register_script(_RELEASE.text)


class RedisDedupStore:
    """A `DedupStore` and `AsyncDedupStore` on Redis.

    Args:
        client: A ``redis.Redis`` client (its sync calls serve the async face too, in a
            thread), or a ``redis.asyncio.Redis`` client (async face only: `wsgi_app` needs a
            sync one); or pass ``url`` instead, which serves both faces.
        url: A Redis URL such as ``redis://localhost:6379/0``.
        ttl: Seconds a handled ``webhook-id`` is remembered (default 4 days).
        lease: Seconds a claim lasts unless renewed (default 30): how long the event of a
            worker that died stays "in progress" before a retry may handle it.
        prefix: Key prefix, to share one Redis database with other data.
        timeout: Seconds a call of the async face may take before it is given up (the request
            is answered 503), and the socket timeout of clients made from ``url``.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        url: str | None = None,
        ttl: int = 4 * 86400,
        lease: float = 30,
        prefix: str = "openai-webhooks:dedup:",
        timeout: float = 2.0,
    ) -> None:
        if (client is None) == (url is None):
            raise ValueError("pass exactly one of client= or url=")
        # Redis refuses an expiry past about 292 million years in milliseconds; a century is
        # far beyond any retry schedule and keeps a typo from failing every request.
        if isinstance(ttl, bool) or not isinstance(ttl, int) or not 1 <= ttl <= _CENTURY:
            raise ValueError(
                f"ttl must be a whole number of seconds from 1 to {_CENTURY}, not {ttl!r:.40}"
            )
        self._lease = check_seconds("lease", lease, upper=ttl)
        if self._lease < 0.01:
            raise ValueError(f"lease must be at least 0.01 seconds, not {lease!r}")
        self._timeout = check_seconds("timeout", timeout)
        self._ttl = ttl
        self._prefix = prefix
        # The async face of a store made from a URL; a bad URL fails here.
        self._pipelined = (
            None if url is None else _Pipelined(LoopClients(address(url), self._timeout))
        )
        self._sync: _Scripts | None = None
        self._given_async: _RedisPy | None = None
        if client is None:
            redis = _import_redis()
            self._sync = _Scripts(redis.Redis(connection_pool=_pool(redis, str(url), timeout)))
        elif inspect.iscoroutinefunction(getattr(client, "execute_command", None)):
            self._given_async = _RedisPy(client, self._timeout)
        else:
            self._sync = _Scripts(client)
        self._orphans = _Orphans(self._lease)

    @property
    def lease(self) -> float:
        """Seconds a claim lasts unless renewed."""
        return self._lease

    def _key(self, webhook_id: str) -> str:
        return self._prefix + webhook_id

    def _px(self) -> int:
        return max(1, round(self._lease * 1000))

    # -- The sync face ---------------------------------------------------------------------

    def _scripts(self) -> _Scripts:
        if self._sync is None:
            raise TypeError(
                "this RedisDedupStore was made with a redis.asyncio client, which has no sync"
                " calls: pass url= or a redis.Redis client for wsgi_app and other sync code"
            )
        return self._sync

    def claim(self, webhook_id: str) -> Lease | Claim:
        """Claim `webhook_id` for this worker, or say it is DONE or IN_PROGRESS elsewhere."""
        scripts = self._scripts()
        if self._orphans:
            self._delete(scripts, self._orphans.for_request(webhook_id))
        lease = Lease(webhook_id, new_token())
        try:
            found = scripts.claim(keys=[self._key(webhook_id)], args=[lease.token, self._px()])
        except BaseException as exc:  # (interrupted too: the claim may have been sent)
            self._orphans.add(lease)  # Redis may have run it: delete it once it answers
            self._sweep_soon()
            if isinstance(exc, Exception):
                raise DedupStoreUnavailable(f"Redis did not answer the claim: {exc}") from exc
            raise
        return _outcome(found, lease)

    def renew(self, lease: Lease) -> bool:
        """Extend `lease`; False when the key no longer holds its token."""
        scripts = self._scripts()
        try:
            found = scripts.renew(
                keys=[self._key(lease.webhook_id)], args=[lease.token, self._px()]
            )
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not renew the lease: {exc}") from exc
        return bool(found)

    def done(self, lease: Lease) -> None:
        """Remember the id as handled for `ttl` seconds, also when the lease had been lost."""
        scripts = self._scripts()
        try:
            scripts.client.set(self._key(lease.webhook_id), _DONE, ex=self._ttl)
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not record the delivery: {exc}") from exc

    def release(self, lease: Lease) -> None:
        """Delete the claim if it still holds `lease`'s token, so the sender's retry runs."""
        scripts = self._scripts()
        try:
            scripts.release(keys=[self._key(lease.webhook_id)], args=[lease.token])
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not release the claim: {exc}") from exc

    def _delete(self, scripts: _Scripts, orphans: list[Lease]) -> None:
        """Compare-and-delete the claims whose reply was lost (Redis answers again)."""
        for lease in orphans:
            try:
                released = scripts.release(keys=[self._key(lease.webhook_id)], args=[lease.token])
            except Exception as exc:
                raise DedupStoreUnavailable(f"Redis did not answer: {exc}") from exc
            self._orphans.found(lease, released)

    def _sweep_soon(self) -> None:
        """Sweep the orphans from a thread once Redis answers, not at this store's next call."""
        with _SWEEPING:
            # The pid, not the thread: a forked worker has none of its parent's threads.
            if self._orphans.sweeper_pid == os.getpid():
                return
            self._orphans.sweeper_pid = os.getpid()
        thread = threading.Thread(
            target=self._sweep_in_background, name="openai-webhooks-orphans", daemon=True
        )
        try:
            thread.start()  # (outside the lock: it waits for the thread to run)
        except RuntimeError:  # no new thread now (at interpreter exit): the next call sweeps
            with _SWEEPING:
                self._orphans.sweeper_pid = 0

    def _sweep_in_background(self) -> None:
        for delay in _sweep_delays():
            time.sleep(delay)
            with contextlib.suppress(DedupStoreUnavailable):
                self._delete(self._scripts(), self._orphans.pending())
            with _SWEEPING:  # an orphan added after this finds no thread and starts one
                if not self._orphans:
                    self._orphans.sweeper_pid = 0
                    return

    # -- The async face --------------------------------------------------------------------

    async def aclaim(self, webhook_id: str) -> Lease | Claim:
        """`claim`, awaitable; at most `timeout` seconds."""
        calls = self._acalls()
        if calls is None:
            return await asyncio.to_thread(self.claim, webhook_id)
        if self._orphans:
            await self._adelete(calls, self._orphans.for_request(webhook_id))
        lease = Lease(webhook_id, new_token())
        try:
            found = await calls.run(_CLAIM, self._key(webhook_id), lease.token, self._px())
        except BaseException:  # (cancelled too, when the request is: the claim may be sent)
            self._orphans.add(lease)  # Redis may have run it: delete it once it answers
            self._asweep_soon(calls)
            raise
        return _outcome(found, lease)

    async def arenew(self, lease: Lease) -> bool:
        """`renew`, awaitable; at most `timeout` seconds."""
        calls = self._acalls()
        if calls is None:
            return await asyncio.to_thread(self.renew, lease)
        key = self._key(lease.webhook_id)
        return bool(await calls.run(_RENEW, key, lease.token, self._px()))

    async def adone(self, lease: Lease) -> None:
        """`done`, awaitable; at most `timeout` seconds."""
        calls = self._acalls()
        if calls is None:
            return await asyncio.to_thread(self.done, lease)
        await calls.set(self._key(lease.webhook_id), _DONE, self._ttl)

    async def arelease(self, lease: Lease) -> None:
        """`release`, awaitable; at most `timeout` seconds."""
        calls = self._acalls()
        if calls is None:
            return await asyncio.to_thread(self.release, lease)
        await calls.run(_RELEASE, self._key(lease.webhook_id), lease.token)

    async def _adelete(self, calls: _AsyncCalls, orphans: list[Lease]) -> None:
        # An orphan is forgotten once deleted: a sweep cancelled midway loses none.
        for lease in orphans:
            released = await calls.run(_RELEASE, self._key(lease.webhook_id), lease.token)
            self._orphans.found(lease, released)

    def _asweep_soon(self, calls: _AsyncCalls) -> None:
        """`_sweep_soon` for the async face: a task on this event loop (its connection)."""
        loop = asyncio.get_running_loop()
        with _SWEEPING:  # the set is shared by the loops of every thread
            tasks = self._orphans.tasks
            # A loop closed with its tasks pending never finishes them: drop those too.
            tasks -= {task for task in tasks if task.done() or task.get_loop().is_closed()}
            if not any(task.get_loop() is loop for task in tasks):
                tasks.add(loop.create_task(self._asweep_in_background(calls)))

    async def _asweep_in_background(self, calls: _AsyncCalls) -> None:
        for delay in _sweep_delays():
            await asyncio.sleep(delay)
            with contextlib.suppress(DedupStoreUnavailable):
                await self._adelete(calls, self._orphans.pending())
            if not self._orphans:  # (this loop adds no orphan until we return)
                return

    def _acalls(self) -> _AsyncCalls | None:
        """The async calls for the running loop; None when only a sync client was given (its
        calls then run in a thread)."""
        return self._given_async or self._pipelined


class _AsyncCalls:
    """The two kinds of command the async face sends, each failing as DedupStoreUnavailable."""

    async def run(self, lua: Script, key: str, *args: str | int) -> Any:
        """Run a script on one key."""
        raise NotImplementedError

    async def set(self, key: str, value: str, seconds: int) -> None:
        """SET with an expiry in seconds."""
        raise NotImplementedError


class _Pipelined(_AsyncCalls):
    """On the package's pipelining client (`_resp`): a store made from a URL."""

    def __init__(self, clients: LoopClients) -> None:
        self.clients = clients

    async def run(self, lua: Script, key: str, *args: str | int) -> Any:
        try:
            return await self.clients.get().run(lua, [key], list(args))
        except (RedisConnectionError, RedisReplyError) as exc:
            raise DedupStoreUnavailable(f"Redis failed: {exc}") from exc

    async def set(self, key: str, value: str, seconds: int) -> None:
        try:
            await self.clients.get().call("SET", key, value, "EX", seconds)
        except (RedisConnectionError, RedisReplyError) as exc:
            raise DedupStoreUnavailable(f"Redis failed: {exc}") from exc


class _RedisPy(_AsyncCalls):
    """On a ``redis.asyncio`` client the user gave, each call bounded by the store's timeout."""

    def __init__(self, client: Any, timeout: float) -> None:
        self.client = client
        self.timeout = timeout
        self.scripts = {lua: client.register_script(lua.text) for lua in (_CLAIM, _RENEW, _RELEASE)}

    async def run(self, lua: Script, key: str, *args: str | int) -> Any:
        return await self._bounded(self.scripts[lua](keys=[key], args=list(args)))

    async def set(self, key: str, value: str, seconds: int) -> None:
        await self._bounded(self.client.set(key, value, ex=seconds))

    async def _bounded(self, call: Awaitable[T]) -> T:
        try:
            if _TIMEOUT is None:  # Python 3.10: wait_for, which runs the call in a task of its own
                return await asyncio.wait_for(call, self.timeout)
            async with _TIMEOUT(self.timeout):  # a timer, not a task per call
                return await call
        except asyncio.TimeoutError as exc:
            raise DedupStoreUnavailable(f"Redis did not answer within {self.timeout:g} s") from exc
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis failed: {exc}") from exc


def _sweep_delays() -> Iterator[float]:
    """The waits before each background sweep: quick at first, then every 2 s."""
    delay = _FIRST_SWEEP
    while True:
        yield delay
        delay = min(delay * 2, _SWEEP_EVERY)


def _outcome(found: Any, lease: Lease) -> Lease | Claim:
    state = found.decode() if isinstance(found, bytes) else str(found)
    # Our own token: a client that retried the call after a timeout (redis-py's default
    # retries) found the SET its first attempt made.
    if state in ("claimed", lease.token):
        return lease
    # 'expired' (the key vanished between SET and GET) is treated as busy: the retry decides.
    return Claim.DONE if state == _DONE else Claim.IN_PROGRESS


def _pool(module: Any, url: str, timeout: float) -> Any:
    """A connection pool on which a request past its size waits (at most `timeout`) for a free
    connection: redis-py's default pool raises "Too many connections" at once instead, past
    100 connections, which would answer 503 under a burst."""
    return module.BlockingConnectionPool.from_url(
        url,
        max_connections=_MAX_CONNECTIONS,
        timeout=timeout,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
    )


def _import_redis() -> Any:
    try:
        import redis
        import redis.asyncio
    except ImportError:
        raise ImportError(
            'RedisDedupStore needs redis: pip install "openai-webhooks[redis]"'
        ) from None
    return redis
