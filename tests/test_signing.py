"""Signature verification and signing of the generated package, through its public API."""

from __future__ import annotations

import base64
import collections
import hmac
import re
import time
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def sig() -> ModuleType:
    """The public API of the generated package (sign, verify_signature, unwrap)."""
    import openai_webhooks

    return openai_webhooks


@pytest.fixture(scope="module")
def errors(sig: ModuleType) -> ModuleType:
    return sig


# Vector 1: an OpenAI delivery.
SECRET_1 = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c="
ID_1 = "wh_685c059ae39c8190af8c71ed1022a24d"
TS_1 = 1750861210
BODY_1 = (
    b'{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210,'
    b' "type": "response.completed", "data": {"id": "resp_123"}}'
)
SIG_1 = "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY="
HEADERS_1 = {"webhook-id": ID_1, "webhook-timestamp": str(TS_1), "webhook-signature": SIG_1}

# Vector 2: the Standard Webhooks reference vector.
SECRET_2 = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ID_2 = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TS_2 = 1614265330
BODY_2 = b'{"test": 2432232314}'
SIG_2 = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


DEFAULT: Any = object()


def verify1(sig: ModuleType, headers: Any = DEFAULT, **kwargs: Any) -> None:
    """verify_signature on vector 1, with some arguments replaced."""
    args: dict[str, Any] = {"payload": BODY_1, "secret": SECRET_1, "now": TS_1}
    args.update(kwargs)
    sig.verify_signature(
        args.pop("payload"),
        HEADERS_1 if headers is DEFAULT else headers,
        args.pop("secret"),
        **args,
    )


def with_header(name: str, value: str | None) -> dict[str, str]:
    """Vector 1's headers with one replaced (or dropped, for None)."""
    headers = {k: v for k, v in HEADERS_1.items() if k != name}
    if value is not None:
        headers[name] = value
    return headers


# --- known vectors -------------------------------------------------------------------------


def test_vector_1_sign(sig: ModuleType) -> None:
    assert sig.sign(BODY_1, SECRET_1, webhook_id=ID_1, timestamp=TS_1) == HEADERS_1


def test_vector_1_verify(sig: ModuleType) -> None:
    assert sig.verify_signature(BODY_1, HEADERS_1, SECRET_1, now=TS_1) is None


def test_vector_1_str_payload(sig: ModuleType) -> None:
    verify1(sig, payload=BODY_1.decode())
    assert sig.sign(BODY_1.decode(), SECRET_1, webhook_id=ID_1, timestamp=TS_1) == HEADERS_1


def test_vector_2(sig: ModuleType) -> None:
    headers = sig.sign(BODY_2, SECRET_2, webhook_id=ID_2, timestamp=TS_2)
    assert headers["webhook-signature"] == SIG_2
    sig.verify_signature(BODY_2, headers, SECRET_2, now=TS_2)


def test_sign_defaults(sig: ModuleType) -> None:
    before = int(time.time())
    headers = sig.sign(BODY_1, SECRET_1)
    after = int(time.time())
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-id"].startswith("msg_") and len(headers["webhook-id"]) > 20
    assert before <= int(headers["webhook-timestamp"]) <= after
    assert headers != sig.sign(BODY_1, SECRET_1)  # fresh id every time
    sig.verify_signature(BODY_1, headers, SECRET_1)  # against the real clock


def test_body_is_not_utf8_checked(sig: ModuleType) -> None:
    """Signature checks are over bytes; whether the body is valid UTF-8 is parse's business."""
    body = b"\xff\xfe not utf-8"
    headers = sig.sign(body, SECRET_1, webhook_id=ID_1, timestamp=TS_1)
    sig.verify_signature(body, headers, SECRET_1, now=TS_1)


def test_bytes_like_payload(sig: ModuleType, errors: Any) -> None:
    verify1(sig, payload=bytearray(BODY_1))
    verify1(sig, payload=memoryview(BODY_1))
    for payload in (bytearray(BODY_1), memoryview(BODY_1)):
        event = sig.unwrap(payload, HEADERS_1, SECRET_1, now=TS_1)
        assert event.data.id == "resp_123"
    released = memoryview(BODY_1)
    released.release()
    for call in (
        lambda: verify1(sig, payload=released),
        lambda: sig.unwrap(released, HEADERS_1, SECRET_1, now=TS_1),
        lambda: sig.parse_event(released),
    ):
        with pytest.raises(errors.WebhookPayloadError, match="unreadable"):
            call()


# --- interoperability ---------------------------------------------------------------------


def test_standardwebhooks_signs_we_verify(sig: ModuleType) -> None:
    from standardwebhooks.webhooks import Webhook

    now = int(time.time())
    for secret in (SECRET_1, SECRET_2):
        signature = Webhook(secret).sign(
            ID_2, datetime.fromtimestamp(now, tz=timezone.utc), BODY_1.decode()
        )
        headers = {
            "webhook-id": ID_2,
            "webhook-timestamp": str(now),
            "webhook-signature": signature,
        }
        sig.verify_signature(BODY_1, headers, secret, now=now)


def test_we_sign_standardwebhooks_verifies(sig: ModuleType) -> None:
    from standardwebhooks.webhooks import Webhook

    headers = sig.sign(BODY_1, SECRET_1)
    assert Webhook(SECRET_1).verify(BODY_1, headers) == {
        "id": "evt_685c059ae3a481909bdc86819b066fb6",
        "object": "event",
        "created_at": 1750861210,
        "type": "response.completed",
        "data": {"id": "resp_123"},
    }


@pytest.mark.parametrize("secret", [SECRET_1, SECRET_2, "a raw, non-whsec secret"])
def test_we_sign_openai_verifies(sig: ModuleType, secret: str) -> None:
    import openai

    client = openai.OpenAI(api_key="x", webhook_secret=secret)
    headers = sig.sign(BODY_1, secret)  # the openai client checks against the real clock
    client.webhooks.verify_signature(BODY_1, headers)
    client.webhooks.verify_signature(BODY_1.decode(), headers)
    tampered = BODY_1.replace(b"resp_123", b"resp_124")
    with pytest.raises(openai.InvalidWebhookSignatureError):
        client.webhooks.verify_signature(tampered, headers)


# --- header shapes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "transform", [str.upper, str.title, lambda s: s.replace("webhook", "WebHook")]
)
def test_header_names_any_case(sig: ModuleType, transform: Any) -> None:
    verify1(sig, {transform(k): v for k, v in HEADERS_1.items()})


def test_header_pairs(sig: ModuleType) -> None:
    pairs = [("content-type", "application/json"), *HEADERS_1.items(), ("x-other", "1")]
    verify1(sig, pairs)
    verify1(sig, tuple(pairs))
    verify1(sig, iter(pairs))


def test_bytes_headers_sign_a_non_ascii_id_as_its_bytes(sig: ModuleType, errors: Any) -> None:
    """A sender signs `<id>.<timestamp>.<body>` as UTF-8; an ASGI server hands the id over as
    those bytes, which must be used as they are."""
    webhook_id = "msg_é✓"
    key = base64.b64decode(SECRET_1[6:])
    content = f"{webhook_id}.{TS_1}.".encode() + BODY_1
    signature = "v1," + base64.b64encode(hmac.digest(key, content, "sha256")).decode()
    text = {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(TS_1),
        "webhook-signature": signature,
    }
    verify1(sig, text)
    verify1(sig, [(k.encode(), v.encode()) for k, v in text.items()])
    # Bytes that are not UTF-8 are read as Latin-1: they cannot match a UTF-8 signing.
    latin = [(k.encode(), v.encode("latin-1", "replace")) for k, v in text.items()]
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
        verify1(sig, latin)


def test_bytes_headers(sig: ModuleType) -> None:
    """ASGI-style raw headers: a list of (bytes, bytes)."""
    pairs = [(b"content-type", b"application/json")]
    pairs += [(k.title().encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS_1.items()]
    verify1(sig, pairs)
    verify1(sig, {k.encode(): v.encode() for k, v in HEADERS_1.items()})


def test_mapping_headers(sig: ModuleType) -> None:
    import httpx

    verify1(sig, httpx.Headers(HEADERS_1))

    class ReadOnly(Mapping[str, str]):
        def __init__(self, data: dict[str, str]) -> None:
            self._data = data

        def __getitem__(self, key: str) -> str:
            return self._data[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self._data)

        def __len__(self) -> int:
            return len(self._data)

    verify1(sig, ReadOnly({k.upper(): v for k, v in HEADERS_1.items()}))


def test_identical_duplicates_allowed_conflicting_rejected(sig: ModuleType, errors: Any) -> None:
    pairs = [*HEADERS_1.items(), ("Webhook-Id", ID_1)]
    verify1(sig, pairs)
    pairs = [*HEADERS_1.items(), ("Webhook-Id", ID_2)]
    with pytest.raises(errors.InvalidWebhookSignatureError, match="several webhook-id headers"):
        verify1(sig, pairs)


def test_dict_headers_take_the_same_rules_as_pairs(sig: ModuleType, errors: Any) -> None:
    # A dict with the three lower-case names takes a fast path; any other spelling of a name
    # in it must still be merged or refused exactly as in a list of pairs.
    extra = {"host": "example.com", "content-type": "application/json", "x-request-id": "r1"}
    verify1(sig, {**extra, **HEADERS_1})
    verify1(sig, {**HEADERS_1, "Webhook-Id": ID_1})
    with pytest.raises(errors.InvalidWebhookSignatureError, match="several webhook-id headers"):
        verify1(sig, {**extra, **HEADERS_1, "WEBHOOK-ID": ID_2})
    verify1(sig, {**HEADERS_1, "webhoo\u212a-id": ID_2})  # a lookalike is not a webhook-id
    verify1(sig, {**HEADERS_1, b"webhook-id": ID_1.encode()})
    with pytest.raises(errors.InvalidWebhookSignatureError, match="several webhook-id headers"):
        verify1(sig, {**HEADERS_1, b"webhook-id": ID_2.encode()})
    with pytest.raises(errors.InvalidWebhookSignatureError, match="header names must be str"):
        verify1(sig, {**HEADERS_1, 7: "x"})
    with pytest.raises(errors.InvalidWebhookSignatureError, match="empty webhook-id header"):
        verify1(sig, {**HEADERS_1, "webhook-id": ""})


def test_non_ascii_lookalike_header_name_ignored(sig: ModuleType, errors: Any) -> None:
    # "\u212a" (KELVIN SIGN) lower-cases to "k": it must not count as webhook-id.
    headers = with_header("webhook-id", None)
    headers["webhoo\u212a-id"] = ID_1
    with pytest.raises(errors.InvalidWebhookSignatureError, match="missing webhook-id header"):
        verify1(sig, headers)


# --- signature entries and secrets ----------------------------------------------------------


def test_multiple_entries_one_valid(sig: ModuleType) -> None:
    other = "v1," + base64.b64encode(b"\0" * 32).decode()
    for value in (
        f"{other} {SIG_1}",
        f"{SIG_1} {other}",
        f"v1a,{SIG_1[3:]} {SIG_1}",
        f"v2,whatever {other} {SIG_1} v1,not-base64!",
    ):
        verify1(sig, with_header("webhook-signature", value))


def test_other_versions_are_ignored(sig: ModuleType, errors: Any) -> None:
    value = f"v1a,{SIG_1[3:]} v2,{SIG_1[3:]}"
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no v1 entry"):
        verify1(sig, with_header("webhook-signature", value))


def test_non_canonical_base64_does_not_match(sig: ModuleType, errors: Any) -> None:
    # Same decoded bytes, different text: unpadded, and non-zero unused trailing bits.
    unpadded = SIG_1.rstrip("=")
    assert base64.b64decode(SIG_1[3:]) == base64.b64decode(SIG_1[3:-2] + "Z=")
    for value in (unpadded, SIG_1[:-2] + "Z="):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
            verify1(sig, with_header("webhook-signature", value))


def test_signatures_are_compared_in_constant_time(
    sig: ModuleType, errors: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every candidate is compared with hmac.compare_digest (never ==, which returns at the
    first differing byte), for every secret, whether it matches or not."""
    import openai_webhooks._signing as signing

    compared: list[tuple[bytes, bytes]] = []
    compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(signing.hmac, "compare_digest", spy)
    two = {**HEADERS_1, "webhook-signature": "v1,AAAA " + SIG_1}
    verify1(sig, two, secret=[SECRET_2, SECRET_1])
    assert len(compared) == 4  # 2 secrets x 2 entries; the last one matches
    assert compared[-1] == (SIG_1[3:].encode(), SIG_1[3:].encode())
    compared.clear()
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
        verify1(sig, two, secret=SECRET_2)
    assert len(compared) == 2


def test_rotation(sig: ModuleType, errors: Any) -> None:
    verify1(sig, secret=[SECRET_2, SECRET_1])
    verify1(sig, secret=(SECRET_1, SECRET_2))
    verify1(sig, secret=[base64.b64decode(SECRET_1[6:]), SECRET_2])
    verify1(sig, secret=[SECRET_1, SECRET_1])
    verify1(sig, secret=collections.deque([SECRET_2, SECRET_1]))  # any Sequence
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
        verify1(sig, secret=[SECRET_2, "whsec_" + base64.b64encode(b"k" * 32).decode()])
    with pytest.raises(errors.InvalidWebhookSignatureError, match="list of secrets is empty"):
        verify1(sig, secret=[])
    with pytest.raises(
        errors.InvalidWebhookSignatureError, match=r"secret\[1\] is not valid base64"
    ):
        verify1(sig, secret=[SECRET_1, "whsec_!!!"])
    with pytest.raises(errors.InvalidWebhookSignatureError, match=r"secret\[0\] must be a str"):
        verify1(sig, secret=[None, SECRET_1])


def test_raw_secret(sig: ModuleType, errors: Any) -> None:
    for secret in ("plain text secret", "sécret ünicode", b"\x00raw\xffkey bytes", "whsec"):
        headers = sig.sign(BODY_1, secret, webhook_id=ID_1, timestamp=TS_1)
        sig.verify_signature(BODY_1, headers, secret, now=TS_1)
    # A str secret without the prefix is its UTF-8 bytes, not base64.
    headers = sig.sign(BODY_1, "plain", webhook_id=ID_1, timestamp=TS_1)
    sig.verify_signature(BODY_1, headers, b"plain", now=TS_1)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
        verify1(sig, secret=SECRET_1[6:])


def test_many_secrets_in_turn_each_verify_only_their_own(sig: ModuleType, errors: Any) -> None:
    # The keyed states of str secrets are kept (a bounded cache): more secrets than it holds,
    # each used twice, must still verify their own signatures and refuse each other's.
    secrets = [f"secret number {i}" for i in range(150)]
    signed = [sig.sign(BODY_1, s, webhook_id=ID_1, timestamp=TS_1) for s in secrets]
    for _ in range(2):
        for index, (secret, headers) in enumerate(zip(secrets, signed, strict=True)):
            sig.verify_signature(BODY_1, headers, secret, now=TS_1)
            with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
                sig.verify_signature(BODY_1, signed[index - 1], secret, now=TS_1)
    # An unusable secret is refused every time, never remembered.
    for _ in range(2):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="not valid base64"):
            verify1(sig, secret="whsec_not base64")


def test_whsec_secret_without_padding(sig: ModuleType) -> None:
    verify1(sig, secret=SECRET_1.rstrip("="))


@pytest.mark.parametrize("secret", [SECRET_1 + "\n", " " + SECRET_1 + "\r\n", "\t" + SECRET_1])
def test_whitespace_around_a_whsec_secret_is_ignored(sig: ModuleType, secret: str) -> None:
    """As read from a file or an environment variable; the reference libraries ignore it too."""
    verify1(sig, secret=secret)
    assert sig.sign(BODY_1, secret, webhook_id=ID_1, timestamp=TS_1)["webhook-signature"] == SIG_1


@pytest.mark.parametrize(
    "secret", ["whsec_not base64", "whsec_abc$", "whsec_A", "whsec_ÄÖÜ", SECRET_1 + "\nx"]
)
def test_bad_base64_secret(sig: ModuleType, errors: Any, secret: str) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match="secret is not valid base64"):
        verify1(sig, secret=secret)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="secret is not valid base64"):
        sig.sign(BODY_1, secret)


@pytest.mark.parametrize("secret", ["", "whsec_", b""])
def test_empty_secret(sig: ModuleType, errors: Any, secret: str | bytes) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match="secret is empty"):
        verify1(sig, secret=secret)


# --- rejections ----------------------------------------------------------------------------


def test_tampered_body(sig: ModuleType, errors: Any) -> None:
    for body in (BODY_1 + b" ", BODY_1[:-1], BODY_1.replace(b"123", b"124"), b""):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
            verify1(sig, payload=body)


def test_tampered_headers(sig: ModuleType, errors: Any) -> None:
    for name, value in (
        ("webhook-id", ID_2),
        ("webhook-id", ID_1 + " "),
        ("webhook-timestamp", str(TS_1 + 1)),
        ("webhook-timestamp", "0" + str(TS_1)),  # same number, different signed text
        ("webhook-signature", SIG_2),
    ):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
            verify1(sig, with_header(name, value))


def test_wrong_secret(sig: ModuleType, errors: Any) -> None:
    for secret in (SECRET_2, b"wrong", "wrong"):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched"):
            verify1(sig, secret=secret)


def test_timestamp_window(sig: ModuleType, errors: Any) -> None:
    verify1(sig, now=TS_1 + 300)
    verify1(sig, now=TS_1 - 300)
    verify1(sig, now=TS_1 + 299.5)
    verify1(sig, now=TS_1 + 1000, tolerance=1000)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="timestamp too old"):
        verify1(sig, now=TS_1 + 301)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="timestamp too old"):
        verify1(sig, now=TS_1 + 300.5)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="timestamp in the future"):
        verify1(sig, now=TS_1 - 301)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="timestamp too old"):
        verify1(sig, now=TS_1 + 1, tolerance=0)
    with pytest.raises(errors.InvalidWebhookSignatureError, match="timestamp too old"):
        verify1(sig, now=None)  # the real clock: vector 1 is from 2025


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header(sig: ModuleType, errors: Any, name: str) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match=f"^missing {name} header$"):
        verify1(sig, with_header(name, None))
    with pytest.raises(errors.InvalidWebhookSignatureError, match=f"^empty {name} header$"):
        verify1(sig, with_header(name, ""))


def test_no_headers(sig: ModuleType, errors: Any) -> None:
    no_webhook_headers: list[Any] = [{}, [], {"content-type": "application/json"}]
    for headers in no_webhook_headers:
        with pytest.raises(errors.InvalidWebhookSignatureError, match="missing webhook-id header"):
            verify1(sig, headers)


@pytest.mark.parametrize(
    "value", ["abc", " 1750861210", "1750861210 ", "+1750861210", "-1", "1.5e9", "1750861210.0"]
)
def test_timestamp_not_an_integer(sig: ModuleType, errors: Any, value: str) -> None:
    message = f"webhook-timestamp is not an integer: {value!r}"
    with pytest.raises(errors.InvalidWebhookSignatureError, match=f"^{re.escape(message)}$"):
        verify1(sig, with_header("webhook-timestamp", value))


def test_timestamp_non_ascii_digits(sig: ModuleType, errors: Any) -> None:
    for value in ("١٧٥٠٨٦١٢١٠", "１７５０８６１２１０", "1750861210²"):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="is not an integer"):
            verify1(sig, with_header("webhook-timestamp", value))


def test_timestamp_huge(sig: ModuleType, errors: Any) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match="out of range"):
        verify1(sig, with_header("webhook-timestamp", "9" * 10_000))


def test_entry_without_comma(sig: ModuleType, errors: Any) -> None:
    for value in (SIG_1[3:], f"{SIG_1} v1", f"{SIG_1} ,abc"):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="not <version>,<signature>"):
            verify1(sig, with_header("webhook-signature", value))


def test_non_ascii_signature(sig: ModuleType, errors: Any) -> None:
    for value in (SIG_1 + "é", "v1,ü", f"{SIG_1} v1,\u2028", SIG_1.replace("g", "\U0001f600")):
        with pytest.raises(errors.InvalidWebhookSignatureError, match="non-ASCII"):
            verify1(sig, with_header("webhook-signature", value))


@pytest.mark.parametrize(
    "value",
    [
        f"v1,abc  {SIG_1}",  # two spaces
        f"v1,abc \t {SIG_1}   v2,xyz",  # a run of spaces and a tab
        f"v1,abc\t{SIG_1}",  # a tab alone
        f"\t{SIG_1}",
        f" {SIG_1}",  # leading space
        f"{SIG_1} ",  # trailing space
        f"  {SIG_1}\t\t",
        f"{SIG_1}\tv1,abc",
    ],
)
def test_runs_of_spaces_and_tabs_separate_entries(sig: ModuleType, value: str) -> None:
    """As openai-python and the Standard Webhooks libraries split the header: empty entries and
    whitespace at either end are skipped (the HMAC must still match)."""
    verify1(sig, with_header("webhook-signature", value))
    event = sig.unwrap(BODY_1, with_header("webhook-signature", value), SECRET_1, now=TS_1)
    assert event.data.id == "resp_123"


@pytest.mark.parametrize("value", ["  v1,abc\tv1,def ", "\t", " ", f"v1,abc  {SIG_1[:-2]}"])
def test_extra_whitespace_does_not_make_a_wrong_signature_match(
    sig: ModuleType, errors: Any, value: str
) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match="no signature matched|no v1"):
        verify1(sig, with_header("webhook-signature", value))


@pytest.mark.parametrize(
    "control", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x00", "\x1f", "\x7f", "\x85"]
)
def test_control_characters_other_than_tab_are_refused(
    sig: ModuleType, errors: Any, control: str
) -> None:
    message = "non-ASCII" if not control.isascii() else "control characters"
    for value in (f"v1,abc{control}{SIG_1}", f"{SIG_1}{control}", f"{control}{SIG_1}"):
        with pytest.raises(errors.InvalidWebhookSignatureError, match=message):
            verify1(sig, with_header("webhook-signature", value))


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (SIG_1, "lone surrogate"),
        (f"v1,abc\t{SIG_1}", "lone surrogate"),
        (f"v1,abc\n{SIG_1}", "control characters"),  # the header's fault is told first
        (f"{SIG_1}\x7f", "control characters"),
        ("v2,abc", "no v1 entry"),
    ],
)
def test_a_webhook_id_with_a_lone_surrogate_is_refused_after_the_signature_header_checks(
    sig: ModuleType, errors: Any, signature: str, message: str
) -> None:
    headers = {**HEADERS_1, "webhook-id": "msg_\ud800", "webhook-signature": signature}
    with pytest.raises(errors.InvalidWebhookSignatureError, match=message):
        verify1(sig, headers)


@pytest.mark.parametrize(
    "signature",
    [
        f"{SIG_1}\x7f",  # a header that would match but for a control character
        f"{SIG_1}\x00",
        SIG_1 + "\x1b",
    ],
)
def test_a_matching_entry_with_a_control_character_is_refused(
    sig: ModuleType, errors: Any, signature: str
) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match="control characters"):
        verify1(sig, with_header("webhook-signature", signature))


def test_error_family(errors: Any) -> None:
    assert issubclass(errors.WebhookError, ValueError)
    assert issubclass(errors.InvalidWebhookSignatureError, errors.WebhookError)
    assert issubclass(errors.WebhookPayloadError, errors.WebhookError)


class Exploding(Mapping[str, str]):
    """A mapping that fails while being read."""

    def __getitem__(self, key: str) -> str:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[str]:
        yield "webhook-id"

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize(
    "headers",
    [None, 123, "webhook-id: x", b"raw", [1, 2], [("a",)], [(1, "x")], [(None, None)],
     {"webhook-id": 1, "webhook-timestamp": "1", "webhook-signature": "v1,x"},
     {"webhook-id": ["x"]}, [("webhook-id", None)], Exploding(), object(), 1.5],
)  # fmt: skip
def test_bad_headers_type(sig: ModuleType, errors: Any, headers: Any) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError):
        verify1(sig, headers)


@pytest.mark.parametrize("payload", [None, 123, 1.5, ["x"], {"a": 1}, object(), "\ud800"])
def test_bad_payload_type(sig: ModuleType, errors: Any, payload: Any) -> None:
    with pytest.raises(errors.WebhookPayloadError):
        verify1(sig, payload=payload)
    with pytest.raises(errors.WebhookPayloadError):
        sig.sign(payload, SECRET_1)


@pytest.mark.parametrize("secret", [None, 123, 1.5, {"a": 1}, object(), [[SECRET_1]], "\ud800"])
def test_bad_secret_type(sig: ModuleType, errors: Any, secret: Any) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError):
        verify1(sig, secret=secret)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"tolerance": -1}, "tolerance"),
        ({"tolerance": "300"}, "tolerance"),
        ({"tolerance": None}, "tolerance"),
        ({"tolerance": True}, "tolerance"),
        ({"tolerance": 1.5}, "tolerance"),
        ({"now": "1750861210"}, "now"),
        ({"now": float("nan")}, "now"),
        ({"now": float("inf")}, "now"),
        ({"now": 10**400}, "now"),
        ({"now": True}, "now"),
    ],
)
def test_bad_options(sig: ModuleType, errors: Any, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(errors.InvalidWebhookSignatureError, match=match):
        verify1(sig, **kwargs)


def test_everything_wrong_at_once(sig: ModuleType, errors: Any) -> None:
    with pytest.raises(errors.WebhookError):
        sig.verify_signature(None, None, None)
    with pytest.raises(errors.WebhookError):
        sig.verify_signature(1, 2, 3, tolerance=4, now=5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": None},
        {"secret": [SECRET_1]},
        {"secret": 123},
        {"webhook_id": ""},
        {"webhook_id": 123},
        {"webhook_id": "a\r\nX-Injected: 1"},
        {"webhook_id": "ïd"},
        {"timestamp": -1},
        {"timestamp": "1750861210"},
        {"timestamp": 1.5},
        {"timestamp": True},
    ],
)
def test_sign_bad_arguments(sig: ModuleType, errors: Any, kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"secret": SECRET_1, "webhook_id": ID_1, "timestamp": TS_1}
    args.update(kwargs)
    with pytest.raises(errors.InvalidWebhookSignatureError):
        sig.sign(BODY_1, args.pop("secret"), **args)


# --- property: mutations of a signed request are never accepted, never crash ---------------

NOW = 1_750_000_000
NAMES = ("webhook-id", "webhook-timestamp", "webhook-signature")
JUNK_TEXT = st.text(max_size=12) | st.sampled_from(["", " ", "\t", "v1,", "v1a,x", "é", "0", ","])


def mutate_text(data: st.DataObject, text: str) -> str:
    """`text` with one character flipped, inserted or deleted, or replaced entirely."""
    op = data.draw(st.sampled_from(["flip", "insert", "delete", "replace", "append"]))
    if op == "replace":
        return data.draw(JUNK_TEXT)
    if op == "append":
        return text + data.draw(st.sampled_from([" v1,AAAA", " v1a,x", " ", "\t", "0", " v2,y"]))
    position = data.draw(st.integers(0, len(text)))
    char = data.draw(st.characters(codec="utf-8") | st.sampled_from("0 ,=+/v1\t"))
    if op == "insert":
        return text[:position] + char + text[position:]
    if position == len(text):
        return text
    if op == "delete":
        return text[:position] + text[position + 1 :]
    return text[:position] + char + text[position + 1 :]


def mutate_name(data: st.DataObject, name: str) -> str:
    op = data.draw(st.sampled_from(["case", "junk", "edit"]))
    if op == "case":
        flips = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
        return "".join(c.upper() if f else c for c, f in zip(name, flips, strict=True))
    if op == "junk":
        return data.draw(st.sampled_from(NAMES) | st.text(max_size=17))
    return mutate_text(data, name)


def mutate_body(data: st.DataObject, body: bytes) -> bytes:
    if not body:
        return bytes([data.draw(st.integers(0, 255))])
    op = data.draw(st.sampled_from(["flip", "insert", "delete"]))
    position = data.draw(st.integers(0, len(body) - 1))
    if op == "flip":
        bit = 1 << data.draw(st.integers(0, 7))
        return body[:position] + bytes([body[position] ^ bit]) + body[position + 1 :]
    if op == "insert":
        return body[:position] + bytes([data.draw(st.integers(0, 255))]) + body[position:]
    return body[:position] + body[position + 1 :]


def text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def effective(pairs: list[tuple[Any, Any]], name: str) -> set[Any]:
    """Every value given for header `name`, matched the way HTTP does (ASCII, any case)."""
    values: set[Any] = set()
    for key, value in pairs:
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(key, str) and key.isascii() and key.lower() == name:
            values.add(value)
    return values


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutations_never_crash_nor_pass(sig: ModuleType, errors: Any, data: st.DataObject) -> None:
    secret = data.draw(st.sampled_from([SECRET_1, SECRET_2, b"raw key"]))
    original = sign_body = data.draw(st.sampled_from([BODY_1, BODY_2, b"{}", b"\xff"]))
    signed = sig.sign(sign_body, secret, webhook_id=ID_1, timestamp=NOW)
    pairs: list[tuple[Any, Any]] = list(signed.items())
    body: Any = original

    for _ in range(data.draw(st.integers(0, 4))):
        op = data.draw(
            st.sampled_from(["name", "value", "drop", "add", "bytes", "body", "shuffle"])
        )
        index = data.draw(st.integers(0, max(len(pairs) - 1, 0)))
        if op == "body":
            body = mutate_body(data, body if isinstance(body, bytes) else body.encode())
        elif op == "add":
            name = data.draw(st.sampled_from(NAMES) | st.text(max_size=20))
            pairs.insert(
                index, (name, data.draw(JUNK_TEXT | st.sampled_from(list(signed.values()))))
            )
        elif not pairs:
            continue
        elif op == "name":
            pairs[index] = (mutate_name(data, text(pairs[index][0])), pairs[index][1])
        elif op == "value":
            pairs[index] = (pairs[index][0], mutate_text(data, text(pairs[index][1])))
        elif op == "drop":
            del pairs[index]
        elif op == "bytes":
            key, value = pairs[index]
            try:
                pairs[index] = (key.encode("latin-1"), value.encode("latin-1"))
            except (UnicodeEncodeError, AttributeError):
                pass
        else:
            pairs = data.draw(st.permutations(pairs))

    shape = data.draw(st.sampled_from(["list", "dict"]))
    headers: Any = pairs if shape == "list" else dict(pairs)
    if shape == "dict":
        pairs = list(headers.items())
    if data.draw(st.booleans()) and isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            pass

    try:
        sig.verify_signature(body, headers, secret, now=NOW)
    except (errors.InvalidWebhookSignatureError, errors.WebhookPayloadError) as exc:
        event(f"rejected: {str(exc).split(':')[0][:40]}")
        return
    event("accepted")
    # Accepted: then body, id and timestamp are the signed ones and a v1 entry is the signature.
    assert (body if isinstance(body, bytes) else body.encode()) == original
    assert effective(pairs, "webhook-id") == {ID_1}
    assert effective(pairs, "webhook-timestamp") == {str(NOW)}
    (signature,) = effective(pairs, "webhook-signature")
    assert signed["webhook-signature"] in re.split("[ \t]+", signature)
    assert signature.replace("\t", " ").isprintable() and signature.isascii()
