"""Prose (descriptions, titles) is normalised once, when read: block-scalar newlines, trailing
whitespace and CRLF are not wording, so they change neither the IR, nor the release, nor a byte
of the output; a real rewording still does (a patch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.inputs import Inputs
from generator.parse.build import build_spec
from generator.text import tidy

PLAIN = """\
openapi: 3.1.0
info: {title: Prose test, version: 1.0.0}
webhooks:
  thing_done:
    post:
      requestBody:
        content:
          application/json:
            schema:
              description: A thing is done.
              type: object
              required: [id, created_at, data, type]
              properties:
                id: {type: string, description: The event's id.}
                created_at: {type: integer, format: unixtime, description: When.}
                type: {type: string, enum: [thing.done], description: Always `thing.done`.}
                data:
                  type: object
                  description: The thing.
                  properties:
                    id: {type: string, description: "The thing's id.\\n\\nSee the guide."}
"""

# The same text as upstream documents write it: block scalars (ending in a newline), trailing
# spaces, and CRLF line ends throughout the file.
BLOCKS = """\
openapi: 3.1.0
info:
  title: |
    Prose test
  version: 1.0.0
webhooks:
  thing_done:
    post:
      requestBody:
        content:
          application/json:
            schema:
              description: >
                A thing is done.
              type: object
              required: [id, created_at, data, type]
              properties:
                id:
                  type: string
                  description: |
                    The event's id.~~~
                created_at: {type: integer, format: unixtime, description: "When.  "}
                type:
                  type: string
                  enum: [thing.done]
                  description: |+
                    Always `thing.done`.


                data:
                  type: object
                  description: "\\n  The thing.\\n"
                  properties:
                    id:
                      type: string
                      description: |
                        The thing's id.

                        See the guide.
""".replace("~~~", "   ").replace("\n", "\r\n")

CATALOG_PLAIN = [
    {
        "handle": "things",
        "meta": {"short": "Things", "description": "Things one makes."},
        "endpoint": {"value": "/things"},
        "fields": [
            {"name": "id", "type": "String", "selector": ["id"], "meta": {"description": "Id."}}
        ],
    }
]
CATALOG_RAGGED = [
    {
        "handle": "things",
        "meta": {"short": "Things\n", "description": "Things one makes.  \r\n"},
        "endpoint": {"value": "/things"},
        "fields": [
            {"name": "id", "type": "String", "selector": ["id"], "meta": {"description": "Id.\n"}}
        ],
    }
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Sent when done.\n", "Sent when done."),
        ("Line one.  \r\nLine two.\r\n", "Line one.\nLine two."),
        ("\n\nFirst.\n\n\nSecond.   \n\n", "First.\n\n\nSecond."),
        ("a\rb\u2028c\u2029d", "a\nb\nc\nd"),
        ("  - item\n    - nested\n", "- item\n    - nested"),
    ],
)
def test_prose_normal_form(raw: str, normal: str) -> None:
    assert tidy(raw) == normal
    assert tidy(normal) == normal  # applying it again changes nothing


def test_block_scalars_trailing_spaces_and_crlf_give_the_same_ir(tmp_path: Path) -> None:
    plain = build_spec(Inputs(_write(tmp_path, "plain.yaml", PLAIN), None))
    blocks = build_spec(Inputs(_write(tmp_path, "blocks.yaml", BLOCKS), None))
    assert blocks.events[0].envelope is not None
    assert blocks.events[0].description == "A thing is done."
    assert blocks == plain  # every description, the title: the same text, so the same output


def test_catalog_prose_is_normalised_too(tmp_path: Path) -> None:
    plain = _write(tmp_path, "plain.json", json.dumps(CATALOG_PLAIN))
    ragged = _write(tmp_path, "ragged.json", json.dumps(CATALOG_RAGGED))
    assert build_spec(Inputs(None, ragged)) == build_spec(Inputs(None, plain))


def test_whitespace_alone_is_no_release_and_a_rewording_is_a_patch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = _write(tmp_path, "plain.yaml", PLAIN)
    blocks = _write(tmp_path, "blocks.yaml", BLOCKS)
    assert main(["diff", str(plain), str(blocks)]) == 0
    assert capsys.readouterr().out == "bump: none\n"
    reworded = _write(
        tmp_path, "reworded.yaml", BLOCKS.replace("A thing is done.", "A thing has been done.")
    )
    assert main(["diff", str(plain), str(reworded)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "patch (changed-description): event thing.done",
        "bump: patch",
    ]


def test_a_manifest_holding_raw_prose_sees_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest written before prose was normalised (its snapshot holds "...\\n") compared with
    the same spec now: whitespace alone is still no release."""
    out = tmp_path / "out"
    spec = _write(tmp_path, "plain.yaml", PLAIN)
    assert main(["generate", "--webhooks", str(spec), "--catalog", "", "--out", str(out)]) == 0
    manifest_path = out / "openai_webhooks" / "_manifest.json"
    data = json.loads(manifest_path.read_text())
    event = data["ir"]["events"][0]
    event["description"] += "\n"
    event["envelope"]["properties"][0]["description"] += "   \n"
    older = _write(tmp_path, "older.json", json.dumps(data))
    capsys.readouterr()
    assert main(["diff", str(older), str(manifest_path)]) == 0
    assert capsys.readouterr().out == "bump: none\n"
