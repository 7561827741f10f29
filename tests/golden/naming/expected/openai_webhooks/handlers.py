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
    ClassDefWebhookEvent,
    Event3dModelReadyWebhookEvent,
    WebhookEvent,
)

# The one type -> handler-method table; WebhookRouter keys its registrations on the same types.
HANDLER_METHODS: dict[str, str] = {
    "3d.model-ready": "on_3d_model_ready",
    "class.def": "on_class_def",
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

    def on_3d_model_ready(self, event: Event3dModelReadyWebhookEvent) -> HandlerResult:
        """Leading digit and hyphen; a description with \"\"\" quotes, a \\ backslash and {{ braces }}."""
        return None

    def on_class_def(self, event: ClassDefWebhookEvent) -> HandlerResult:
        """Sent when a class is defined."""
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
_TakesEvent3dModelReadyWebhookEvent = TypeVar(
    "_TakesEvent3dModelReadyWebhookEvent", bound=Handler[Event3dModelReadyWebhookEvent]
)
_TakesClassDefWebhookEvent = TypeVar(
    "_TakesClassDefWebhookEvent", bound=Handler[ClassDefWebhookEvent]
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
        self, event_type: Literal["3d.model-ready"]
    ) -> Callable[[_TakesEvent3dModelReadyWebhookEvent], _TakesEvent3dModelReadyWebhookEvent]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["class.def"]
    ) -> Callable[[_TakesClassDefWebhookEvent], _TakesClassDefWebhookEvent]: ...

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
