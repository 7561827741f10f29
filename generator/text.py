"""Spec text in its one normal form, and made inert where it is copied into code.

`tidy` is the normal form of prose (descriptions, titles): the parse stage applies it once, when
a spec is read, so the IR, the version diff, the CHANGELOG and the rendered package all see the
same text. YAML block scalars end in a newline, editors leave trailing spaces and Windows files
have CRLF line ends; none of that is wording, and compared raw every description of an upstream
document "changed". The stages that write spec text into Python (models, render) use the rest.
"""

from __future__ import annotations

import re

CONTROL_ESCAPES = {i: f"\\x{i:02x}" for i in range(32) if chr(i) not in "\n\t"} | {0x7F: "\\x7f"}
_CONTROL_CHARACTER = re.compile("[" + "".join(map(chr, CONTROL_ESCAPES)) + "]")


def tidy(text: str) -> str:
    """Text with line separators unified (CRLF, CR, U+2028/9 -> LF), trailing whitespace removed
    from every line, and no leading or trailing blank lines: the normal form of prose. Line
    breaks and blank lines inside the text are kept (in Markdown they can be a list or a code
    block); applying it twice changes nothing."""
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
