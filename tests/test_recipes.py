"""The framework recipes of docs/recipes.md run as written, with each framework's test client.

Every Python block of the generated recipes page is written to a module of its own, imported,
and sent signed requests: a good one (200, the handler ran), a bad signature (401) and a signed
but malformed body (400).
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import openai_webhooks as ow
import pytest

from generator.inputs import Inputs
from generator.parse.build import build_spec
from generator.render import examples, snippets

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "generated" / "docs" / "recipes.md"
SPEC = build_spec(
    Inputs(ROOT / "specs" / "openai-webhooks.yaml", ROOT / "specs" / "resource-catalog.json")
)
# The recipes handle the quick start event and serve a catalog webhook, both chosen by the IR.
EVENT = snippets.quick_start_event(SPEC)
assert EVENT is not None
LABEL = EVENT.type.replace(".", " ") + ":"
CATALOG = snippets.recipe_catalog_hook(SPEC)
assert CATALOG is not None
SECRET = "whsec_" + base64.b64encode(b"recipes-test-secret-0123456789ab").decode()
OTHER = "whsec_" + base64.b64encode(b"not-the-right-secret-0123456789a").decode()

TITLES = [
    "FastAPI or Starlette: a route of your own",
    "Flask: a view of your own",
    "Django: a view of your own",
    "FastAPI or Starlette: mounting `asgi_app`",
    "Flask or any WSGI server: `wsgi_app`",
]


def recipes() -> dict[str, str]:
    """Section title -> the Python block of that section."""
    text = PAGE.read_text()
    found: dict[str, str] = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title, _, rest = section.partition("\n")
        blocks = re.findall(r"^```python\n(.*?)^```$", rest, flags=re.S | re.M)
        assert len(blocks) == 1, title
        found[title.strip()] = blocks[0]
    return found


def event_body(event_type: str = EVENT.type) -> bytes:
    body = {
        "id": "evt_recipe",
        "object": "event",
        "created_at": 1750861210,
        "type": event_type,
        "data": {"id": "resp_recipe"},
    }
    return json.dumps(body).encode()


def signed(body: bytes, secret: str = SECRET, **kwargs: Any) -> dict[str, str]:
    return {**ow.sign(body, secret, **kwargs), "content-type": "application/json"}


@pytest.fixture
def load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:  # a function: title -> imported module
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded: list[str] = []
    code = recipes()

    def load_recipe(title: str) -> ModuleType:
        name = "recipe_" + re.sub(r"\W+", "_", title).strip("_").lower()
        (tmp_path / f"{name}.py").write_text(code[title])
        importlib.invalidate_caches()
        loaded.append(name)
        return importlib.import_module(name)

    yield load_recipe
    for name in loaded:
        sys.modules.pop(name, None)


def test_page_lists_every_recipe() -> None:
    assert list(recipes()) == TITLES
    for code in recipes().values():
        compile(code, "<recipe>", "exec")
        assert "whsec_" not in code  # secrets come from the environment


def test_fastapi_route(load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    module = load(TITLES[0])
    with TestClient(module.app) as client:
        body = event_body()
        good = client.post("/webhooks/openai", content=body, headers=signed(body))
        assert (good.status_code, good.json()) == (200, {"ok": True})
        assert f"{LABEL} resp_recipe" in capsys.readouterr().out
        bad = client.post("/webhooks/openai", content=body, headers=signed(body, OTHER))
        assert bad.status_code == 401
        tampered = client.post("/webhooks/openai", content=body + b" ", headers=signed(body))
        assert tampered.status_code == 401
        malformed = client.post("/webhooks/openai", content=b"[]", headers=signed(b"[]"))
        assert malformed.status_code == 400
        unknown = event_body("brand.new")
        assert client.post("/webhooks/openai", content=unknown, headers=signed(unknown)).is_success
        # Over the limit: declared (Content-Length), and streamed without one (chunked).
        huge = b" " * (5 * 1024 * 1024) + body
        declared = client.post("/webhooks/openai", content=huge, headers=signed(huge))
        assert (declared.status_code, declared.json()) == (413, {"error": "body too large"})
        chunks = iter([huge[i : i + 65536] for i in range(0, len(huge), 65536)])
        streamed = client.post("/webhooks/openai", content=chunks, headers=signed(huge))
        assert streamed.status_code == 413
        at_limit = b" " * (module.MAX_BODY - len(body)) + body
        assert len(at_limit) == 1024 * 1024
        taken = client.post("/webhooks/openai", content=at_limit, headers=signed(at_limit))
        assert taken.status_code == 200
        assert capsys.readouterr().out == f"{LABEL} resp_recipe\n"


def test_flask_view(load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    module = load(TITLES[1])
    client = module.app.test_client()
    body = event_body()
    good = client.post("/webhooks/openai", data=body, headers=signed(body))
    assert (good.status_code, good.get_json()) == (200, {"ok": True})
    assert f"{LABEL} resp_recipe" in capsys.readouterr().out
    assert (
        client.post("/webhooks/openai", data=body, headers=signed(body, OTHER)).status_code == 401
    )
    assert client.post("/webhooks/openai", data=b"{", headers=signed(b"{")).status_code == 400
    assert client.get("/webhooks/openai").status_code == 405
    huge = b" " * (5 * 1024 * 1024) + body
    too_large = client.post("/webhooks/openai", data=huge, headers=signed(huge))
    assert (too_large.status_code, too_large.get_json()) == (413, {"error": "body too large"})
    at_limit = b" " * (module.MAX_BODY - len(body)) + body
    assert len(at_limit) == 1024 * 1024
    assert (
        client.post("/webhooks/openai", data=at_limit, headers=signed(at_limit)).status_code == 200
    )
    assert capsys.readouterr().out == f"{LABEL} resp_recipe\n"


def test_django_view(load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    client = _django_client()  # enforces CSRF: csrf_exempt is what lets it through
    from django.test import override_settings

    module = load(TITLES[2])
    with override_settings(ROOT_URLCONF=module.__name__):
        body = event_body()

        def post(data: bytes, secret: str = SECRET) -> Any:
            return client.post(
                "/webhooks/openai",
                data=data,
                content_type="application/json",
                headers=ow.sign(data, secret),
            )

        good = post(body)
        assert (good.status_code, good.json()) == (200, {"ok": True})
        assert f"{LABEL} resp_recipe" in capsys.readouterr().out
        assert post(body, OTHER).status_code == 401
        assert post(b"{}").status_code == 400
        assert client.get("/webhooks/openai").status_code == 405
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=len(body) - 1):
            too_large = post(body)
        assert too_large.status_code == 413
    assert capsys.readouterr().out == ""


def test_fastapi_mount(load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    module = load(TITLES[3])
    with TestClient(module.app) as client:
        body = event_body()
        good = client.post("/openai/events", content=body, headers=signed(body, webhook_id="msg_1"))
        assert (good.status_code, good.json()) == (200, {"ok": True})
        assert f"{LABEL} resp_recipe" in capsys.readouterr().out
        again = client.post(
            "/openai/events", content=body, headers=signed(body, webhook_id="msg_1")
        )
        assert again.json() == {"ok": True, "duplicate": True}
        assert capsys.readouterr().out == ""
        bad = client.post("/openai/events", content=body, headers=signed(body, OTHER))
        assert bad.status_code == 401
        assert client.post("/openai/events", content=b"{", headers=signed(b"{")).status_code == 400
        assert (
            client.post("/openai/elsewhere", content=body, headers=signed(body)).status_code == 404
        )
        assert client.get("/openai/events").status_code == 405
        resource, hook = CATALOG
        raw = examples.body_example(hook.fields, "rec")
        payload = json.dumps(raw).encode()
        route = "/openai" + hook.path
        assert client.post(route, content=payload, headers=signed(payload)).status_code == 200
        record = importlib.import_module(f"openai_webhooks.catalog.{resource.module_name}")
        parsed = getattr(record, hook.class_name).from_raw(raw)
        first = getattr(parsed, hook.fields[0].py_name)
        assert first is not None
        assert capsys.readouterr().out.startswith(f"catalog {LABEL} {first}")


def test_flask_wsgi_app(load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    module = load(TITLES[4])
    client = module.app.test_client()
    body = event_body()
    good = client.post("/webhooks/openai", data=body, headers=signed(body, webhook_id="msg_w"))
    assert (good.status_code, good.get_json()) == (200, {"ok": True})
    assert f"{LABEL} resp_recipe" in capsys.readouterr().out  # async, via asyncio.run
    again = client.post("/webhooks/openai", data=body, headers=signed(body, webhook_id="msg_w"))
    assert again.get_json() == {"ok": True, "duplicate": True}
    assert (
        client.post("/webhooks/openai", data=body, headers=signed(body, OTHER)).status_code == 401
    )
    assert client.post("/webhooks/openai", data=b"1", headers=signed(b"1")).status_code == 400
    assert client.get("/webhooks/openai").status_code == 405
    home = client.get("/")
    assert (home.status_code, home.get_data(as_text=True)) == (200, "the rest of the site")
    assert capsys.readouterr().out == ""


def _django_client() -> Any:
    """A Django test client enforcing CSRF, settings configured on first use."""
    import django
    from django.conf import settings
    from django.test import Client

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="recipes-test-only",
            ALLOWED_HOSTS=["testserver"],
            INSTALLED_APPS=[],
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            ROOT_URLCONF="recipes_unset",
            USE_TZ=True,
        )
        django.setup()
    return Client(enforce_csrf_checks=True)


def _deliver(title: str, module: ModuleType, webhook_id: str) -> int:
    """POST one signed delivery of EVENT to the recipe `title` with its framework's client."""
    body = event_body()
    headers = signed(body, webhook_id=webhook_id)
    if title in (TITLES[0], TITLES[3]):
        from fastapi.testclient import TestClient

        path = "/openai/events" if title == TITLES[3] else "/webhooks/openai"
        with TestClient(module.app) as client:
            return client.post(path, content=body, headers=headers).status_code
    if title == TITLES[2]:
        client = _django_client()
        from django.test import override_settings

        with override_settings(ROOT_URLCONF=module.__name__):
            response = client.post(
                "/webhooks/openai", data=body, content_type="application/json", headers=headers
            )
            return int(response.status_code)
    response = module.app.test_client().post("/webhooks/openai", data=body, headers=headers)
    return int(response.status_code)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("title", TITLES)
def test_every_recipe_runs_sync_and_async_handlers_exactly_once(
    load: Any, monkeypatch: pytest.MonkeyPatch, title: str, kind: str
) -> None:
    """Whatever the recipe's own handler is, a sync and an async method both run, once per
    delivery, to completion (an async one is never handed back unawaited)."""
    module = load(title)
    runs: list[str] = []

    def sync_method(self: Any, event: Any) -> None:
        runs.append(event.id)

    async def async_method(self: Any, event: Any) -> None:
        await asyncio.sleep(0)
        runs.append(event.id)

    method = async_method if kind == "async" else sync_method
    monkeypatch.setattr(module.Handler, EVENT.handler_name, method)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "coroutine ... was never awaited"
        assert _deliver(title, module, "msg_count_1") == 200
        assert _deliver(title, module, "msg_count_2") == 200
    assert runs == ["evt_recipe", "evt_recipe"]
