"""Envelope models: datamodel-code-generator, called as a library, on the JSON Schema the IR emits."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..ir import Spec
from .cache import cached_models, store_models
from .order import in_definition_order
from .schema import aliases, models_schema
from .split import HEAD_START, SplitError, join, split
from .worker import HEADER, ModelsWorker, generate_models, parts_for

WORKER_SOURCE = Path(__file__).with_name("worker.py")
MODELS_PATH = "openai_webhooks/models.py"


def start_models(spec: Spec, worker: ModelsWorker | None = None) -> Callable[[], str]:
    """Start producing `openai_webhooks/models.py` (unformatted; the format pass tidies it).

    `spec` needs only its envelope events (merge.envelopes gives them before the catalog is
    read). The returned function gives the source, the same text every call. From the models
    cache when the schema was seen before; else in `worker` when given (the caller goes on
    meanwhile), else here. Either way in definition order (`order`): every model complete at import.
    """
    make = _start(spec, worker)
    return functools.cache(lambda: in_definition_order(make()))


def _start(spec: Spec, worker: ModelsWorker | None) -> Callable[[], str]:
    if not any(e.envelope for e in spec.events):
        source = HEADER + "\n\nfrom typing import Any\n\nWebhookEvent = Any\n"
        return lambda: source
    schema = models_schema(spec)
    # Property order is meaningful (it is the field order), so the schema text keeps dict order.
    schema_text = json.dumps(schema)
    field_aliases = aliases(spec)
    # The key covers the worker's source too: changing an option there invalidates old entries.
    key, cached = cached_models(
        schema_text + json.dumps(field_aliases) + WORKER_SOURCE.read_text(encoding="utf-8")
    )
    if cached is not None:
        return lambda: cached
    if worker is None:
        # Only when asked: the catalog may still turn out to hold errors.
        return _stored(key, lambda: generate_models(schema_text, field_aliases))
    parts = parts_for(len(schema["$defs"]))
    if parts > 1:
        return _stored(key, _in_parts(schema, schema_text, field_aliases, worker, parts))
    return _stored(key, worker.submit(schema_text, field_aliases))


def _stored(key: str, make: Callable[[], str]) -> Callable[[], str]:
    """`make`, its result kept in the models cache under `key`."""

    def result() -> str:
        source = make()
        store_models(key, source)
        return source

    return result


def _in_parts(
    schema: dict[str, Any],
    schema_text: str,
    field_aliases: dict[str, str],
    worker: ModelsWorker,
    parts: int,
) -> Callable[[], str]:
    """The models of a big spec from several workers at once (see models/split.py)."""
    early = worker.early_helpers() >= parts - 1
    schemas = split(schema, parts, 0 if early else HEAD_START)
    workers = [worker, *(worker.helper() for _ in schemas[1:])]
    pending = [
        w.submit(json.dumps(s), field_aliases) for w, s in zip(workers, schemas, strict=True)
    ]

    def joined() -> str:
        sources = [wait() for wait in pending]
        try:
            return join(sources, schemas)
        except SplitError:
            # A layout this version of the joiner does not know: one run is slower, never wrong.
            return generate_models(schema_text, field_aliases)

    return joined
