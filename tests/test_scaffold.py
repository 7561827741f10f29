"""`python -m generator scaffold OUT.py`: the module it writes runs as its docstring says
(`uvicorn module:app` with the secret in the environment), acknowledges every event until the
user fills the methods in, and is as clean as the generated package (ruff, mypy --strict)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import openai_webhooks as ow
import pytest
from openai_webhooks import catalog

from bench.servers import uvicorn_process
from generator.release import manifest
from tests.golden_refresh import ROOT
from tests.payloads import event_body

SECRET = "whsec_c2NhZmZvbGQtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ=="
GENERATED = ROOT / "generated"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("scaffold")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "scaffold", str(directory / "hooks.py")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # Test instrumentation only: the user's command is `uvicorn hooks:app`; this shows the
    # module's INFO log lines on stderr so the test can see which methods ran.
    (directory / "logged.py").write_text(
        "import logging\n\nlogging.basicConfig(level=logging.INFO)\n\nfrom hooks import app\n"
    )
    return directory


def _post(port: int, path: str, body: bytes, webhook_id: str) -> int:
    headers = ow.sign(body, SECRET, webhook_id=webhook_id)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", body, {**headers, "content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_scaffolded_module_serves_both_kinds_of_webhooks_under_uvicorn(
    scaffolded: Path, tmp_path: Path
) -> None:
    log = tmp_path / "server.log"
    body = json.dumps(event_body("response.completed")).encode()
    unknown = json.dumps({**event_body("response.completed"), "type": "brand.new"}).encode()
    route = next(iter(catalog.ROUTES))
    env = {"OPENAI_WEBHOOK_SECRET": SECRET}
    with uvicorn_process("logged:app", scaffolded, env, stderr=log) as server:
        assert _post(server.port, "/", body, "msg_1") == 200
        assert _post(server.port, "/", body, "msg_1") == 200  # a retry: handled once
        assert _post(server.port, "/", unknown, "msg_2") == 200
        assert _post(server.port, route, b"{}", "msg_3") == 200
        assert _post(server.port, "/", b"{}", "msg_4") == 400
    text = log.read_text()
    assert text.count("response.completed evt_685c059ae3a481909bdc86819b066fb6: not handled") == 1
    assert "unknown webhook event type brand.new" in text
    assert f"{catalog.ROUTES[route]}: not handled yet" in text
    assert "Traceback" not in text


def test_scaffolded_module_refuses_to_start_without_the_secret(scaffolded: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_WEBHOOK_SECRET"}
    env["PYTHONPATH"] = os.pathsep.join([str(GENERATED), str(scaffolded)])
    result = subprocess.run(
        [sys.executable, "-c", "import hooks"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "RuntimeError: set OPENAI_WEBHOOK_SECRET to the endpoint's signing secret (whsec_...)"
    )


def test_scaffolded_module_is_formatted_lint_clean_and_strictly_typed(scaffolded: Path) -> None:
    module = str(scaffolded / "hooks.py")
    config = str(GENERATED / "pyproject.toml")
    bin_dir = Path(sys.executable).parent
    for command in (
        [str(bin_dir / "ruff"), "check", "--no-cache", "--config", config, module],
        [str(bin_dir / "ruff"), "format", "--check", "--no-cache", "--config", config, module],
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", module],
    ):
        env = {**os.environ, "MYPYPATH": str(GENERATED)}
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=scaffolded)
        assert result.returncode == 0, command[:2] + [result.stdout + result.stderr]


def test_editing_the_scaffold_template_leaves_the_package_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scaffold is no part of generated/: its template is left out of the manifest's
    templates digest, so editing it does not make a committed package stale."""
    copy = tmp_path / "templates"
    shutil.copytree(manifest.TEMPLATES, copy)
    monkeypatch.setattr(manifest, "TEMPLATES", str(copy))
    before = manifest.templates_digest()
    scaffold_template = copy / "_scaffold" / "handlers.py.jinja"
    scaffold_template.write_text(scaffold_template.read_text() + "# edited\n")
    assert manifest.templates_digest() == before
    (copy / "README.md.jinja").write_text((copy / "README.md.jinja").read_text() + "edited\n")
    assert manifest.templates_digest() != before
