"""The public API contract of the generated runtime (DESIGN.md section 5) where it is not about
one module: static types as users' mypy sees them, hostile argument subclasses, handler names."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import openai_webhooks as ow
import pytest
from openai_webhooks import catalog

GENERATED = Path(__file__).resolve().parents[1] / "generated"
SECRET = "whsec_" + base64.b64encode(b"runtime-contract-test-secret-01").decode()
NOW = 1_750_000_000
BODY = json.dumps(
    {
        "id": "evt_1",
        "object": "event",
        "created_at": NOW,
        "type": "response.completed",
        "data": {"id": "resp_1"},
    }
)

# --- static types: snippets checked by mypy --strict against the generated package ---

SNIPPETS = {
    "router_keeps_the_function_type": """
        import openai_webhooks as ow

        router = ow.WebhookRouter()

        @router.on("response.completed")
        async def completed(event: ow.ResponseCompletedWebhookEvent) -> None: ...

        @router.on("not.known.yet")
        def later(event: ow.UnknownWebhookEvent, *, attempt: int = 0) -> None: ...

        @router.on_unknown
        async def fallback(event: ow.UnknownWebhookEvent) -> None: ...

        async def main(known: ow.ResponseCompletedWebhookEvent, other: ow.UnknownWebhookEvent) -> None:
            await completed(known)
            await fallback(other)
            later(other, attempt=1)
    """,
    "router_checks_the_event_type": """
        import openai_webhooks as ow

        router = ow.WebhookRouter()

        @router.on("response.completed")
        def wrong(event: ow.BatchFailedWebhookEvent) -> None: ...
    """,
    "unwrap_takes_the_headers_verify_signature_takes": """
        from collections.abc import Iterable, Mapping

        import openai_webhooks as ow

        def receive(
            body: bytes,
            asgi: list[tuple[bytes, bytes]],
            pairs: Iterable[tuple[str, str]],
            mapping: Mapping[str, str],
            secret: str,
        ) -> None:
            for headers in (asgi, pairs, mapping):
                ow.verify_signature(body, headers, secret)
            ow.unwrap(body, asgi, secret)
            ow.unwrap(body, pairs, secret)
            ow.unwrap(body, mapping, secret)
    """,
}


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy --strict's error lines per snippet, from one run over all of them."""
    directory = tmp_path_factory.mktemp("snippets")
    for name, code in SNIPPETS.items():
        (directory / f"{name}.py").write_text(textwrap.dedent(code))
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    command += ["--cache-dir", os.devnull, *(f"{name}.py" for name in SNIPPETS)]
    env = {**os.environ, "MYPYPATH": str(GENERATED)}
    result = subprocess.run(command, cwd=directory, env=env, capture_output=True, text=True)
    assert "error: " in result.stdout or result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    return {name: [line for line in lines if line.startswith(f"{name}.py:")] for name in SNIPPETS}


def test_router_decorators_return_the_function_with_its_own_type(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors["router_keeps_the_function_type"] == []


def test_router_decorator_still_checks_the_event_type(mypy_errors: dict[str, list[str]]) -> None:
    [error] = mypy_errors["router_checks_the_event_type"]
    assert "BatchFailedWebhookEvent" in error


def test_unwrap_accepts_every_header_type_verify_signature_accepts(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors["unwrap_takes_the_headers_verify_signature_takes"] == []


# --- subclasses of the argument types: only the base type's methods are used ---


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("a subclass's own method was called")


_TEXT_METHODS = (
    "encode decode strip lower startswith isascii isdigit isprintable split partition"
    " __str__ __repr__ __format__ __len__ __iter__ __getitem__ __eq__ __ne__ __bool__"
    " __add__ __radd__ __contains__ __bytes__"
).split()


def _hostile(base: type) -> type:
    """A subclass of `base` whose own methods all raise (hashable, so that it can be a key)."""
    namespace: dict[str, Any] = {name: _boom for name in _TEXT_METHODS if hasattr(base, name)}
    namespace["__hash__"] = base.__hash__
    if base is int:
        names = "__int__ __index__ __repr__ __str__ __lt__ __gt__ __le__ __ge__ __sub__ __rsub__"
        namespace.update({name: _boom for name in names.split()})
    return type("Hostile" + base.__name__.title(), (base,), namespace)


HostileStr = _hostile(str)
HostileBytes = _hostile(bytes)
HostileInt = _hostile(int)


def test_sign_uses_only_the_base_types_methods() -> None:
    expected = ow.sign(BODY, SECRET, webhook_id="msg_1", timestamp=NOW)
    signed = ow.sign(
        HostileStr(BODY),
        HostileStr(SECRET),
        webhook_id=HostileStr("msg_1"),
        timestamp=HostileInt(NOW),
    )
    assert signed == expected
    assert ow.sign(HostileBytes(BODY.encode()), HostileBytes(b"raw key")) is not None


def test_verify_signature_and_unwrap_use_only_the_base_types_methods() -> None:
    headers = ow.sign(BODY, SECRET, webhook_id="msg_1", timestamp=NOW)
    as_text = {HostileStr(name): HostileStr(value) for name, value in headers.items()}
    as_bytes = [(HostileBytes(n.encode()), HostileBytes(v.encode())) for n, v in headers.items()]
    payloads = (HostileStr(BODY), HostileBytes(BODY.encode()))
    for payload in payloads:
        for given in (as_text, as_bytes):
            ow.verify_signature(
                payload, given, HostileStr(SECRET), tolerance=HostileInt(300), now=HostileInt(NOW)
            )
            ow.verify_signature(payload, given, [HostileStr(SECRET)], now=NOW)
            event = ow.unwrap(payload, given, HostileStr(SECRET), now=NOW)
            assert isinstance(event, ow.ResponseCompletedWebhookEvent)
        assert isinstance(ow.parse_event(payload), ow.ResponseCompletedWebhookEvent)


HEADERS = ow.sign(BODY, SECRET, webhook_id="msg_1", timestamp=NOW)
WRONG = {HostileStr(name): HostileStr(value + "x") for name, value in HEADERS.items()}
BAD_SECRET = HostileStr("whsec_not base64!")
FAILURES = {
    "wrong-signature": lambda: ow.verify_signature(
        HostileStr(BODY), WRONG, HostileStr(SECRET), now=NOW
    ),
    "other-text-secret": lambda: ow.verify_signature(BODY, HEADERS, HostileStr("plain"), now=NOW),
    "bad-whsec-secret": lambda: ow.verify_signature(BODY, HEADERS, BAD_SECRET, now=NOW),
    "surrogate-payload": lambda: ow.verify_signature(HostileStr("\ud800"), HEADERS, SECRET),
    "stale": lambda: ow.verify_signature(BODY, HEADERS, SECRET, now=HostileInt(NOW + 10**6)),
    "unwrap-not-json": lambda: ow.unwrap(
        HostileBytes(b"not json"), ow.sign(b"not json", SECRET), SECRET
    ),
    "sign-bad-secret": lambda: ow.sign(BODY, BAD_SECRET),
    "sign-empty-id": lambda: ow.sign(BODY, SECRET, webhook_id=HostileStr("")),
    "sign-negative-timestamp": lambda: ow.sign(BODY, SECRET, timestamp=HostileInt(-1)),
    "parse-not-json": lambda: ow.parse_event(HostileStr("{oops")),
}


@pytest.mark.parametrize("case", FAILURES.values(), ids=FAILURES.keys())
def test_failures_with_subclass_arguments_are_webhook_errors(case: Any) -> None:
    with pytest.raises(ow.WebhookError):
        case()


# --- handler method names ---


def test_misspelt_handler_method_warns_with_the_closest_name() -> None:
    with pytest.warns(UserWarning) as caught:

        class Handler(ow.WebhookHandler):
            def on_bach_failed(self, event: Any) -> None: ...

    [warning] = caught
    message = str(warning.message)
    assert "Handler.on_bach_failed matches no event" in message
    assert "did you mean on_batch_failed?" in message
    assert warning.filename == __file__  # the subclass's definition, not the package


def test_misspelt_catalog_handler_method_warns_with_the_closest_name() -> None:
    with pytest.warns(UserWarning, match="did you mean on_response_completed") as caught:

        class Handler(catalog.CatalogHandler):
            def on_response_complete(self, payload: Any) -> None: ...

    assert caught[0].filename == __file__


def test_handler_methods_that_match_events_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class Handler(ow.WebhookHandler):
            on_attempts = 0  # not a method

            def on_batch_failed(self, event: Any) -> None: ...

            async def on_unknown(self, event: ow.UnknownWebhookEvent) -> None: ...

            def handle_later(self) -> None: ...

        class Catalog(catalog.CatalogHandler):
            def on_response_completed(self, payload: Any) -> None: ...

        class Again(Handler):  # a subclass of a subclass: the names are still checked
            def on_batch_completed(self, event: Any) -> None: ...

    with pytest.warns(
        UserWarning, match="Later.on_whatever matches no event.*; see WebhookHandler"
    ):

        class Later(Again):
            def on_whatever(self, event: Any) -> None: ...

    assert Handler and Catalog and Later
