"""Ready-made HTTP endpoints for webhook deliveries: an ASGI app and a WSGI app.

Neither needs a web framework: serve `asgi_app(...)` with any ASGI server (uvicorn, hypercorn,
or mounted in FastAPI/Starlette) and `wsgi_app(...)` with any WSGI server (gunicorn, waitress,
``wsgiref``, or mounted next to a Flask/Django app).

Every request goes through the same steps:

1. Routing. A catalog route (a path of `openai_webhooks.catalog.ROUTES`) is served only when a
   ``catalog_handler`` is given, else it is 404. Envelope events (the `WebhookEvent` models)
   are accepted on every other path, or only on ``path`` when it is given (404 elsewhere).
   Paths are relative to where the app is mounted (ASGI ``root_path``, WSGI ``SCRIPT_NAME``).
2. Method: anything but POST is 405, with ``Allow: POST``.
3. Size: a ``Content-Length`` above ``max_body`` is 413 before any byte is read; a body without
   one (chunked) is counted while it is read, and reading stops at ``max_body + 1`` bytes.
4. Signature: the raw body and the ``webhook-*`` headers are verified with ``secret`` before the
   body is parsed; any failure is 401 with the fixed body ``{"error": "invalid webhook
   signature"}``. Why it failed is logged as a warning on the ``openai_webhooks`` logger, never
   told to the unauthenticated caller.
5. Parsing: a body that is not a valid event (or, on a catalog route, not a JSON object) is 400,
   and the reason is logged as a warning: the sender is authenticated by now, and it retries a
   400 for days (a spec change the package does not know yet shows up here).
6. Deduplication, on by default: a ``webhook-id`` already handled is answered 200 without
   calling the handler again; one still being handled by another attempt is 409, so the sender
   retries and the event is not lost if that attempt fails. A claim is a short lease, renewed
   while the handler runs (see `DedupStore`): a handler may take as long as it needs, and the
   event of a worker that died is free for a retry within one lease. The default store is a new
   `InMemoryDedupStore` per app, which serves one process; several workers or hosts need a
   shared store (``dedup=RedisDedupStore(...)``), and ``dedup=None`` turns deduplication off.
   A store raising `DedupStoreUnavailable` from ``claim`` is 503 with ``Retry-After: 30`` (the
   sender retries later), any other error from it 500.
7. Dispatch: the handler's functions for the event (``handler.targets(event)``, or
   ``catalog_handler.targets(event_type, json)``) run in order. 200 when they return, also for
   event types this package does not know (they reach ``on_unknown``); 500 when one raises, and
   the dedup lease is released so that the sender's retry is handled. The exception is logged
   on the ``openai_webhooks`` logger; its text is never sent back.

In hand-off mode (``handoff=Handoff(...)``, see `openai_webhooks.celery`), steps 6 and 7 happen
in a Celery worker instead: after step 5 the app queues the event (its JSON body, webhook-id and
catalog event type) on the Handoff's Celery app and answers 200 ``{"ok": true, "queued":
true}`` once the broker has accepted it. A broker that fails, or does not accept the event
within the Handoff's ``publish_timeout``, is 503 (``Retry-After: 30``): nothing is acknowledged
that was not queued. The publish runs in a thread (the ASGI app's pool; a pool of its own
under WSGI), so a broker that hangs holds only the requests waiting for it.

Answers are small JSON bodies: ``{"ok": true}``; ``{"ok": true, "duplicate": true}`` for an id
already handled; ``{"ok": true, "queued": true}`` in hand-off mode; else ``{"error":
"<reason>"}``.

Handlers may be sync or async. The ASGI app awaits async functions on the event loop and runs
sync ones in a thread pool of ``threads`` threads (as Starlette runs sync endpoints), so a slow
sync handler holds up only its own request; the store's sync calls, for a store without an
async face, run there too. The WSGI app runs an async function to completion with
``asyncio.run`` in the request's thread, a fresh event loop per request: do not share
loop-bound objects (clients, locks) between requests there.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import enum
import functools
import json
import logging
import os
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._dedup import (
    AsyncDedupStore,
    Claim,
    DedupStore,
    DedupStoreUnavailable,
    InMemoryDedupStore,
    ThreadedStore,
    handle_once,
    handle_once_sync,
)
from ._dispatch import Target, arun_targets, check_handlers, run_targets
from ._errors import InvalidWebhookSignatureError, WebhookPayloadError
from ._parse import decode_body, parse_event
from ._signing import _header_text, _keys, verify_signature, verify_values
from .handlers import WebhookHandler, WebhookRouter

if TYPE_CHECKING:
    from .catalog import CatalogHandler
    from .celery import Handoff

__all__ = ["ASGIApp", "WSGIApp", "asgi_app", "wsgi_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
"""An ASGI 3 application."""
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
"""A WSGI (PEP 3333) application."""

logger = logging.getLogger("openai_webhooks")

T = TypeVar("T")

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_READ_SIZE = 64 * 1024
_SIGNATURE_HEADERS = (
    ("webhook-id", "HTTP_WEBHOOK_ID"),
    ("webhook-timestamp", "HTTP_WEBHOOK_TIMESTAMP"),
    ("webhook-signature", "HTTP_WEBHOOK_SIGNATURE"),
)


class _Reply:
    """A finished answer: status, JSON body, extra headers (as text for WSGI, and as the
    bytes an ASGI server takes, encoded once: most answers are module constants)."""

    __slots__ = ("asgi_headers", "body", "headers", "status")

    def __init__(
        self, status: int, body: dict[str, Any], headers: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.status = status
        self.body = json.dumps(body, separators=(",", ":")).encode()
        self.headers = [
            ("content-type", "application/json"),
            ("content-length", str(len(self.body))),
            *headers,
        ]
        self.asgi_headers = [(n.encode(), v.encode()) for n, v in self.headers]
        if status == 413:
            # The rest of the body was not read: the connection cannot be reused.
            self.asgi_headers.append((b"connection", b"close"))


class _Default(enum.Enum):
    """The type of the ``dedup`` default: a sentinel, because None means "no deduplication"."""

    IN_MEMORY = "a new InMemoryDedupStore per app"

    def __repr__(self) -> str:  # as the signature shows it in help()
        return "<a new InMemoryDedupStore per app>"


_OK = _Reply(200, {"ok": True})
# Always the same body: why a signature failed (a stale timestamp, a missing header) would
# tell an unauthenticated caller how close it came. The reason is logged instead.
_UNAUTHORIZED = _Reply(401, {"error": "invalid webhook signature"})
_DUPLICATE = _Reply(200, {"ok": True, "duplicate": True})
# Another attempt holds the claim: not 200, so the event is not lost if that attempt fails.
_IN_PROGRESS = _Reply(409, {"error": "this webhook-id is being handled; retry later"})
_NOT_FOUND = _Reply(404, {"error": "not found"})
_NOT_ALLOWED = _Reply(405, {"error": "method not allowed: use POST"}, [("allow", "POST")])
_HANDLER_FAILED = _Reply(500, {"error": "the webhook handler failed"})
_INTERNAL = _Reply(500, {"error": "internal error"})
_UNAVAILABLE = _Reply(
    503, {"error": "dedup store unavailable; retry later"}, [("retry-after", "30")]
)
_QUEUED = _Reply(200, {"ok": True, "queued": True})
_QUEUE_UNAVAILABLE = _Reply(
    503, {"error": "task queue unavailable; retry later"}, [("retry-after", "30")]
)
_WSGI_PUBLISH_THREADS = 32  # publishes at once per WSGI process in hand-off mode
# The webhook-id, webhook-timestamp and webhook-signature values of a request (None: absent).
_Signed = tuple[str | None, str | None, str | None]


class _Delivery:
    """A verified, parsed delivery: its id and the functions it goes to."""

    __slots__ = ("targets", "webhook_id")

    def __init__(self, webhook_id: str, targets: list[Target]) -> None:
        self.webhook_id = webhook_id
        self.targets = targets


class _Queued:
    """A verified, parsed delivery to hand to the Celery task."""

    __slots__ = ("body", "catalog_event", "webhook_id")

    def __init__(self, webhook_id: str, body: str, catalog_event: str) -> None:
        self.webhook_id = webhook_id
        self.body = body
        self.catalog_event = catalog_event


class _HandlerFailed(Exception):
    """A handler function raised (its exception is the cause): told apart from store errors."""


class _Endpoint:
    """What the ASGI and WSGI apps share: configuration, routing and the per-request steps."""

    def __init__(
        self,
        handler: WebhookHandler | WebhookRouter,
        secret: str | bytes | Sequence[str | bytes],
        path: str | None,
        catalog_handler: CatalogHandler | None,
        dedup: DedupStore | AsyncDedupStore | None | _Default,
        max_body: int,
        tolerance: int,
        handoff: Handoff | None = None,
    ) -> None:
        from .catalog import ROUTES  # imported here: `import openai_webhooks` stays light

        check_handlers(handler, catalog_handler)
        if handoff is not None:
            catalog_handler, dedup = _handoff_parts(handoff, handler, catalog_handler, dedup)
        if isinstance(dedup, _Default):
            dedup = InMemoryDedupStore()  # one per app: two apps never share their ids
        elif isinstance(dedup, type):  # the class passes the protocol check, then fails per call
            raise TypeError(f"dedup must be a store, not the class {dedup.__name__}: call it")
        elif dedup is not None and not isinstance(dedup, (DedupStore, AsyncDedupStore)):
            raise TypeError(
                "dedup must have a lease and claim(), renew(), done() and release() methods"
                " (see DedupStore; the protocol gained leases in openai-webhooks 2.0),"
                f" not {type(dedup).__name__}"
            )
        if path is not None:
            if not isinstance(path, str) or not path.startswith("/"):
                raise ValueError(f"path must be a str starting with '/', not {path!r:.60}")
            if path in ROUTES:
                raise ValueError(f"path {path!r} is a catalog route")
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 0:
            raise ValueError(f"max_body must be a non-negative int, not {max_body!r:.40}")
        if isinstance(tolerance, bool) or not isinstance(tolerance, int) or tolerance < 0:
            raise ValueError(f"tolerance must be a non-negative int, not {tolerance!r:.40}")
        _keys(secret)  # an unusable secret fails here, not on every request
        self.handler = handler
        self.secret = secret
        self.path = path
        self.catalog_handler = catalog_handler
        self.dedup = dedup
        self.handoff = handoff
        self.max_body = max_body
        self.tolerance = int.__int__(tolerance)  # as verify_signature reads an int subclass
        self.routes = ROUTES
        self.too_large = _Reply(413, {"error": f"body larger than {max_body} bytes"})

    def route(self, path: str) -> str | None:
        """The catalog event type of `path`, "" for the envelope endpoint, None if not served."""
        if not path:
            path = "/"
        event_type = self.routes.get(path)
        if event_type is not None:
            return event_type if self.catalog_handler is not None else None
        if self.path is not None and path != self.path:
            return None
        return ""

    def declared_size(self, value: str | None) -> _Reply | None:
        """The answer to a Content-Length header, when it rules the request out."""
        if value is None or value == "":
            return None
        value = value.strip()
        if not (value.isascii() and value.isdigit()):
            return _Reply(400, {"error": "invalid Content-Length header"})
        if len(value) > 20 or int(value) > self.max_body:
            return self.too_large
        return None

    def accept(
        self,
        event_type: str,
        body: bytes,
        headers: list[tuple[Any, Any]] | _Signed,
        webhook_id: str | None = None,
    ) -> _Reply | _Delivery | _Queued:
        """Verify and parse a delivery; a _Reply when it must not reach a handler (or, in
        hand-off mode, the queue). `headers` are the request's (name, value) pairs, or the
        webhook-* values the caller read with `webhook_id`, the delivery's id."""
        try:
            if isinstance(headers, tuple):
                verify_values(body, headers, self.secret, self.tolerance)
            else:
                verify_signature(body, headers, self.secret, tolerance=self.tolerance)
        except InvalidWebhookSignatureError as exc:
            logger.warning("refused a webhook delivery (401): %s", exc)
            return _UNAUTHORIZED
        targets: list[Target]
        if event_type:
            try:
                raw = decode_body(body)
            except WebhookPayloadError as exc:
                return _bad_body(str(exc))
            # As for envelopes: a payload is an object. `from_raw` would read anything else as
            # a payload of None fields (an object without the fields does that too; the catalog
            # does not say which fields a payload must have).
            if not isinstance(raw, dict):
                return _bad_body("body is not a JSON object")
            if self.handoff is not None:  # valid UTF-8: decode_body checked it
                return _Queued(_delivery_id(webhook_id, headers), body.decode(), event_type)
            catalog_handler: Any = self.catalog_handler
            targets = catalog_handler.targets(event_type, raw)
        else:
            try:
                event = parse_event(body)
                text = body.decode() if self.handoff is not None else ""
            except (WebhookPayloadError, UnicodeDecodeError) as exc:
                return _bad_body(str(exc))
            if self.handoff is not None:
                return _Queued(_delivery_id(webhook_id, headers), text, "")
            targets = self.handler.targets(event)
        return _Delivery(_delivery_id(webhook_id, headers), targets)

    def queued(self, job: _Queued, error: BaseException | None) -> _Reply:
        """The answer once the broker accepted `job` (`error` None) or did not."""
        if error is None:
            return _QUEUED
        if isinstance(error, (asyncio.TimeoutError, concurrent.futures.TimeoutError)):
            timeout = self.handoff.publish_timeout if self.handoff is not None else 0
            error_text = f"no answer within {timeout:g} s"
        else:
            error_text = f"{type(error).__name__}: {error}"
        # An outage, not a bug: one line per request, no traceback flooding the logs.
        logger.warning("task queue did not accept webhook-id %r: %s", job.webhook_id, error_text)
        return _QUEUE_UNAVAILABLE

    def outcome(self, delivery: _Delivery, error: BaseException | None, found: Any) -> _Reply:
        """The answer once a delivery went through its store and handler: `error` is what
        they raised, `found` the `Claim` when the id was not claimed."""
        if error is None:
            if found is Claim.IN_PROGRESS:
                return _IN_PROGRESS
            if found is Claim.DONE:
                return _DUPLICATE
            return _OK
        webhook_id = delivery.webhook_id
        if isinstance(error, _HandlerFailed):
            logger.error(
                "webhook handler failed for webhook-id %r", webhook_id, exc_info=error.__cause__
            )
            return _HANDLER_FAILED
        if isinstance(error, DedupStoreUnavailable):
            # An outage, not a bug: one line per request, no traceback flooding the logs.
            logger.warning("dedup store unavailable to claim webhook-id %r: %s", webhook_id, error)
            return _UNAVAILABLE
        logger.error("dedup store failed to claim webhook-id %r", webhook_id, exc_info=error)
        return _INTERNAL


def _bad_body(reason: str) -> _Reply:
    """400 for a signed body that is not a valid event, logged: the sender is authenticated (no
    flood from strangers), and it retries a 400 for days, so the spec drift or the sender's bug
    behind it should be seen before then."""
    logger.warning("refused a webhook delivery (400): %s", reason)
    return _Reply(400, {"error": reason})


def _handoff_parts(
    handoff: Handoff,
    handler: WebhookHandler | WebhookRouter,
    catalog_handler: CatalogHandler | None,
    dedup: DedupStore | AsyncDedupStore | None | _Default,
) -> tuple[CatalogHandler | None, None]:
    """The catalog handler and store of an app in hand-off mode: the worker's, checked."""
    if not callable(getattr(handoff, "enqueue", None)):
        raise TypeError(f"handoff must be an openai_webhooks.celery.Handoff, not {handoff!r:.60}")
    if handler is not handoff.handler:
        raise ValueError(
            "in hand-off mode the handler runs in the Celery worker: pass the Handoff's own"
            " (asgi_app(handoff.handler, ..., handoff=handoff))"
        )
    if catalog_handler is not None and catalog_handler is not handoff.catalog_handler:
        raise ValueError("in hand-off mode the catalog handler is the Handoff's: leave it out")
    if not isinstance(dedup, _Default) and dedup is not None:
        raise ValueError(
            "in hand-off mode deduplication happens in the worker: pass dedup= to the Handoff,"
            " not to the app"
        )
    return handoff.catalog_handler, None


def _delivery_id(webhook_id: str | None, headers: list[tuple[Any, Any]] | _Signed) -> str:
    """The delivery's id: `webhook_id` when the caller read it (it always does when it gives
    the webhook-* values), else the header's."""
    if webhook_id is None and isinstance(headers, list):
        return _webhook_id(headers)
    return webhook_id or ""


def _webhook_id(headers: Iterable[tuple[Any, Any]]) -> str:
    """The webhook-id header of verified headers (present: verification requires it)."""
    for name, value in headers:
        if isinstance(name, (bytes, bytearray)):
            name = name.decode("latin-1")
        if name.lower() == "webhook-id":
            return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)
    return ""


def _route_path(scope: Scope) -> str:
    """The request path relative to the app's mount point (ASGI ``root_path``)."""
    path: str = scope.get("path", "")
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):
        rest = path[len(root_path) :]
        if not rest or rest.startswith("/"):
            return rest
    return path


class _ASGIApp:
    """The app `asgi_app` returns; an object, not a function, so that frameworks (Starlette's
    ``Route``, for one) take it for an ASGI app rather than for a request handler."""

    __slots__ = ("_endpoint", "_lock", "_pool", "_store", "_threads")

    def __init__(self, endpoint: _Endpoint, threads: int) -> None:
        self._endpoint = endpoint
        self._threads = threads
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        store = endpoint.dedup
        self._store: AsyncDedupStore | None
        if store is None or isinstance(store, AsyncDedupStore):
            self._store = store
        else:  # a sync-only store: its calls go to the thread pool, off the event loop
            self._store = ThreadedStore(store, self._offload)

    def __repr__(self) -> str:
        return f"<openai_webhooks ASGI app for {self._endpoint.handler!r}>"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            reply = await self._http(scope, receive)
            if reply is not None:
                # A list of its own: middleware may change a message's headers in place.
                headers = list(reply.asgi_headers)
                await send(
                    {"type": "http.response.start", "status": reply.status, "headers": headers}
                )
                await send({"type": "http.response.body", "body": reply.body})
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._pool is not None:
                        self._pool.shutdown(wait=False)
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif kind == "websocket":
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 1008})  # policy violation
        else:
            raise ValueError(f"unsupported ASGI scope type {kind!r}")

    async def _http(self, scope: Scope, receive: Receive) -> _Reply | None:
        """The answer to one HTTP request; None when the client went away."""
        accepted = await _asgi_accept(self._endpoint, scope, receive)
        if not isinstance(accepted, _Delivery):
            if isinstance(accepted, _Queued):
                return await self._enqueue(accepted)
            return accepted

        async def run() -> None:
            try:
                await arun_targets(accepted.targets, self._offload)
            except Exception as exc:
                raise _HandlerFailed() from exc

        found = error = None
        try:
            if self._store is None:
                await run()
            else:
                found = await handle_once(self._store, accepted.webhook_id, run)
        except Exception as exc:
            error = exc
        return self._endpoint.outcome(accepted, error, found)

    async def _enqueue(self, job: _Queued) -> _Reply:
        """Queue `job` within the publish timeout: from the event loop when the Handoff can (a
        Redis broker), else from the thread pool (Celery's publish blocks)."""
        handoff: Any = self._endpoint.handoff
        publish = functools.partial(handoff.enqueue, job.webhook_id, job.body, job.catalog_event)
        error: BaseException | None = None
        try:
            # On timeout the request is answered; a publish already running ends on its own.
            fast = handoff.aenqueue(job.webhook_id, job.body, job.catalog_event)
            if not await asyncio.wait_for(fast, handoff.publish_timeout):
                await asyncio.wait_for(self._submit(publish), handoff.publish_timeout)
        except Exception as exc:
            error = exc
        return self._endpoint.queued(job, error)

    async def _offload(self, func: Callable[[], T]) -> T:
        """Run sync `func` in the app's thread pool, in a copy of this request's context."""
        return await self._submit(func)

    def _submit(self, func: Callable[[], T]) -> asyncio.Future[T]:
        """`func` submitted to the app's thread pool: a future of its result (awaited as it
        is, with no task around it; cancelled while queued, it never runs)."""
        pool = self._pool
        if pool is None:
            with self._lock:
                pool = self._pool
                if pool is None:
                    pool = self._pool = concurrent.futures.ThreadPoolExecutor(
                        self._threads, thread_name_prefix="openai-webhooks"
                    )
        context = contextvars.copy_context()
        return asyncio.get_running_loop().run_in_executor(pool, context.run, func)


class _WSGIApp:
    """The app `wsgi_app` returns."""

    __slots__ = ("_endpoint", "_lock", "_pool", "_pool_pid")

    def __init__(self, endpoint: _Endpoint) -> None:
        self._endpoint = endpoint
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pool_pid = 0

    def __repr__(self) -> str:
        return f"<openai_webhooks WSGI app for {self._endpoint.handler!r}>"

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        reply = _wsgi_http(self._endpoint, environ, self._enqueue)
        start_response(f"{reply.status} {_REASONS[reply.status]}", list(reply.headers))
        return [reply.body]

    def _enqueue(self, job: _Queued) -> _Reply:
        """Queue `job` from a thread of the app's own pool, waiting at most the publish
        timeout: the server's thread is never held by a broker that hangs for longer."""
        handoff: Any = self._endpoint.handoff
        pool = self._publishers()
        future = pool.submit(handoff.enqueue, job.webhook_id, job.body, job.catalog_event)
        error: BaseException | None = None
        try:
            future.result(timeout=handoff.publish_timeout)
        except Exception as exc:
            future.cancel()  # still waiting for a thread: never published
            error = exc
        return self._endpoint.queued(job, error)

    def _publishers(self) -> concurrent.futures.ThreadPoolExecutor:
        """The pool publishing events, made on first use in each process (a forked WSGI worker
        does not inherit its parent's threads)."""
        with self._lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    _WSGI_PUBLISH_THREADS, thread_name_prefix="openai-webhooks-publish"
                )
                self._pool_pid = os.getpid()
            return self._pool


def asgi_app(
    handler: WebhookHandler | WebhookRouter,
    *,
    secret: str | bytes | Sequence[str | bytes],
    path: str | None = None,
    catalog_handler: CatalogHandler | None = None,
    dedup: DedupStore | AsyncDedupStore | None | _Default = _Default.IN_MEMORY,
    max_body: int = 1024 * 1024,
    tolerance: int = 300,
    threads: int = 40,
    handoff: Handoff | None = None,
) -> ASGIApp:
    """An ASGI application receiving webhook deliveries (see the module docs for the contract).

    Args:
        handler: The `WebhookHandler` or `WebhookRouter` receiving envelope events. Async
            functions are awaited on the event loop; sync ones run in the app's thread pool.
        secret: The endpoint's signing secret (``whsec_...``), or a list of them while rotating.
        path: Accept envelope events only on this path (relative to the mount point); by
            default every path that is not a catalog route accepts them.
        catalog_handler: A `openai_webhooks.catalog.CatalogHandler` serving the catalog routes;
            without one they answer 404.
        dedup: Where each ``webhook-id`` is recorded, so that a delivery is handled once. By
            default a new `InMemoryDedupStore` for this app, which serves one process; pass a
            shared store (`RedisDedupStore`) when several workers or hosts receive deliveries,
            or None to handle every delivery, repeated ids included. Its async face
            (`AsyncDedupStore`) is used when it has one, else its sync calls run in the thread
            pool.
        max_body: The largest accepted body, in bytes; larger ones get 413.
        tolerance: The largest accepted age (or lead) of ``webhook-timestamp``, in seconds.
        threads: The most sync handler calls (and sync store calls) running at once, in a
            thread pool made on first use (default 40, as Starlette's); more wait their turn.
        handoff: An `openai_webhooks.celery.Handoff`: hand-off mode. Each verified event is
            queued for the Handoff's Celery task and answered 200 once the broker accepted it,
            503 when it did not within ``handoff.publish_timeout``. `handler` must then be
            ``handoff.handler``; the catalog handler and the dedup store are the Handoff's.

    Raises:
        TypeError, ValueError: An argument is unusable (checked here, not per request).
        InvalidWebhookSignatureError: `secret` is unusable.
    """
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int, not {threads!r:.40}")
    endpoint = _Endpoint(
        handler, secret, path, catalog_handler, dedup, max_body, tolerance, handoff
    )
    return _ASGIApp(endpoint, threads)


async def _asgi_accept(
    endpoint: _Endpoint, scope: Scope, receive: Receive
) -> _Reply | _Delivery | _Queued | None:
    """Read and accept one ASGI HTTP request: a delivery to handle, or the answer (None when
    the client went away)."""
    event_type = endpoint.route(_route_path(scope))
    if event_type is None:
        return _NOT_FOUND
    if scope.get("method") != "POST":
        return _NOT_ALLOWED
    raw_headers = scope["headers"]
    picked = _asgi_headers(raw_headers) if type(raw_headers) is list else None
    headers: list[tuple[bytes, bytes]] | _Signed
    if picked is not None:
        length, headers, webhook_id = picked
    else:  # anything unusual: every header, as bytes, and the checks find what is wrong
        headers = [(bytes(n), bytes(v)) for n, v in raw_headers]
        webhook_id = None
        length = None
        for name, value in headers:
            if name.lower() == b"content-length":
                length = value.decode("latin-1")
                break
    refused = endpoint.declared_size(length)
    if refused is not None:
        return refused
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > endpoint.max_body:
            return endpoint.too_large
        if chunk:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    try:
        return endpoint.accept(event_type, body, headers, webhook_id)
    except Exception:
        logger.exception("failed to process a webhook delivery")
        return _INTERNAL


# The request headers `_asgi_headers` picks, by their lower-case names (as ASGI gives them).
_PICKED = {
    b"content-length": 0,
    b"webhook-id": 1,
    b"webhook-timestamp": 2,
    b"webhook-signature": 3,
}
_PICKED_LENGTHS = frozenset(map(len, _PICKED))


def _asgi_headers(raw_headers: list[Any]) -> tuple[str | None, _Signed, str] | None:
    """The headers of an ASGI request in one pass, when they are as servers give them: the
    Content-Length text, the webhook-* values as `verify_signature` reads them (None when
    absent) and the webhook-id as the delivery's id.

    None, for the general path to read them, when a name or value is not plain bytes, when a
    picked header comes twice, or when a name spells one of them otherwise than in lower case:
    the general path gives those their own answers (the first Content-Length, 401 for webhook-*
    headers whose values differ), and this one never has to.
    """
    found: list[bytes | None] = [None, None, None, None]
    for name, value in raw_headers:
        if type(name) is not bytes or type(value) is not bytes:
            return None
        index = _PICKED.get(name)
        if index is None:
            # Another spelling of a picked name (ASGI servers send lower case) is left to the
            # general path; bytes.lower() changes only ASCII letters, so the length is the same.
            if len(name) in _PICKED_LENGTHS and name.lower() in _PICKED:
                return None
        elif found[index] is None:
            found[index] = value
        else:
            return None
    length, webhook_id, timestamp, signature = found
    values: _Signed
    if webhook_id is not None and timestamp is not None and signature is not None:
        try:  # the usual: UTF-8 (ASCII, mostly), as `_header_text` reads it, in one go
            values = (webhook_id.decode(), timestamp.decode(), signature.decode())
        except UnicodeDecodeError:
            values = _texts(webhook_id, timestamp, signature)
    else:
        values = _texts(webhook_id, timestamp, signature)
    return (
        None if length is None else length.decode("latin-1"),
        values,
        "" if webhook_id is None else webhook_id.decode("latin-1"),  # as `_webhook_id` reads it
    )


def _texts(*raw: bytes | None) -> _Signed:
    """The webhook-* header values as `verify_signature` reads them; None when absent."""
    webhook_id, timestamp, signature = (None if v is None else _header_text(v) for v in raw)
    return webhook_id, timestamp, signature


def wsgi_app(
    handler: WebhookHandler | WebhookRouter,
    *,
    secret: str | bytes | Sequence[str | bytes],
    path: str | None = None,
    catalog_handler: CatalogHandler | None = None,
    dedup: DedupStore | None | _Default = _Default.IN_MEMORY,
    max_body: int = 1024 * 1024,
    tolerance: int = 300,
    handoff: Handoff | None = None,
) -> WSGIApp:
    """A WSGI application receiving webhook deliveries (see the module docs for the contract).

    The arguments are those of `asgi_app` but ``threads`` (each request has its thread), and
    the store must have the sync face (`DedupStore`). In hand-off mode the broker is called
    from a pool of the app's own, so that a request waits for it at most the publish timeout.

    A request without ``CONTENT_LENGTH`` (chunked) is read until ``wsgi.input`` ends, never
    more than ``max_body + 1`` bytes: use a server that ends the input with the request body
    (gunicorn, waitress, Werkzeug do; PEP 3333's ``wsgi.input_terminated``).

    Args:
        handler: The `WebhookHandler` or `WebhookRouter` receiving envelope events, called in
            the request's thread. An async function's result is run to completion with
            ``asyncio.run`` (a new event loop per request), so the WSGI server must not
            already run an event loop in that thread.
        dedup: Where each ``webhook-id`` is recorded, so that a delivery is handled once: a
            store with the sync face (`DedupStore`), called in the request's thread. By
            default a new `InMemoryDedupStore` for this app, which serves one process; pass a
            shared store (`RedisDedupStore`) when several workers or hosts receive deliveries,
            or None to handle every delivery, repeated ids included.

    Raises:
        TypeError, ValueError: An argument is unusable (checked here, not per request).
        InvalidWebhookSignatureError: `secret` is unusable.
    """
    if isinstance(dedup, AsyncDedupStore) and not isinstance(dedup, DedupStore):
        raise TypeError(
            "dedup must have the sync face (claim(), renew(), done(), release()): wsgi_app runs"
            f" without an event loop; {type(dedup).__name__} has only the async one"
        )
    return _WSGIApp(
        _Endpoint(handler, secret, path, catalog_handler, dedup, max_body, tolerance, handoff)
    )


def _environ_bytes(value: Any) -> Any:
    """A header value as the bytes received: WSGI gives them as Latin-1 text (PEP 3333), and
    the signature covers the webhook-id's bytes. Anything else is left for the check to refuse."""
    try:
        return value.encode("latin-1") if isinstance(value, str) else value
    except UnicodeEncodeError:
        return value


def _wsgi_http(
    endpoint: _Endpoint, environ: dict[str, Any], enqueue: Callable[[_Queued], _Reply]
) -> _Reply:
    """The answer to one WSGI request (`enqueue` answers one in hand-off mode)."""
    event_type = endpoint.route(environ.get("PATH_INFO", ""))
    if event_type is None:
        return _NOT_FOUND
    if environ.get("REQUEST_METHOD") != "POST":
        return _NOT_ALLOWED
    length = environ.get("CONTENT_LENGTH")
    refused = endpoint.declared_size(length)
    if refused is not None:
        return refused
    stream = environ["wsgi.input"]
    if length:
        remaining = int(length)  # at most max_body: checked above
        limit = remaining
    else:
        remaining = endpoint.max_body + 1
        limit = endpoint.max_body
    chunks: list[bytes] = []
    size = 0
    while remaining > 0:
        chunk = stream.read(min(remaining, _READ_SIZE))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        remaining -= len(chunk)
    if size > limit:
        return endpoint.too_large
    body = b"".join(chunks)
    headers = [
        (name, _environ_bytes(environ[key]))
        for name, key in _SIGNATURE_HEADERS
        if environ.get(key) is not None
    ]
    try:
        accepted = endpoint.accept(event_type, body, headers)
    except Exception:
        logger.exception("failed to process a webhook delivery")
        return _INTERNAL
    if isinstance(accepted, _Reply):
        return accepted
    if isinstance(accepted, _Queued):
        return enqueue(accepted)

    def run() -> None:
        try:
            run_targets(accepted.targets)
        except Exception as exc:
            raise _HandlerFailed() from exc

    found = error = None
    store = endpoint.dedup
    try:
        if store is None:
            run()
        elif isinstance(store, DedupStore):
            found = handle_once_sync(store, accepted.webhook_id, run)
        else:  # refused by wsgi_app; a store can still lose its sync face later
            raise TypeError("the dedup store has no sync face")
    except Exception as exc:
        error = exc
    return endpoint.outcome(accepted, error, found)
