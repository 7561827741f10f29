"""The input files of a run and their defaults (stdlib only: the no-op fast path imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_WEBHOOKS = Path("specs/openai-webhooks.yaml")
DEFAULT_CATALOG = Path("specs/resource-catalog.json")
DEFAULT_OUT = Path("generated")


@dataclass(frozen=True)
class Inputs:
    """The input files of a run; either may be None to generate from the other alone."""

    webhooks: Path | None = DEFAULT_WEBHOOKS
    catalog: Path | None = DEFAULT_CATALOG

    def files(self) -> list[Path]:
        """The input paths that are set."""
        return [p for p in (self.webhooks, self.catalog) if p is not None]
