"""Handler stubs and routing. `WebhookHandler` and `WebhookRouter` dispatch through one table.

Override the `on_<event>` methods you care about (sync or async); the rest do nothing. A
subclass method whose name starts with `on_` but matches no event is never called: defining one
warns, naming the closest handler name.
"""

from __future__ import annotations

import difflib
import inspect
import logging
import warnings
from collections.abc import Callable
from typing import Any, Literal, TypeVar, overload

from ._dispatch import HandlerResult, Target, arun_targets, run_targets
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
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
            if close:
                messages.append(
                    f"{cls.__qualname__}.{name} matches no event, so it is never called;"
                    f" did you mean {close[0]}?"
                )
    return messages


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
        logging.getLogger("openai_webhooks").info(
            "unknown webhook event type %r (id %s): not handled; override on_unknown",
            event.type,
            event.id,
        )
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


E = TypeVar("E")
Handler = Callable[[E], HandlerResult]

# The decorators return the function with its own type (an async function stays awaitable for
# its callers) and still check that it takes the event: one TypeVar per event type, bound to
# the handlers of that type.
_Event3dModelReadyWebhookEventHandler = TypeVar(
    "_Event3dModelReadyWebhookEventHandler", bound=Handler[Event3dModelReadyWebhookEvent]
)
_ClassDefWebhookEventHandler = TypeVar(
    "_ClassDefWebhookEventHandler", bound=Handler[ClassDefWebhookEvent]
)
_UnknownHandler = TypeVar("_UnknownHandler", bound=Handler[UnknownWebhookEvent])
_AnyHandler = TypeVar("_AnyHandler", bound=Handler[Any])


class WebhookRouter:
    """Register functions per event type with `@router.on("response.completed")`.

    Several functions may handle one type; they run one after another in registration order,
    sync and async alike (each async one is awaited before the next starts), and the first that
    raises stops the rest. Types this package does not know can be registered too: they receive
    an UnknownWebhookEvent.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler[Any]]] = {}
        self._unknown: list[Handler[UnknownWebhookEvent]] = []

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["3d.model-ready"]
    ) -> Callable[
        [_Event3dModelReadyWebhookEventHandler], _Event3dModelReadyWebhookEventHandler
    ]: ...

    @overload
    def on(  # type: ignore[overload-overlap]  # a Literal type is narrower than the str fallback
        self, event_type: Literal["class.def"]
    ) -> Callable[[_ClassDefWebhookEventHandler], _ClassDefWebhookEventHandler]: ...

    @overload
    def on(self, event_type: str) -> Callable[[_UnknownHandler], _UnknownHandler]: ...

    def on(self, event_type: str) -> Callable[[_AnyHandler], _AnyHandler]:
        """Decorator registering a function for one event type; returns the function as is."""
        if not isinstance(event_type, str) or not event_type:
            raise ValueError("event_type must be a non-empty string")

        def register(func: _AnyHandler) -> _AnyHandler:
            self._handlers.setdefault(event_type, []).append(func)
            return func

        return register

    def on_unknown(self, func: _UnknownHandler) -> _UnknownHandler:
        """Decorator registering a function for event types nothing else handles."""
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
        return [(func, event) for func in funcs]
