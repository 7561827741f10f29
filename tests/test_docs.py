"""The generated docs are checked, not trusted: every example payload parses to its model, every
Python block runs (and its handlers handle the examples), every call example returns the request
the page shows, every internal link resolves, and mkdocs builds the site without a warning.

Pages: generated/README.md and everything under generated/docs/.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import http.server
import importlib
import inspect
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import types
import urllib.parse
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai_webhooks as ow
import pytest
import yaml
from markdown.extensions.toc import slugify
from mkdocs.utils.yaml import yaml_load
from openai_webhooks import catalog
from openai_webhooks.handlers import HANDLER_METHODS
from pydantic import BaseModel

from generator import ir
from generator.fastpath.tree import read_tree
from generator.inputs import Inputs
from generator.parse.build import build_spec
from tests.golden_refresh import FROZEN_WEBHOOKS

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
DOCS = GENERATED / "docs"
PAGES = [GENERATED / "README.md", *sorted(DOCS.rglob("*.md"))]
SECRET = "whsec_" + base64.b64encode(b"docs-test-secret-0123456789abcdef").decode()
# A JSON block's model, named in an HTML comment on the line before it (invisible on the site).
MODEL_MARKER = re.compile(r"<!-- model: ([\w.]+) -->\n$")
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)\n\1$", re.S | re.M)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a page."""

    page: Path
    language: str
    text: str
    before: str  # the page's text before the block

    @property
    def where(self) -> str:
        line = self.before.count("\n") + 1
        return f"{self.page.relative_to(GENERATED)}:{line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text()
    return [Block(page, m.group(2), m.group(3), text[: m.start()]) for m in FENCE.finditer(text)]


ALL_BLOCKS = [block for page in PAGES for block in blocks(page)]
JSON_BLOCKS = [b for b in ALL_BLOCKS if b.language == "json"]
PYTHON_BLOCKS = [b for b in ALL_BLOCKS if b.language == "python"]


def model_of(block: Block) -> type[BaseModel]:
    marker = MODEL_MARKER.search(block.before)
    assert marker, f"{block.where}: a JSON example needs a <!-- model: ... --> line before it"
    module_name, _, class_name = marker.group(1).rpartition(".")
    model: type[BaseModel] = getattr(importlib.import_module(module_name), class_name)
    return model


def is_envelope(model: type[BaseModel]) -> bool:
    return model.__module__ == "openai_webhooks.models"


def extras(value: Any) -> list[str]:
    """Names of fields a parsed model kept as unknown extras, at any depth."""
    found: list[str] = []
    if isinstance(value, BaseModel):
        found += list(value.model_extra or {})
        for name in type(value).model_fields:
            found += extras(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            found += extras(item)
    return found


def envelope_examples() -> dict[str, str]:
    """Event type -> example payload text, from the event pages."""
    found = {}
    for block in JSON_BLOCKS:
        if is_envelope(model_of(block)):
            found[json.loads(block.text)["type"]] = block.text
    return found


def catalog_examples() -> dict[type[BaseModel], str]:
    """Catalog model -> example body text, from the event and resource pages."""
    return {model_of(b): b.text for b in JSON_BLOCKS if not is_envelope(model_of(b))}


def test_every_json_example_parses_to_its_model() -> None:
    envelope, payloads, records = [], [], []
    for block in JSON_BLOCKS:
        model = model_of(block)
        if is_envelope(model):
            event = ow.parse_event(block.text)
            assert type(event) is model, block.where
            assert model.model_validate_json(block.text) == event, block.where
            # A key the model does not declare would be kept silently: the example would lie.
            assert extras(event) == [], block.where
            envelope.append(model)
            continue
        parsed = model.from_raw(block.text)  # type: ignore[attr-defined]
        assert catalog.mismatches(parsed) == {}, block.where
        empty = [name for name in type(parsed).model_fields if getattr(parsed, name) is None]
        assert empty == [], f"{block.where}: no value at the selector of {empty}"
        (records if model.__name__ == "Record" else payloads).append(model)
    # One example per envelope event, per catalog webhook and per resource: none missing.
    assert len(envelope) == len(envelope_examples())
    assert set(envelope_examples()) == set(HANDLER_METHODS)
    assert set(payloads) == {model for model, _ in catalog.PAYLOADS.values()}
    assert len(records) == len(resource_modules())


def resource_modules() -> list[Any]:
    return [
        getattr(catalog, name)
        for name in catalog.__all__
        if name.islower() and name != "mismatches"
    ]


@pytest.fixture
def run_block(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A function: block -> the namespace it ran in (the secret comes from the environment)."""
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    counter = iter(range(10**6))

    def run(block: Block) -> dict[str, Any]:
        namespace: dict[str, Any] = {"__name__": f"docs_block_{next(counter)}"}
        exec(compile(block.text, block.where, "exec"), namespace)
        name = module_name(block.text)
        if name is not None:  # the page's next blocks import it
            module = types.ModuleType(name)
            module.__dict__.update(namespace)
            monkeypatch.setitem(sys.modules, name, module)
        return namespace

    yield run


def module_name(code: str) -> str | None:
    """The module a block is, when its first line names its file (``# tasks.py: ...``): a later
    block of the page imports it (``from tasks import handoff``)."""
    named = re.match(r"# (\w+)\.py\b", code)
    return named.group(1) if named else None


def overridden(cls: type, base: type) -> list[str]:
    """The handler methods `cls` overrides; an `on_` name the base lacks is a typo in the docs."""
    names = [name for name in vars(cls) if name.startswith("on_")]
    assert all(hasattr(base, name) for name in names), f"{cls.__name__}: {names}"
    return names


def finish(result: Any) -> None:
    if inspect.isawaitable(result):
        asyncio.run(result)  # type: ignore[arg-type]


def test_every_python_block_runs_and_its_handlers_handle_the_examples(
    run_block: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    events = envelope_examples()
    methods = {method: event_type for event_type, method in HANDLER_METHODS.items()}
    payloads = catalog_examples()
    handled = 0
    for block in PYTHON_BLOCKS:
        namespace = run_block(block)
        defined = [
            value
            for value in namespace.values()
            if isinstance(value, type) and value.__module__ == namespace["__name__"]
        ]
        for cls in defined:
            if issubclass(cls, ow.WebhookHandler):
                for method in overridden(cls, ow.WebhookHandler):
                    event = ow.parse_event(events[methods[method]])
                    capsys.readouterr()
                    finish(cls().dispatch(event))
                    # Every handler in the docs shows the event's id (or data.id) somehow.
                    shown = getattr(event.data, "id", event.id)
                    assert shown in capsys.readouterr().out, f"{block.where}: {cls.__name__}"
                    handled += 1
            if issubclass(cls, catalog.CatalogHandler):
                for method in overridden(cls, catalog.CatalogHandler):
                    event_type = next(t for t, (_, m) in catalog.PAYLOADS.items() if m == method)
                    model = catalog.PAYLOADS[event_type][0]
                    capsys.readouterr()
                    finish(cls().dispatch(event_type, payloads[model]))
                    shown = getattr(model.from_raw(payloads[model]), "id", "")  # type: ignore[attr-defined]
                    out = capsys.readouterr().out
                    assert out and str(shown) in out, f"{block.where}: {cls.__name__}"
                    handled += 1
    # Every envelope event has a stub (plus fetch examples and recipes), every catalog webhook too.
    assert handled > len(events) + len(catalog.PAYLOADS)


def test_the_docs_own_tests_pass(run_block: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """A block that defines pytest functions (the handling page's testing example) is a test
    module: its tests are run here as pytest would, and must pass."""
    ran = []
    for block in PYTHON_BLOCKS:
        namespace = run_block(block)
        for name, value in namespace.items():
            if name.startswith("test_") and inspect.isfunction(value):
                assert not inspect.signature(value).parameters, f"{block.where}: {name}"
                value()
                ran.append(name)
    capsys.readouterr()
    assert len(ran) >= 2


def test_handle_once_example_answers_as_the_apps_do(run_block: Any) -> None:
    """The handling page's deduplication example: an async handler method really runs before
    the id is marked done, a repeat is not handled again, a handler failure releases (the
    retry runs), an id in flight is 409 and an unreachable store 503."""
    (block,) = [b for b in PYTHON_BLOCKS if "async def handle(" in b.text]
    handle = run_block(block)["handle"]
    event = ow.parse_event(next(iter(envelope_examples().values())))
    seen: list[str] = []

    class Recorder:
        fail = False

        async def adispatch(self, event: Any) -> None:
            await asyncio.sleep(0)
            if self.fail:
                raise RuntimeError("handler failed")
            seen.append(event.id)

    store, handler = ow.InMemoryDedupStore(), Recorder()
    handler.fail = True
    with pytest.raises(RuntimeError):
        asyncio.run(handle(store, "msg_1", event, handler))
    handler.fail = False
    assert asyncio.run(handle(store, "msg_1", event, handler)) == 200
    assert asyncio.run(handle(store, "msg_1", event, handler)) == 200
    assert seen == [event.id]
    assert isinstance(store.claim("msg_busy"), ow.Lease)
    assert asyncio.run(handle(store, "msg_busy", event, handler)) == 409

    class Down(ow.InMemoryDedupStore):
        async def aclaim(self, webhook_id: str) -> ow.Lease | ow.Claim:
            raise ow.DedupStoreUnavailable("down")

    assert asyncio.run(handle(Down(), "msg_2", event, handler)) == 503
    assert seen == [event.id]


def request_text(request: catalog.PreparedRequest) -> str:
    """A PreparedRequest as the resource pages show it."""
    line = f"{request.method} {request.path}"
    if request.query:
        line += "?" + urllib.parse.urlencode(request.query)
    if request.body is None:
        return line
    headers = "\n".join(f"{k}: {v}" for k, v in request.headers.items())
    return f"{line}\n{headers}\n\n{request.body.decode()}"


def test_each_call_example_returns_the_request_its_page_shows(run_block: Any) -> None:
    shown = 0
    for block, after in itertools.pairwise(ALL_BLOCKS):
        if after.language != "http":
            continue
        assert block.language == "python" and block.page == after.page, after.where
        request = run_block(block)["request"]
        assert isinstance(request, catalog.PreparedRequest), block.where
        assert request_text(request) == after.text, block.where
        shown += 1
    operations = sum(
        1 for module in resource_modules() for name in module.__all__ if name.startswith("build_")
    )
    assert shown == operations


def test_readme_quick_start_verifies_then_dispatches(
    run_block: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = [b for b in PYTHON_BLOCKS if b.page.name == "README.md"]
    assert len(readme) == 1
    code = readme[0].text
    assert len([line for line in code.splitlines() if line.strip()]) <= 12
    receive = run_block(readme[0])["receive"]
    printed = []
    for text in envelope_examples().values():
        body = text.encode()
        capsys.readouterr()
        receive(body, ow.sign(body, SECRET))
        printed += [text] if capsys.readouterr().out else []
        with pytest.raises(ow.InvalidWebhookSignatureError):
            receive(body + b" ", ow.sign(body, SECRET))
    assert len(printed) == 1  # the one event the quick start handles; the rest are no-ops
    with pytest.raises(ow.WebhookPayloadError):
        receive(b"[]", ow.sign(b"[]", SECRET))


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, dict[str, str], bytes]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        self.seen.append((self.command, self.path, dict(self.headers.items()), body))
        reply = b'{"id": "thread_abc123", "object": "thread.message"}'
        self.send_response(200)
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args: Any) -> None:
        pass


def test_index_send_helper_sends_the_prepared_request(
    run_block: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (block,) = [b for b in PYTHON_BLOCKS if "def send(" in b.text]
    assert block.page == DOCS / "resources.md"
    send = run_block(block)["send"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-docs-test")
        messages = catalog.thread_messages
        listed = send(messages.build_list(thread_id="t 1"))
        created = send(messages.build_create(thread_id="t", role="user", content="hé"))
    finally:
        server.shutdown()
        server.server_close()
    assert messages.Record.from_raw(listed).object == "thread.message"
    assert created == listed
    (method, path, headers, body), (method2, path2, headers2, body2) = _Recorder.seen[-2:]
    assert (method, path, body) == ("GET", "/v1/threads/t%201/messages?limit=20&order=desc", b"")
    assert headers["Authorization"] == "Bearer sk-docs-test"
    assert (method2, path2) == ("POST", "/v1/threads/t/messages")
    assert headers2["Content-Type"] == "application/json"
    assert json.loads(body2) == {"role": "user", "content": "hé"}


def test_catalog_sender_example_is_accepted_signed_and_refused_unsigned(run_block: Any) -> None:
    """The getting-started page's catalog sender: its signed POST is what the apps accept on a
    catalog route, and the same body unsigned is 401."""
    from werkzeug.test import Client

    (block,) = [b for b in PYTHON_BLOCKS if "def catalog_delivery(" in b.text]
    assert block.page == DOCS / "index.md"
    catalog_delivery = run_block(block)["catalog_delivery"]
    route, event_type = next(iter(catalog.ROUTES.items()))
    model, method = catalog.PAYLOADS[event_type]
    payload = json.loads(catalog_examples()[model])
    received: list[Any] = []
    handler = type(
        "Catalog", (catalog.CatalogHandler,), {method: lambda self, p: received.append(p)}
    )
    app = ow.wsgi_app(ow.WebhookHandler(), secret=SECRET, catalog_handler=handler())
    request = catalog_delivery("https://hooks.example.com" + route, payload)
    assert (request.full_url, request.get_method()) == ("https://hooks.example.com" + route, "POST")
    client = Client(app)
    headers = dict(request.header_items())
    answer = client.post(route, data=request.data, headers=headers)
    assert answer.status_code == 200, answer.get_data()
    assert received == [model.from_raw(payload)]  # type: ignore[attr-defined]
    unsigned = {"Content-Type": "application/json"}
    assert client.post(route, data=request.data, headers=unsigned).status_code == 401


def heading_anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, as mkdocs (Python-Markdown's toc) makes them."""
    anchors: set[str] = set()
    text = FENCE.sub("", page.read_text())
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
        anchor = base = slugify(plain, "-")
        count = 0
        while anchor in anchors:
            count += 1
            anchor = f"{base}_{count}"
        anchors.add(anchor)
    return anchors


def test_every_internal_link_resolves() -> None:
    checked = 0
    for page in PAGES:
        text = FENCE.sub("", page.read_text())
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            assert resolved.is_file(), f"{page.relative_to(GENERATED)}: {target}"
            if page.is_relative_to(DOCS):
                # mkdocs only builds docs/: a link out of it would be broken on the site.
                assert resolved.is_relative_to(DOCS), f"{page.relative_to(GENERATED)}: {target}"
            if anchor:
                assert anchor in heading_anchors(resolved), (
                    f"{page.relative_to(GENERATED)}: {target}"
                )
            checked += 1
    events = len(list((DOCS / "events").glob("*.md")))
    assert checked > 2 * events  # the index and README tables alone link each event page


def test_mkdocs_builds_the_site_without_warnings(tmp_path: Path) -> None:
    config = yaml_load((GENERATED / "mkdocs.yml").read_text())
    assert config["docs_dir"] == "docs" and config["strict"] is True
    before = read_tree(GENERATED)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for page in DOCS.rglob("*.md"):
        relative = page.relative_to(DOCS).with_suffix("")
        html = site / ("index.html" if relative.name == "index" else relative / "index.html")
        assert html.is_file(), relative
    assert read_tree(GENERATED) == before  # the build wrote nothing into generated/


def test_python_blocks_are_formatted_like_the_package(tmp_path: Path) -> None:
    for index, block in enumerate(PYTHON_BLOCKS):
        (tmp_path / f"block_{index}.py").write_text(block.text + "\n")
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--check", "--diff", "--no-cache", "--line-length", "100", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hostile_spec_text_cannot_break_the_docs_or_the_site(tmp_path: Path) -> None:
    from generator.cli.main import main
    from tests.test_hostile import MARKER, hostile_specs

    webhooks, catalog_path = hostile_specs(tmp_path)
    out = tmp_path / "out"
    assert (
        main(
            [
                "generate",
                "--webhooks",
                str(webhooks),
                "--catalog",
                str(catalog_path),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    config = (out / "mkdocs.yml").read_text()
    assert "Evil" not in config and yaml_load(config)["docs_dir"] == "docs"
    pages = sorted((out / "docs").rglob("*.md"))
    found = [block for page in pages for block in blocks(page)]
    # Every block came out whole: JSON parses, Python compiles (nothing is run here).
    assert sum(b.language == "json" for b in found) >= 8
    for block in found:
        if block.language == "json":
            json.loads(block.text)
        elif block.language == "python":
            compile(block.text, str(block.page), "exec")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / MARKER).exists()
    # Spec links to anything but http(s) are shown as text, never as live links or images.
    html = "".join(page.read_text() for page in site.rglob("*.html"))
    assert "click" in html
    assert 'href="javascript:' not in html and 'src="data:' not in html
    # ruff 0.16 and later format the Python blocks of Markdown too, and these long names make
    # lines it would wrap: the tree's own config keeps the docs as generated, so `ruff format`
    # there (the user's, or the format pass racing the docs writer) changes nothing.
    ruff = Path(sys.executable).parent / "ruff"
    formatted = subprocess.run(
        [str(ruff), "format", "--check", "--no-cache", "."], cwd=out, capture_output=True, text=True
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_python_blocks_for_another_spec_run_against_that_spec_package(tmp_path: Path) -> None:
    # The docs name what the spec defines, nothing of the real spec: the naming case's pages
    # (events like `3d.model-ready`, a resource called `class`) run against its own package.
    expected = ROOT / "tests" / "golden" / "naming" / "expected"
    pages = [expected / "README.md", *sorted((expected / "docs").rglob("*.md"))]
    codes = [b.text for page in pages for b in blocks(page) if b.language == "python"]
    assert len(codes) >= 10
    for code in codes:  # a block naming its file is a module the next blocks import
        name = module_name(code)
        if name is not None:
            (tmp_path / f"{name}.py").write_text(code)
    runner = (
        "import json, sys\n"
        "for i, code in enumerate(json.load(sys.stdin)):\n"
        "    exec(compile(code, f'<block {i}>', 'exec'), {'__name__': f'block_{i}'})\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(expected), "OPENAI_WEBHOOK_SECRET": SECRET}
    result = subprocess.run(
        [sys.executable, "-c", runner],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr


def test_the_newer_type_example_is_a_type_the_package_does_not_know() -> None:
    """handling.md registers a type "not of this package (yet)": it must not be one, and must
    register without the typo warning, whatever the spec holds."""
    page = (DOCS / "handling.md").read_text()
    [newer] = re.findall(r'@router\.on\("([^"]+)"\)  # not an event type of this package', page)
    assert newer not in HANDLER_METHODS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ow.WebhookRouter().on(newer)(lambda event: None)


def test_a_spec_that_adds_the_newer_type_example_moves_it_on(tmp_path: Path) -> None:
    """A spec update adding `batch.paused` (the example's first pick) must not leave the docs
    calling it newer than the package."""
    spec = yaml.safe_load(FROZEN_WEBHOOKS.read_text())
    before = build_spec(Inputs(FROZEN_WEBHOOKS, None)).newer_type_example
    entries = spec["webhooks"]
    entry = entries["batch_failed"]
    ref = entry["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = copy.deepcopy(spec["components"]["schemas"][ref.rsplit("/", 1)[1]])
    schema["properties"]["type"]["enum"] = [before]
    spec["components"]["schemas"]["WebhookNewer"] = schema
    entries["newer"] = copy.deepcopy(entry)
    entries["newer"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/WebhookNewer"
    }
    updated = tmp_path / "openai-webhooks.yaml"
    updated.write_text(yaml.safe_dump(spec))

    after = build_spec(Inputs(updated, None))
    known = [event.type for event in after.events]
    assert before in known and after.newer_type_example not in known
    assert after.newer_type_example.startswith(before.rpartition(".")[0] + ".")


def test_the_typo_cutoff_is_the_packages() -> None:
    """The docs' newer type is chosen far from known types by the cutoff the package warns at."""
    from openai_webhooks import handlers

    assert ir.TYPO_CUTOFF == handlers._TYPO_CUTOFF
