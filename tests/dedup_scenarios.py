"""Late ends of expired claims: what both dedup stores must do (tests/test_http_apps.py runs it
on InMemoryDedupStore, tests/test_redis.py on RedisDedupStore)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable

import openai_webhooks as ow


def check_late_ends(store: ow.DedupStore, expire: Callable[[], None]) -> None:
    """A handler hangs past claim_ttl (`expire` lets it pass); the sender's retry claims the id
    in this same process and store; then the hung handler ends. Each delivery runs in a context
    of its own, as each request does (an asyncio task, a WSGI thread)."""
    # The hung handler fails at last: its release must not end the retry's claim (a third
    # delivery would run beside the retry).
    hung, retry, third = (contextvars.copy_context() for _ in range(3))
    assert hung.run(store.claim, "late") is ow.Claim.CLAIMED
    expire()
    assert retry.run(store.claim, "late") is ow.Claim.CLAIMED
    hung.run(store.release, "late")
    assert third.run(store.claim, "late") is ow.Claim.IN_PROGRESS  # the retry's claim stands
    retry.run(store.done, "late")
    assert third.run(store.claim, "late") is ow.Claim.DONE
    # The hung handler succeeds late instead, and the retry fails: handled is handled.
    hung, retry, third = (contextvars.copy_context() for _ in range(3))
    assert hung.run(store.claim, "late-done") is ow.Claim.CLAIMED
    expire()
    assert retry.run(store.claim, "late-done") is ow.Claim.CLAIMED
    hung.run(store.done, "late-done")
    retry.run(store.release, "late-done")
    assert third.run(store.claim, "late-done") is ow.Claim.DONE
    # A caller that claims and releases in different contexts (threads of its own) still
    # releases, also when a context ends a later claim holding the token of one another context
    # ended (a stale token).
    assert hung.run(store.claim, "moved") is ow.Claim.CLAIMED
    retry.run(store.release, "moved")
    assert retry.run(store.claim, "moved") is ow.Claim.CLAIMED
    hung.run(store.release, "moved")
    assert third.run(store.claim, "moved") is ow.Claim.CLAIMED
