"""`make bench` at a small size: the harness runs and writes every row. Never timed: a FAIL in the
table is a benchmark result, not a test failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import synth
from generator.inputs import Inputs
from generator.parse.build import build_spec

ROOT = Path(__file__).resolve().parents[1]

# Every row of the table, by the start of its first cell (quick runs use scales 2 and 3, and
# 500 requests for the load).
ROWS = (
    "cold generation, real specs, empty output dir and generator cache",
    "cold generation, real specs, empty output dir, warm generator cache",
    "no-op regeneration",
    "check, unchanged tree, warm generator cache",
    "check, unchanged tree, empty generator cache",
    "scale: cold generation at 2x (renamed copies of the real specs) vs at 1x",
    "scale: cold generation at 3x (renamed copies of the real specs) vs at 1x",
    "scale: cold generation at 3x (varied specs) vs at 1x",
    "scale: cold generation at 2x, ours vs `datamodel-codegen` CLI",
    "scale: cold generation at 3x, ours vs `datamodel-codegen` CLI",
    "scale: peak memory of cold generation at 3x copies",
    "scale: 3x copies output passes `ruff check`",
    "scale: 3x copies output imports",
    "scale: peak memory of cold generation at 3x varied",
    "scale: 3x varied output passes `ruff check`",
    "scale: 3x varied output imports",
    "scaling plot",
    "runtime: `unwrap` response.completed, ours vs openai-python",
    "runtime: `unwrap` response.completed, ours vs the floor",
    "runtime: `verify_signature` response.completed, ours vs standardwebhooks",
    "runtime: `parse_event` response.completed",
    "runtime: `unwrap` realtime.call.incoming, ours vs openai-python",
    "runtime: `unwrap` realtime.call.incoming, ours vs the floor",
    "runtime: `verify_signature` realtime.call.incoming, ours vs standardwebhooks",
    "runtime: `parse_event` realtime.call.incoming",
    "runtime: import time",
    "load: 500 signed requests",
    "load (wrk): our `asgi_app`, in-memory dedup vs a bare ASGI app",
    "load (wrk): our `asgi_app`, in-memory dedup vs openai-python `webhooks.unwrap`",
    "load (wrk): our `asgi_app`, RedisDedupStore vs a bare ASGI app",
    "hand-off: time to acknowledge (p50 / p99) of 100 deliveries",
)
NO_WRK = "error: wrk is not installed"
RESULTS = {"pass", "FAIL", "info"}


def _table_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[1:]]


def test_quick_bench_writes_every_row(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert "| measurement | ours | anchor | ratio | target | result |" in text
    rows = _table_rows(text)
    assert len(rows) == len(ROWS), [r[0] for r in rows]
    for row, label in zip(rows, ROWS, strict=True):
        assert row[0].startswith(label), (row[0], label)
        assert len(row) == 6, row
        if label == "scaling plot" and row[5].startswith("error: matplotlib not installed"):
            continue  # the plot needs the bench extra; the rest must have been measured
        if label.startswith("load (wrk)") and shutil.which("wrk") is None:
            assert row[5].startswith(NO_WRK), row  # `make bench` installs it
            continue
        assert row[5] in RESULTS, row
    # The table printed is the table written.
    assert _table_rows(run.stdout) == rows
    if rows[ROWS.index("scaling plot")][5] == "pass":
        assert (tmp_path / "scaling.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (make bench)")
def test_wrk_load_measures_every_receiver_without_errors() -> None:
    """bench/wrk.py for one short round: every receiver answered every delivery 2xx, none of the
    deduplicating ones saw an id twice, and each has a rate."""
    run = subprocess.run(
        [sys.executable, "-m", "bench.wrk", "--package", str(ROOT / "generated")]
        + ["--duration", "1", "--rounds", "1", "--connections", "8"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert set(result["rates"]) == {"bare", "ours", "ours_redis", "openai_asgi"}
    assert all(len(rates) == 1 and rates[0] > 0 for rates in result["rates"].values())
    for summary in result["runs"]:
        assert summary["requests"] > 0
        assert summary["status_errors"] == summary["connect_errors"] == 0, summary
        if summary["receiver"] in ("ours", "ours_redis"):
            assert summary["wraps"] == 0, summary


def test_instructions_driver_serves_every_receiver_through_uvicorns_protocol() -> None:
    """bench/instructions.py without valgrind: each receiver answers every delivery 2xx."""
    run = subprocess.run(
        [sys.executable, "-m", "bench.instructions", "--package", str(ROOT / "generated")]
        + ["--requests", "200"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["bare", "ours", "ours_unwrap", "openai_asgi"]
    assert all(line.endswith("us of CPU per request") for line in lines)


def test_instructions_driver_refuses_answers_other_than_2xx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    from bench import instructions

    deliveries = instructions.requests(70, "refused")
    monkeypatch.setenv("SECRET", "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB")  # not the signer's
    with pytest.raises(RuntimeError, match="ours: 70 of 70 deliveries answered, 70 not 2xx"):
        asyncio.run(instructions.serve("ours", deliveries))
    monkeypatch.setenv("SECRET", instructions.SECRET)
    assert asyncio.run(instructions.serve("ours", deliveries)) > 0


def test_wrk_refuses_a_run_with_errors_or_repeated_ids() -> None:
    """A figure is only kept when it measures what it claims (no wrk needed)."""
    from bench.wrk import WrkError, _usable

    clean = {
        "requests": 100,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
        "status_errors": 0,
        "timeouts": 0,
        "wraps": 0,
    }
    _usable("ours", clean)
    _usable("bare", {**clean, "wraps": 3})  # no dedup: a repeated id is the same request
    with pytest.raises(WrkError, match="status_errors"):
        _usable("bare", {**clean, "status_errors": 1})
    with pytest.raises(WrkError, match="started again"):
        _usable("ours_redis", {**clean, "wraps": 1})


def _classes(models: Path) -> int:
    return sum(
        line.startswith("class ") for line in models.read_text(encoding="utf-8").splitlines()
    )


@pytest.mark.parametrize("varied", [True, False], ids=["varied", "copies"])
def test_synthetic_specs_at_scale_3_generate_cleanly(tmp_path: Path, varied: bool) -> None:
    webhooks, catalog = synth.write(tmp_path / "specs", 3, varied=varied)
    out = tmp_path / "out"
    env = {**os.environ, "OPENAI_WEBHOOKS_GENERATOR_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "generator", "generate"]
    command += ["--webhooks", str(webhooks), "--catalog", str(catalog), "--out", str(out)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert ": error:" not in run.stderr
    assert (out / "openai_webhooks" / "models.py").is_file()
    sizes = synth.counts(3)
    # Three times the real specs, as the generator reads them (not typed in: specs get updated).
    real = build_spec(Inputs(synth.REAL_WEBHOOKS, synth.REAL_CATALOG))
    assert sizes == {
        "events": 3 * sum(1 for e in real.events if e.envelope),
        "resources": 3 * len(real.resources),
        "catalog_webhooks": 3 * sum(len(r.webhooks) for r in real.resources),
    }
    # Unique event types, handles and routes, as counted from the written files.
    doc = yaml.safe_load(webhooks.read_text(encoding="utf-8"))
    schemas = doc["components"]["schemas"]
    types = {
        schemas[
            entry["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit(
                "/", 1
            )[1]
        ]["properties"]["type"]["enum"][0]
        for entry in doc["webhooks"].values()
    }
    resources = json.loads(catalog.read_text(encoding="utf-8"))
    hooks = [hook for resource in resources for hook in resource["webhooks"]]
    assert len(types) == len(doc["webhooks"]) == sizes["events"]
    assert len({r["handle"] for r in resources}) == len(resources) == sizes["resources"]
    assert len({h["path"] for h in hooks}) == len({h["event"] for h in hooks}) == len(hooks)
    assert len(hooks) == sizes["catalog_webhooks"]
    modules = {p.stem for p in (out / "openai_webhooks" / "catalog").glob("*.py")}
    assert {r["handle"] for r in resources} <= modules
    # Copies are 3 times the real specs in content (the scale target's input); the varied specs
    # hold more per event.
    real = _classes(ROOT / "generated" / "openai_webhooks" / "models.py")
    classes = _classes(out / "openai_webhooks" / "models.py")
    assert classes > 3 * real if varied else classes == 3 * real
    real_fields = sum(
        len(r["fields"]) for r in json.loads(synth.REAL_CATALOG.read_text(encoding="utf-8"))
    )
    fields = sum(len(r["fields"]) for r in resources)
    assert fields > 3 * real_fields if varied else fields == 3 * real_fields


def test_synthetic_specs_are_deterministic_and_scale_1_is_the_real_specs(tmp_path: Path) -> None:
    first = synth.write(tmp_path / "a", 2)
    second = synth.write(tmp_path / "b", 2, synth.DEFAULT_SEED)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    other = synth.write(tmp_path / "c", 2, seed=7)
    assert other[0].read_bytes() != first[0].read_bytes()
    # Copies have nothing to draw: the seed changes nothing.
    copies = synth.write(tmp_path / "d", 2, varied=False)
    copies_seeded = synth.write(tmp_path / "e", 2, seed=7, varied=False)
    for a, b in zip(copies, copies_seeded, strict=True):
        assert a.read_bytes() == b.read_bytes()
    real = synth.write(tmp_path / "real", 1)
    assert real[0].read_bytes() == synth.REAL_WEBHOOKS.read_bytes()
    assert real[1].read_bytes() == synth.REAL_CATALOG.read_bytes()
    # Scale 2 is a prefix of scale 3: family k depends on the seed and k only.
    small = synth.catalog(2)
    assert synth.catalog(3)[: len(small)] == small


def test_models_schema_needs_only_the_webhook_spec(tmp_path: Path) -> None:
    """bench builds the anchor's schema from the webhook spec alone (fast at 100x): the same
    schema the generator hands datamodel-code-generator when the catalog is loaded too."""
    from generator.inputs import Inputs
    from generator.models.schema import models_schema
    from generator.parse.build import build_spec

    webhooks, catalog = synth.write(tmp_path / "specs", 2)
    both = models_schema(build_spec(Inputs(webhooks, catalog)))
    alone = models_schema(build_spec(Inputs(webhooks, None)))
    assert json.dumps(both) == json.dumps(alone)
