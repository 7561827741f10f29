"""Untrusted text made inert where it is copied into code: line ends unified, control characters
spelled out. Shared by the stages that write spec text into Python (models, render)."""

from __future__ import annotations

import re

CONTROL_ESCAPES = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\n\t"} | {0x7F: "\\x7f"}
_CONTROL_CHARACTER = re.compile("[" + "".join(map(chr, CONTROL_ESCAPES)) + "]")


def tidy(text: str) -> str:
    """Text with line separators unified and trailing spaces removed, as code comments need."""
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def visible_controls(text: str) -> str:
    """`tidy` text with control characters spelled `\\xNN`: for docstrings the library writes,
    which it escapes backslashes and quotes in but copies control characters into (a NUL there
    makes the module unimportable)."""
    text = tidy(text)
    return text.translate(CONTROL_ESCAPES) if _CONTROL_CHARACTER.search(text) else text
