"""Generation benchmarks: cold, no-op and check runs of `python -m generator`, the
datamodel-codegen CLI anchor, and the scale runs on synthetic specs. Every timing is a child
process, spawned and reaped by bench.procs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import procs, synth
from .procs import ROOT, Run, Series

REAL_WEBHOOKS = ROOT / "specs" / "openai-webhooks.yaml"
REAL_CATALOG = ROOT / "specs" / "resource-catalog.json"
CACHE_VARIABLE = "OPENAI_WEBHOOKS_GENERATOR_CACHE"


@dataclass(frozen=True)
class Plan:
    """How much to measure: repeats per series, a time budget per series, a timeout per run."""

    repeats: int
    budget: float
    timeout: float


def _fresh(path: Path) -> Path:
    """`path` as a new empty directory."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def generator_command(command: str, webhooks: Path, catalog: Path, out: Path) -> list[str]:
    """`python -m generator <command>` on explicit inputs and output."""
    return [
        procs.python(),
        "-m",
        "generator",
        command,
        "--webhooks",
        str(webhooks),
        "--catalog",
        str(catalog),
        "--out",
        str(out),
    ]


def cold(
    work: Path, webhooks: Path, catalog: Path, plan: Plan, *, label: str
) -> tuple[Series, Path]:
    """`generate` into an empty directory with an empty generator cache, each run.

    Each run gets its own directories, and none is deleted before the bench ends (the scratch
    directory goes as a whole): on an ext4 without a journal (this machine's disk), creating an
    inode costs a scan past every inode deleted in the last one to six minutes
    (`find_inode_bit` -> `recently_deleted`), so deleting run i-1's 7,700 files just before run
    i timed seconds of the bench's own cleanup, not the generator (bench/PROFILE.md, "Fourth
    pass").

    Returns the series and the output directory of the last run (kept for later checks).
    """
    base = _fresh(work / label)

    def make(i: int) -> tuple[list[str], dict[str, str], Path]:
        return (
            generator_command("generate", webhooks, catalog, _fresh(base / f"out{i}")),
            {CACHE_VARIABLE: str(_fresh(base / f"cache{i}"))},
            ROOT,
        )

    result = procs.series(make, repeats=plan.repeats, budget=plan.budget, timeout=plan.timeout)
    return result, base / f"out{len(result.runs) - 1}"


def warm_cache_cold(work: Path, plan: Plan) -> Series:
    """`generate` into an empty directory, the generator cache kept from a first (untimed) run."""
    base = work / "warm"
    cache = _fresh(base / "cache")
    first = procs.run(
        generator_command("generate", REAL_WEBHOOKS, REAL_CATALOG, _fresh(base / "first")),
        env={CACHE_VARIABLE: str(cache)},
        timeout=plan.timeout,
    )
    if not first.ok:
        return Series(error=first.failure())

    def make(i: int) -> tuple[list[str], dict[str, str], Path]:
        out = _fresh(base / f"out{i}")
        return (
            generator_command("generate", REAL_WEBHOOKS, REAL_CATALOG, out),
            {CACHE_VARIABLE: str(cache)},
            ROOT,
        )

    return procs.series(make, repeats=plan.repeats, budget=plan.budget, timeout=plan.timeout)


def unchanged(work: Path, plan: Plan, command: str, *, keep_cache: bool) -> Series:
    """`generate` (no-op) or `check` on a current tree.

    With `keep_cache`, the cache of the run that wrote the tree is kept (a developer's machine);
    without it, each run starts from an empty cache (a fresh CI clone).
    """
    base = work / f"{command}-{'warm' if keep_cache else 'empty'}"
    out = _fresh(base / "out")
    cache = _fresh(base / "cache")
    first = procs.run(
        generator_command("generate", REAL_WEBHOOKS, REAL_CATALOG, out),
        env={CACHE_VARIABLE: str(cache)},
        timeout=plan.timeout,
    )
    if not first.ok:
        return Series(error=first.failure())

    def before(i: int) -> None:
        if not keep_cache:
            _fresh(cache)

    def make(i: int) -> tuple[list[str], dict[str, str], Path]:
        return (
            generator_command(command, REAL_WEBHOOKS, REAL_CATALOG, out),
            {CACHE_VARIABLE: str(cache)},
            ROOT,
        )

    result = procs.series(
        make, repeats=plan.repeats, budget=plan.budget, timeout=plan.timeout, before=before
    )
    if result.error is None and any("up to date" not in r.stdout for r in result.runs):
        result.error = f"{command} did not find the tree up to date: {result.runs[-1].stdout[:200]}"
    return result


@contextmanager
def _unbounded_expansion() -> Iterator[None]:
    """Lift the webhook loader's schema-expansion budget, in this process only.

    The generator refuses a webhook spec whose schemas expand to more than a fixed number of
    nodes; the 100x synthetic spec is over it. The anchor still needs its input, so its schema
    is built with the budget lifted (our own runs keep the generator exactly as it is).
    """
    from generator.parse import openapi as load_openapi

    original = load_openapi._Reader

    class Unbounded(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            if hasattr(self, "budget"):
                self.budget = 10**9

    load_openapi._Reader = Unbounded  # type: ignore[misc]
    try:
        yield
    finally:
        load_openapi._Reader = original  # type: ignore[misc]


def models_schema_file(webhooks: Path, target: Path) -> tuple[Path | None, str | None]:
    """The JSON Schema of the envelope models, exactly as the generator hands it to
    datamodel-code-generator (generator.models.schema.models_schema of generator.parse.build.build_spec).

    The models depend on the webhook spec alone, so the catalog is left out (faster to build at
    100x; the schema is the same, which tests/test_bench.py checks at small scale). Returns the
    file and, when the generator refused the spec, its first error: the schema was then built
    with the expansion budget lifted (see _unbounded_expansion). No file when even that failed.
    """
    from generator.diagnostics import SpecError
    from generator.inputs import Inputs
    from generator.models.schema import models_schema
    from generator.parse.build import build_spec

    refusal = None
    try:
        spec = build_spec(Inputs(webhooks, None))
    except SpecError as exc:
        errors = [d for d in exc.diagnostics if d.level == "error"]
        refusal = errors[0].message if errors else str(exc)
        try:
            with _unbounded_expansion():
                spec = build_spec(Inputs(webhooks, None))
        except SpecError:
            return None, refusal
    target.write_text(json.dumps(models_schema(spec), indent=2), encoding="utf-8")
    return target, refusal


def datamodel_codegen(work: Path, schema: Path | None, plan: Plan, *, label: str) -> Series:
    """The anchor: the datamodel-codegen CLI, default formatters, models only."""
    if schema is None:
        return Series(error="no models schema: the generator could not build the spec")
    out = work / label

    def make(i: int) -> tuple[list[str], dict[str, str], Path]:
        _fresh(out)
        return (
            [
                procs.tool("datamodel-codegen"),
                "--input",
                str(schema),
                "--input-file-type",
                "jsonschema",
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--output",
                str(out / "models.py"),
            ],
            {},
            out,
        )

    return procs.series(make, repeats=plan.repeats, budget=plan.budget, timeout=plan.timeout)


def kind(varied: bool) -> str:
    """How the bench names bench/synth.py's two kinds of synthetic specs."""
    return "varied" if varied else "copies"


@dataclass(frozen=True)
class ScaleCase:
    """One synthetic size: its inputs, our cold series, the anchor's series (copies only), its
    output tree."""

    scale: int
    varied: bool  # bench/synth.py's varied specs, else renamed copies of the real specs
    webhooks: Path
    catalog: Path
    ours: Series
    anchor: Series | None
    out: Path
    files: int
    python_lines: int
    refusal: str | None  # the generator's error when it refused the spec (see models_schema_file)

    @property
    def kind(self) -> str:
        return kind(self.varied)


def scale_case(work: Path, scale: int, plan: Plan, *, varied: bool = False) -> ScaleCase:
    """Synthesize specs at `scale` (copies of the real specs, or varied), then time ours on
    them, and the anchor on the copies."""
    folder = work / f"synth{scale}-{kind(varied)}"
    webhooks, catalog = synth.write(folder / "specs", scale, varied=varied)
    ours, out = cold(work, webhooks, catalog, plan, label=f"cold{scale}x-{kind(varied)}")
    anchor, refusal = None, None
    if not varied:
        schema, refusal = models_schema_file(webhooks, folder / "models.schema.json")
        anchor = datamodel_codegen(work, schema, plan, label=f"dmcg{scale}x")
    files = [p for p in out.rglob("*") if p.is_file()] if ours.error is None else []
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files if p.suffix == ".py")
    return ScaleCase(
        scale, varied, webhooks, catalog, ours, anchor, out, len(files), lines, refusal
    )


def ruff_check(out: Path) -> Run:
    """`ruff check` over a generated tree, with that tree's own pyproject settings."""
    return procs.run([procs.tool("ruff"), "check", "--no-cache", "."], cwd=out)


def import_check(out: Path) -> Run:
    """Import the generated package and its catalog from the output directory."""
    return procs.run(
        [procs.python(), "-c", "import openai_webhooks, openai_webhooks.catalog"],
        cwd=out,
        env={"PYTHONPATH": str(out)},
    )
