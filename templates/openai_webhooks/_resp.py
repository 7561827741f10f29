"""A small Redis client for asyncio: the async face of `RedisDedupStore` made from a URL.

Why not ``redis.asyncio``: every command there checks a connection out of a pool and back and
reads its reply in coroutines of its own; with 64 deliveries in flight, the two commands of a
delivery (claim, then done) took 330-425 us of CPU (redis-py 8.2) against about 60 us here, and
that made Redis the bottleneck of a worker. The store's commands are small and all go to one
server, which answers the commands of a connection in order: so one connection per event loop,
each command written as soon as it is made (pipelined with the others in flight) and every
reply handed to its caller by the protocol as it is read, is all it needs.

Scope: RESP2 (what Redis speaks unless asked otherwise); ``redis://``, ``rediss://`` and
``unix://`` URLs with user, password and database as redis-py reads them, and the TLS options
``ssl_cert_reqs``, ``ssl_ca_certs``, ``ssl_ca_path``, ``ssl_certfile``, ``ssl_keyfile``,
``ssl_password`` and ``ssl_check_hostname``. Other query parameters (redis-py's pool and socket
settings) are left to the sync client.

Commands made during one turn of the event loop are written together (one system call for all
the deliveries in flight; Redis reads them in one go too). A connection that leaves a command
unanswered for ``timeout`` seconds is closed, failing every command waiting on it (a partition
looks like this: waiting longer helps nobody); the next command opens a new connection.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import hashlib
import ssl
import threading
import weakref
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit


class RedisReplyError(Exception):
    """Redis answered a command with an error (its text is the message)."""


class RedisConnectionError(Exception):
    """Redis cannot be reached, or did not answer in time."""


class Script(NamedTuple):
    """A Lua script, run by its SHA-1 once Redis knows it."""

    text: str
    sha: str


def script(text: str) -> Script:
    """A `Script` of `text`."""
    return Script(text, hashlib.sha1(text.encode()).hexdigest())


class Address(NamedTuple):
    """Where a Redis URL points and how to log in."""

    host: str
    port: int
    path: str | None  # a Unix socket
    db: int
    username: str | None
    password: str | None
    ssl: ssl.SSLContext | None


def address(url: str) -> Address:
    """Read a Redis URL as redis-py does; ValueError naming what is wrong (also for a database
    that is not a number, which redis-py would silently read as 0)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("redis", "rediss", "unix") or not url.lower().startswith(f"{scheme}://"):
        raise ValueError(
            f"a Redis URL starts with redis://, rediss:// or unix://, not {url.split(':')[0]!r:.20}"
        )
    query = {name: values[0] for name, values in parse_qs(parts.query).items() if values}
    db_text = query.get("db")
    if db_text is None and scheme != "unix":
        db_text = unquote(parts.path).replace("/", "") or None
    try:
        db = int(db_text) if db_text is not None else 0
        port = parts.port or 6379
    except ValueError:
        raise ValueError(f"invalid database or port in the Redis URL {_safe(url)!r}") from None
    return Address(
        host=unquote(parts.hostname or "localhost"),
        port=port,
        path=unquote(parts.path) if scheme == "unix" else None,
        db=db,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=ssl_context(query) if scheme == "rediss" else None,
    )


def _safe(url: str) -> str:
    """`url` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def ssl_context(query: dict[str, str]) -> ssl.SSLContext:
    """The TLS context of a ``rediss://`` URL; certificates verified unless it says not to
    (redis-py's defaults)."""
    context = ssl.create_default_context(
        cafile=query.get("ssl_ca_certs"), capath=query.get("ssl_ca_path")
    )
    required = query.get("ssl_cert_reqs", "required").lower()
    modes = {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL, "required": ssl.CERT_REQUIRED}
    if required not in modes:
        raise ValueError(f"ssl_cert_reqs must be none, optional or required, not {required!r:.20}")
    check = query.get("ssl_check_hostname", "true").lower() in ("1", "true", "yes", "y", "on")
    context.check_hostname = check and required != "none"
    context.verify_mode = modes[required]
    if "ssl_certfile" in query:
        context.load_cert_chain(
            query["ssl_certfile"], query.get("ssl_keyfile"), query.get("ssl_password")
        )
    return context


def encode(args: tuple[str | bytes | int, ...]) -> bytes:
    """A command as RESP: an array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, str):
            data = arg.encode()
        elif isinstance(arg, int):
            data = b"%d" % arg
        else:
            data = arg
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


_INCOMPLETE: Any = object()


def parse(buffer: bytearray, start: int) -> tuple[Any, int]:
    """The reply at `start` and where the next begins; `_INCOMPLETE` until all of it came."""
    end = buffer.find(b"\r\n", start)
    if end < 0:
        return _INCOMPLETE, start
    kind = buffer[start]
    if kind == 36:  # $ bulk string
        length = int(buffer[start + 1 : end])
        if length < 0:
            return None, end + 2
        stop = end + 2 + length
        if len(buffer) < stop + 2:
            return _INCOMPLETE, start
        return bytes(buffer[end + 2 : stop]), stop + 2
    if kind == 43:  # + simple string
        return bytes(buffer[start + 1 : end]), end + 2
    if kind == 58:  # : integer
        return int(buffer[start + 1 : end]), end + 2
    if kind == 45:  # - error
        return RedisReplyError(buffer[start + 1 : end].decode(errors="replace")), end + 2
    if kind == 42:  # * array
        count = int(buffer[start + 1 : end])
        items: list[Any] = []
        position = end + 2
        for _ in range(max(count, 0)):
            item, position = parse(buffer, position)
            if item is _INCOMPLETE:
                return _INCOMPLETE, start
            items.append(item)
        return (items if count >= 0 else None), position
    raise RedisConnectionError(f"not a Redis reply: {bytes(buffer[start:end])[:40]!r}")


class _Connection(asyncio.Protocol):
    """One connection: the commands made during one turn of the event loop written together,
    replies handed to their callers in order; closed when the oldest unanswered command is
    past its deadline (one timer per connection, not one per command)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.unsent: list[bytes] = []
        self.waiting: collections.deque[tuple[asyncio.Future[Any], float]] = collections.deque()
        self.watchdog: asyncio.TimerHandle | None = None
        self.lost: RedisConnectionError | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def send(self, payload: bytes, deadline: float | None = None) -> asyncio.Future[Any]:
        """Queue a command; the future of its reply (an error reply is a `RedisReplyError`
        result, not an exception: the caller raises it)."""
        if self.lost is not None:
            raise self.lost
        loop = self.loop
        if not self.unsent:
            loop.call_soon(self.flush)
        self.unsent.append(payload)
        waiter = loop.create_future()
        if deadline is None:
            deadline = loop.time() + self.timeout
        self.waiting.append((waiter, deadline))
        if self.watchdog is None:
            self.watchdog = loop.call_at(deadline, self.watch)
        return waiter

    def flush(self) -> None:
        if self.unsent and self.lost is None:
            self.transport.write(b"".join(self.unsent))  # type: ignore[union-attr]
        self.unsent.clear()

    def watch(self) -> None:
        """Close the connection if its oldest command is overdue, else look again then."""
        self.watchdog = None
        if not self.waiting or self.lost is not None:
            return
        deadline = self.waiting[0][1]
        if self.loop.time() >= deadline:
            self.close(f"no answer within {self.timeout:g} s")
        else:
            self.watchdog = self.loop.call_at(deadline, self.watch)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        position = 0
        waiting = self.waiting
        try:
            while position < len(buffer):
                reply, position = parse(buffer, position)
                if reply is _INCOMPLETE:
                    break
                if not waiting:
                    raise RedisConnectionError("Redis sent a reply nobody asked for")
                waiter = waiting.popleft()[0]
                if not waiter.done():  # a caller that was cancelled is skipped
                    waiter.set_result(reply)
        except (RedisConnectionError, ValueError) as exc:
            self.close(f"unreadable reply ({exc})")
            return
        del buffer[:position]

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(RedisConnectionError(f"connection lost: {exc or 'closed by the server'}"))

    def fail(self, error: RedisConnectionError) -> None:
        if self.lost is None:
            self.lost = error
        while self.waiting:
            waiter = self.waiting.popleft()[0]
            if not waiter.done():
                waiter.set_exception(self.lost)

    def close(self, reason: str) -> None:
        self.fail(RedisConnectionError(reason))
        if self.transport is not None:
            self.transport.abort()


class Client:
    """Commands to one Redis from one event loop, pipelined on one connection.

    Every call takes at most `timeout` seconds, connecting included; then it raises
    `RedisConnectionError` (and the connection is dropped). An error reply raises
    `RedisReplyError`.
    """

    def __init__(self, where: Address, timeout: float) -> None:
        self._where = where
        self._timeout = timeout
        self._connection: _Connection | None = None
        self._connecting: asyncio.Task[_Connection] | None = None

    async def call(self, *args: str | bytes | int) -> Any:
        """Send one command; its reply."""
        connection = self._connection
        if connection is not None and connection.lost is None:  # the usual case
            reply = await connection.send(encode(args))
        else:
            deadline = asyncio.get_running_loop().time() + self._timeout
            connection = await self._connected()
            reply = await connection.send(encode(args), deadline)
        if type(reply) is RedisReplyError:
            raise reply
        return reply

    async def run(self, lua: Script, keys: list[str], args: list[str | int]) -> Any:
        """Run `lua` (EVALSHA, then EVAL once if Redis does not know the script yet)."""
        try:
            return await self.call("EVALSHA", lua.sha, len(keys), *keys, *args)
        except RedisReplyError as exc:
            if not str(exc).startswith("NOSCRIPT"):
                raise
        return await self.call("EVAL", lua.text, len(keys), *keys, *args)

    async def _connected(self) -> _Connection:
        """The open connection; opened by one call while the others wait for it."""
        connection = self._connection
        if connection is not None and connection.lost is None:
            return connection
        task = self._connecting
        if task is None or task.done():
            opening = asyncio.wait_for(self._open(), self._timeout)  # bounded on its own
            task = self._connecting = asyncio.get_running_loop().create_task(opening)
        # Shielded: a caller's own timeout does not cancel the others' connection attempt.
        try:
            connection = await asyncio.shield(task)
        except asyncio.TimeoutError:
            raise RedisConnectionError(f"no connection within {self._timeout:g} s") from None
        self._connection = connection
        return connection

    async def _open(self) -> _Connection:
        where = self._where
        loop = asyncio.get_running_loop()
        protocol = functools.partial(_Connection, self._timeout)
        try:
            if where.path is not None:
                _, connection = await loop.create_unix_connection(protocol, where.path)
            else:
                _, connection = await loop.create_connection(
                    protocol, where.host, where.port, ssl=where.ssl
                )
        except OSError as exc:
            raise RedisConnectionError(f"cannot connect: {exc}") from None
        try:
            hello: list[tuple[str | int, ...]] = []
            if where.password is not None:
                user = (where.username,) if where.username else ()
                hello.append(("AUTH", *user, where.password))
            if where.db:
                hello.append(("SELECT", where.db))
            waiters = [connection.send(encode(command)) for command in hello]
            for waiter in waiters:
                reply = await waiter
                if type(reply) is RedisReplyError:
                    raise RedisConnectionError(f"Redis refused the connection: {reply}")
        except BaseException:
            connection.close("not logged in")
            raise
        return connection

    def close(self) -> None:
        """Close the connection (calls waiting on it fail)."""
        if self._connection is not None:
            self._connection.close("closed")
            self._connection = None


class LoopClients:
    """A `Client` per event loop, made at its first call there: asyncio connections belong to
    the loop that opened them (one loop per worker in practice; tests run several)."""

    def __init__(self, where: Address, timeout: float) -> None:
        self.where = where
        self.timeout = timeout
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Client] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def get(self) -> Client:
        """The running loop's client."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            with self._lock:
                client = self._clients.get(loop)
                if client is None:
                    client = self._clients[loop] = Client(self.where, self.timeout)
        return client
