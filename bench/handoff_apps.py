"""The receivers of the hand-off benchmark (bench/handoff.py), as uvicorn app factories and a
Celery app: the same handler, taking 200 ms, run inline or handed off to a Celery worker.

Imported by uvicorn (`--factory bench.handoff_apps:inline` or `:handed_off`) and by
`celery -A bench.handoff_apps worker`; configured from the environment (SECRET, BROKER_URL,
STORE_URL).
"""

from __future__ import annotations

import os
import time
from typing import Any

import openai_webhooks as ow
import redis
from celery import Celery
from celery.signals import worker_ready
from openai_webhooks.celery import Handoff, RedisDeadLetters

HANDLER_SECONDS = 0.2
READY_KEY = "bench:worker-ready"


class SlowHandler(ow.WebhookHandler):
    """Stands for a real handler: fetch, write, call another service."""

    def on_response_completed(self, event: ow.ResponseCompletedWebhookEvent) -> None:
        time.sleep(HANDLER_SECONDS)


app = Celery("bench", broker=os.environ["BROKER_URL"])
app.conf.update(
    broker_connection_retry_on_startup=True,
    broker_transport_options={"socket_timeout": 2.0, "socket_connect_timeout": 2.0},
)
handoff = Handoff(
    app,
    SlowHandler(),
    dedup=ow.RedisDedupStore(url=os.environ["STORE_URL"]),
    dead_letter=RedisDeadLetters(url=os.environ["STORE_URL"]),
)


def inline() -> Any:
    """The handler runs in the request (the app's thread pool), deduplicated in memory."""
    return ow.asgi_app(SlowHandler(), secret=os.environ["SECRET"])


def handed_off() -> Any:
    """The request queues the event; the worker runs the handler."""
    return ow.asgi_app(handoff.handler, secret=os.environ["SECRET"], handoff=handoff)


@worker_ready.connect
def _ready(**_: object) -> None:
    redis.Redis.from_url(os.environ["STORE_URL"]).set(READY_KEY, os.getpid())
