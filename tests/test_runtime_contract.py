"""The public API contract of the generated runtime (as generated/README.md and generated/docs/
describe it) where it is not about one module: static types as users' mypy sees them, hostile
argument subclasses, handler names."""

from __future__ import annotations

import base64
import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import openai_webhooks as ow
import pytest
from openai_webhooks import catalog
from openai_webhooks.handlers import HANDLER_METHODS

from generator import ir

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
    "router_typo_names_the_unknown_event": """
        import openai_webhooks as ow

        router = ow.WebhookRouter()

        @router.on("batch.cancelld")
        def typo(event: ow.BatchCancelledWebhookEvent) -> None: ...
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
    # The message names what the function must take.
    assert '"_TakesResponseCompletedWebhookEvent"' in error


def test_router_typo_is_a_mypy_error_that_says_the_type_is_unknown(
    mypy_errors: dict[str, list[str]],
) -> None:
    [error] = mypy_errors["router_typo_names_the_unknown_event"]
    assert ':6: error: Value of type variable "_TakesUnknownWebhookEvent"' in error
    assert '"_NotAnEventTypeOfThisPackage"' in error
    assert '"Callable[[BatchCancelledWebhookEvent], None]"' in error


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
    "sign-huge-timestamp": lambda: ow.sign(BODY, SECRET, timestamp=10**5000),
}


@pytest.mark.parametrize("case", FAILURES.values(), ids=FAILURES.keys())
def test_failures_with_subclass_arguments_are_webhook_errors(case: Any) -> None:
    with pytest.raises(ow.WebhookError):
        case()


def _newer_pythons() -> list[str]:
    """Interpreters of Python 3.12 and later on this machine (pyenv's, or on PATH)."""
    found = sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.1[2-9]*/bin/python3"))
    found += [p for name in ("python3.12", "python3.13") if (p := shutil.which(name))]
    working = []
    for python in dict.fromkeys(found):
        probe = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info >= (3, 12))"],
            capture_output=True,
            text=True,
        )
        if probe.stdout.strip() == "True":
            working.append(python)
    return working[:2]


@pytest.mark.skipif(not _newer_pythons(), reason="no Python 3.12+ here to honour __buffer__")
def test_a_bytes_subclass_buffer_method_never_runs_on_python_3_12(tmp_path: Path) -> None:
    """Python 3.12+ calls a bytes subclass's `__buffer__` for `memoryview(x)` (PEP 688); the
    signing code copies bytes without it, so its exception never escapes and its bytes are never
    what gets verified. The module needs only the standard library, so it is run alone."""
    package = tmp_path / "signing_only"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("_errors.py", "_signing.py"):
        shutil.copy(Path(ow.__file__).parent / name, package / name)
    script = (
        "from signing_only._signing import sign, verify_signature\n"
        "class B(bytes):\n"
        "    def __buffer__(self, flags):\n"
        "        raise RuntimeError('a subclass method ran')\n"
        f"body, secret = {BODY.encode()!r}, {SECRET!r}\n"
        "headers = sign(B(body), secret, webhook_id='msg_1', timestamp=1)\n"
        "assert headers == sign(body, secret, webhook_id='msg_1', timestamp=1)\n"
        "verify_signature(B(body), headers, secret, now=1)\n"
        "assert sign(body, B(b'key'), webhook_id='m', timestamp=1) == "
        "sign(body, b'key', webhook_id='m', timestamp=1)\n"
        "print('ok')\n"
    )
    for python in _newer_pythons():
        result = subprocess.run(
            [python, "-c", script], cwd=tmp_path, capture_output=True, text=True
        )
        assert result.stdout == "ok\n", (python, result.stderr)


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


@pytest.mark.parametrize(
    ("typo", "known"),
    [
        ("batch.cancelld", "batch.cancelled"),
        ("response.canceled", "response.cancelled"),
        ("eval.run.cancelled", "eval.run.canceled"),
        ("Batch.Completed", "batch.completed"),
        ("batch_completed", "batch.completed"),
    ],
)
def test_router_type_one_typo_away_from_a_known_one_warns_with_its_name(
    typo: str, known: str
) -> None:
    router = ow.WebhookRouter()
    with pytest.warns(UserWarning) as caught:

        @router.on(typo)
        def handle(event: Any) -> None: ...

    [warning] = caught
    assert f"router.on({typo!r}): no event type of this package" in str(warning.message)
    assert f"did you mean {known!r}?" in str(warning.message)
    assert warning.filename == __file__  # the decorator line, not the package


# The package's envelope event types, and two it does not know that are far from all of them
# (registering one does not warn), picked as the docs pick theirs: read from the package, so a
# spec update keeps these tests true.
KNOWN_TYPES = sorted(HANDLER_METHODS)
_FAMILY = KNOWN_TYPES[0].rpartition(".")[0]
NEWER_TYPES = [
    name
    for name in (f"{_FAMILY}.{verb}" for verb in ir.NEWER_VERBS)
    if name not in KNOWN_TYPES
    and not difflib.get_close_matches(name, KNOWN_TYPES, 1, ir.TYPO_CUTOFF)
][:2]


def test_router_types_known_or_far_from_any_do_not_warn() -> None:
    router = ow.WebhookRouter()
    assert len(NEWER_TYPES) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for event_type in (KNOWN_TYPES[0], NEWER_TYPES[0], "video.generation.completed"):
            router.on(event_type)(lambda event: None)
        router.on_unknown(lambda event: None)


def _delivery(event_type: str) -> Any:
    return ow.parse_event(
        {"id": f"evt_{event_type}", "created_at": NOW, "type": event_type, "data": {"id": "x"}}
    )


def test_router_function_for_a_newer_type_gets_the_unknown_event_instead_of_on_unknown() -> None:
    """A type newer than the package, registered by name, is handled by its own functions (as an
    UnknownWebhookEvent); only types nothing registered reach on_unknown."""
    router = ow.WebhookRouter()
    newer, other, known = *NEWER_TYPES, KNOWN_TYPES[-1]
    seen: list[tuple[str, Any]] = []
    router.on(newer)(lambda event: seen.append(("newer", event)))
    router.on_unknown(lambda event: seen.append(("unknown", event)))
    router.on(known)(lambda event: seen.append(("known", event)))

    for event_type in (newer, other, known):
        assert router.dispatch(_delivery(event_type)) is None
    [(first, newer_event), (second, other_event), (third, known_event)] = seen
    assert (first, second, third) == ("newer", "unknown", "known")
    assert type(newer_event) is ow.UnknownWebhookEvent and newer_event.type == newer
    assert newer_event.data == {"id": "x"}
    assert type(other_event) is ow.UnknownWebhookEvent and other_event.type == other
    assert type(known_event) is not ow.UnknownWebhookEvent and known_event.type == known


def test_router_function_for_a_newer_type_is_served_by_the_apps() -> None:
    """Through wsgi_app: the newer type's function runs, and on_unknown does not."""
    router = ow.WebhookRouter()
    calls: list[str] = []
    router.on(NEWER_TYPES[0])(lambda event: calls.append(event.type))
    router.on_unknown(lambda event: calls.append("on_unknown"))
    app = ow.wsgi_app(router, secret=SECRET, tolerance=10**10)
    body = json.dumps(
        {"id": "evt_p", "object": "event", "created_at": NOW, "type": NEWER_TYPES[0], "data": {}}
    ).encode()
    headers = ow.sign(body, SECRET, timestamp=NOW)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    statuses: list[str] = []
    b"".join(app(environ, lambda status, headers, *exc: statuses.append(status)))
    assert statuses == ["200 OK"]
    assert calls == [NEWER_TYPES[0]]


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

        class Shared(ow.WebhookHandler):  # a helper its subclasses call: close to no event
            def on_any_event(self, event: Any) -> None: ...

            on_helper = staticmethod(lambda: None)  # not a function defined here

        class Both(ow.WebhookHandler, catalog.CatalogHandler):  # each base's names count
            def on_response_completed(self, payload: Any) -> None: ...

            def on_batch_failed(self, event: Any) -> None: ...

    with pytest.warns(UserWarning, match="Later.on_batch_faild matches no event.*on_batch_failed"):

        class Later(Again):
            def on_batch_faild(self, event: Any) -> None: ...

    assert Handler and Catalog and Shared and Both and Later
