"""The input files of a run and their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .fastpath import stamp

DEFAULT_WEBHOOKS = Path(stamp.DEFAULT_WEBHOOKS)
DEFAULT_CATALOG = Path(stamp.DEFAULT_CATALOG)
DEFAULT_OUT = Path(stamp.DEFAULT_OUT)


@dataclass(frozen=True)
class Inputs:
    """The input files of a run; either may be None to generate from the other alone. `news`
    is the folder of release-note fragments (release.news), None for none: the command line
    takes the `news` folder beside the output directory."""

    webhooks: Path | None = DEFAULT_WEBHOOKS
    catalog: Path | None = DEFAULT_CATALOG
    news: Path | None = None

    def files(self) -> list[Path]:
        """The spec files that are set (the news fragments are not specs: they are consumed)."""
        return [p for p in (self.webhooks, self.catalog) if p is not None]


def news_beside(out: Path) -> Path:
    """The default news folder of an output directory: `news` next to it (`generated` -> `news`)."""
    return Path(stamp.news_beside(str(out)))
