"""The resource catalog: one module per resource with `Record`, request builders and payloads.

`ROUTES` maps each catalog webhook path to its event type; `CatalogHandler` receives the
payloads of those routes, one `on_<event>(payload)` method per catalog webhook (a subclass
method one typo away from one of them warns: it would never be called).

`Record.from_raw` and every payload's `from_raw` never raise: a missing path gives None, and so
does a value whose JSON type the field does not accept, which `mismatches(model)` then holds.
Request builders raise TypeError (wrong type) or ValueError (a value that cannot be sent).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .._dispatch import HandlerResult, Target, arun_targets, inline, run_targets
from ..handlers import _ChecksHandlerNames
from . import (
    class_,
)
from ._runtime import JSONValue, PreparedRequest, mismatches

__all__ = [
    "CatalogHandler",
    "JSONValue",
    "PAYLOADS",
    "PreparedRequest",
    "ROUTES",
    "mismatches",
    "class_",
]

# Webhook path -> event type.
ROUTES: dict[str, str] = {
    "/webhooks/class-def": "class.def",
}

# Event type -> (payload model, CatalogHandler method).
PAYLOADS: dict[str, tuple[type[BaseModel], str]] = {
    "class.def": (class_.ClassDefPayload, "on_class_def"),
}


class CatalogHandler(_ChecksHandlerNames):
    """Base class receiving catalog webhook payloads: override the methods you need."""

    _HANDLER_BASE = True  # its on_ methods are handler names (see handlers._misnamed_methods)

    def on_class_def(self, payload: class_.ClassDefPayload) -> HandlerResult:
        """Called for class.def payloads posted to /webhooks/class-def."""
        return None

    def dispatch(self, event_type: str, raw: Any) -> None:
        """Parse a raw catalog payload into its model and call the method for `event_type`,
        from sync code; an async method is run to completion on a new event loop.

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON (any value: fields the payload model
                cannot read are None).

        Raises:
            RuntimeError: The method is async and an event loop runs in this thread: use
                `adispatch` in async code.
        """
        run_targets(self.targets(event_type, raw))

    async def adispatch(self, event_type: str, raw: Any) -> None:
        """`dispatch` from async code: an async method is awaited, a sync one runs in a thread
        (``asyncio.to_thread``), so it does not block the loop.

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON.
        """
        await arun_targets(self.targets(event_type, raw))

    def targets(self, event_type: str, raw: Any) -> list[Target]:
        """The method for `event_type` with the payload parsed from `raw` (what the apps run).

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON.
        """
        model, method_name = PAYLOADS[event_type]
        payload = model.from_raw(raw)  # type: ignore[attr-defined]
        return [(getattr(self, method_name), payload)]


# The no-op defaults run on the event loop, not in a thread (see handlers.py).
for _model, _name in PAYLOADS.values():
    inline(vars(CatalogHandler)[_name])
