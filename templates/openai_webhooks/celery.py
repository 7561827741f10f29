"""Hand-off to Celery: acknowledge a delivery as soon as it is queued, handle it in a worker.

Install with the extra: ``pip install "openai-webhooks[celery]"`` (Celery with its Redis
transport). ``import openai_webhooks`` never imports Celery; this module does.

A sender expects a quick answer and retries when it does not get one, while real handlers
fetch, write and call other services. In hand-off mode the HTTP apps only verify the signature,
parse the body and queue the event on your Celery app, and answer 200 once the broker has
accepted it; one registered task does the rest in a worker::

    # tasks.py: imported by the web process and by `celery -A tasks worker`
    app = Celery("hooks", broker="redis://localhost:6379/1")
    handoff = Handoff(
        app,
        Handler(),
        dedup=RedisDedupStore(url="redis://localhost:6379/0"),
        dead_letter=RedisDeadLetters(url="redis://localhost:6379/0"),
    )

    # web.py
    asgi = openai_webhooks.asgi_app(handoff.handler, secret=SECRET, handoff=handoff)

On a Redis broker the ASGI app publishes from the event loop (`Handoff.aenqueue`): the message
``apply_async`` would send, byte for byte, in one ``LPUSH`` (``_celery_redis.py``), with no
thread. Where that message would differ, or where ``apply_async`` runs code of yours per message
(publish signals, a wrapped ``apply_async``), it keeps ``apply_async`` in its threads;
`Handoff.publish_path` says which, and why.

The task (`Handoff.task`, named ``openai_webhooks.handle`` unless you name it):

1. re-validates the body into its typed event (`parse_event`; a catalog payload into its
   model), so handlers get the same models as inline;
2. claims the ``webhook-id`` in the shared `DedupStore` and runs the handler while renewing the
   lease (`handle_once_sync`): a sender's retry queued twice, or a message redelivered after a
   worker died, runs the handler once;
3. when the id is being handled elsewhere (``IN_PROGRESS``, or a store that cannot be reached),
   retries after ``in_progress_delay`` seconds without spending a handler retry; when it is
   done, returns;
4. when the handler raises, retries with exponential backoff (``retry_backoff`` seconds,
   doubling, at most ``retry_backoff_max``, with full jitter as Celery's ``retry_jitter``) up to
   ``max_retries`` times, then hands the event to ``dead_letter`` (a `RedisDeadLetters` list,
   from which `RedisDeadLetters.replay` queues events again, or a function of your own).

Its messages are JSON (never pickle), acknowledged late (after the task ran) and put back when
the worker running them is killed (``acks_late``, ``reject_on_worker_lost``). A retry or a dead
letter that cannot be stored keeps the message: nothing is acknowledged that is not handled,
queued again, or kept as a dead letter.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import random
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, runtime_checkable

from ._dedup import Claim, DedupStore, DedupStoreUnavailable, check_seconds, handle_once_sync
from ._dispatch import Target, check_handlers, run_targets
from ._errors import WebhookPayloadError
from ._parse import decode_body, parse_event
from .handlers import WebhookHandler, WebhookRouter

if TYPE_CHECKING:
    from ._celery_redis import RedisTaskPublisher
    from .catalog import CatalogHandler

__all__ = ["DeadLetter", "DeadLetters", "Handoff", "RedisDeadLetters"]

logger = logging.getLogger("openai_webhooks")

TASK_NAME = "openai_webhooks.handle"


def _import(name: str, what: str) -> Any:
    """Module `name` (typed Any: Celery ships no type information), or a clear ImportError."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError(
            f'{what} needs {name.split(".")[0]}: pip install "openai-webhooks[celery]"'
        )


_Reject = _import("celery.exceptions", "openai_webhooks.celery").Reject

# Task names each Celery app got from a Handoff: Celery hands back the task already registered
# under a name, so a second Handoff of that name would silently run the first one's handler.
_REGISTERED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


@dataclasses.dataclass(frozen=True)
class DeadLetter:
    """An event whose handler failed on every try: what is needed to queue it again."""

    webhook_id: str
    body: str
    """The delivery's JSON body, as received."""
    catalog_event: str | None
    """The catalog event type for a catalog route; None for an envelope event."""
    failures: int
    """How many times the handler raised."""
    error: str
    """The last exception, as ``Type: message``."""

    def to_json(self) -> str:
        """The letter as one JSON object."""
        return json.dumps(dataclasses.asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> DeadLetter:
        """A letter from `to_json`'s text."""
        data = json.loads(text)
        return cls(
            webhook_id=str(data["webhook_id"]),
            body=str(data["body"]),
            catalog_event=data.get("catalog_event"),
            failures=int(data["failures"]),
            error=str(data["error"]),
        )


@runtime_checkable
class DeadLetters(Protocol):
    """Where a `Handoff` keeps the events it gave up on."""

    def push(self, letter: DeadLetter) -> None:
        """Keep `letter` durably, or raise (the task then keeps its message and tries later)."""
        ...


DeadLetterSink = DeadLetters | Callable[[DeadLetter], None]


class Handoff:
    """Registers the task handling webhook events on `app`, and queues events for it.

    Create it in a module that both the web process and the worker import (``celery -A
    module worker``): the worker finds the task there.

    Args:
        app: Your ``celery.Celery`` application. Its broker carries the events.
        handler: The `WebhookHandler` or `WebhookRouter` the worker dispatches envelope events
            to (sync or async methods). Pass the same object to ``asgi_app``/``wsgi_app``.
        catalog_handler: A `openai_webhooks.catalog.CatalogHandler` for the catalog routes;
            without one the apps answer 404 there.
        dedup: A store shared by every worker (`RedisDedupStore`), so that an event queued
            twice is handled once; None handles every message (at least once, duplicates too).
        dead_letter: Where events go after the last retry: a `RedisDeadLetters` (or any object
            with ``push(letter)``), or a function taking a `DeadLetter`. Required: an event is
            never dropped with only a log line.
        max_retries: Retries after a handler raised (default 5: six runs in all), counted per
            queued message: each copy of an id queued twice retries on its own.
        retry_backoff: Seconds before the first retry; each next one waits twice as long.
        retry_backoff_max: The longest wait between retries, in seconds (default 600).
        retry_jitter: Draw each wait at random between 0 and its bound (Celery's full jitter),
            so that events failing together do not retry together.
        in_progress_delay: Seconds before a message whose id another attempt holds (or whose
            store cannot be reached) is tried again; default: the store's lease, within which
            the claim of a worker that died lapses.
        publish_timeout: Seconds the HTTP apps wait for the broker to accept an event before
            they answer 503 (default 2).
        name: The task's name.
        queue: The queue events go to (default: Celery's default queue); start the workers
            with ``-Q`` naming it.
    """

    def __init__(
        self,
        app: Any,
        handler: WebhookHandler | WebhookRouter,
        *,
        dedup: DedupStore | None,
        dead_letter: DeadLetterSink,
        catalog_handler: CatalogHandler | None = None,
        max_retries: int = 5,
        retry_backoff: float = 2.0,
        retry_backoff_max: float = 600.0,
        retry_jitter: bool = True,
        in_progress_delay: float | None = None,
        publish_timeout: float = 2.0,
        name: str = TASK_NAME,
        queue: str | None = None,
    ) -> None:
        if not callable(getattr(app, "task", None)):
            raise TypeError(f"app must be a celery.Celery application, not {type(app).__name__}")
        check_handlers(handler, catalog_handler)
        if dedup is not None and (isinstance(dedup, type) or not isinstance(dedup, DedupStore)):
            raise TypeError(
                "dedup must be a store with the sync face (claim(), renew(), done(), release()),"
                f" such as RedisDedupStore(url=...), or None; not {dedup!r:.60}"
            )
        if not (isinstance(dead_letter, DeadLetters) or callable(dead_letter)):
            raise TypeError(
                "dead_letter must have push(letter) (RedisDeadLetters) or be a function taking a"
                f" DeadLetter, not {type(dead_letter).__name__}"
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be a non-negative int, not {max_retries!r:.40}")
        self.app = app
        self.handler = handler
        self.catalog_handler = catalog_handler
        self.dedup = dedup
        self.dead_letter = dead_letter
        self.max_retries = max_retries
        self.retry_backoff = check_seconds("retry_backoff", retry_backoff)
        self.retry_backoff_max = check_seconds("retry_backoff_max", retry_backoff_max)
        self.retry_jitter = bool(retry_jitter)
        if in_progress_delay is None:
            in_progress_delay = dedup.lease if dedup is not None else self.retry_backoff
        self.in_progress_delay = check_seconds("in_progress_delay", in_progress_delay)
        self.publish_timeout = check_seconds("publish_timeout", publish_timeout)
        self._route: dict[str, Any] = {"queue": queue} if queue is not None else {}
        self.task: Any = self._register(name)
        """The registered Celery task (``Handoff.task.name`` is its name)."""
        # The event loop's publisher (`aenqueue`), made at the first publish: None until then,
        # or the reason Celery's own send path is kept.
        self._fast: RedisTaskPublisher | str | None = None
        self._fast_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<openai_webhooks Handoff {self.task.name!r} for {self.handler!r}>"

    def _register(self, name: str) -> Any:
        names = _REGISTERED.setdefault(self.app, set())
        if name in names:
            raise ValueError(
                f"a Handoff already registered the task {name!r} on this Celery app: reuse it,"
                " or pass another name="
            )
        names.add(name)

        def handle(
            task: Any,
            body: str,
            webhook_id: str,
            catalog_event: str | None = None,
            failures: int = 0,
        ) -> str:
            """Handle one queued webhook event (see openai_webhooks.celery)."""
            return self._handle(task, body, webhook_id, catalog_event, failures)

        return self.app.task(
            handle,
            name=name,
            bind=True,
            shared=False,  # registered on this app only, not on every app in the process
            serializer="json",
            acks_late=True,
            reject_on_worker_lost=True,
            ignore_result=True,
            max_retries=None,  # the handler's retries are counted in the message (`failures`)
        )

    # -- The web side ----------------------------------------------------------------------

    def enqueue(self, webhook_id: str, body: str, catalog_event: str | None = None) -> None:
        """Queue one verified delivery for the task; returns once the broker accepted it.

        Celery's ``apply_async``: blocking, possibly for long when the broker hangs, so the apps
        call it in a thread (the ASGI app when `aenqueue` cannot publish) and give up after
        ``publish_timeout``. Raises whatever the broker client raises.
        """
        kwargs, argsrepr, kwargsrepr = _call(webhook_id, body, catalog_event)
        self.task.apply_async(
            kwargs=kwargs,
            serializer="json",
            argsrepr=argsrepr,
            kwargsrepr=kwargsrepr,
            **self._route,
        )

    async def aenqueue(self, webhook_id: str, body: str, catalog_event: str | None = None) -> bool:
        """Queue one verified delivery from the event loop, with no thread; `asgi_app` calls it.

        Returns True once Redis accepted the message: the one ``apply_async`` would have sent,
        byte for byte, written with one ``LPUSH`` by the package's own client (no thread, so no
        contention with the event loop). Returns False, having done nothing, when the broker or
        a setting needs Celery's own send path (`publish_path` says why): call `enqueue` in a
        thread then. Decided at the first call, once per process.

        Takes at most ``publish_timeout`` seconds, then raises ``RedisConnectionError``, as when
        Redis cannot be reached; an error reply raises ``RedisReplyError``.
        """
        publisher = self._publisher()
        if publisher is None:
            return False
        await publisher.publish(*_call(webhook_id, body, catalog_event))
        return True

    def publish_path(self) -> str:
        """How `asgi_app` queues events in this process: ``"event loop: LPUSH 'celery' on
        redis://host:6379/1"``, or ``"apply_async in a thread: <why>"``."""
        publisher = self._publisher()
        if publisher is None:
            return f"apply_async in a thread: {self._fast}"
        return f"event loop: {publisher!r}"

    def _publisher(self) -> RedisTaskPublisher | None:
        """The event loop's publisher, made once (a dry run of Celery's send path, no I/O);
        None when Celery's own send path must be kept, having logged why."""
        fast = self._fast
        if fast is None:
            with self._fast_lock:
                fast = self._fast
                if fast is None:
                    fast = self._fast = self._make_publisher()
        return None if isinstance(fast, str) else fast

    def _make_publisher(self) -> RedisTaskPublisher | str:
        from ._celery_redis import RedisTaskPublisher, Unsupported

        sample, _, _ = _call("", "", None)
        try:
            publisher = RedisTaskPublisher(
                self.task, sample, self.publish_timeout, serializer="json", **self._route
            )
        except Exception as exc:
            # A setting is expected; anything else (from Celery, from a kombu this module does
            # not know) is worth a closer look. Either way apply_async still publishes.
            expected = isinstance(exc, Unsupported) and exc.__cause__ is None
            reason = str(exc) if isinstance(exc, Unsupported) else f"{type(exc).__name__}: {exc}"
            log = logger.info if expected else logger.warning
            log("hand-off of %r publishes with apply_async in threads: %s", self.task.name, reason)
            return reason
        logger.info("hand-off of %r publishes from the event loop: %r", self.task.name, publisher)
        return publisher

    # -- The worker side -------------------------------------------------------------------

    def _handle(
        self, task: Any, body: str, webhook_id: str, catalog_event: str | None, failures: int
    ) -> str:
        message = {"body": body, "webhook_id": webhook_id, "failures": failures}
        if catalog_event:
            message["catalog_event"] = catalog_event
        try:
            targets = self._targets(body, catalog_event)
        except WebhookPayloadError as exc:
            # The web process accepted it, this worker's package does not (two versions
            # deployed side by side): retrying cannot help, replaying after an upgrade can.
            logger.error("queued webhook-id %r is not a valid event here: %s", webhook_id, exc)
            self._give_up(task, message, exc)
            return "dead-lettered"

        def run() -> None:
            try:
                run_targets(targets)
            except Exception as exc:
                raise _HandlerFailed() from exc

        try:
            if self.dedup is None:
                run()
                found = None
            else:
                found = handle_once_sync(self.dedup, webhook_id, run)
        except _HandlerFailed as failed:
            error = failed.__cause__ or failed
            message["failures"] = failures + 1
            if failures >= self.max_retries:
                logger.error(
                    "webhook handler failed for webhook-id %r, %d times: giving up",
                    webhook_id,
                    failures + 1,
                    exc_info=error,
                )
                self._give_up(task, message, error)
                return "dead-lettered"
            delay = self._backoff(failures)
            logger.warning(
                "webhook handler failed for webhook-id %r (%s: %s); retry %d of %d in %.1f s",
                webhook_id,
                type(error).__name__,
                error,
                failures + 1,
                self.max_retries,
                delay,
            )
            self._again(task, message, delay, error)
        except DedupStoreUnavailable as exc:
            logger.warning("dedup store unavailable for webhook-id %r: %s", webhook_id, exc)
            self._again(task, message, self.in_progress_delay, exc)
        if found is Claim.IN_PROGRESS:
            self._again(task, message, self.in_progress_delay, None)
        return "duplicate" if found is Claim.DONE else "handled"

    def _targets(self, body: str, catalog_event: str | None) -> list[Target]:
        """The handler functions for one queued body, the event re-validated into its model."""
        if not catalog_event:
            return self.handler.targets(parse_event(body))
        catalog_handler: Any = self.catalog_handler
        if catalog_handler is None:
            raise WebhookPayloadError(f"no catalog_handler for the catalog event {catalog_event!r}")
        raw = decode_body(body)
        if not isinstance(raw, dict):
            raise WebhookPayloadError("body is not a JSON object")
        targets: list[Target] = catalog_handler.targets(catalog_event, raw)
        return targets

    def _backoff(self, failures: int) -> float:
        """Seconds before retry number `failures` + 1: doubling, capped, jittered.

        Written here rather than Celery's ``get_exponential_backoff_interval``, which works in
        whole seconds (sub-second backoff is what tests and fast retries need)."""
        bound = min(self.retry_backoff_max, self.retry_backoff * 2.0 ** min(failures, 64))
        return random.uniform(0, bound) if self.retry_jitter else bound

    def _again(
        self, task: Any, message: dict[str, Any], countdown: float, error: BaseException | None
    ) -> NoReturn:
        """Queue the message again in `countdown` seconds (Celery's ``Task.retry``: the new
        message is published before this one is acknowledged)."""
        try:
            task.retry(kwargs=message, countdown=countdown, exc=error, max_retries=None)
        except _Reject as reject:
            # The broker refused the new message; Celery would drop this one (requeue=False).
            # Put it back instead: it is tried again, or stays unacknowledged until the broker's
            # visibility timeout hands it out again.
            raise _Reject(reject.reason, requeue=True) from None
        raise AssertionError("Task.retry returned")  # pragma: no cover: it raises Retry

    def _give_up(self, task: Any, message: dict[str, Any], error: BaseException) -> None:
        """Hand the event to the dead-letter place; if that fails, keep it in the queue."""
        letter = DeadLetter(
            webhook_id=message["webhook_id"],
            body=message["body"],
            catalog_event=message.get("catalog_event"),
            failures=message["failures"],
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        try:
            if isinstance(self.dead_letter, DeadLetters):
                self.dead_letter.push(letter)
            else:
                self.dead_letter(letter)
        except Exception as exc:
            logger.error(
                "could not keep webhook-id %r as a dead letter (%s: %s); trying again in %g s",
                letter.webhook_id,
                type(exc).__name__,
                exc,
                self.retry_backoff_max,
            )
            self._again(task, message, self.retry_backoff_max, exc)


def _call(webhook_id: str, body: str, catalog_event: str | None) -> tuple[dict[str, Any], str, str]:
    """The task's keyword arguments for one delivery, and the ``argsrepr`` and ``kwargsrepr``
    Celery shows of them in logs and monitors (Flower, ``inspect``): the id, not the event's
    data. Given, they also spare a repr of the body per publish."""
    kwargs: dict[str, Any] = {"body": body, "webhook_id": webhook_id}
    if catalog_event:
        kwargs["catalog_event"] = catalog_event
    return kwargs, "()", repr({"webhook_id": webhook_id, "catalog_event": catalog_event})


class _HandlerFailed(Exception):
    """A handler function raised (its exception is the cause): told apart from store errors."""


class RedisDeadLetters:
    """Dead letters in a Redis list: newest first, replayed oldest first.

    Args:
        client: A ``redis.Redis`` client; or pass ``url`` instead.
        url: A Redis URL such as ``redis://localhost:6379/0``.
        key: The list's key.
        timeout: Socket timeout of a client made from ``url``, in seconds.

    Inspect with ``redis-cli LRANGE openai-webhooks:dead-letters 0 -1`` (each entry is a
    `DeadLetter` as JSON) or `peek`; queue them again with `replay` once the handler is fixed.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        url: str | None = None,
        key: str = "openai-webhooks:dead-letters",
        timeout: float = 5.0,
    ) -> None:
        if (client is None) == (url is None):
            raise ValueError("pass exactly one of client= or url=")
        if client is None:
            redis = _import("redis", "RedisDeadLetters")
            client = redis.Redis.from_url(
                url, socket_timeout=timeout, socket_connect_timeout=timeout
            )
        self.client = client
        self.key = key

    def __repr__(self) -> str:
        return f"RedisDeadLetters(key={self.key!r})"

    def push(self, letter: DeadLetter) -> None:
        """Keep `letter` (``LPUSH``)."""
        self.client.lpush(self.key, letter.to_json())

    def __len__(self) -> int:
        """How many letters are kept."""
        return int(self.client.llen(self.key))

    def peek(self, limit: int = 100) -> list[DeadLetter]:
        """Up to `limit` letters, oldest first, left in place."""
        if limit < 1:
            return []
        return [
            DeadLetter.from_json(raw) for raw in reversed(self.client.lrange(self.key, -limit, -1))
        ]

    def __iter__(self) -> Iterator[DeadLetter]:
        """Every letter, oldest first, left in place."""
        return iter(self.peek(len(self)))

    def replay(self, handoff: Handoff, limit: int | None = None) -> int:
        """Queue the letters for `handoff`'s task again, oldest first; returns how many.

        A letter leaves the list only after the broker accepted it, so a crash or a broker
        error mid-way loses nothing (it may queue one letter twice, which the task's dedup
        store absorbs). Run one replay at a time.
        """
        replayed = 0
        while limit is None or replayed < limit:
            raw = self.client.lindex(self.key, -1)
            if raw is None:
                break
            letter = DeadLetter.from_json(raw)
            handoff.enqueue(letter.webhook_id, letter.body, letter.catalog_event)
            self.client.lrem(self.key, -1, raw)
            replayed += 1
        return replayed
