"""The generated apps under real servers: the ASGI app in uvicorn, the WSGI app in wsgiref.

Each server runs in a thread on 127.0.0.1 with a free port and is stopped at the end; requests
are signed with `openai_webhooks.sign` and sent with httpx.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import openai_webhooks as ow
import pytest
import uvicorn
from openai_webhooks import catalog

SECRET = "whsec_" + base64.b64encode(b"server-test-secret-0123456789abc").decode()
MAX_BODY = 4096
CATALOG_PATH = "/webhooks/chatgpt/response-completed"


def envelope(event_type: str = "response.completed", **extra: Any) -> bytes:
    body = {
        "id": "evt_1",
        "object": "event",
        "created_at": 1750861210,
        "type": event_type,
        "data": {"id": "resp_server"},
        **extra,
    }
    return json.dumps(body).encode()


class Handler(ow.WebhookHandler):
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[str] = []
        self.fail_next = False

    def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        with self.lock:
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("boom")
            self.ids.append(event.data.id)

    async def on_batch_completed(self, event: ow.BatchCompletedWebhookEvent) -> None:
        with self.lock:
            self.ids.append("batch " + event.data.id)


class Catalog(catalog.CatalogHandler):
    def __init__(self) -> None:
        self.payloads: list[Any] = []

    def on_response_completed(self, payload: Any) -> None:
        self.payloads.append(payload)


class Served:
    def __init__(self, kind: str, url: str, handler: Handler, cat: Catalog) -> None:
        self.kind = kind
        self.url = url
        self.handler = handler
        self.catalog = cat


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _app_kwargs(handler: Handler, cat: Catalog) -> dict[str, Any]:
    return {
        "secret": SECRET,
        "catalog_handler": cat,
        "dedup": ow.InMemoryDedupStore(),
        "max_body": MAX_BODY,
    }


def _uvicorn(handler: Handler, cat: Catalog) -> Iterator[str]:
    app = ow.asgi_app(handler, **_app_kwargs(handler, cat))
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP; without
    # it, Nagle's algorithm and delayed ACKs add ~40 ms to every keep-alive request.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        assert not thread.is_alive()


def _wsgiref(handler: Handler, cat: Catalog) -> Iterator[str]:
    app = ow.wsgi_app(handler, **_app_kwargs(handler, cat))
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        assert not thread.is_alive()


@pytest.fixture(params=["uvicorn", "wsgiref"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    handler = Handler()
    cat = Catalog()
    start = _uvicorn if request.param == "uvicorn" else _wsgiref
    for url in start(handler, cat):
        yield Served(request.param, url, handler, cat)


def post(
    served: Served,
    body: bytes,
    *,
    path: str = "/",
    webhook_id: str | None = None,
    secret: str = SECRET,
    **kwargs: Any,
) -> httpx.Response:
    headers = ow.sign(body, secret, webhook_id=webhook_id)
    with httpx.Client(base_url=served.url, timeout=10) as client:
        return client.post(path, content=body, headers=headers, **kwargs)


def test_statuses(served: Served) -> None:
    ok = post(served, envelope())
    assert (ok.status_code, ok.json()) == (200, {"ok": True})
    assert ok.headers["content-type"] == "application/json"
    assert post(served, envelope("batch.completed")).status_code == 200  # async handler
    assert post(served, envelope("not.known.yet")).status_code == 200
    assert served.handler.ids == ["resp_server", "batch resp_server"]
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    bad = post(served, envelope(), secret=other)
    assert bad.status_code == 401
    assert SECRET not in bad.text
    assert post(served, b"{oops").status_code == 400
    with httpx.Client(base_url=served.url, timeout=10) as client:
        got = client.get("/")
        assert got.status_code == 405
        assert got.headers["allow"] == "POST"
        assert client.post(CATALOG_PATH + "/extra").status_code == 401  # envelope path
    assert served.handler.ids == ["resp_server", "batch resp_server"]


def test_repeated_id_is_handled_once(served: Served) -> None:
    for _ in range(3):
        assert post(served, envelope(), webhook_id="msg_once").status_code == 200
    assert served.handler.ids == ["resp_server"]


def test_handler_exception_is_500_then_retry_succeeds(served: Served) -> None:
    served.handler.fail_next = True
    failed = post(served, envelope(), webhook_id="msg_flaky")
    assert failed.status_code == 500
    assert "boom" not in failed.text
    assert post(served, envelope(), webhook_id="msg_flaky").status_code == 200
    assert served.handler.ids == ["resp_server"]


def test_oversize_is_413(served: Served) -> None:
    big = envelope(padding="x" * (MAX_BODY * 2))
    response = post(served, big)
    assert response.status_code == 413
    assert response.json() == {"error": f"body larger than {MAX_BODY} bytes"}
    # The server keeps serving after refusing a body it did not read.
    assert post(served, envelope()).status_code == 200
    assert served.handler.ids == ["resp_server"]


def test_oversize_chunked_is_413(served: Served) -> None:
    if served.kind == "wsgiref":
        pytest.skip("wsgiref does not decode chunked request bodies")
    big = envelope(padding="x" * (MAX_BODY * 2))
    headers = ow.sign(big, SECRET)

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 512):
            yield big[i : i + 512]

    with httpx.Client(base_url=served.url, timeout=10) as client:
        response = client.post("/", content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    small = envelope()

    def small_chunks() -> Iterator[bytes]:
        yield small[:20]
        yield small[20:]

    with httpx.Client(base_url=served.url, timeout=10) as client:
        response = client.post("/", content=small_chunks(), headers=ow.sign(small, SECRET))
    assert response.status_code == 200


def test_catalog_route(served: Served) -> None:
    body = json.dumps(
        {
            "id": "resp_x",
            "status": "completed",
            "model": "gpt-4.1",
            "output": [{"content": [{"type": "output_text", "text": "hi"}]}],
            "usage": {"input_tokens": 3, "output_tokens": 4},
        }
    ).encode()
    assert post(served, body, path=CATALOG_PATH).status_code == 200
    [payload] = served.catalog.payloads
    assert (payload.id, payload.output_text, payload.output_tokens) == ("resp_x", "hi", 4)


def test_keep_alive_connection_serves_many_requests(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=10) as client:
        for i in range(20):
            body = envelope()
            response = client.post("/", content=body, headers=ow.sign(body, SECRET))
            assert response.status_code == 200, i
    assert len(served.handler.ids) == 20
