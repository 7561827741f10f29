"""The receiver of tests/test_load.py under uvicorn: our asgi_app with a small in-memory dedup
store, and a handler that writes each event it handles, with the store's size then, to a file."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import openai_webhooks as ow

store = ow.InMemoryDedupStore(max_entries=int(os.environ["STORE_SIZE"]))
# Line-buffered: every effect is in the file before its response is sent.
effects = open(os.environ["EFFECTS"], "a", buffering=1, encoding="utf-8")


def record(event: Any) -> None:
    effects.write(f"{event.id} {len(store)}\n")


class Handler(ow.WebhookHandler):
    async def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        # Back to the event loop between claim and done, as a handler doing I/O would: under load
        # a repeat then meets its first delivery still in progress (409).
        await asyncio.sleep(0)
        record(event)

    def on_batch_completed(self, event: ow.BatchCompletedWebhookEvent) -> None:
        record(event)

    def on_unknown(self, event: ow.UnknownWebhookEvent) -> None:
        record(event)


app = ow.asgi_app(Handler(), secret=os.environ["SECRET"], dedup=store)
