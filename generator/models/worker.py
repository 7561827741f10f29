"""datamodel-code-generator, run in a child interpreter while the parent does the rest.

Importing the library is most of its cost (about 0.4 s of a cold run). The command line starts
the child before it even imports the loaders; the child imports the library, then reads one job
from stdin (a line of aliases as JSON, then the schema text) and writes the models source to
stdout. End-of-file before a job (the models were cached, or the parent died) is a quiet exit.
Stdlib only at import: the parent imports this module on its fast path.
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

HEADER = '"""Webhook event models. Generated from the webhook spec; do not edit by hand."""'


# The fewest models worth a part of their own (models/split.py): each part after the first starts
# an interpreter that imports the library (about 0.5 s, what the library takes for 150 models or
# so). The rule is here, not there: the command line applies it before that module is imported.
MODELS_PER_PART = 500


def parts_for(models: int) -> int:
    """How many parts a schema of `models` models is made in: one per core at most, each of
    MODELS_PER_PART models at least (0 or 1: one run)."""
    return min(os.cpu_count() or 1, models // MODELS_PER_PART)


# A block-style YAML document's top-level `webhooks:` key, the next top-level line after it, and
# a line of its block (indent, then the first character of a key).
_WEBHOOKS_KEY = re.compile(rb"^webhooks:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_TOP_LEVEL = re.compile(rb"^[^\s#]", re.MULTILINE)
_INDENTED_KEY = re.compile(rb"^( +)[^\s#]", re.MULTILINE)


def webhook_entries(text: bytes) -> int:
    """How many entries the top-level `webhooks` map of a block-style YAML document has, read
    from its text without parsing it (0 when it cannot tell: JSON, flow style, no such map).

    Every entry is one event, and every event at least one model, so this is a lower bound on
    the models the spec makes, however big the rest of the document (a full upstream OpenAPI
    document is 3 MB for 16 events)."""
    found = _WEBHOOKS_KEY.search(text)
    if found is None:
        return 0
    after = _TOP_LEVEL.search(text, found.end())
    block = text[found.end() : after.start() if after else len(text)]
    first = _INDENTED_KEY.search(block)
    if first is None:
        return 0
    # Keys at the first entry's indent: deeper lines (and block scalars) are more indented.
    entry = re.compile(rb"^" + first.group(1) + rb"[^\s#]", re.MULTILINE)
    return len(entry.findall(block))


def expected_helpers(spec_text: bytes) -> int:
    """Helpers a webhook spec of this text will surely need (0 when unsure): from the events it
    declares, a lower bound on its models, never from its size."""
    return max(parts_for(webhook_entries(spec_text)) - 1, 0)


class ModelsWorker:
    """The parent's handle on one child; single use. `close` kills the child when the models
    cache made it unnecessary or the run failed. `helpers` more children start at once, handed
    out by `helper`."""

    def __init__(self, helpers: int = 0) -> None:
        root = str(Path(__file__).resolve().parents[2])  # the folder holding `generator`
        search = [root, *filter(None, [os.environ.get("PYTHONPATH")])]
        self._used = False
        self._helpers: list[ModelsWorker] = []
        # stderr goes to a file, so reading stdout to the end can never deadlock on it.
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "generator.models.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(search)},
        )
        self._spares = [ModelsWorker() for _ in range(helpers)]

    def submit(self, schema_text: str, field_aliases: dict[str, str]) -> Callable[[], str]:
        """Send the work; the returned function waits for the models source."""
        if self._used:
            raise RuntimeError("the models worker takes one job")
        self._used = True
        process = self._process
        # One line of aliases, then the schema as is (escaping megabytes of JSON in JSON costs).
        payload = (json.dumps(field_aliases) + "\n" + schema_text).encode()
        # A thread feeds stdin: the child reads only after its imports, and a payload bigger
        # than the pipe buffer would otherwise block this process until then.
        feeder = threading.Thread(target=_feed, args=(process, payload), daemon=True)
        feeder.start()

        def result() -> str:
            assert process.stdout is not None
            out = process.stdout.read()
            feeder.join()
            if process.wait() != 0:
                self._errors.seek(0)
                detail = self._errors.read().decode(errors="replace").strip()
                raise RuntimeError(f"datamodel-code-generator failed in its worker:\n{detail}")
            return out.decode()

        return result

    def early_helpers(self) -> int:
        """How many helpers were started with this worker and are not handed out yet."""
        return len(self._spares)

    def helper(self) -> ModelsWorker:
        """Another worker for part of a big job (one started early when there is one), closed
        with this one."""
        worker = self._spares.pop(0) if self._spares else ModelsWorker()
        self._helpers.append(worker)
        return worker

    def close(self) -> None:
        """Stop the child (and the helpers') if still running (unused, or the run failed while it
        worked)."""
        for helper in [*self._helpers, *self._spares]:
            helper.close()
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdin, self._process.stdout, self._errors):
            if stream is not None:
                stream.close()


def _feed(process: subprocess.Popen[bytes], payload: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except BrokenPipeError:
        pass  # the child died; result() reports its exit status and stderr


def import_library() -> None:
    """Import the parts of datamodel-code-generator that `generate_models` uses."""
    import datamodel_code_generator.parser.jsonschema  # noqa: F401


def generate_models(schema_text: str, field_aliases: dict[str, str]) -> str:
    """Models source for the JSON Schema `schema_text` (unformatted)."""
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.parser import LiteralType

    source = generate(
        schema_text,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_310,
        custom_file_header=HEADER,
        disable_timestamp=True,
        enum_field_as_literal=LiteralType.All,
        use_schema_description=True,
        use_field_description=True,
        extra_fields="allow",
        use_annotated=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        keep_model_order=True,
        use_exact_imports=True,
        use_type_alias=True,
        aliases=field_aliases,
        formatters=[],
    )
    assert isinstance(source, str)
    return source


def fewer_collections() -> None:
    """Run CPython's cyclic garbage collector less often, for a process that builds a big heap
    and keeps it to the end (a spec's YAML nodes and IR, rendered text; the library's models).

    Such a heap holds almost no cycles, but the default thresholds (700, 10, 10) collect the
    young generations every few hundred allocations and the whole heap again and again as it
    grows: at 100x that was about a quarter of the generator's CPU (15.6 s -> 11.9 s) and a
    tenth of the library's, for a few MB more at the peak.
    """
    gc.set_threshold(100_000, 50, 1000)


def main() -> None:
    """The child: import first (that overlaps the parent's work), then do the one job."""
    fewer_collections()
    import_library()
    payload = sys.stdin.buffer.read()
    if not payload:
        return
    aliases, _, schema_text = payload.decode().partition("\n")
    sys.stdout.buffer.write(generate_models(schema_text, json.loads(aliases)).encode())
    sys.stdout.flush()
    # Skip the interpreter's teardown: freeing the library's heap object by object took
    # about 0.3 s, and the parent waits for the exit status.
    os._exit(0)


if __name__ == "__main__":
    main()
