"""The results table: one row per measurement, rendered as Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

PASS = "pass"
FAIL = "FAIL"
INFO = "info"
ERROR = "error"


@dataclass(frozen=True)
class Row:
    """measurement | ours | anchor | ratio | target | result.

    `ratio` is always ours / anchor; a target reads as a bound on it.
    """

    measurement: str
    ours: str
    anchor: str
    ratio: str
    target: str
    result: str


def seconds(value: float) -> str:
    """A duration with a unit that keeps three significant digits."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def mebibytes(value: float) -> str:
    return f"{value / 2**20:.0f} MiB"


def ratio_text(value: float) -> str:
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def compare(
    measurement: str,
    ours: float | None,
    anchor: float | None,
    *,
    limit: float | None,
    target: str | None = None,
    fmt: Callable[[float], str] = seconds,
    ours_error: str | None = None,
    anchor_error: str | None = None,
    n: str = "",
) -> Row:
    """A row comparing `ours` with `anchor`: passes when ours / anchor <= limit (no limit: info)."""
    suffix = f" ({n})" if n else ""
    if ours is None or anchor is None or anchor <= 0:
        problem = ours_error or anchor_error or "not measured"
        return Row(
            measurement + suffix,
            fmt(ours) if ours is not None else ("failed" if ours_error else "-"),
            fmt(anchor) if anchor is not None else ("failed" if anchor_error else "-"),
            "-",
            target or (f"<= {limit:g}x" if limit is not None else "-"),
            f"{ERROR}: {problem}"[:220],
        )
    ratio = ours / anchor
    if limit is None:
        result = INFO
    else:
        result = PASS if ratio <= limit else FAIL
    return Row(
        measurement + suffix,
        fmt(ours),
        fmt(anchor),
        ratio_text(ratio),
        target or (f"<= {limit:g}x" if limit is not None else "-"),
        result,
    )


def compare_rates(
    measurement: str,
    ours: float | None,
    anchor: float | None,
    *,
    minimum: float | None,
    error: str | None = None,
    n: str = "",
) -> Row:
    """A row comparing two throughputs (requests/s; more is better): passes when ours / anchor
    >= minimum (no minimum: info)."""
    suffix = f" ({n})" if n else ""
    target = f">= {minimum:g}x" if minimum is not None else "-"

    def rate(value: float) -> str:
        return f"{value:,.0f} req/s"

    if ours is None or anchor is None or anchor <= 0:
        problem = error or "not measured"
        return Row(
            measurement + suffix,
            rate(ours) if ours is not None else ("failed" if error else "-"),
            rate(anchor) if anchor is not None else ("failed" if error else "-"),
            "-",
            target,
            f"{ERROR}: {problem}"[:220],
        )
    ratio = ours / anchor
    result = INFO if minimum is None else (PASS if ratio >= minimum else FAIL)
    return Row(measurement + suffix, rate(ours), rate(anchor), ratio_text(ratio), target, result)


def check(measurement: str, ours: str, target: str, passed: bool | None, detail: str = "") -> Row:
    """A yes/no row (ruff clean, imports, plot written); None means it could not be measured."""
    result = PASS if passed else (FAIL if passed is False else f"{ERROR}: {detail}"[:220])
    return Row(measurement, ours, "-", "-", target, result)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rows: Sequence[Row]) -> str:
    """The table in GitHub Markdown."""
    header = ("measurement", "ours", "anchor", "ratio", "target", "result")
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---", "---:", "---:", "---:", "---", "---"]) + "|",
    ]
    for row in rows:
        cells = (row.measurement, row.ours, row.anchor, row.ratio, row.target, row.result)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
