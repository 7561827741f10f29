"""Hostile text in valid specs stays inert: generated code is valid, nothing runs, no path escapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from generator.cli.main import main
from generator.fastpath.tree import read_tree

MARKER = "PWNED_MARKER"


def hostile_text(marker_dir: Path) -> str:
    payload = f"__import__('os').system('touch {marker_dir / MARKER}')"
    return f"Evil \"\"\" ''' {{{{ 7*7 }}}} {{% raw %}} \\ back\\slash \n newline \x00 NUL é ☃ \u2028 {payload} # ` ``` </script> | pipe [click](javascript:alert(1)) ![img](data:x)"


def hostile_specs(tmp_path: Path) -> tuple[Path, Path]:
    evil = hostile_text(tmp_path)
    schemas = {}
    webhooks = {}
    types = [
        "../../etc",
        'a.b"""',
        "x.y'''z",
        "u.ñ",
        "{{x}}.y",
        "os.system('x')",
        "__init__",
        "import.class",
    ]
    for index, event_type in enumerate(types):
        webhooks[f"w{index}"] = {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/W{index}"}}
                    }
                }
            }
        }
        schemas[f"W{index}"] = {
            "type": "object",
            "description": evil,
            "required": ["id", "type", "created_at", "data"],
            "properties": {
                "id": {"type": "string", "description": evil},
                "created_at": {"type": "integer"},
                "type": {"type": "string", "enum": [event_type]},
                "data": {
                    "type": "object",
                    "description": evil,
                    "properties": {
                        evil[:20]: {"type": "string", "description": evil},
                        "__class__": {"type": "string"},
                        "def": {"type": "string", "enum": [evil, "a'b\"c"]},
                    },
                },
            },
        }
    spec = {"openapi": "3.1.0", "info": {"title": evil, "version": evil}, "webhooks": webhooks}
    spec["components"] = {"schemas": schemas}
    catalog = [
        {
            "handle": "../evil",
            "meta": {"short": evil, "description": evil},
            "endpoint": {"value": "/things"},
            "fields": [
                {
                    "name": evil[:10],
                    "type": "String",
                    "selector": [evil, "0"],
                    "meta": {"description": evil},
                }
            ],
            "operations": {
                "create": {
                    "method": "POST",
                    "path": {"value": ""},
                    "bodyTemplate": {
                        "value": '{"k\\"ey\\\\ \\n é": "{{p}}", "__import__(\'os\')": {{q}}}',
                        "placeholders": [
                            {
                                "name": "p",
                                "type": "String",
                                "description": evil,
                                "required": True,
                                "options": [evil, "x"],
                            },
                            {"name": "q", "type": "String", "description": evil},
                        ],
                    },
                }
            },
            "webhooks": [
                {
                    "event": "../../etc",
                    "path": '/webhooks/x"y',
                    "payload": [
                        {
                            "name": "n",
                            "type": "String",
                            "selector": ["a"],
                            "meta": {"description": evil},
                        }
                    ],
                }
            ],
        }
    ]
    webhooks_path, catalog_path = tmp_path / "w.yaml", tmp_path / "c.json"
    webhooks_path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    catalog_path.write_text(json.dumps(catalog))
    return webhooks_path, catalog_path


def test_hostile_text_generates_valid_inert_code_inside_the_output(tmp_path: Path) -> None:
    webhooks, catalog = hostile_specs(tmp_path)
    out = tmp_path / "out"
    assert (
        main(
            ["generate", "--webhooks", str(webhooks), "--catalog", str(catalog), "--out", str(out)]
        )
        == 0
    )
    files = read_tree(out)
    for name in files:
        assert (out / name).resolve().is_relative_to(out.resolve()), name
    bin_dir = Path(sys.executable).parent
    assert (
        subprocess.run([str(bin_dir / "ruff"), "check", "--no-cache", "."], cwd=out).returncode == 0
    )
    assert subprocess.run([str(bin_dir / "black"), "--check", "-q", "."], cwd=out).returncode == 0
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import openai_webhooks as ow, openai_webhooks.catalog as c, openai_webhooks.catalog.evil as e;"
        "assert 'Evil \"\"\"' in ow.__doc__ and '__import__' in ow.__doc__;"
        "event = ow.parse_event({'id': '1', 'created_at': 1, 'type': '../../etc', 'data': {}});"
        "assert type(event).__name__ == 'EtcWebhookEvent';"
        "assert c.ROUTES == {'/webhooks/x\"y': '../../etc'};"
        "print(e.build_create(p='x').body.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(out)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {'k"ey\\ \n é': "x"}
    assert not (tmp_path / MARKER).exists(), "spec text was executed"
