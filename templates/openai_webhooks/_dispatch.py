"""Running handler functions, sync and async alike, from sync or async code.

A handler (`WebhookHandler`, `WebhookRouter`, `CatalogHandler`) turns an event into its list of
targets: the functions to call, in order, each with its argument. `run_targets` calls them from
sync code: an async function's coroutine is run to completion on a fresh event loop, or, where a
loop already runs in this thread (an async framework calling ``dispatch``), refused with an error
naming ``adispatch``: a coroutine handed back to sync code is one nobody awaits, and the event
would be acknowledged unhandled. `arun_targets` calls them from async code: async functions are
awaited, sync ones run off the event loop (in a thread), so a slow sync handler never stalls
other requests; the handlers' no-op defaults (marked with `inline`) are simply called.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from types import FunctionType, MethodType
from typing import Any, Protocol, TypeVar

HandlerResult = Awaitable[None] | None
Target = tuple[Callable[[Any], HandlerResult], Any]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class Offload(Protocol):
    """Runs a sync function off the event loop and awaits its result."""

    def __call__(self, func: Callable[[], T], /) -> Awaitable[T]: ...


_INLINE = "__openai_webhooks_inline__"


def inline(func: F) -> F:
    """Mark a sync function as quick enough to run on the event loop (the handlers' no-op
    defaults): a thread hop would cost more than the call."""
    setattr(func, _INLINE, True)
    return func


def check_handlers(handler: object, catalog_handler: object) -> None:
    """Refuse what cannot give targets (the apps and the Celery hand-off take the same two): a
    class where an instance belongs, the two handlers swapped, anything without `targets`."""
    _check_handler("handler", handler, "a WebhookHandler or a WebhookRouter")
    if catalog_handler is not None:
        _check_handler("catalog_handler", catalog_handler, "a CatalogHandler")
    from .handlers import WebhookHandler, WebhookRouter

    if isinstance(catalog_handler, (WebhookHandler, WebhookRouter)) or _is_catalog(handler):
        raise TypeError(
            "handler and catalog_handler are swapped: the handler of the event types takes a"
            " WebhookHandler or a WebhookRouter, catalog_handler= a CatalogHandler"
        )


def _check_handler(name: str, value: object, kind: str) -> None:
    if isinstance(value, type):  # the class passes the check below, then fails per delivery
        raise TypeError(
            f"{name} must be an instance, not the class {value.__name__}: call it"
            f" ({name}={value.__name__}())"
        )
    if not callable(getattr(value, "targets", None)):
        raise TypeError(f"{name} must be {kind}, not {type(value).__name__}")


def _is_catalog(handler: object) -> bool:
    # A CatalogHandler exists only once the catalog is imported (and a package generated
    # without a catalog has none): no import here.
    catalog = sys.modules.get(f"{__package__}.catalog")
    kind = getattr(catalog, "CatalogHandler", None)
    return kind is not None and isinstance(handler, kind)


def is_async(func: Callable[..., Any]) -> bool:
    """Whether calling `func` gives a coroutine (an ``async def`` function or method, through
    `functools.partial` too, or an object whose ``__call__`` is one)."""
    while isinstance(func, functools.partial):
        func = func.func
    if inspect.iscoroutinefunction(func):
        return True
    call = getattr(type(func), "__call__", None)
    return call is not None and not inspect.isfunction(func) and inspect.iscoroutinefunction(call)


def run_targets(targets: Sequence[Target]) -> None:
    """Call each target in order from sync code, running async ones to completion.

    Raises:
        RuntimeError: A target is async and an event loop runs in this thread (use
            ``await handler.adispatch(...)`` there).
    """
    for func, arg in targets:
        result = func(arg)
        if inspect.isawaitable(result):
            _complete(result, func)


async def arun_targets(targets: Sequence[Target], offload: Offload | None = None) -> None:
    """Call each target in order from async code: async ones are awaited, sync ones run in
    `offload` (``asyncio.to_thread`` by default), each finishing before the next starts."""
    for func, arg in targets:
        if type(func) is MethodType:  # a handler class's method: decided once per function
            call_inline = _METHODS_INLINE.get(func.__func__)
            if call_inline is None:
                call_inline = _method_inline(func)
        else:
            call_inline = _inline_call(func)
        if call_inline:
            result = func(arg)
        elif offload is None:
            result = await asyncio.to_thread(func, arg)
        else:
            result = await offload(functools.partial(func, arg))
        if result is not None and inspect.isawaitable(result):  # a sync function's awaitable
            await result


def _inline_call(func: Callable[..., Any]) -> bool:
    """Whether `arun_targets` calls `func` on the event loop: marked `inline`, or async.
    (A bound method reads the marker from its function.)"""
    return bool(getattr(func, _INLINE, False)) or is_async(func)


# `_inline_call` of bound methods, by their function: a handler's method is a new bound method
# on every lookup, of the same function, and what `_inline_call` reads of a bound method is
# its function's (the marker, the code flags). A method replaced at runtime, on the class or
# the instance, is another function. Bounded: emptied when it holds 256.
_METHODS_INLINE: dict[Callable[..., Any], bool] = {}
_METHODS_INLINE_SIZE = 256


def _method_inline(method: MethodType) -> bool:
    call_inline = _inline_call(method)
    function = method.__func__
    if type(function) is FunctionType:  # (not a callable object: its __call__ could change)
        if len(_METHODS_INLINE) >= _METHODS_INLINE_SIZE:
            _METHODS_INLINE.clear()
        _METHODS_INLINE[function] = call_inline
    return call_inline


def _complete(result: Awaitable[None], func: Callable[..., Any]) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop in this thread: the usual case in sync code
        asyncio.run(_awaited(result))
        return
    if inspect.iscoroutine(result):
        result.close()  # never awaited, on purpose: no "never awaited" warning on top
    name = getattr(func, "__qualname__", repr(func))
    raise RuntimeError(
        f"{name} is async and dispatch() was called where an event loop is running: use"
        " `await handler.adispatch(...)` in async code"
    )


def _awaited(result: Awaitable[None]) -> Coroutine[Any, Any, None]:
    async def wait() -> None:
        await result

    return wait()
