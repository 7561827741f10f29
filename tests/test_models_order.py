"""The models module in definition order: each model after what it names, so every model is
complete when its class statement runs (generator/models/order.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench import synth
from generator.inputs import Inputs
from generator.models.order import in_definition_order
from generator.models.schema import aliases, models_schema
from generator.models.worker import generate_models
from generator.parse.build import build_spec

# Imports a models module from a directory, prints the models left incomplete.
PROBE = """
import importlib, inspect, json, sys
import pydantic
module = importlib.import_module(sys.argv[1])
models = [v for v in vars(module).values()
          if inspect.isclass(v) and issubclass(v, pydantic.BaseModel) and v is not pydantic.BaseModel]
print(json.dumps({"models": len(models),
                  "incomplete": sorted(m.__name__ for m in models if not m.__pydantic_complete__)}))
"""


def _incomplete(directory: Path, module: str) -> tuple[int, list[str]]:
    """(number of models, names of the incomplete ones) of `module`, imported fresh."""
    env = {**os.environ, "PYTHONPATH": str(directory)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    return result["models"], result["incomplete"]


def _statements(source: str) -> list[str]:
    """The top-level statements of a models module, each stripped: the same set in any order."""
    return sorted(part.strip() for part in source.split("\n\n\n") if part.strip())


@pytest.mark.parametrize("varied", [True, False], ids=["varied", "copies"])
def test_synthetic_models_are_all_complete_in_definition_order(
    tmp_path: Path, varied: bool
) -> None:
    """Shared components, nested objects and arrays of objects (the varied specs), at scale 2:
    in the library's order some models are incomplete, in definition order none is."""
    webhooks, _ = synth.write(tmp_path / "specs", 2, varied=varied)
    spec = build_spec(Inputs(webhooks, None))
    source = generate_models(json.dumps(models_schema(spec)), aliases(spec))
    ordered = in_definition_order(source)
    (tmp_path / "library_order.py").write_text(source, encoding="utf-8")
    (tmp_path / "definition_order.py").write_text(ordered, encoding="utf-8")

    count, incomplete = _incomplete(tmp_path, "library_order")
    assert incomplete  # what the reordering is for
    assert _incomplete(tmp_path, "definition_order") == (count, [])
    assert _statements(ordered) == _statements(source)  # moved, never changed
    assert ordered.index("\nWebhookEvent = ") > ordered.rindex("\nclass ")


def test_already_ordered_source_is_returned_as_is() -> None:
    source = textwrap.dedent(
        """\
        from pydantic import BaseModel


        class AData(BaseModel):
            id: str


        class A(BaseModel):
            data: AData
        """
    )
    assert in_definition_order(source) is source


def test_names_in_strings_do_not_order_and_uses_do() -> None:
    source = textwrap.dedent(
        '''\
        from __future__ import annotations

        from pydantic import BaseModel


        class A(BaseModel):
            """Not to be confused with B."""

            data: C
            note: str = "see B"


        class B(BaseModel):
            a: A


        class C(BaseModel):
            id: str
        '''
    )
    ordered = in_definition_order(source)
    assert [line for line in ordered.splitlines() if line.startswith("class ")] == [
        "class C(BaseModel):",
        "class A(BaseModel):",
        "class B(BaseModel):",
    ]
    assert ordered.startswith("from __future__ import annotations\n\nfrom pydantic import")
    namespace: dict[str, object] = {"__name__": "ordered"}
    exec(compile(ordered, "ordered", "exec"), namespace)


def test_a_cycle_ends_and_keeps_every_statement() -> None:
    """Specs cannot be recursive (the loader refuses it); a cycle still must not hang or drop a
    statement: one of its members keeps a forward reference (pydantic resolves it on first use)."""
    source = "import x\n\n\nclass C(X):\n    a: A\n\n\nclass A(X):\n    b: B\n\n\nclass B(X):\n    a: A\n"
    ordered = in_definition_order(source)
    assert [line for line in ordered.splitlines() if line.startswith("class ")] == [
        "class B(X):",
        "class A(X):",
        "class C(X):",
    ]
    assert _statements(ordered) == _statements(source)


def test_duplicate_names_leave_the_source_alone() -> None:
    source = "import x\n\n\nclass A(X):\n    b: B\n\n\nclass B(X):\n    pass\n\n\nB = A\n"
    assert in_definition_order(source) is source
