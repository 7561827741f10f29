"""The child process that runs datamodel-code-generator alongside the rest of a cold run."""

from __future__ import annotations

import json

import pytest

from generator.build import build_spec
from generator.inputs import Inputs
from generator.models_worker import ModelsWorker, generate_models
from generator.schema import aliases, models_schema


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
