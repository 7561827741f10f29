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
    """The input files of a run; either may be None to generate from the other alone."""

    webhooks: Path | None = DEFAULT_WEBHOOKS
    catalog: Path | None = DEFAULT_CATALOG

    def files(self) -> list[Path]:
        """The input paths that are set."""
        return [p for p in (self.webhooks, self.catalog) if p is not None]
