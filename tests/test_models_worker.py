"""The child process that runs datamodel-code-generator alongside the rest of a cold run."""

from __future__ import annotations

import json

import pytest

from generator.inputs import Inputs
from generator.models import worker as models_worker
from generator.models.schema import aliases, models_schema
from generator.models.worker import ModelsWorker, generate_models
from generator.parse.build import build_spec
from tests.golden_refresh import ROOT


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


def test_a_spec_file_surely_split_starts_its_helpers_with_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(models_worker.os, "cpu_count", lambda: 4)
    part = models_worker.SPEC_BYTES_PER_MODEL * models_worker.MODELS_PER_PART
    real = (ROOT / "specs" / "openai-webhooks.yaml").stat().st_size
    assert models_worker.expected_helpers(real) == 0
    assert models_worker.expected_helpers(2 * part - 1) == 0  # one part when unsure
    assert models_worker.expected_helpers(2 * part) == 1
    assert models_worker.expected_helpers(100 * part) == 3  # one part per core at most


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
