"""The reader base both inputs share: located plain data read with located diagnostics.

A reader holds one `Document` and the run's `Report`. Its checks take a value and the path it was
found at; a value of the wrong shape is reported at that path (`... must be an object, got an
array`) and read as empty, so reading goes on and every problem of a run is collected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ..load.source import Document, Path, Report, json_type


@dataclass
class Reader:
    """Reads one document's plain data; problems go to `report`, located in `doc`."""

    doc: Document
    report: Report
    # How this input's messages call a mapping: "a mapping" in the OpenAPI document (YAML's
    # word), "an object" in the JSON catalog.
    MAPPING: ClassVar[str] = "an object"

    def error(self, path: Path, message: str) -> None:
        """Record an error located at `path`."""
        self.report.error(self.doc, path, message)

    def warning(self, path: Path, message: str) -> None:
        """Record a warning located at `path`."""
        self.report.warning(self.doc, path, message)

    def mapping(self, value: Any, path: Path, what: str) -> Mapping[str, Any] | None:
        """`value` when it is a mapping; else reported (`what` must be ...) and None."""
        if isinstance(value, Mapping):
            return value
        self.error(path, f"{what} must be {self.MAPPING}, got {json_type(value)}")
        return None

    def items(self, value: Any, path: Path, what: str) -> list[Any]:
        """`value` when it is a list; else reported (`what` must be an array) and empty."""
        if isinstance(value, list):
            return value
        self.error(path, f"{what} must be an array, got {json_type(value)}")
        return []

    def string(
        self, node: Mapping[str, Any], key: str, path: Path, *, required: bool = True
    ) -> str | None:
        """The string at `key` of `node` (found at `path`); None, reported, when it is not one.

        A missing key is reported only when `required`.
        """
        if key not in node:
            if required:
                self.error(path, f"missing required key '{key}'")
            return None
        value = node[key]
        if isinstance(value, str):
            return value
        self.error((*path, key), f"'{key}' must be a string, got {json_type(value)}")
        return None
