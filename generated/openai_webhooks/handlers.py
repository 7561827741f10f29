"""Handler stubs and routing. `WebhookHandler` and `WebhookRouter` dispatch through one table.

Override the `on_<event>` methods you care about (sync or async); the rest do nothing. A
subclass method one typo away from a handler name (`on_bach_failed`) would never be called:
defining one warns, naming the handler name. Other names are left alone (`on_` helpers of your
own are yours). `WebhookRouter.on` warns the same way about a type one typo away from a known
one.
"""

from __future__ import annotations

import difflib
import inspect
import logging
import warnings
from collections.abc import Callable
from typing import Any, Literal, Protocol, TypeVar, overload

from ._dispatch import HandlerResult, Target, arun_targets, inline, run_targets
from ._parse import UnknownWebhookEvent
from .models import (
    BatchCancelledWebhookEvent,
    BatchCompletedWebhookEvent,
    BatchExpiredWebhookEvent,
    BatchFailedWebhookEvent,
    EvalRunCanceledWebhookEvent,
    EvalRunFailedWebhookEvent,
    EvalRunSucceededWebhookEvent,
    FineTuningJobCancelledWebhookEvent,
    FineTuningJobFailedWebhookEvent,
    FineTuningJobSucceededWebhookEvent,
    RealtimeCallIncomingWebhookEvent,
    ResponseCancelledWebhookEvent,
    ResponseCompletedWebhookEvent,
    ResponseFailedWebhookEvent,
    ResponseIncompleteWebhookEvent,
    WebhookEvent,
)

# The one type -> handler-method table; WebhookRouter keys its registrations on the same types.
HANDLER_METHODS: dict[str, str] = {
    "batch.cancelled": "on_batch_cancelled",
    "batch.completed": "on_batch_completed",
    "batch.expired": "on_batch_expired",
    "batch.failed": "on_batch_failed",
    "eval.run.canceled": "on_eval_run_canceled",
    "eval.run.failed": "on_eval_run_failed",
    "eval.run.succeeded": "on_eval_run_succeeded",
    "fine_tuning.job.cancelled": "on_fine_tuning_job_cancelled",
    "fine_tuning.job.failed": "on_fine_tuning_job_failed",
    "fine_tuning.job.succeeded": "on_fine_tuning_job_succeeded",
    "realtime.call.incoming": "on_realtime_call_incoming",
    "response.cancelled": "on_response_cancelled",
    "response.completed": "on_response_completed",
    "response.failed": "on_response_failed",
    "response.incomplete": "on_response_incomplete",
}


def handler_method(event: WebhookEvent | UnknownWebhookEvent) -> str:
    """Name of the WebhookHandler method that receives `event`."""
    if isinstance(event, UnknownWebhookEvent):
        return "on_unknown"
    return HANDLER_METHODS.get(event.type, "on_unknown")


# How close a name must be to a known one to be taken for a typo of it (difflib's ratio): close
# enough for a dropped, doubled or swapped letter, far enough for a new type (batch.paused).
_TYPO_CUTOFF = 0.85


def _typo_of(name: str, known: list[str]) -> str | None:
    """The known name that `name` is most likely a typo of; None when it is close to none."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=_TYPO_CUTOFF)
    return close[0] if close else None


def _misnamed_methods(cls: type) -> list[str]:
    """Warning texts for the functions named `on_...` that `cls` defines, that no event calls
    and that are one typo away from a method of a handler base class it has (`WebhookHandler`,
    `CatalogHandler`, or both): `on_bach_failed`. A name close to none (`on_any_event`, a
    helper the subclasses call) is taken as meant."""
    known = {
        name
        for ancestor in cls.__mro__
        if ancestor.__dict__.get("_HANDLER_BASE") is True
        for name in vars(ancestor)
        if name.startswith("on_")
    }
    messages = []
    for name, value in vars(cls).items():
        if name.startswith("on_") and name not in known and inspect.isfunction(value):
            close = _typo_of(name, sorted(known))
            if close is not None:
                messages.append(
                    f"{cls.__qualname__}.{name} matches no event, so it is never called;"
                    f" did you mean {close}?"
                )
    return messages


def _log_unknown(event: UnknownWebhookEvent, fix: str) -> None:
    """Say at INFO that an event of a type this package does not know went unhandled."""
    logging.getLogger("openai_webhooks").info(
        "unknown webhook event type %r (id %s): not handled; %s", event.type, event.id, fix
    )


class _ChecksHandlerNames:
    """Base of `WebhookHandler` and `CatalogHandler`: defining a subclass warns about its `on_`
    functions that are one typo away from a handler name (a misspelt handler is never called)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for message in _misnamed_methods(cls):
            warnings.warn(message, stacklevel=2)  # points at the subclass's definition


class WebhookHandler(_ChecksHandlerNames):
    """Base class of a webhook receiver: one no-op method per event type, plus `on_unknown`."""

    _HANDLER_BASE = True  # its on_ methods are handler names (see _misnamed_methods)

    def on_batch_cancelled(self, event: BatchCancelledWebhookEvent) -> HandlerResult:
        """
        Sent when a batch API request has been cancelled.

        Fetch the Batches resource: `catalog.batches.build_read(batch_id=event.data.id)` builds
        the request; `catalog.batches.Record.from_raw(body)` reads its response: id, object,
        endpoint, status, input_file_id, output_file_id, created_at, completed_at,
        request_counts_total, request_counts_completed, request_counts_failed.
        """
        return None

    def on_batch_completed(self, event: BatchCompletedWebhookEvent) -> HandlerResult:
        """
        Sent when a batch API request has been completed.

        Fetch the Batches resource: `catalog.batches.build_read(batch_id=event.data.id)` builds
        the request; `catalog.batches.Record.from_raw(body)` reads its response: id, object,
        endpoint, status, input_file_id, output_file_id, created_at, completed_at,
        request_counts_total, request_counts_completed, request_counts_failed.
        """
        return None

    def on_batch_expired(self, event: BatchExpiredWebhookEvent) -> HandlerResult:
        """
        Sent when a batch API request has expired.

        Fetch the Batches resource: `catalog.batches.build_read(batch_id=event.data.id)` builds
        the request; `catalog.batches.Record.from_raw(body)` reads its response: id, object,
        endpoint, status, input_file_id, output_file_id, created_at, completed_at,
        request_counts_total, request_counts_completed, request_counts_failed.
        """
        return None

    def on_batch_failed(self, event: BatchFailedWebhookEvent) -> HandlerResult:
        """
        Sent when a batch API request has failed.

        Fetch the Batches resource: `catalog.batches.build_read(batch_id=event.data.id)` builds
        the request; `catalog.batches.Record.from_raw(body)` reads its response: id, object,
        endpoint, status, input_file_id, output_file_id, created_at, completed_at,
        request_counts_total, request_counts_completed, request_counts_failed.
        """
        return None

    def on_eval_run_canceled(self, event: EvalRunCanceledWebhookEvent) -> HandlerResult:
        """Sent when an eval run has been canceled."""
        return None

    def on_eval_run_failed(self, event: EvalRunFailedWebhookEvent) -> HandlerResult:
        """Sent when an eval run has failed."""
        return None

    def on_eval_run_succeeded(self, event: EvalRunSucceededWebhookEvent) -> HandlerResult:
        """Sent when an eval run has succeeded."""
        return None

    def on_fine_tuning_job_cancelled(
        self, event: FineTuningJobCancelledWebhookEvent
    ) -> HandlerResult:
        """
        Sent when a fine-tuning job has been cancelled.

        Fetch the Fine-Tuning Jobs resource:
        `catalog.fine_tuning_jobs.build_read(fine_tuning_job_id=event.data.id)` builds the
        request; `catalog.fine_tuning_jobs.Record.from_raw(body)` reads its response: id, model,
        fine_tuned_model, status, training_file, created_at, finished_at, trained_tokens.
        """
        return None

    def on_fine_tuning_job_failed(self, event: FineTuningJobFailedWebhookEvent) -> HandlerResult:
        """
        Sent when a fine-tuning job has failed.

        Fetch the Fine-Tuning Jobs resource:
        `catalog.fine_tuning_jobs.build_read(fine_tuning_job_id=event.data.id)` builds the
        request; `catalog.fine_tuning_jobs.Record.from_raw(body)` reads its response: id, model,
        fine_tuned_model, status, training_file, created_at, finished_at, trained_tokens.
        """
        return None

    def on_fine_tuning_job_succeeded(
        self, event: FineTuningJobSucceededWebhookEvent
    ) -> HandlerResult:
        """
        Sent when a fine-tuning job has succeeded.

        Fetch the Fine-Tuning Jobs resource:
        `catalog.fine_tuning_jobs.build_read(fine_tuning_job_id=event.data.id)` builds the
        request; `catalog.fine_tuning_jobs.Record.from_raw(body)` reads its response: id, model,
        fine_tuned_model, status, training_file, created_at, finished_at, trained_tokens.
        """
        return None

    def on_realtime_call_incoming(self, event: RealtimeCallIncomingWebhookEvent) -> HandlerResult:
        """Sent when Realtime API Receives a incoming SIP call."""
        return None

    def on_response_cancelled(self, event: ResponseCancelledWebhookEvent) -> HandlerResult:
        """Sent when a background response has been cancelled."""
        return None

    def on_response_completed(self, event: ResponseCompletedWebhookEvent) -> HandlerResult:
        """
        Sent when a background response has been completed.

        Fetch the Responses resource: `catalog.responses.build_read(response_id=event.data.id)`
        builds the request; `catalog.responses.Record.from_raw(body)` reads its response: id,
        object, created_at, model, output_text, status, input_tokens, output_tokens.
        """
        return None

    def on_response_failed(self, event: ResponseFailedWebhookEvent) -> HandlerResult:
        """
        Sent when a background response has failed.

        Fetch the Responses resource: `catalog.responses.build_read(response_id=event.data.id)`
        builds the request; `catalog.responses.Record.from_raw(body)` reads its response: id,
        object, created_at, model, output_text, status, input_tokens, output_tokens.
        """
        return None

    def on_response_incomplete(self, event: ResponseIncompleteWebhookEvent) -> HandlerResult:
        """Sent when a background response has been interrupted."""
        return None

    def on_unknown(self, event: UnknownWebhookEvent) -> HandlerResult:
        """Called for an event type this package does not know; `event.data` is raw JSON.

        By default it logs the event's type and id at INFO on the ``openai_webhooks`` logger
        and returns, so the apps answer 200. Override it to handle new types (or to drop them
        without a log line); regenerating from the updated spec gives them their own model.

        Args:
            event: The event, with its ``type``, ``id``, ``created_at`` and raw ``data``.
        """
        _log_unknown(event, "override on_unknown")
        return None

    def dispatch(self, event: WebhookEvent | UnknownWebhookEvent) -> None:
        """Call the method for `event`'s type from sync code; an async method is run to
        completion on a new event loop.

        Raises:
            RuntimeError: The method is async and an event loop runs in this thread: use
                `adispatch` in async code.
        """
        run_targets(self.targets(event))

    async def adispatch(self, event: WebhookEvent | UnknownWebhookEvent) -> None:
        """Call the method for `event`'s type from async code: an async method is awaited, a
        sync one runs in a thread (``asyncio.to_thread``), so it does not block the loop."""
        await arun_targets(self.targets(event))

    def targets(self, event: WebhookEvent | UnknownWebhookEvent) -> list[Target]:
        """The functions `event` goes to, each with its argument (here: one method)."""
        return [(getattr(self, handler_method(event)), event)]


# The defaults do nothing (or log one line): the apps call them on the event loop, not in a
# thread (an override runs in the app's thread pool when it is sync).
for _name in (*HANDLER_METHODS.values(), "on_unknown"):
    inline(vars(WebhookHandler)[_name])

E = TypeVar("E")
Handler = Callable[[E], HandlerResult]

# The decorators return the function with its own type (an async function stays awaitable for
# its callers) and still check that it takes the event: one TypeVar per event type, bound to
# the handlers of that type. mypy names the TypeVar when a function does not take the event its
# type delivers ("Value of type variable "_TakesBatchFailedWebhookEvent" ... cannot be ..."),
# so their names say what the function must take.
_TakesBatchCancelledWebhookEvent = TypeVar(
    "_TakesBatchCancelledWebhookEvent", bound=Handler[BatchCancelledWebhookEvent]
)
_TakesBatchCompletedWebhookEvent = TypeVar(
    "_TakesBatchCompletedWebhookEvent", bound=Handler[BatchCompletedWebhookEvent]
)
_TakesBatchExpiredWebhookEvent = TypeVar(
    "_TakesBatchExpiredWebhookEvent", bound=Handler[BatchExpiredWebhookEvent]
)
_TakesBatchFailedWebhookEvent = TypeVar(
    "_TakesBatchFailedWebhookEvent", bound=Handler[BatchFailedWebhookEvent]
)
_TakesEvalRunCanceledWebhookEvent = TypeVar(
    "_TakesEvalRunCanceledWebhookEvent", bound=Handler[EvalRunCanceledWebhookEvent]
)
_TakesEvalRunFailedWebhookEvent = TypeVar(
    "_TakesEvalRunFailedWebhookEvent", bound=Handler[EvalRunFailedWebhookEvent]
)
_TakesEvalRunSucceededWebhookEvent = TypeVar(
    "_TakesEvalRunSucceededWebhookEvent", bound=Handler[EvalRunSucceededWebhookEvent]
)
_TakesFineTuningJobCancelledWebhookEvent = TypeVar(
    "_TakesFineTuningJobCancelledWebhookEvent", bound=Handler[FineTuningJobCancelledWebhookEvent]
)
_TakesFineTuningJobFailedWebhookEvent = TypeVar(
    "_TakesFineTuningJobFailedWebhookEvent", bound=Handler[FineTuningJobFailedWebhookEvent]
)
_TakesFineTuningJobSucceededWebhookEvent = TypeVar(
    "_TakesFineTuningJobSucceededWebhookEvent", bound=Handler[FineTuningJobSucceededWebhookEvent]
)
_TakesRealtimeCallIncomingWebhookEvent = TypeVar(
    "_TakesRealtimeCallIncomingWebhookEvent", bound=Handler[RealtimeCallIncomingWebhookEvent]
)
_TakesResponseCancelledWebhookEvent = TypeVar(
    "_TakesResponseCancelledWebhookEvent", bound=Handler[ResponseCancelledWebhookEvent]
)
_TakesResponseCompletedWebhookEvent = TypeVar(
    "_TakesResponseCompletedWebhookEvent", bound=Handler[ResponseCompletedWebhookEvent]
)
_TakesResponseFailedWebhookEvent = TypeVar(
    "_TakesResponseFailedWebhookEvent", bound=Handler[ResponseFailedWebhookEvent]
)
_TakesResponseIncompleteWebhookEvent = TypeVar(
    "_TakesResponseIncompleteWebhookEvent", bound=Handler[ResponseIncompleteWebhookEvent]
)
_TakesUnknownWebhookEvent = TypeVar("_TakesUnknownWebhookEvent", bound=Handler[UnknownWebhookEvent])
_AnyHandler = TypeVar("_AnyHandler", bound=Handler[Any])


class _NotAnEventTypeOfThisPackage(Protocol):
    """What `WebhookRouter.on` returns for a type mypy does not see as one of this package's (a
    typo, a newer type, a plain `str`): its functions take UnknownWebhookEvent. The name is for
    mypy's message on a typo: 'Value of type variable "_TakesUnknownWebhookEvent" of "__call__"
    of "_NotAnEventTypeOfThisPackage" cannot be "Callable[[BatchCancelledWebhookEvent], None]"'."""

    def __call__(self, func: _TakesUnknownWebhookEvent, /) -> _TakesUnknownWebhookEvent: ...


class WebhookRouter:
    """Register functions per event type with `@router.on("response.completed")`.

    Several functions may handle one type; they run one after another in registration order,
    sync and async alike (each async one is awaited before the next starts), and the first that
    raises stops the rest.

    A type this package does not know (one newer than the spec it was generated from) can be
    registered too: its functions receive an UnknownWebhookEvent, and run instead of the
    `on_unknown` ones for that type. Registering a type one typo away from a known one
    (``"batch.cancelld"``) warns, naming the known type.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler[Any]]] = {}
        self._unknown: list[Handler[UnknownWebhookEvent]] = []
        # The package's types, sorted: what a type that is none of them may be a typo of.
        self._known = sorted(HANDLER_METHODS)

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["batch.cancelled"]
    ) -> Callable[[_TakesBatchCancelledWebhookEvent], _TakesBatchCancelledWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["batch.completed"]
    ) -> Callable[[_TakesBatchCompletedWebhookEvent], _TakesBatchCompletedWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["batch.expired"]
    ) -> Callable[[_TakesBatchExpiredWebhookEvent], _TakesBatchExpiredWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["batch.failed"]
    ) -> Callable[[_TakesBatchFailedWebhookEvent], _TakesBatchFailedWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["eval.run.canceled"]
    ) -> Callable[[_TakesEvalRunCanceledWebhookEvent], _TakesEvalRunCanceledWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["eval.run.failed"]
    ) -> Callable[[_TakesEvalRunFailedWebhookEvent], _TakesEvalRunFailedWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["eval.run.succeeded"]
    ) -> Callable[[_TakesEvalRunSucceededWebhookEvent], _TakesEvalRunSucceededWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["fine_tuning.job.cancelled"]
    ) -> Callable[
        [_TakesFineTuningJobCancelledWebhookEvent], _TakesFineTuningJobCancelledWebhookEvent
    ]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["fine_tuning.job.failed"]
    ) -> Callable[
        [_TakesFineTuningJobFailedWebhookEvent], _TakesFineTuningJobFailedWebhookEvent
    ]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["fine_tuning.job.succeeded"]
    ) -> Callable[
        [_TakesFineTuningJobSucceededWebhookEvent], _TakesFineTuningJobSucceededWebhookEvent
    ]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["realtime.call.incoming"]
    ) -> Callable[
        [_TakesRealtimeCallIncomingWebhookEvent], _TakesRealtimeCallIncomingWebhookEvent
    ]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["response.cancelled"]
    ) -> Callable[[_TakesResponseCancelledWebhookEvent], _TakesResponseCancelledWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["response.completed"]
    ) -> Callable[[_TakesResponseCompletedWebhookEvent], _TakesResponseCompletedWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["response.failed"]
    ) -> Callable[[_TakesResponseFailedWebhookEvent], _TakesResponseFailedWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["response.incomplete"]
    ) -> Callable[[_TakesResponseIncompleteWebhookEvent], _TakesResponseIncompleteWebhookEvent]: ...

    @overload
    def on(self, event_type: str) -> _NotAnEventTypeOfThisPackage: ...

    def on(self, event_type: str) -> Callable[[_AnyHandler], _AnyHandler]:
        """Decorator registering a function for one event type; returns the function as is.

        For a type this package does not know, the function receives an UnknownWebhookEvent
        (and runs instead of the `on_unknown` functions for that type); one typo away from a
        known type, registering it warns (UserWarning) with that type's name.
        """
        if not isinstance(event_type, str) or not event_type:
            raise ValueError("event_type must be a non-empty string")
        if event_type not in HANDLER_METHODS:
            close = _typo_of(event_type, self._known)
            if close is not None:
                warnings.warn(
                    f"router.on({event_type!r}): no event type of this package is called so;"
                    f" did you mean {close!r}? (A type this package does not know is handled"
                    " as an UnknownWebhookEvent.)",
                    stacklevel=2,  # points at the decorator line
                )

        def register(func: _AnyHandler) -> _AnyHandler:
            if not callable(func):  # it would fail at the first delivery instead
                raise TypeError(f"router.on({event_type!r}) takes a function, not {func!r:.60}")
            self._handlers.setdefault(event_type, []).append(func)
            return func

        return register

    def on_unknown(self, func: _TakesUnknownWebhookEvent) -> _TakesUnknownWebhookEvent:
        """Decorator registering a function for the event types this package does not know and
        no `on` registration names."""
        if not callable(func):
            raise TypeError(f"router.on_unknown takes a function, not {func!r:.60}")
        self._unknown.append(func)
        return func

    def dispatch(self, event: WebhookEvent | UnknownWebhookEvent) -> None:
        """Call every function registered for `event`'s type, in order, from sync code; async
        ones are run to completion on a new event loop.

        Raises:
            RuntimeError: A function is async and an event loop runs in this thread: use
                `adispatch` in async code.
        """
        run_targets(self.targets(event))

    async def adispatch(self, event: WebhookEvent | UnknownWebhookEvent) -> None:
        """Call every function registered for `event`'s type, in order, from async code: async
        ones are awaited, sync ones run in a thread (``asyncio.to_thread``)."""
        await arun_targets(self.targets(event))

    def targets(self, event: WebhookEvent | UnknownWebhookEvent) -> list[Target]:
        """The functions registered for `event`'s type (else the `on_unknown` ones, for a type
        this package does not know), each with the event."""
        funcs: list[Handler[Any]] = self._handlers.get(event.type, [])
        if not funcs and handler_method(event) == "on_unknown":
            funcs = self._unknown
            if not funcs and isinstance(event, UnknownWebhookEvent):
                _log_unknown(event, "register a function with @router.on_unknown")
        return [(func, event) for func in funcs]
