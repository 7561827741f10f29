"""A webhook sender for tests against real servers: signed POSTs timed one by one, and
delivery as OpenAI does it (retry every non-2xx until a 2xx)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import aiohttp
import openai_webhooks as ow


@dataclass
class Answer:
    """One request: its webhook-id, when it started, how long it took, its status."""

    webhook_id: str
    started: float
    took: float
    status: int  # 0: the connection failed


async def post(
    session: aiohttp.ClientSession,
    port: int,
    webhook_id: str,
    body: bytes,
    secret: str,
    path: str = "/",
) -> Answer:
    """One signed POST to 127.0.0.1:port; status 0 when the connection failed."""
    headers = ow.sign(body, secret, webhook_id=webhook_id)
    started = time.monotonic()
    try:
        async with session.post(
            f"http://127.0.0.1:{port}{path}", data=body, headers=headers
        ) as response:
            await response.read()
            status = response.status
    except aiohttp.ClientError:
        status = 0
    return Answer(webhook_id, started, time.monotonic() - started, status)


async def deliver(
    session: aiohttp.ClientSession,
    port: int,
    webhook_id: str,
    body: bytes,
    answers: list[Answer],
    secret: str,
    retry_every: float,
) -> None:
    """Deliver as a sender does: retry every non-2xx after `retry_every` seconds until a 2xx;
    every attempt's answer is appended to `answers`."""
    while True:
        answer = await post(session, port, webhook_id, body, secret)
        answers.append(answer)
        if 200 <= answer.status < 300:
            return
        await asyncio.sleep(retry_every)
