"""Signed webhook traffic for load runs: a seeded mix of good and bad deliveries, and a client that
POSTs them concurrently."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import aiohttp

# What each kind of delivery is, and the share of a mixed load it takes.
SHARES = {
    "event": 0.60,  # a first delivery of an event (some of a type this package does not know)
    "repeat": 0.16,  # the same delivery again (id, body, headers), as a sender's retry
    "forged": 0.05,  # a real event's id and body, signed with another secret
    "tampered": 0.04,  # a real delivery's headers with a byte added to its body
    "stale": 0.04,  # a real event signed correctly, but an hour ago
    "unsigned": 0.02,  # a real event's body, no webhook-* headers
    "malformed": 0.06,  # signed, not JSON
    "not_an_event": 0.03,  # signed JSON without a type
}
VALID = frozenset({"event", "repeat"})
BAD_SIGNATURE = frozenset({"forged", "tampered", "stale", "unsigned"})
BAD_BODY = frozenset({"malformed", "not_an_event"})
EVENT_TYPES = ("response.completed", "batch.completed", "future.event_type")
OTHER_SECRET = "whsec_" + "Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0LTAxMjM="
# A retry comes at most this many deliveries after the first one: a small dedup store still
# holds the id then, so "handled once" stays checkable while the store evicts older ids.
REPEAT_WINDOW = 100


@dataclass(frozen=True)
class Delivery:
    """One request: its kind (a key of SHARES), the webhook-id it claims, body and headers."""

    kind: str
    webhook_id: str
    body: bytes
    headers: dict[str, str]

    @property
    def event_id(self) -> str:
        """The id of the event a valid delivery carries."""
        return str(json.loads(self.body)["id"])


def _event(index: int, rng: random.Random) -> tuple[str, bytes]:
    body = {
        "id": f"evt_{index}",
        "object": "event",
        "created_at": 1750861210,
        "type": rng.choices(EVENT_TYPES, weights=(10, 8, 1))[0],
        "data": {"id": f"resp_{index}"},
    }
    return f"msg_{index}", json.dumps(body).encode()


def mixed_load(count: int, secret: str, seed: int) -> list[Delivery]:
    """`count` deliveries in SHARES proportions, signed now, in a seeded order."""
    import openai_webhooks as ow  # imported here: the bench parent has no package on its path

    rng = random.Random(seed)
    sizes = {kind: int(count * share) for kind, share in SHARES.items()}
    sizes["event"] += count - sum(sizes.values())
    events = [_event(i, rng) for i in range(sizes["event"])]
    items = [Delivery("event", i, body, ow.sign(body, secret, webhook_id=i)) for i, body in events]
    now = int(time.time())
    for kind in sorted(BAD_SIGNATURE):
        for _ in range(sizes[kind]):
            webhook_id, body = rng.choice(events)
            key = OTHER_SECRET if kind == "forged" else secret
            timestamp = now - 3600 if kind == "stale" else now
            headers = ow.sign(body, key, webhook_id=webhook_id, timestamp=timestamp)
            if kind == "tampered":
                body += b"\n"
            items.append(Delivery(kind, webhook_id, body, {} if kind == "unsigned" else headers))
    for index in range(sizes["malformed"]):
        body = b'{"id": "evt_broken_' + str(index).encode()
        items.append(Delivery("malformed", f"msg_broken_{index}", body, ow.sign(body, secret)))
    for index in range(sizes["not_an_event"]):
        body = json.dumps({"id": f"evt_typeless_{index}", "data": {}}).encode()
        items.append(Delivery("not_an_event", f"msg_typeless_{index}", body, ow.sign(body, secret)))
    rng.shuffle(items)
    # Each repeat goes a little after its first delivery: sort keys are positions.
    keyed = [(float(position), item) for position, item in enumerate(items)]
    firsts = [(position, item) for position, item in keyed if item.kind == "event"]
    for _ in range(sizes["repeat"]):
        position, first = rng.choice(firsts)
        repeat = Delivery("repeat", first.webhook_id, first.body, first.headers)
        keyed.append((position + rng.uniform(0.5, REPEAT_WINDOW), repeat))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def send_all(
    port: int, requests: Sequence[tuple[bytes, Mapping[str, str]]], concurrency: int
) -> list[int]:
    """POST every (body, headers) to 127.0.0.1:port, `concurrency` at a time; the statuses in order.

    aiohttp is the load client: httpx's async client tops out near 200 requests/s here.
    """
    return asyncio.run(_post_all(port, requests, concurrency))


async def _post_all(
    port: int, requests: Sequence[tuple[bytes, Mapping[str, str]]], concurrency: int
) -> list[int]:
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(body: bytes, headers: Mapping[str, str]) -> int:
            async with semaphore:
                async with session.post(
                    f"http://127.0.0.1:{port}/", data=body, headers=headers
                ) as response:
                    await response.read()
                    return response.status

        return list(await asyncio.gather(*(one(body, headers) for body, headers in requests)))
