"""`RedisDedupStore`: deduplication shared by every worker and host, on Redis.

Install with the extra: ``pip install "openai-webhooks[redis]"`` (the base package needs only
pydantic; this module imports ``redis`` when a store is created).

Semantics (see `DedupStore`): a ``webhook-id`` is claimed atomically with ``SET key token NX
EX claim_ttl`` before the handler runs; ``done`` replaces it with a marker kept for ``ttl``
seconds (also when the claim had expired and a retry holds the id: the event was handled);
``release`` deletes the claim, but only if it still holds the token of the delivery that made
it (a claim that expired and was taken by a retry, in another worker or in this one, is left
alone). A worker that crashes mid-handler never releases: its claim expires
after ``claim_ttl`` and the sender's retry is handled then. Delivery is at least once (the
handler may run again if a worker dies after the handler's effect but before ``done``); make
effects idempotent where that matters.

Choose ``ttl`` longer than the sender's retry schedule: OpenAI retries a failed delivery with
backoff for up to 72 hours, so the default keeps handled ids for 4 days. Choose ``claim_ttl``
longer than your slowest handler and shorter than the sender's first retry delay.

When Redis cannot be reached, `claim` raises `DedupStoreUnavailable` and the HTTP apps answer
503, so the sender retries later: nothing is acknowledged that was not handled.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from ._dedup import Claim, DedupStoreUnavailable, Ending, Holders, hold_claim, new_token, take_claim

__all__ = ["RedisDedupStore"]

# Claim with a fresh token, or report what holds the key, in one round trip.
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
    return 'claimed'
end
return redis.call('GET', KEYS[1]) or 'expired'
"""
# Delete the key only when it still holds our claim token (compare-and-delete, atomically).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""
# The claims whose owners this store object keeps in memory (see _dedup.Holders).
_MAX_HOLDERS = 100_000


_CENTURY = 100 * 365 * 86400


class RedisDedupStore:
    """A `DedupStore` on Redis.

    Args:
        client: A ``redis.Redis`` client; or pass ``url`` instead.
        url: A Redis URL such as ``redis://localhost:6379/0``.
        ttl: Seconds a handled ``webhook-id`` is remembered (default 4 days).
        claim_ttl: Seconds a claim lives if its worker never finishes (default 10 minutes).
        prefix: Key prefix, to share one Redis database with other data.
        timeout: Socket timeout (seconds) of a client made from ``url``: an unreachable Redis
            fails fast and the apps answer 503.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        url: str | None = None,
        ttl: int = 4 * 86400,
        claim_ttl: int = 600,
        prefix: str = "openai-webhooks:dedup:",
        timeout: float = 2.0,
    ) -> None:
        if (client is None) == (url is None):
            raise ValueError("pass exactly one of client= or url=")
        for name, value in (("ttl", ttl), ("claim_ttl", claim_ttl)):
            # Redis refuses an expiry past about 292 million years in milliseconds; a century
            # is far beyond any retry schedule and keeps a typo from failing every request.
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _CENTURY:
                raise ValueError(
                    f"{name} must be a whole number of seconds from 1 to {_CENTURY}, not {value!r:.40}"
                )
        if client is None:
            try:
                import redis
            except ImportError:
                raise ImportError(
                    'RedisDedupStore needs redis: pip install "openai-webhooks[redis]"'
                ) from None
            client = redis.Redis.from_url(
                str(url), socket_timeout=timeout, socket_connect_timeout=timeout
            )
        self._client = client
        self._ttl = ttl
        self._claim_ttl = claim_ttl
        self._prefix = prefix
        self._claim = client.register_script(_CLAIM)
        self._release = client.register_script(_RELEASE)
        # Claims this store object made: their Redis tokens are this nonce and the claim's
        # token, and the context that claimed keeps the token (see _dedup.hold_claim), so a
        # handler whose claim expired and went to a retry, in this process too, cannot end it.
        self._nonce = secrets.token_hex(12)
        self._holders = Holders(_MAX_HOLDERS)
        self._context_key = object()
        self._lock = threading.Lock()

    def _key(self, webhook_id: str) -> str:
        return self._prefix + webhook_id

    def _redis_token(self, token: int) -> str:
        return f"{self._nonce}-{token}"

    def claim(self, webhook_id: str) -> Claim:
        """Claim `webhook_id` for this worker, or say it is DONE or IN_PROGRESS elsewhere."""
        token = new_token()
        try:
            args = [self._redis_token(token), self._claim_ttl]
            found = self._claim(keys=[self._key(webhook_id)], args=args)
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not answer the claim: {exc}") from exc
        state = found.decode() if isinstance(found, bytes) else str(found)
        if state == "claimed":
            with self._lock:
                self._holders.claimed(webhook_id, token)
            hold_claim(self._context_key, webhook_id, token)
            return Claim.CLAIMED
        # 'expired' (the key vanished between SET and GET) is treated as busy: the retry decides.
        return Claim.DONE if state == "done" else Claim.IN_PROGRESS

    def done(self, webhook_id: str) -> None:
        """Remember `webhook_id` as handled for `ttl` seconds, also when the claim had expired
        and a retry holds it now: the event was handled."""
        token = take_claim(self._context_key, webhook_id)
        with self._lock:
            self._holders.end(webhook_id, token)
        try:
            self._client.set(self._key(webhook_id), "done", ex=self._ttl)
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not record the delivery: {exc}") from exc

    def release(self, webhook_id: str) -> None:
        """Forget this worker's claim on `webhook_id`, so the sender's retry is handled; a
        claim that expired and went to a retry is left to the retry."""
        with self._lock:
            ending, token = self._holders.end(webhook_id, take_claim(self._context_key, webhook_id))
        if ending is Ending.TAKEN_OVER or token is None:
            return
        try:
            self._release(keys=[self._key(webhook_id)], args=[self._redis_token(token)])
        except Exception as exc:
            raise DedupStoreUnavailable(f"Redis did not release the claim: {exc}") from exc
