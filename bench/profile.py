"""Profiles of the generator's paths, to see where the time goes before optimizing.

    python -m bench.profile                  # real specs: cold, warm-cache cold, no-op, check
    python -m bench.profile --scale 10       # the same on synthetic specs at 10x
    python -m bench.profile --out DIR        # where the reports go (default: a temp dir)

Uses pyinstrument (the `bench` extra) when installed, else cProfile. Each path runs in a child
process with its own empty generator cache, exactly as bench measures it; the reports are text.
"""

from __future__ import annotations

import argparse
import importlib.util
import pstats
import shutil
import tempfile
from pathlib import Path

from . import procs, synth
from .generation import CACHE_VARIABLE, REAL_CATALOG, REAL_WEBHOOKS, generator_command


def _profiled(command: list[str], report: Path) -> list[str]:
    """`command` (a `python -m generator ...` line) wrapped in the profiler."""
    python, _, module, *rest = command
    if importlib.util.find_spec("pyinstrument") is not None:
        return [python, "-m", "pyinstrument", "-r", "text", "-o", str(report), "-m", module, *rest]
    return [python, "-m", "cProfile", "-o", str(report.with_suffix(".prof")), "-m", module, *rest]


def _text(report: Path) -> None:
    """Turn a cProfile dump into text beside it (pyinstrument already wrote text)."""
    raw = report.with_suffix(".prof")
    if raw.exists():
        with report.open("w", encoding="utf-8") as stream:
            stats = pstats.Stats(str(raw), stream=stream)
            stats.sort_stats("cumulative").print_stats(60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--scale", type=int, default=1, help="synthetic size (1 = real specs)")
    parser.add_argument("--out", type=Path, help="report directory (default: a new temp dir)")
    args = parser.parse_args(argv)
    reports = args.out or Path(tempfile.mkdtemp(prefix="generator-profile-"))
    reports.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="generator-profile-work-"))
    try:
        if args.scale == 1:
            webhooks, catalog = REAL_WEBHOOKS, REAL_CATALOG
        else:
            webhooks, catalog = synth.write(work / "specs", args.scale)
        out, cache = work / "out", work / "cache"
        steps = (
            ("cold", "generate", True),  # empty output, empty cache
            ("noop", "generate", False),  # output current, stamp present
            ("check-warm", "check", False),  # stamp present
            ("warm-cache-cold", "generate", "out"),  # output removed, models cached
            ("check-empty-cache", "check", "cache"),  # output current, cache removed
        )
        for name, command, reset in steps:
            if reset is True or reset == "cache":
                shutil.rmtree(cache, ignore_errors=True)
            if reset is True or reset == "out":
                shutil.rmtree(out, ignore_errors=True)
            report = reports / f"{name}-{args.scale}x.txt"
            run = procs.run(
                _profiled(generator_command(command, webhooks, catalog, out), report),
                env={CACHE_VARIABLE: str(cache)},
            )
            _text(report)
            status = f"{run.seconds:.2f} s" if run.ok else run.failure()
            print(f"{name}: {status} -> {report}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
