"""Shared test setup: the committed generated package is importable as `openai_webhooks`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))
