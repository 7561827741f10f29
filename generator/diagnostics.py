"""Located errors and warnings, reported compiler style and collected rather than raised."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: display path, 1-based line and column, JSON pointer."""

    file: str
    line: int = 0
    column: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the inputs."""

    level: Level
    message: str
    location: Location

    def format(self) -> str:
        """Render as `file:line:col: level: message (at pointer)`."""
        where = f" (at {self.location.pointer})" if self.location.pointer else ""
        text = self.message.replace("\n", "\\n")
        return f"{self.location}: {self.level}: {text}{where}"


class SpecError(Exception):
    """Raised when the inputs hold at least one error; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def pointer(parts: Sequence[str | int]) -> str:
    """JSON pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
