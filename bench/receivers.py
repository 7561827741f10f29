"""The receivers the load benchmarks compare, as uvicorn app factories (`--factory`).

All but `bare` verify the signature and parse the body, and do nothing with the event. Ours also
has a dedup store: the in-memory one the deployment docs recommend for one process, or Redis.
`bench/load.py` runs `ours` and `starlette_openai`; `bench/wrk.py` runs `bare`, `ours`,
`ours_redis` and `openai_asgi`; `bench/instructions.py` also `ours_unwrap`.
"""

from __future__ import annotations

import os
from typing import Any


def ours() -> Any:
    """`openai_webhooks.asgi_app` with a no-op handler."""
    import openai_webhooks as ow

    return ow.asgi_app(
        ow.WebhookHandler(), secret=os.environ["SECRET"], dedup=ow.InMemoryDedupStore()
    )


def starlette_openai() -> Any:
    """A minimal hand-written Starlette endpoint around openai-python's `webhooks.unwrap`."""
    from openai import OpenAI
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    client = OpenAI(api_key="x", webhook_secret=os.environ["SECRET"])

    async def receive(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            client.webhooks.unwrap(body, request.headers)
        except Exception:
            return JSONResponse({"error": "invalid webhook"}, status_code=400)
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/", receive, methods=["POST"])])


async def _body(receive: Any) -> bytes:
    """The whole request body of an ASGI http request."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(send: Any, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def bare() -> Any:
    """The server's limit: a plain ASGI app that reads the body and answers 200, checking nothing."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await _body(receive)
        await _answer(send, 200, b'{"ok":true}')

    return app


def ours_redis() -> Any:
    """`openai_webhooks.asgi_app` with a no-op handler and a RedisDedupStore on $REDIS_URL."""
    import openai_webhooks as ow

    store = ow.RedisDedupStore(url=os.environ["REDIS_URL"])
    return ow.asgi_app(ow.WebhookHandler(), secret=os.environ["SECRET"], dedup=store)


def openai_asgi() -> Any:
    """openai-python's `webhooks.unwrap` in a plain ASGI app (no framework): 200, or 400 on its
    exception; the same shape as `bare` around the one call."""
    from openai import OpenAI

    client = OpenAI(api_key="x", webhook_secret=os.environ["SECRET"])

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await _body(receive)
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        try:
            client.webhooks.unwrap(body, headers)
        except Exception:
            await _answer(send, 400, b'{"error":"invalid webhook"}')
            return
        await _answer(send, 200, b'{"ok":true}')

    return app


def ours_unwrap() -> Any:
    """`openai_webhooks.unwrap` alone in a plain ASGI app (the shape of `openai_asgi`): the floor
    of any receiver that verifies and parses with this package, without dedup or dispatch."""
    import openai_webhooks as ow

    secret = os.environ["SECRET"]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await _body(receive)
        try:
            ow.unwrap(body, scope["headers"], secret)
        except ow.WebhookError:
            await _answer(send, 400, b'{"error":"invalid webhook"}')
            return
        await _answer(send, 200, b'{"ok":true}')

    return app
