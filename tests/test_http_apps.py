"""The generated ASGI and WSGI apps, driven directly (no server), through the public API.

Every test of the HTTP contract runs against both apps: the ASGI app is called with a scope and
receive/send callables in asyncio, the WSGI app with a `wsgiref` environ (wrapped in
`wsgiref.validate.validator` where the request is well-formed).
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import io
import json
import logging
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import openai_webhooks as ow
import pytest
from openai_webhooks import catalog
from openai_webhooks._dedup import DedupStoreUnavailable

SECRET = "whsec_" + base64.b64encode(b"http-apps-test-secret-0123456789").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"some-other-secret-key-9876543210").decode()
CATALOG_PATH = "/webhooks/chatgpt/response-completed"


def envelope(event_type: str = "response.completed", **extra: Any) -> bytes:
    body = {
        "id": "evt_685c059ae3a481909bdc86819b066fb6",
        "object": "event",
        "created_at": 1750861210,
        "type": event_type,
        "data": {"id": "resp_abc123"},
        **extra,
    }
    return json.dumps(body).encode()


RESPONSE_JSON = {
    "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
    "object": "response",
    "created_at": 1741476542,
    "status": "completed",
    "model": "gpt-4.1-2025-04-14",
    "output": [
        {
            "type": "message",
            "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
            "status": "completed",
            "role": "assistant",
            "content": [
                {"type": "output_text", "text": "In a peaceful grove...", "annotations": []}
            ],
        }
    ],
    "usage": {"input_tokens": 36, "output_tokens": 87, "total_tokens": 123},
}


class Recorder(ow.WebhookHandler):
    """Records what it receives; raises on demand."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.fail = 0  # how many of the next calls raise

    def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("handler exploded with " + SECRET)
        self.events.append(event)

    def on_unknown(self, event: ow.UnknownWebhookEvent) -> None:
        self.events.append(event)


class AsyncRecorder(ow.WebhookHandler):
    def __init__(self) -> None:
        self.events: list[Any] = []
        self.fail = 0

    async def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        await asyncio.sleep(0)
        if self.fail:
            self.fail -= 1
            raise RuntimeError("async handler exploded")
        self.events.append(event)


class Catalog(catalog.CatalogHandler):
    def __init__(self) -> None:
        self.payloads: list[Any] = []

    def on_response_completed(self, payload: Any) -> None:
        self.payloads.append(payload)

    async def on_response_failed(self, payload: Any) -> None:
        await asyncio.sleep(0)
        self.payloads.append(payload)


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class CountingInput(io.BytesIO):
    """A wsgi.input recording how many bytes the app read."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


class Driver:
    """Builds an app of one kind and sends it requests; the same interface for ASGI and WSGI."""

    kind = ""

    def __init__(self) -> None:
        self.app: Any = None
        self.read = 0  # body bytes (WSGI) or receive() calls (ASGI) of the last request

    def make(self, handler: Any, **kwargs: Any) -> Driver:
        kwargs.setdefault("secret", SECRET)
        self.app = self.factory(handler, **kwargs)
        return self

    def factory(self, handler: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def post(
        self,
        body: bytes = b"",
        *,
        path: str = "/",
        headers: dict[str, str] | None = None,
        secret: str = SECRET,
        webhook_id: str | None = None,
        signed: bool = True,
        method: str = "POST",
        chunks: list[bytes] | None = None,
        content_length: str | None | bool = True,
        mount: str = "",
    ) -> Response:
        all_headers = dict(ow.sign(body, secret, webhook_id=webhook_id)) if signed else {}
        all_headers.update(headers or {})
        if chunks is None:
            chunks = [body]
        if content_length is True:
            content_length = str(sum(map(len, chunks)))
        elif content_length is False:
            content_length = None
        return self.request(method, mount, path, all_headers, chunks, content_length)

    def request(
        self,
        method: str,
        mount: str,
        path: str,
        headers: dict[str, str],
        chunks: list[bytes],
        content_length: str | None,
    ) -> Response:
        raise NotImplementedError


class ASGIDriver(Driver):
    kind = "asgi"

    def factory(self, handler: Any, **kwargs: Any) -> Any:
        return ow.asgi_app(handler, **kwargs)

    def request(
        self,
        method: str,
        mount: str,
        path: str,
        headers: dict[str, str],
        chunks: list[bytes],
        content_length: str | None,
    ) -> Response:
        raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        if content_length is not None:
            raw_headers.append((b"content-length", content_length.encode()))
        else:
            raw_headers.append((b"transfer-encoding", b"chunked"))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": mount + path,
            "raw_path": (mount + path).encode(),
            "root_path": mount,
            "query_string": b"",
            "headers": raw_headers,
            "server": ("testserver", 80),
            "client": ("127.0.0.1", 12345),
        }
        messages = [
            {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
            for i, chunk in enumerate(chunks)
        ]
        sent: list[dict[str, Any]] = []
        self.read = 0

        async def receive() -> dict[str, Any]:
            self.read += 1
            if messages:
                return messages.pop(0)
            await asyncio.sleep(3600)  # a real server would wait for the client
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        asyncio.run(asyncio.wait_for(self.app(scope, receive, send), 10))
        assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
        response_headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
        body = sent[1]["body"]
        assert response_headers["content-length"] == str(len(body))
        return Response(sent[0]["status"], response_headers, body)


class WSGIDriver(Driver):
    kind = "wsgi"

    def factory(self, handler: Any, **kwargs: Any) -> Any:
        return ow.wsgi_app(handler, **kwargs)

    def request(
        self,
        method: str,
        mount: str,
        path: str,
        headers: dict[str, str],
        chunks: list[bytes],
        content_length: str | None,
    ) -> Response:
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        stream = CountingInput(b"".join(chunks))
        environ.update(REQUEST_METHOD=method, SCRIPT_NAME=mount, PATH_INFO=path, QUERY_STRING="")
        environ["wsgi.input"] = stream
        environ.pop("CONTENT_LENGTH", None)
        if content_length is not None:
            environ["CONTENT_LENGTH"] = content_length
        for name, value in headers.items():
            # PEP 3333: header bytes as Latin-1 text
            environ["HTTP_" + name.upper().replace("-", "_")] = value.encode().decode("latin-1")
        captured: list[Any] = []

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> Any:
            captured.append((status, response_headers))
            return lambda data: None

        app = self.app
        well_formed = content_length is None or content_length.isdigit()
        if well_formed and content_length is not None:
            # The validator forbids reading past CONTENT_LENGTH, which the app never does.
            app = validator(app)
        result = app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        self.read = stream.read_bytes
        status, response_headers = captured[0]
        code, _, reason = status.partition(" ")
        assert reason
        headers_dict = {k.lower(): v for k, v in response_headers}
        assert headers_dict["content-length"] == str(len(body))
        return Response(int(code), headers_dict, body)


@pytest.fixture(params=[ASGIDriver, WSGIDriver], ids=["asgi", "wsgi"])
def driver(request: pytest.FixtureRequest) -> Driver:
    factory: Callable[[], Driver] = request.param
    return factory()


# --- success, unknown types, methods, paths ---


def test_signed_event_is_dispatched_and_answered_200(driver: Driver) -> None:
    handler = Recorder()
    response = driver.make(handler).post(envelope())
    assert response.status == 200
    assert response.json() == {"ok": True}
    assert response.headers["content-type"] == "application/json"
    [event] = handler.events
    assert isinstance(event, ow.ResponseCompletedWebhookEvent)
    assert event.data.id == "resp_abc123"


def test_unknown_event_type_is_200_and_reaches_on_unknown(driver: Driver) -> None:
    handler = Recorder()
    response = driver.make(handler).post(envelope("brand.new.event", data={"x": [1]}))
    assert response.status == 200
    [event] = handler.events
    assert isinstance(event, ow.UnknownWebhookEvent)
    assert event.type == "brand.new.event"
    assert event.data == {"x": [1]}


def test_events_with_no_override_are_200(driver: Driver) -> None:
    response = driver.make(ow.WebhookHandler()).post(envelope("batch.completed"))
    assert response.status == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"])
def test_other_methods_are_405_with_allow(driver: Driver, method: str) -> None:
    handler = Recorder()
    response = driver.make(handler).post(envelope(), method=method)
    assert response.status == 405
    assert response.headers["allow"] == "POST"
    assert "error" in response.json()
    assert handler.events == []


def test_envelope_accepted_on_any_non_catalog_path(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler)
    for path in ("/", "/hooks/openai", "/a/b/c", "/webhooks/chatgpt/not-a-route"):
        assert driver.post(envelope(), path=path).status == 200, path
    assert len(handler.events) == 4


def test_path_restricts_the_envelope_endpoint(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, path="/hooks/openai")
    assert driver.post(envelope(), path="/hooks/openai").status == 200
    for path in ("/", "/hooks", "/hooks/openai/", "/other"):
        response = driver.post(envelope(), path=path)
        assert response.status == 404, path
        assert response.json() == {"error": "not found"}
    assert driver.post(envelope(), path="/other", method="GET").status == 404
    assert len(handler.events) == 1


def test_paths_are_relative_to_the_mount_point(driver: Driver) -> None:
    handler = Recorder()
    cat = Catalog()
    driver.make(handler, path="/in", catalog_handler=cat)
    assert driver.post(envelope(), mount="/openai", path="/in").status == 200
    assert driver.post(envelope(), mount="/openai", path="/other").status == 404
    body = json.dumps(RESPONSE_JSON).encode()
    assert driver.post(body, mount="/openai", path=CATALOG_PATH).status == 200
    assert len(handler.events) == 1
    assert len(cat.payloads) == 1


def test_catalog_route_without_catalog_handler_is_404(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler)
    for path in catalog.ROUTES:
        response = driver.post(envelope(), path=path)
        assert response.status == 404, path
    assert handler.events == []


# --- signatures and bodies ---


def test_bad_signatures_are_401(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler)
    body = envelope()
    cases: list[dict[str, Any]] = [
        {"secret": OTHER_SECRET},
        {"signed": False},
        {"headers": {"webhook-signature": "v1,AAAA"}},
        {"headers": {"webhook-timestamp": str(int(time.time()) - 3600)}},
        {"headers": {"webhook-timestamp": "soon"}},
    ]
    for case in cases:
        response = driver.post(body, **case)
        assert response.status == 401, case
        assert response.json() == {"error": "invalid webhook signature"}
    # A body changed after signing.
    headers = ow.sign(body, SECRET)
    response = driver.post(body + b" ", headers=headers, signed=False)
    assert response.status == 401
    assert handler.events == []


def test_401_tells_the_caller_nothing_and_logs_the_reason(
    driver: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    body = envelope()
    stale = ow.sign(body, SECRET, timestamp=int(time.time()) - 1000)
    missing = {k: v for k, v in ow.sign(body, SECRET).items() if k != "webhook-signature"}
    driver.make(Recorder())
    answers = []
    for headers, reason in ((stale, "timestamp too old"), (missing, "missing webhook-signature")):
        caplog.clear()
        response = driver.post(body, headers=headers, signed=False)
        answers.append((response.status, response.body))
        [record] = [r for r in caplog.records if r.name == "openai_webhooks"]
        assert record.levelname == "WARNING" and reason in record.getMessage()
    assert answers[0] == answers[1]  # one fixed answer, whatever failed
    assert answers[0] == (401, b'{"error":"invalid webhook signature"}')


def test_signature_is_verified_before_the_body_is_parsed(driver: Driver) -> None:
    response = driver.make(Recorder()).post(b"not json", secret=OTHER_SECRET)
    assert response.status == 401


def test_rotated_secrets_are_all_accepted(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, secret=[OTHER_SECRET, SECRET])
    assert driver.post(envelope(), secret=SECRET).status == 200
    assert driver.post(envelope(), secret=OTHER_SECRET).status == 200
    assert len(handler.events) == 2


def test_tolerance_is_applied(driver: Driver) -> None:
    body = envelope()
    headers = ow.sign(body, SECRET, timestamp=int(time.time()) - 60)
    driver.make(Recorder(), tolerance=10)
    assert driver.post(body, headers=headers, signed=False).status == 401
    driver.make(Recorder(), tolerance=3600)
    assert driver.post(body, headers=headers, signed=False).status == 200


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"type": 3}',
        b"\xff\xfe",
        json.dumps({"type": "response.completed", "id": "evt_1"}).encode(),  # no data
    ],
)
def test_malformed_bodies_are_400_and_logged(
    driver: Driver, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Recorder()
    with caplog.at_level(logging.WARNING, logger="openai_webhooks"):
        response = driver.make(handler).post(body)
    assert response.status == 400
    reason = response.json()["error"]
    assert reason
    assert handler.events == []
    # The sender is authenticated and retries a 400 for days: the reason is logged, as for 401.
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"refused a webhook delivery (400): {reason}")
    ]


def test_invalid_content_length_is_400(driver: Driver) -> None:
    response = driver.make(Recorder()).post(envelope(), content_length="12abc")
    assert response.status == 400


# --- size limit ---


def test_body_at_the_limit_is_accepted(driver: Driver) -> None:
    body = envelope()
    driver.make(Recorder(), max_body=len(body))
    assert driver.post(body).status == 200
    assert driver.post(body, content_length=False, chunks=[body[:10], body[10:]]).status == 200


def test_oversize_with_content_length_is_413_before_reading(driver: Driver) -> None:
    handler = Recorder()
    body = envelope(padding="x" * 5000)
    response = driver.make(handler, max_body=1000).post(body)
    assert response.status == 413
    assert response.json() == {"error": "body larger than 1000 bytes"}
    assert driver.read == 0  # not one byte (WSGI) / not one receive() call (ASGI)
    assert handler.events == []
    # A Content-Length too long for any int is 413 too.
    assert driver.post(body, content_length="9" * 40).status == 413


def test_oversize_without_content_length_is_413_and_reading_stops(driver: Driver) -> None:
    handler = Recorder()
    body = envelope(padding="x" * 50_000)
    chunks = [body[i : i + 100] for i in range(0, len(body), 100)]
    response = driver.make(handler, max_body=1000).post(body, chunks=chunks, content_length=False)
    assert response.status == 413
    if driver.kind == "asgi":
        assert driver.read == 11  # 1,100 bytes received, then no more receive() calls
    else:
        assert driver.read == 1001  # never more than the limit + 1
    assert handler.events == []


def test_default_limit_is_one_mebibyte(driver: Driver) -> None:
    driver.make(Recorder())
    body = envelope(padding="x" * (1024 * 1024))
    assert driver.post(body).status == 413
    assert driver.post(body, content_length=False).status == 413


def test_chunked_body_is_read_whole(driver: Driver) -> None:
    handler = Recorder()
    body = envelope(padding="y" * 3000)
    chunks = [body[i : i + 7] for i in range(0, len(body), 7)] + [b""]
    response = driver.make(handler).post(body, chunks=chunks, content_length=False)
    assert response.status == 200
    assert len(handler.events) == 1
    assert handler.events[0].model_extra["padding"] == "y" * 3000


# --- dedup and failures ---


def test_repeated_webhook_id_is_handled_once(driver: Driver) -> None:
    handler = Recorder()
    store = ow.InMemoryDedupStore()
    driver.make(handler, dedup=store)
    first = driver.post(envelope(), webhook_id="msg_same")
    second = driver.post(envelope(), webhook_id="msg_same")
    assert (first.status, second.status) == (200, 200)
    assert first.json() == {"ok": True}
    assert second.json() == {"ok": True, "duplicate": True}
    assert len(handler.events) == 1
    assert driver.post(envelope(), webhook_id="msg_other").status == 200
    assert len(handler.events) == 2
    assert "msg_same" in store and "msg_other" in store


def test_id_held_by_another_attempt_is_409_and_not_lost(driver: Driver) -> None:
    handler = Recorder()
    store = ow.InMemoryDedupStore()
    driver.make(handler, dedup=store)
    lease = store.claim("msg_busy")  # another worker's attempt in flight
    assert isinstance(lease, ow.Lease)
    busy = driver.post(envelope(), webhook_id="msg_busy")
    assert busy.status == 409 and handler.events == []
    store.release(lease)  # that attempt failed: the sender's retry must be handled
    assert driver.post(envelope(), webhook_id="msg_busy").status == 200
    assert len(handler.events) == 1


def test_repeated_webhook_id_is_handled_once_by_default(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler)
    first = driver.post(envelope(), webhook_id="msg_same")
    second = driver.post(envelope(), webhook_id="msg_same")
    assert (first.status, second.status) == (200, 200)
    assert second.json() == {"ok": True, "duplicate": True}
    assert len(handler.events) == 1


def test_default_dedup_store_belongs_to_one_app(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler)
    assert driver.post(envelope(), webhook_id="msg_same").status == 200
    driver.make(handler)  # a second app does not see the first one's ids
    assert driver.post(envelope(), webhook_id="msg_same").json() == {"ok": True}
    assert len(handler.events) == 2


def test_dedup_none_handles_a_repeated_id_again(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, dedup=None)
    for _ in range(2):
        assert driver.post(envelope(), webhook_id="msg_same").json() == {"ok": True}
    assert len(handler.events) == 2


def test_failed_signature_does_not_claim_the_id(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, dedup=ow.InMemoryDedupStore())
    assert driver.post(envelope(), webhook_id="msg_x", secret=OTHER_SECRET).status == 401
    assert driver.post(envelope(), webhook_id="msg_x").status == 200
    assert len(handler.events) == 1


def test_handler_exception_is_500_then_the_retry_is_handled(
    driver: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Recorder()
    handler.fail = 1
    driver.make(handler, dedup=ow.InMemoryDedupStore())
    failed = driver.post(envelope(), webhook_id="msg_retry")
    assert failed.status == 500
    assert failed.json() == {"error": "the webhook handler failed"}
    assert "exploded" not in failed.body.decode() and SECRET not in failed.body.decode()
    assert any("msg_retry" in r.getMessage() for r in caplog.records)
    retry = driver.post(envelope(), webhook_id="msg_retry")
    assert retry.status == 200
    assert retry.json() == {"ok": True}
    assert len(handler.events) == 1
    assert driver.post(envelope(), webhook_id="msg_retry").json()["duplicate"] is True


def test_async_handler_is_awaited_and_its_failure_is_500(driver: Driver) -> None:
    handler = AsyncRecorder()
    handler.fail = 1
    driver.make(handler, dedup=ow.InMemoryDedupStore())
    assert driver.post(envelope(), webhook_id="msg_a").status == 500
    assert handler.events == []
    assert driver.post(envelope(), webhook_id="msg_a").status == 200
    assert len(handler.events) == 1


def test_router_with_async_and_sync_handlers(driver: Driver) -> None:
    router = ow.WebhookRouter()
    seen: list[str] = []

    @router.on("response.completed")
    async def first(event: ow.ResponseCompletedWebhookEvent) -> None:
        await asyncio.sleep(0)
        seen.append("async " + event.data.id)

    @router.on("response.completed")
    def second(event: ow.ResponseCompletedWebhookEvent) -> None:
        seen.append("sync " + event.data.id)

    @router.on("batch.failed")
    async def failing(event: ow.BatchFailedWebhookEvent) -> None:
        raise ValueError("nope")

    @router.on_unknown
    async def unknown(event: ow.UnknownWebhookEvent) -> None:
        seen.append("unknown " + event.type)

    driver.make(router)
    assert driver.post(envelope()).status == 200
    assert seen == ["async resp_abc123", "sync resp_abc123"]  # registration order
    assert driver.post(envelope("something.else")).status == 200
    assert seen[-1] == "unknown something.else"
    assert driver.post(envelope("batch.failed")).status == 500


def test_router_runs_mixed_handlers_one_after_another() -> None:
    """Each async function is awaited before the next function starts; one that raises stops
    the rest, and no coroutine is left unawaited."""
    router = ow.WebhookRouter()
    seen: list[str] = []

    def handler(name: str, fail: bool = False, is_async: bool = False) -> Any:
        def sync(event: ow.ResponseCompletedWebhookEvent) -> None:
            seen.append(name)
            if fail:
                raise RuntimeError(name)

        async def run(event: ow.ResponseCompletedWebhookEvent) -> None:
            await asyncio.sleep(0)
            sync(event)

        return run if is_async else sync

    event = ow.parse_event(envelope())
    for name, is_async in (("a1", True), ("s2", False), ("a3", True), ("s4", False)):
        router.on("response.completed")(handler(name, is_async=is_async))
    router.dispatch(event)  # from sync code: the async ones run to completion, in order
    assert seen == ["a1", "s2", "a3", "s4"]
    seen.clear()
    asyncio.run(router.adispatch(event))
    assert seen == ["a1", "s2", "a3", "s4"]

    for first_async in (False, True):
        seen.clear()
        failing = ow.WebhookRouter()
        failing.on("response.completed")(handler("x1", is_async=first_async))
        failing.on("response.completed")(handler("x2", fail=True))
        failing.on("response.completed")(handler("x3", is_async=True))
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "coroutine ... was never awaited"
            with pytest.raises(RuntimeError, match="x2"):
                failing.dispatch(event)
        assert seen == ["x1", "x2"]

    sync_only = ow.WebhookRouter()
    sync_only.on("response.completed")(handler("s"))
    assert sync_only.dispatch(event) is None  # type: ignore[func-returns-value]


def test_dispatch_from_sync_code_never_drops_an_async_handler() -> None:
    """Called where no loop runs, `dispatch` runs an async method to completion; called where
    one runs (an async framework's view), it refuses, naming `adispatch`, instead of handing
    back a coroutine nobody awaits."""
    runs: list[str] = []

    class Handler(ow.WebhookHandler):
        async def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
            await asyncio.sleep(0)
            runs.append(event.id)

    event = ow.parse_event(envelope())
    Handler().dispatch(event)
    assert runs == [event.id]

    async def inside_a_loop() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "never awaited" warning either
            with pytest.raises(RuntimeError, match="adispatch"):
                Handler().dispatch(event)
        await Handler().adispatch(event)

    asyncio.run(inside_a_loop())
    assert runs == [event.id, event.id]


def test_adispatch_runs_sync_handlers_off_the_event_loop() -> None:
    threads: list[str] = []

    class Handler(ow.WebhookHandler):
        def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
            threads.append(threading.current_thread().name)

    asyncio.run(Handler().adispatch(ow.parse_event(envelope())))
    assert threads and threads[0] != threading.main_thread().name


def test_a_method_replaced_at_runtime_is_called_as_what_it_is_now() -> None:
    # How a handler method is called (awaited, or in a thread) is decided once per function:
    # a method replaced on the class or on the instance, sync by async and back, is decided
    # anew each time.
    calls: list[tuple[str, str]] = []
    main = threading.main_thread().name

    def sync_method(self: Any, event: Any) -> None:
        calls.append(("sync", threading.current_thread().name))

    async def async_method(self: Any, event: Any) -> None:
        await asyncio.sleep(0)
        calls.append(("async", threading.current_thread().name))

    # One name for all: how a method is called is not decided by its name.
    sync_method.__name__ = async_method.__name__ = "on_response_completed"

    class Handler(ow.WebhookHandler):
        on_response_completed = async_method

    handler = Handler()
    event = ow.parse_event(envelope())
    app = ow.asgi_app(handler, secret=SECRET, dedup=None)
    driver = ASGIDriver()
    driver.app = app

    def deliver() -> tuple[str, bool]:
        """How the method ran through adispatch and through the app (the same way)."""
        asyncio.run(handler.adispatch(event))
        assert driver.post(envelope()).status == 200
        (kind, thread), (app_kind, app_thread) = calls[-2:]
        assert (kind, thread == main) == (app_kind, app_thread == main)
        return kind, thread == main

    assert deliver() == ("async", True)
    Handler.on_response_completed = sync_method  # type: ignore[assignment]
    assert deliver() == ("sync", False)
    Handler.on_response_completed = async_method  # type: ignore[assignment]
    assert deliver() == ("async", True)
    Handler.on_response_completed = sync_method  # type: ignore[assignment]
    # On the instance: a plain function (not a bound method), sync and async.
    handler.on_response_completed = lambda event: calls.append(  # type: ignore[method-assign]
        ("sync", threading.current_thread().name)
    )
    assert deliver() == ("sync", False)

    async def instance_async(event: Any) -> None:
        calls.append(("async", threading.current_thread().name))

    handler.on_response_completed = instance_async  # type: ignore[method-assign]
    assert deliver() == ("async", True)
    del handler.on_response_completed
    assert deliver() == ("sync", False)
    assert len(calls) == 12


def _signed_by_hand(body: bytes, webhook_id: str) -> dict[str, str]:
    """Standard Webhooks headers for any id, signed over its UTF-8 bytes (`sign` only takes
    ASCII ids)."""
    timestamp = str(int(time.time()))
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    content = f"{webhook_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.digest(key, content, "sha256")).decode()
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": "v1," + signature,
    }


def test_non_ascii_webhook_id_verifies_as_its_bytes(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, dedup=ow.InMemoryDedupStore())
    body = envelope()
    headers = _signed_by_hand(body, "msg_é✓")
    assert driver.post(body, headers=headers, signed=False).status == 200
    assert driver.post(body, headers=headers, signed=False).json()["duplicate"] is True
    assert len(handler.events) == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_bodies_not_in_plain_utf8_are_400(driver: Driver, encoding: str) -> None:
    cat = Catalog()
    handler = Recorder()
    driver.make(handler, catalog_handler=cat)
    for body, path in (
        (envelope().decode().encode(encoding), "/"),
        (json.dumps(RESPONSE_JSON).encode(encoding), CATALOG_PATH),
    ):
        response = driver.post(body, path=path)
        assert response.status == 400
        assert "UTF-8" in response.json()["error"]
    assert handler.events == [] and cat.payloads == []


class BrokenStore:
    lease = 30.0

    def claim(self, webhook_id: str) -> ow.Lease | ow.Claim:
        raise ConnectionError("redis is down")

    def renew(self, lease: ow.Lease) -> bool:
        return True

    def done(self, lease: ow.Lease) -> None:
        pass

    def release(self, lease: ow.Lease) -> None:
        pass


def test_dedup_store_failure_is_500_without_calling_the_handler(driver: Driver) -> None:
    handler = Recorder()
    response = driver.make(handler, dedup=BrokenStore()).post(envelope())
    assert response.status == 500
    assert "redis" not in response.body.decode()
    assert handler.events == []


class UnavailableStore(BrokenStore):
    def claim(self, webhook_id: str) -> ow.Lease | ow.Claim:
        raise DedupStoreUnavailable("redis timed out")


def test_unavailable_dedup_store_is_503_so_the_sender_retries(
    driver: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Recorder()
    response = driver.make(handler, dedup=UnavailableStore()).post(envelope())
    assert response.status == 503
    assert response.headers["retry-after"]
    assert "timed out" not in response.body.decode()
    assert handler.events == []
    # An outage is logged as one warning line with the reason, not a traceback per request.
    [record] = [r for r in caplog.records if r.name == "openai_webhooks"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "redis timed out" in record.getMessage()


class FlakyBookkeeping(BrokenStore):
    """Claims work; recording the outcome fails."""

    def claim(self, webhook_id: str) -> ow.Lease | ow.Claim:
        return ow.Lease(webhook_id, "t")

    def done(self, lease: ow.Lease) -> None:
        raise DedupStoreUnavailable("gone")

    def release(self, lease: ow.Lease) -> None:
        raise DedupStoreUnavailable("gone")


def test_done_and_release_failures_do_not_change_the_answer(driver: Driver) -> None:
    handler = Recorder()
    driver.make(handler, dedup=FlakyBookkeeping())
    assert driver.post(envelope()).status == 200  # the handler ran: do not ask for a retry
    handler.fail = 1
    assert driver.post(envelope()).status == 500
    assert len(handler.events) == 1


# --- catalog routes ---


def test_catalog_route_dispatches_the_payload_model(driver: Driver) -> None:
    handler = Recorder()
    cat = Catalog()
    driver.make(handler, catalog_handler=cat)
    response = driver.post(json.dumps(RESPONSE_JSON).encode(), path=CATALOG_PATH)
    assert response.status == 200
    assert response.json() == {"ok": True}
    [payload] = cat.payloads
    assert isinstance(payload, catalog.responses.ResponseCompletedPayload)
    assert payload.id == RESPONSE_JSON["id"]
    assert payload.status == "completed"
    assert payload.model == "gpt-4.1-2025-04-14"
    assert payload.output_text == "In a peaceful grove..."
    assert payload.created_at == 1741476542
    assert (payload.input_tokens, payload.output_tokens) == (36, 87)
    assert handler.events == []  # the envelope handler is not involved
    # An async catalog method is awaited.
    failed = {"id": "resp_1", "status": "failed", "error": {"code": "server_error"}}
    body = json.dumps(failed).encode()
    assert driver.post(body, path="/webhooks/chatgpt/response-failed").status == 200
    assert isinstance(cat.payloads[-1], catalog.responses.ResponseFailedPayload)
    assert cat.payloads[-1].error == {"code": "server_error"}


def test_catalog_route_statuses(driver: Driver) -> None:
    cat = Catalog()
    driver.make(Recorder(), catalog_handler=cat, dedup=ow.InMemoryDedupStore())
    body = json.dumps(RESPONSE_JSON).encode()
    assert driver.post(body, path=CATALOG_PATH, secret=OTHER_SECRET).status == 401
    assert driver.post(b"{not json", path=CATALOG_PATH).status == 400
    assert driver.post(body, path=CATALOG_PATH, method="GET").status == 405
    assert driver.post(body, path=CATALOG_PATH, webhook_id="msg_c").status == 200
    repeat = driver.post(body, path=CATALOG_PATH, webhook_id="msg_c")
    assert repeat.json() == {"ok": True, "duplicate": True}
    assert len(cat.payloads) == 1
    # Any JSON object is dispatched; missing paths give None fields.
    assert driver.post(b"{}", path=CATALOG_PATH).status == 200
    assert cat.payloads[-1].id is None


@pytest.mark.parametrize("body", [b'"hi"', b"[1]", b"[]", b"5", b"null", b"true"])
def test_catalog_body_that_is_not_a_json_object_is_400_and_logged(
    driver: Driver, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    cat = Catalog()
    driver.make(Recorder(), catalog_handler=cat)
    with caplog.at_level(logging.WARNING, logger="openai_webhooks"):
        response = driver.post(body, path=CATALOG_PATH)
    assert (response.status, response.json()) == (400, {"error": "body is not a JSON object"})
    assert cat.payloads == []
    assert caplog.messages == ["refused a webhook delivery (400): body is not a JSON object"]


def test_catalog_handler_failure_is_500_then_retry_runs(driver: Driver) -> None:
    class Flaky(catalog.CatalogHandler):
        calls = 0

        def on_response_completed(self, payload: Any) -> None:
            type(self).calls += 1
            if type(self).calls == 1:
                raise RuntimeError("first time fails")

    driver.make(Recorder(), catalog_handler=Flaky(), dedup=ow.InMemoryDedupStore())
    body = json.dumps(RESPONSE_JSON).encode()
    assert driver.post(body, path=CATALOG_PATH, webhook_id="msg_f").status == 500
    assert driver.post(body, path=CATALOG_PATH, webhook_id="msg_f").status == 200
    assert Flaky.calls == 2


# --- construction ---


@pytest.mark.parametrize("factory", [ow.asgi_app, ow.wsgi_app])
def test_unusable_arguments_fail_at_construction(factory: Any) -> None:
    handler = Recorder()
    with pytest.raises(ow.InvalidWebhookSignatureError):
        factory(handler, secret="")
    with pytest.raises(ow.InvalidWebhookSignatureError):
        factory(handler, secret="whsec_!!!")
    with pytest.raises(ValueError, match="catalog route"):
        factory(handler, secret=SECRET, path=CATALOG_PATH)
    with pytest.raises(ValueError):
        factory(handler, secret=SECRET, path="no-slash")
    with pytest.raises(ValueError):
        factory(handler, secret=SECRET, max_body=-1)
    with pytest.raises(ValueError):
        factory(handler, secret=SECRET, tolerance=1.5)
    with pytest.raises(TypeError):
        factory(object(), secret=SECRET)
    with pytest.raises(TypeError):
        factory(handler, secret=SECRET, dedup=object())
    with pytest.raises(TypeError):
        factory(handler, secret=SECRET, catalog_handler=object())


# --- ASGI specifics ---


def test_asgi_lifespan_is_answered() -> None:
    app = ow.asgi_app(Recorder(), secret=SECRET)
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


def test_asgi_client_disconnect_sends_nothing() -> None:
    handler = Recorder()
    app = ow.asgi_app(handler, secret=SECRET)
    incoming = [
        {"type": "http.request", "body": b'{"id":', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    asyncio.run(app(scope, receive, send))
    assert sent == []
    assert handler.events == []


def test_asgi_oversize_closes_the_connection() -> None:
    response = ASGIDriver().make(Recorder(), max_body=10).post(envelope())
    assert response.status == 413
    assert response.headers["connection"] == "close"


def test_asgi_cancelled_handler_releases_the_claim() -> None:
    store = ow.InMemoryDedupStore()

    class Slow(ow.WebhookHandler):
        async def on_response_completed(self, event: Any) -> None:
            await asyncio.sleep(3600)

    app = ow.asgi_app(Slow(), secret=SECRET, dedup=store)
    body = envelope()
    headers = ow.sign(body, SECRET, webhook_id="msg_slow")
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    async def main() -> None:
        task = asyncio.ensure_future(app(scope, receive, send))
        await asyncio.sleep(0.05)
        assert "msg_slow" in store
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert "msg_slow" not in store

    asyncio.run(main())


def _odd_header_lists() -> dict[str, list[tuple[bytes, bytes]]]:
    """Header lists an ASGI server could pass, usual and not, for the same signed body."""
    body = envelope()
    signed = [
        (k.encode(), v.encode()) for k, v in ow.sign(body, SECRET, webhook_id="msg_1").items()
    ]
    wid, stamp, sig = signed
    length = (b"content-length", str(len(body)).encode())
    extra = [(b"host", b"x"), (b"x-custom-name1", b"v"), (b"content-type", b"application/json")]
    utf8 = [(k.encode(), v.encode()) for k, v in _signed_by_hand(body, "msg_\u00e9\u2713").items()]
    return {
        "usual": [*extra, *signed, length],
        "no content-length": [*signed],
        "upper-case names": [
            (b"Webhook-Id", wid[1]),
            (b"WEBHOOK-TIMESTAMP", stamp[1]),
            sig,
            length,
        ],
        "upper-case content-length": [*signed, (b"Content-Length", b"99999999")],
        "signature twice, same": [*signed, sig, length],
        "signature twice, different": [*signed, (sig[0], b"v1,AAAA"), length],
        "id twice, different": [*signed, (b"webhook-id", b"msg_2"), length],
        "content-length twice, first rules": [*signed, length, (b"content-length", b"99999999")],
        "content-length twice, too large first": [
            *signed,
            (b"content-length", b"99999999"),
            length,
        ],
        "content-length not a number": [*signed, (b"content-length", b"1e3")],
        "missing id": [stamp, sig, length],
        "empty timestamp": [wid, (b"webhook-timestamp", b""), sig, length],
        "id not UTF-8": [(b"webhook-id", b"msg_\xe9"), stamp, sig, length],
        "id in UTF-8": [*utf8, length],
        "signature with tabs": [wid, stamp, (b"webhook-signature", b"\t" + sig[1] + b" "), length],
        "signature entries split by a tab": [wid, stamp, (sig[0], b"v1,AAAA\t" + sig[1]), length],
        "signature with a newline": [wid, stamp, (sig[0], b"v1,AAAA\n" + sig[1]), length],
        "signature not UTF-8": [wid, stamp, (sig[0], sig[1] + b"\xff"), length],
        "signature not ASCII": [wid, stamp, (sig[0], sig[1] + "\u00e9".encode()), length],
        "wrong signature": [wid, stamp, (sig[0], b"v1," + b"A" * 44), length],
        "no v1 signature": [wid, stamp, (sig[0], b"v2," + sig[1][3:]), length],
        "timestamp not digits": [wid, (stamp[0], b"12a"), sig, length],
        "empty id": [(wid[0], b""), stamp, sig, length],
        "missing id and signature": [stamp, length],
    }


class _ClaimLog(ow.InMemoryDedupStore):
    def __init__(self) -> None:
        super().__init__()
        self.claimed: list[str] = []

    def claim(self, webhook_id: str) -> ow.Lease | ow.Claim:
        self.claimed.append(webhook_id)
        return super().claim(webhook_id)


def _asgi_answer(raw_headers: Any, caplog: pytest.LogCaptureFixture) -> tuple[Any, ...]:
    """Status, body, log lines and claimed ids of one request to a new app."""
    store = _ClaimLog()
    app = ow.asgi_app(Recorder(), secret=SECRET, dedup=store, max_body=10_000)
    body = envelope()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    caplog.clear()
    scope = {"type": "http", "method": "POST", "path": "/", "headers": raw_headers}
    asyncio.run(app(scope, receive, send))
    logs = [r.getMessage() for r in caplog.records if r.name == "openai_webhooks"]
    return sent[0]["status"], sent[0]["headers"], sent[1]["body"], logs, store.claimed


@pytest.mark.parametrize("case", list(_odd_header_lists()))
def test_asgi_headers_read_in_one_pass_answer_as_the_general_path(
    case: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A list of bytes pairs (what servers pass) is read in one pass; a tuple of them, or
    # bytearrays, go the general way. Both must give the same answer, log and claimed id.
    raw = _odd_header_lists()[case]
    fast = _asgi_answer(raw, caplog)
    assert fast == _asgi_answer(tuple(raw), caplog)
    assert fast == _asgi_answer([(bytearray(n), bytearray(v)) for n, v in raw], caplog)
    status, _, _, logs, claimed = fast
    accepted = {"usual", "no content-length", "upper-case names", "signature twice, same"}
    accepted |= {"content-length twice, first rules", "id in UTF-8", "signature with tabs"}
    accepted |= {"signature entries split by a tab"}
    other = {"content-length not a number": 400}
    other |= dict.fromkeys(
        ["upper-case content-length", "content-length twice, too large first"], 413
    )
    assert status == (200 if case in accepted else other.get(case, 401)), logs
    if status == 200:
        utf8_id = "msg_\u00e9\u2713".encode().decode("latin-1")  # the id's bytes, one char each
        assert claimed == ([utf8_id] if "UTF-8" in case else ["msg_1"])
    elif status == 401:
        [log] = logs
        assert log.startswith("refused a webhook delivery (401): ")
        if case.endswith("different"):
            name = case.split()[0]
            assert log.endswith(f": several webhook-{name} headers with different values")


# --- InMemoryDedupStore ---


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def claimed(found: ow.Lease | ow.Claim) -> ow.Lease:
    assert isinstance(found, ow.Lease), found
    return found


def test_store_claim_renew_done_release() -> None:
    store = ow.InMemoryDedupStore()
    assert isinstance(store, ow.DedupStore) and isinstance(store, ow.AsyncDedupStore)
    lease = claimed(store.claim("a"))
    assert lease.webhook_id == "a"
    assert store.claim("a") is ow.Claim.IN_PROGRESS  # in flight
    assert store.renew(lease)
    store.done(lease)
    assert store.claim("a") is ow.Claim.DONE  # handled
    assert not store.renew(lease)  # done: nothing left to renew
    b = claimed(store.claim("b"))
    store.release(b)
    claimed(store.claim("b"))  # released: the retry is handled
    store.release(ow.Lease("never-claimed", "t"))  # harmless
    assert len(store) == 2


def test_store_async_face_is_the_sync_one() -> None:
    store = ow.InMemoryDedupStore()

    async def main() -> None:
        lease = claimed(await store.aclaim("a"))
        assert await store.aclaim("a") is ow.Claim.IN_PROGRESS
        assert await store.arenew(lease)
        await store.adone(lease)
        assert store.claim("a") is ow.Claim.DONE
        other = claimed(await store.aclaim("b"))
        await store.arelease(other)
        claimed(store.claim("b"))

    asyncio.run(main())


def test_store_entries_expire_after_ttl() -> None:
    clock = FakeClock()
    store = ow.InMemoryDedupStore(ttl=60, lease=60, clock=clock)
    a = claimed(store.claim("a"))  # t=1000: leased until 1060
    clock.now += 30
    store.done(a)  # t=1030: handled, kept until 1090
    claimed(store.claim("b"))  # t=1030: leased until 1090
    clock.now += 40  # t=1070: past the lease's expiry, but done() restarted the TTL
    assert store.claim("a") is ow.Claim.DONE
    assert "a" in store and "b" in store
    clock.now += 20  # t=1090: both expired
    assert "a" not in store and "b" not in store
    claimed(store.claim("a"))  # claimable again
    assert len(store) == 1  # "b" was swept


def test_a_lease_lapses_unless_renewed() -> None:
    """A dead worker stops renewing: its id is free after one lease. A live one renews and
    keeps it for as long as its handler runs."""
    clock = FakeClock()
    store = ow.InMemoryDedupStore(lease=10, clock=clock)
    dead = claimed(store.claim("x"))
    clock.now += 9.999
    assert store.claim("x") is ow.Claim.IN_PROGRESS
    clock.now += 0.001
    retry = claimed(store.claim("x"))
    assert not store.renew(dead)  # lost to the retry
    store.release(dead)  # the late end of the dead attempt leaves the retry's lease
    assert store.claim("x") is ow.Claim.IN_PROGRESS
    for _ in range(100):  # 100 renewals, 5 s apart: 500 s, fifty leases
        clock.now += 5
        assert store.renew(retry)
        assert store.claim("x") is ow.Claim.IN_PROGRESS
    store.done(dead)  # a late success is still a success: handled is handled
    assert store.claim("x") is ow.Claim.DONE


def test_store_forgets_handled_ids_before_claims_in_progress_when_full() -> None:
    clock = FakeClock()
    store = ow.InMemoryDedupStore(max_entries=3, clock=clock)
    leases = {}
    for name in "abc":
        leases[name] = claimed(store.claim(name))
        clock.now += 1
    store.done(leases["c"])  # handled; "a" and "b" are still being handled
    claimed(store.claim("d"))  # full: forgets "c", never a claim in progress
    assert len(store) == 3
    assert {"a", "b", "d"} == {n for n in "abcd" if n in store}
    assert store.claim("a") is ow.Claim.IN_PROGRESS  # its first delivery still runs alone
    store.done(leases["a"])
    store.done(leases["b"])
    claimed(store.claim("e"))  # forgets "a", the oldest handled id
    assert {"b", "d", "e"} == {n for n in "abcde" if n in store}
    # Only with max_entries deliveries in flight at once does a claim go (memory stays bounded).
    claimed(store.claim("f"))
    claimed(store.claim("g"))
    assert len(store) == 3 and "b" not in store and "d" not in store


def test_store_is_thread_safe_one_claim_wins() -> None:
    store = ow.InMemoryDedupStore(max_entries=50_000)
    results: list[ow.Lease | ow.Claim] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        mine = [store.claim(f"id-{i}") for i in range(2000)]
        results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [r for r in results if isinstance(r, ow.Lease)]
    assert len(won) == 2000 == len({lease.webhook_id for lease in won})  # each id exactly once
    assert len(store) == 2000


def test_store_is_fast_and_bounded() -> None:
    store = ow.InMemoryDedupStore(max_entries=1000)
    start = time.perf_counter()
    for i in range(100_000):
        store.done(claimed(store.claim(f"msg_{i}")))
    elapsed = time.perf_counter() - start
    assert len(store) == 1000
    assert elapsed < 5, elapsed


def test_redis_store_refuses_ttls_redis_would_refuse_on_every_request() -> None:
    from openai_webhooks.redis_dedup import RedisDedupStore

    for kwargs in ({"ttl": 10**17}, {"ttl": 0}, {"ttl": 1.5}):
        with pytest.raises(ValueError, match="whole number of seconds from 1 to"):
            RedisDedupStore(object(), **kwargs)
    for kwargs in ({"lease": 0}, {"lease": float("nan")}, {"lease": 10**9}, {"lease": 0.001}):
        with pytest.raises(ValueError, match="lease must be"):
            RedisDedupStore(object(), **kwargs)


def test_store_rejects_bad_arguments() -> None:
    for kwargs in (
        {"ttl": 0},
        {"ttl": float("inf")},
        {"ttl": float("nan")},
        {"ttl": 10**400},
        {"ttl": True},
        {"lease": 0},
        {"lease": -1},
        {"max_entries": 0},
    ):
        with pytest.raises(ValueError):
            ow.InMemoryDedupStore(**kwargs)


def test_an_old_style_store_is_refused_with_the_way_out(driver: Driver) -> None:
    """Stores written for 1.x (claim/done/release by id, no lease) fail at construction."""

    class OldStore:
        def claim(self, webhook_id: str) -> bool:
            return True

        def done(self, webhook_id: str) -> None:
            pass

        def release(self, webhook_id: str) -> None:
            pass

    with pytest.raises(TypeError, match="renew.*leases"):
        driver.factory(ow.WebhookHandler(), secret=SECRET, dedup=OldStore())


def test_a_sync_only_store_is_called_off_the_event_loop() -> None:
    """asgi_app calls a store without the async face in its thread pool."""
    seen: list[str] = []

    class SyncOnly(FlakyBookkeeping):
        def claim(self, webhook_id: str) -> ow.Lease | ow.Claim:
            seen.append(threading.current_thread().name)
            return ow.Lease(webhook_id, "t")

        def done(self, lease: ow.Lease) -> None:
            seen.append(threading.current_thread().name)

    response = ASGIDriver().make(Recorder(), dedup=SyncOnly()).post(envelope())
    assert response.status == 200
    assert len(seen) == 2 and all(name.startswith("openai-webhooks") for name in seen)


def test_concurrent_tasks_end_only_their_own_leases() -> None:
    """The ASGI app's requests are asyncio tasks: a lease lost by one is not ended by it."""
    clock = FakeClock()
    store = ow.InMemoryDedupStore(lease=60, clock=clock)
    expired = asyncio.Event()
    retried = asyncio.Event()

    async def hung() -> None:
        lease = claimed(await store.aclaim("x"))
        clock.now += 61
        expired.set()
        await retried.wait()
        await store.arelease(lease)

    async def retry() -> None:
        await expired.wait()
        claimed(await store.aclaim("x"))
        retried.set()

    async def main() -> None:
        await asyncio.gather(hung(), retry())
        assert store.claim("x") is ow.Claim.IN_PROGRESS

    asyncio.run(main())


def test_the_store_class_itself_is_refused_at_construction(driver: Driver) -> None:
    """`dedup=InMemoryDedupStore` (not called) passes the protocol check but fails per request."""
    with pytest.raises(TypeError, match="dedup must be a store, not the class InMemoryDedupStore"):
        driver.factory(ow.WebhookHandler(), secret=SECRET, dedup=ow.InMemoryDedupStore)


@pytest.mark.parametrize(
    ("handler", "catalog_handler", "message"),
    [
        (Recorder, None, r"handler must be an instance, not the class Recorder: call it"),
        (ow.WebhookRouter, None, r"not the class WebhookRouter: call it \(handler=WebhookRouter"),
        (
            Recorder(),
            catalog.CatalogHandler,
            r"catalog_handler must be an instance, not the class CatalogHandler: call it",
        ),
        (catalog.CatalogHandler(), None, "handler and catalog_handler are swapped"),
        (Recorder(), Recorder(), "handler and catalog_handler are swapped"),
        (Recorder(), ow.WebhookRouter(), "handler and catalog_handler are swapped"),
        (print, None, "handler must be a WebhookHandler or a WebhookRouter, not builtin_function"),
        (Recorder(), object(), "catalog_handler must be a CatalogHandler, not object"),
    ],
)
def test_unusable_handlers_are_refused_at_construction(
    driver: Driver, handler: Any, catalog_handler: Any, message: str
) -> None:
    """A class where an instance belongs, or the two handlers swapped, passes a check for a
    `targets` attribute and then fails every delivery with 500: refused when the app is made."""
    with pytest.raises(TypeError, match=message):
        driver.factory(handler, secret=SECRET, catalog_handler=catalog_handler)


def test_router_registration_takes_only_functions() -> None:
    router = ow.WebhookRouter()
    with pytest.raises(TypeError, match=r"router.on\('batch.failed'\) takes a function"):
        router.on("batch.failed")("not a function")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="router.on_unknown takes a function"):
        router.on_unknown(None)  # type: ignore[arg-type]
    assert router.targets(ow.parse_event(envelope("batch.failed"))) == []
