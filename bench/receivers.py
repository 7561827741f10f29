"""The two receivers the load benchmark compares, as uvicorn app factories (`--factory`).

Both verify the signature and parse the body, and do nothing with the event. Ours also has
the in-memory dedup store the deployment docs recommend for one process.
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
