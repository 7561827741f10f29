"""bench/scaling.png: generation time against spec size, ours and datamodel-codegen's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def available() -> bool:
    """Whether matplotlib is installed (it is a bench-only dependency: `pip install -e .[bench]`)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def scaling_plot(
    target: Path,
    scales: Sequence[int],
    events: Sequence[int],
    ours: Sequence[float | None],
    anchor: Sequence[float | None],
    *,
    failures: Sequence[str | None] = (),
    varied: Sequence[float | None] = (),
    ours_label: str = "python -m generator generate (models, runtime, catalog, docs, formatting)",
    anchor_label: str = "datamodel-codegen CLI (models only, default formatters)",
    varied_label: str = "python -m generator generate, varied specs (about 2x the content)",
) -> None:
    """Log-log plot of seconds against the number of webhook events; None values are skipped.
    `ours` and `anchor` are on renamed copies of the real specs, `varied` (optional) on the
    varied synthetic specs of the same event counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    figure, axes = plt.subplots(figsize=(7.5, 4.8), dpi=110)
    for label, values, style, offset in (
        (ours_label, ours, "o-", (4, 6)),
        (anchor_label, anchor, "s--", (6, -12)),
        (varied_label, varied or [None] * len(events), "^", (-44, 4)),
    ):
        points = [(x, y) for x, y in zip(events, values, strict=True) if y is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, label=label)
            for x, y in points:
                axes.annotate(
                    f"{y:.2f} s", (x, y), textcoords="offset points", xytext=offset, fontsize=8
                )
    for x, note in zip(events, failures, strict=False):
        if note:
            axes.axvline(x, color="tab:red", linestyle=":", linewidth=1)
            axes.annotate(
                f"ours: {note}",
                (x, 0.5),
                xycoords=("data", "axes fraction"),
                rotation=90,
                ha="right",
                va="center",
                fontsize=8,
                color="tab:red",
            )
    if ours and ours[0] is not None:
        first = ours[0]
        linear = [first * x / events[0] for x in events]
        axes.plot(events, linear, ":", color="grey", label="linear in size, from ours at 1x")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(list(events))
    axes.set_xticklabels([f"{e}\n({s}x)" for s, e in zip(scales, events, strict=True)])
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g} s"))
    axes.yaxis.set_minor_formatter(
        FuncFormatter(lambda y, _: f"{y:g}" if f"{y:g}"[0] in "25" else "")
    )
    axes.set_xlabel(
        "webhook events in the spec (scale; 1x = the real specs: 15 events, 16 resources)"
    )
    axes.set_ylabel("wall time, seconds (median)")
    axes.set_title("Cold generation time against spec size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, metadata={"Software": None})
    plt.close(figure)
