"""The package's own asyncio Redis client (openai_webhooks/_resp.py), which the async face of a
RedisDedupStore made from a URL uses: URLs read as redis-py reads them, logins, databases, TLS,
Unix sockets, replies cut anywhere, lost scripts and lost connections, against real redis-servers.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path

import openai_webhooks as ow
import pytest
import redis
from openai_webhooks import _resp

from tests.servers import RedisServer, redis_server, tls_files


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    options = ("--requirepass", "pw", "--user", "alice", "on", ">secret", "~*", "&*", "+@all")
    with redis_server(tmp_path_factory.mktemp("redis"), options=options) as running:
        yield running


def _url(server: RedisServer, login: str = ":pw@", db: int = 0) -> str:
    return f"redis://{login}127.0.0.1:{server.port}/{db}"


def _admin(server: RedisServer, db: int = 0) -> redis.Redis:
    return redis.Redis(port=server.port, password="pw", db=db)


def test_urls_are_read_as_redis_py_reads_them() -> None:
    where = _resp.address("redis://alice:s%40cret@example.com:6380/4")
    assert (where.host, where.port, where.db) == ("example.com", 6380, 4)
    assert (where.username, where.password) == ("alice", "s@cret")
    assert where.path is None and where.ssl is None
    assert _resp.address("redis://:pw@localhost").password == "pw"
    assert _resp.address("redis://localhost/2?db=5").db == 5  # the query wins, as in redis-py
    assert _resp.address("redis://localhost").port == 6379
    socket = _resp.address("unix:///run/redis.sock?db=3")
    assert (socket.path, socket.db) == ("/run/redis.sock", 3)
    verified = _resp.address("rediss://cache.example.com:6380/0").ssl
    assert verified is not None and verified.verify_mode == ssl.CERT_REQUIRED
    assert verified.check_hostname
    loose = _resp.address("rediss://cache.example.com/0?ssl_cert_reqs=none").ssl
    assert loose is not None and loose.verify_mode == ssl.CERT_NONE and not loose.check_hostname
    with pytest.raises(ValueError, match="redis://, rediss:// or unix://"):
        _resp.address("http://localhost:6379")
    with pytest.raises(ValueError, match="ssl_cert_reqs") as refused:
        _resp.address("rediss://u:hunter2@localhost/0?ssl_cert_reqs=maybe")
    assert "hunter2" not in str(refused.value)
    with pytest.raises(ValueError, match="invalid database or port") as bad:
        ow.RedisDedupStore(url="redis://u:hunter2@localhost/zero")  # refused when made
    assert "hunter2" not in str(bad.value) and "***" in str(bad.value)


@pytest.mark.parametrize(
    "reply, value",
    [
        (b"+OK\r\n", b"OK"),
        (b":42\r\n", 42),
        (b"$-1\r\n", None),
        (b"$7\r\nclai\r\nm\r\n", b"clai\r\nm"),  # a bulk string may hold CR LF
        (b"*2\r\n$1\r\na\r\n*1\r\n:1\r\n", [b"a", [1]]),
        (b"*-1\r\n", None),
    ],
)
def test_a_reply_cut_anywhere_is_read_when_it_is_whole(reply: bytes, value: object) -> None:
    for cut in range(len(reply)):
        found, _ = _resp.parse(bytearray(reply[:cut]), 0)
        assert found is _resp._INCOMPLETE, (reply, cut)
    found, end = _resp.parse(bytearray(reply + b"+next\r\n"), 0)
    assert (found, end) == (value, len(reply))


def test_an_error_reply_is_raised_to_its_caller_only(server: RedisServer) -> None:
    async def run() -> None:
        client = _resp.Client(_resp.address(_url(server)), timeout=2)
        replies = await asyncio.gather(
            client.call("SET", "k", "v"),
            client.call("NOSUCHCOMMAND"),
            client.call("GET", "k"),
            return_exceptions=True,
        )
        assert replies[0] == b"OK" and replies[2] == b"v"
        assert isinstance(replies[1], _resp.RedisReplyError)
        assert "unknown command" in str(replies[1])
        client.close()

    asyncio.run(run())


def test_user_password_and_database_from_the_url(server: RedisServer) -> None:
    async def run() -> None:
        for login in (":pw@", "alice:secret@"):
            store = ow.RedisDedupStore(url=_url(server, login, db=3), prefix=f"{login}:")
            lease = await store.aclaim("evt")
            assert isinstance(lease, ow.Lease)
            await store.adone(lease)
            assert await store.aclaim("evt") is ow.Claim.DONE
            assert _admin(server, db=3).get(f"{login}:evt") == b"done"
            assert _admin(server, db=0).get(f"{login}:evt") is None
        wrong = ow.RedisDedupStore(url=_url(server, "alice:nope@"), timeout=1)
        with pytest.raises(ow.DedupStoreUnavailable, match="refused the connection") as refused:
            await wrong.aclaim("evt")
        assert "nope" not in str(refused.value)

    asyncio.run(run())


def test_concurrent_claims_of_one_id_give_one_lease(server: RedisServer) -> None:
    _admin(server).flushdb()

    async def run() -> None:
        store = ow.RedisDedupStore(url=_url(server))
        same = await asyncio.gather(*(store.aclaim("one") for _ in range(200)))
        assert sum(isinstance(found, ow.Lease) for found in same) == 1
        assert same.count(ow.Claim.IN_PROGRESS) == 199
        ids = [f"evt_{index}" for index in range(500)]
        leases = await asyncio.gather(*(store.aclaim(webhook_id) for webhook_id in ids))
        assert all(isinstance(lease, ow.Lease) for lease in leases)
        await asyncio.gather(*(store.adone(lease) for lease in leases))  # type: ignore[arg-type]
        again = await asyncio.gather(*(store.aclaim(webhook_id) for webhook_id in ids))
        assert set(again) == {ow.Claim.DONE}

    asyncio.run(run())


def test_a_flushed_script_cache_and_a_killed_connection_are_recovered(
    server: RedisServer,
) -> None:
    admin = _admin(server)
    admin.flushdb()

    async def run() -> None:
        store = ow.RedisDedupStore(url=_url(server))
        assert isinstance(await store.aclaim("a"), ow.Lease)
        admin.script_flush()  # a restarted or failed-over Redis forgets its scripts
        assert isinstance(await store.aclaim("b"), ow.Lease)
        assert admin.client_kill_filter(_type="normal", skipme=True) >= 1
        await asyncio.sleep(0.1)  # the connection is closed under the client
        assert isinstance(await store.aclaim("c"), ow.Lease)  # on a new connection

    asyncio.run(run())


def test_unix_socket(tmp_path: Path) -> None:
    socket = tmp_path / "redis.sock"
    with redis_server(tmp_path, options=("--unixsocket", str(socket))) as running:

        async def run() -> None:
            store = ow.RedisDedupStore(url=f"unix://{socket}?db=2")
            assert isinstance(await store.aclaim("evt"), ow.Lease)

        asyncio.run(run())
        assert redis.Redis(port=running.port, db=2).exists("openai-webhooks:dedup:evt")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RedisServer, Path]]:
    directory = tmp_path_factory.mktemp("tls")
    files = tls_files(directory)
    with redis_server(directory, tls=files) as running:
        yield running, files.ca


def test_tls_with_the_certificate_checked(tls_server: tuple[RedisServer, Path]) -> None:
    server, ca = tls_server
    base = f"rediss://127.0.0.1:{server.port}/0"

    async def run() -> None:
        trusted = ow.RedisDedupStore(url=f"{base}?ssl_ca_certs={ca}")
        assert isinstance(await trusted.aclaim("evt"), ow.Lease)
        unchecked = ow.RedisDedupStore(url=f"{base}?ssl_cert_reqs=none")
        assert await unchecked.aclaim("evt") is ow.Claim.IN_PROGRESS
        unknown = ow.RedisDedupStore(url=base, timeout=2)  # a CA the system does not know
        with pytest.raises(ow.DedupStoreUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
            await unknown.aclaim("evt")

    asyncio.run(run())
