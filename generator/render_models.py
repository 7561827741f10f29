"""Envelope models: datamodel-code-generator, called as a library, on the JSON Schema the IR emits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .cache import cached_models, store_models
from .ir import Spec
from .models_worker import HEADER, ModelsWorker, generate_models
from .schema import aliases, models_schema

WORKER_SOURCE = Path(__file__).with_name("models_worker.py")


def start_models(spec: Spec, worker: ModelsWorker | None = None) -> Callable[[], str]:
    """Start producing `openai_webhooks/models.py` (unformatted; the format pass tidies it).

    The returned function gives the source. From the models cache when the schema was seen
    before; else in `worker` when given (the caller renders the rest meanwhile), else here.
    """
    if not any(e.envelope for e in spec.events):
        source = HEADER + "\n\nfrom typing import Any\n\nWebhookEvent = Any\n"
        return lambda: source
    # Property order is meaningful (it is the field order), so the schema text keeps dict order.
    schema_text = json.dumps(models_schema(spec))
    field_aliases = aliases(spec)
    # The key covers the worker's source too: changing an option there invalidates old entries.
    key, cached = cached_models(
        schema_text + json.dumps(field_aliases) + WORKER_SOURCE.read_text(encoding="utf-8")
    )
    if cached is not None:
        return lambda: cached
    if worker is None:
        source = generate_models(schema_text, field_aliases)
        store_models(key, source)
        return lambda: source
    pending = worker.submit(schema_text, field_aliases)

    def result() -> str:
        source = pending()
        store_models(key, source)
        return source

    return result
