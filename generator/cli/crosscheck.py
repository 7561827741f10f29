"""`validate --api DOC`: the catalog cross-checked against the API's OpenAPI document."""

from __future__ import annotations

import sys
from pathlib import Path

from ..ir import Spec
from ..parse.api_document import ApiDocument
from ..parse.build import load_document
from ..parse.crosscheck import crosscheck


def run_crosscheck(spec: Spec, catalog: Path | None, api: Path, *, strict: bool) -> int:
    """Print each mismatch as a located warning and a summary line; the exit code is 1 only
    when `strict` and something mismatched. A document that cannot be read is a SpecError."""
    document = ApiDocument(load_document(api))
    if catalog is None:
        print(f"api cross-check: no catalog to compare with {document.display_path}")
        return 0
    # The catalog is read again for its positions (it is small; the IR keeps none).
    found = crosscheck(spec.resources, load_document(catalog), document)
    for diagnostic in found.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(
        f"api cross-check against {document.display_path} ({document.path_count} paths): {found.summary()}"
    )
    return 1 if strict and found.diagnostics else 0
