"""The child process that runs datamodel-code-generator alongside the rest of a cold run."""

from __future__ import annotations

import json

import pytest
import yaml

from generator.inputs import Inputs
from generator.models import worker as models_worker
from generator.models.schema import aliases, models_schema
from generator.models.worker import ModelsWorker, generate_models
from generator.parse.build import build_spec
from tests.golden_refresh import FROZEN_WEBHOOKS


def test_worker_gives_what_the_library_gives_in_process() -> None:
    spec = build_spec(Inputs())
    schema_text, field_aliases = json.dumps(models_schema(spec)), aliases(spec)
    worker = ModelsWorker()
    try:
        source = worker.submit(schema_text, field_aliases)()
    finally:
        worker.close()
    assert source == generate_models(schema_text, field_aliases)
    assert "class ResponseCompletedWebhookEvent(BaseModel):" in source


def test_worker_takes_one_job() -> None:
    worker = ModelsWorker()
    try:
        pending = worker.submit('{"type": "object"}', {})
        with pytest.raises(RuntimeError, match="one job"):
            worker.submit('{"type": "object"}', {})
        pending()
    finally:
        worker.close()


def test_unused_worker_is_stopped_by_close() -> None:
    worker = ModelsWorker()
    process = worker._process
    worker.close()
    assert process.poll() is not None


def test_a_failing_job_reports_the_childs_error() -> None:
    worker = ModelsWorker()
    try:
        pending = worker.submit("{not json", {})
        with pytest.raises(RuntimeError, match="failed in its worker") as caught:
            pending()
    finally:
        worker.close()
    assert "Traceback" in str(caught.value)


def _webhooks_yaml(events: int, padding: int = 0) -> bytes:
    """A block-style webhook spec of `events` entries, and `padding` bytes of other schemas."""
    entries = "".join(
        f"  event_{i}:\n    post:\n      description: |\n        Sent.\n\n        Really.\n"
        for i in range(events)
    )
    other = "components:\n  schemas:\n" + "    X: {type: string}\n" * (padding // 22)
    return f"openapi: 3.1.0\n# webhooks: not this\nwebhooks:\n{entries}{other}".encode()


def test_a_spec_surely_split_starts_its_helpers_with_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The estimate counts events (each at least one model), not bytes: a full upstream document
    is megabytes for a handful of events."""
    monkeypatch.setattr(models_worker.os, "cpu_count", lambda: 4)
    part = models_worker.MODELS_PER_PART
    real = FROZEN_WEBHOOKS.read_bytes()
    assert models_worker.webhook_entries(real) == len(yaml.safe_load(real)["webhooks"])
    assert models_worker.expected_helpers(real) == 0
    assert models_worker.webhook_entries(_webhooks_yaml(16, 3_000_000)) == 16
    assert models_worker.expected_helpers(_webhooks_yaml(16, 3_000_000)) == 0  # upstream-sized
    assert models_worker.expected_helpers(_webhooks_yaml(2 * part - 1)) == 0  # one part when unsure
    assert models_worker.expected_helpers(_webhooks_yaml(2 * part)) == 1
    assert models_worker.expected_helpers(_webhooks_yaml(100 * part)) == 3  # a part per core
    assert models_worker.expected_helpers(b'{"webhooks": {}}') == 0  # JSON: cannot tell, so 0


def test_early_helpers_are_handed_out_first_and_the_unused_stopped() -> None:
    worker = ModelsWorker(helpers=2)
    spares = list(worker._spares)
    try:
        assert worker.early_helpers() == 2
        first = worker.helper()
        assert first is spares[0] and worker.early_helpers() == 1
        assert first.submit('{"type": "object"}', {})().startswith(models_worker.HEADER)
    finally:
        worker.close()
    assert all(spare._process.poll() is not None for spare in spares)
