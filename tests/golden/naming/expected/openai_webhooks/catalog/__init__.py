"""The resource catalog: one module per resource with `Record`, request builders and payloads.

`ROUTES` maps each catalog webhook path to its event type; `CatalogHandler` receives the
payloads of those routes, one `on_<event>(payload)` method per catalog webhook (a subclass
method one typo away from one of them warns: it would never be called).

`Record.from_raw` and every payload's `from_raw` never raise: a missing path gives None, and so
does a value whose JSON type the field does not accept, which `mismatches(model)` then holds.
Request builders raise TypeError (wrong type) or ValueError (a value that cannot be sent).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

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

    def on_class_def(self, payload: class_.ClassDefPayload) -> Awaitable[None] | None:
        """Called for class.def payloads posted to /webhooks/class-def."""
        return None

    def dispatch(self, event_type: str, raw: Any) -> Awaitable[None] | None:
        """Parse a raw catalog payload into its model and call the method for `event_type`.

        The apps call it for each delivery on a catalog route; returns the method's awaitable
        when it is async.

        Args:
            event_type: The catalog webhook's event type, a value of `ROUTES`.
            raw: The delivery's body, decoded from JSON (any value: fields the payload model
                cannot read are None).
        """
        model, method_name = PAYLOADS[event_type]
        payload = model.from_raw(raw)  # type: ignore[attr-defined]
        method: Callable[[Any], Awaitable[None] | None] = getattr(self, method_name)
        return method(payload)
