"""Webhook signatures: the Standard Webhooks scheme, as OpenAI uses it.

Every delivery carries three headers:

* ``webhook-id``: the message id,
* ``webhook-timestamp``: the send time, in whole seconds since the Unix epoch,
* ``webhook-signature``: one or more ``v1,<signature>`` entries, separated by spaces or tabs.

A signature is ``base64(HMAC-SHA256(key, content))``, standard base64 with padding, where
``content`` is the bytes ``<webhook-id>.<webhook-timestamp>.<raw body>``, built from the header
text exactly as received and the body exactly as received (never re-serialized JSON). The key
of a ``whsec_...`` secret is the base64 decoding of the part after the prefix; any other text
secret is used as its UTF-8 bytes. A request is accepted when its timestamp is within
``tolerance`` seconds of the current time and any ``v1`` entry matches the signature computed
with any of the given secrets (several secrets allow rotating them without downtime).
"""

from __future__ import annotations

import base64
import hmac
import secrets as _secrets
import time
from binascii import b2a_base64
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn, TypeAlias

from ._errors import InvalidWebhookSignatureError, WebhookPayloadError

__all__ = ["Headers", "sign", "verify_signature"]

Headers: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]] | Iterable[tuple[bytes, bytes]]
"""Request headers as `verify_signature` and `unwrap` take them: a mapping or (name, value) pairs."""

_ID = "webhook-id"
_TIMESTAMP = "webhook-timestamp"
_SIGNATURE = "webhook-signature"
_NAMES = frozenset((_ID, _TIMESTAMP, _SIGNATURE))
_NAME_LENGTHS = frozenset(len(name) for name in _NAMES)
_SECRET_PREFIX = "whsec_"
# More digits than any plausible Unix time; the bound keeps int() away from huge inputs.
_MAX_TIMESTAMP_DIGITS = 20
# Bound on `now`, in seconds; also rejects NaN and infinities.
_MAX_NOW = 1e15


def verify_signature(
    payload: bytes | str,
    headers: Headers,
    secret: str | bytes | Sequence[str | bytes],
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> None:
    """Check that a webhook request was signed with `secret` and is recent; return None if so.

    Args:
        payload: The raw request body, exactly as received. A str is encoded as UTF-8.
        headers: The request headers: a dict, any mapping (such as a Starlette ``Headers``) or
            an iterable of ``(name, value)`` pairs; names match case-insensitively. Bytes names
            and values (as in an ASGI scope) are taken as received: a UTF-8 ``webhook-id`` is
            signed as its bytes.
        secret: The endpoint's signing secret (``whsec_...``, another str or raw key bytes), or
            a list of them while rotating: a signature made with any one of them is accepted.
            Whitespace around a ``whsec_`` secret is ignored.
        tolerance: The largest accepted distance, in seconds, between ``webhook-timestamp``
            and `now`, in either direction.
        now: The current Unix time; ``time.time()`` if None.

    Raises:
        InvalidWebhookSignatureError: A header is missing or malformed, the timestamp is outside
            the tolerance, no signature matches, or an argument is unusable.
        WebhookPayloadError: `payload` is neither bytes nor str.
    """
    # `type(x) is ...` first: the common arguments skip the isinstance chains (a hot path).
    # Subclasses of the accepted types are read with the base type's methods throughout, so
    # that their own methods (which could raise anything, or change what is signed) never run.
    if type(tolerance) is not int:
        if isinstance(tolerance, bool) or not isinstance(tolerance, int):
            raise InvalidWebhookSignatureError(
                f"tolerance must be a non-negative int, not {tolerance!r:.40}"
            )
        tolerance = int.__int__(tolerance)
    if tolerance < 0:
        raise InvalidWebhookSignatureError(f"tolerance must be a non-negative int, not {tolerance}")
    if now is None:
        now = time.time()
    else:
        if type(now) is not float and type(now) is not int:
            if isinstance(now, bool) or not isinstance(now, (int, float)):
                raise InvalidWebhookSignatureError(
                    f"now must be a finite Unix time, not {now!r:.40}"
                )
            now = int.__int__(now) if isinstance(now, int) else float.__float__(now)
        if not -_MAX_NOW < now < _MAX_NOW:
            raise InvalidWebhookSignatureError(f"now must be a finite Unix time, not {now!r:.40}")
    body = payload if type(payload) is bytes else body_bytes(payload)
    macs = _macs(secret)
    found = _lower_case_dict_headers(headers) if type(headers) is dict else None
    webhook_id, timestamp, signature = found or _webhook_headers(headers)
    _check(body, webhook_id, timestamp, signature, macs, tolerance, now)


def verify_values(
    body: bytes,
    values: tuple[str | None, str | None, str | None],
    secret: str | bytes | Sequence[str | bytes],
    tolerance: int,
) -> None:
    """`verify_signature` for the HTTP apps, which read the headers themselves and checked the
    other arguments once: the raw body, the webhook-id, webhook-timestamp and webhook-signature
    values as `verify_signature` reads them (None when absent), a plain non-negative int
    tolerance. Raises what `verify_signature` raises for the same request."""
    macs = _macs(secret)  # a secret turned unusable raises first, as in verify_signature
    webhook_id, timestamp, signature = values
    if not (webhook_id and timestamp and signature):
        _missing(values)
    _check(body, webhook_id, timestamp, signature, macs, tolerance, time.time())


def _check(
    body: bytes,
    webhook_id: str,
    timestamp: str,
    signature: str,
    macs: list[Any],
    tolerance: int,
    now: float,
) -> None:
    """The checks of `verify_signature` once its arguments are read: the timestamp's age, then
    the signature entries against the MAC of each secret."""
    # The usual header values are checked inline; anything else goes to the helpers, which say
    # what is wrong with it (a function call is a tenth of this function's own cost).
    if timestamp.isdigit() and timestamp.isascii() and len(timestamp) <= _MAX_TIMESTAMP_DIGITS:
        age = now - int(timestamp)
    else:
        age = now - _timestamp(timestamp)
    if age > tolerance:
        raise InvalidWebhookSignatureError(
            f"timestamp too old: webhook-timestamp {timestamp} is {round(age, 3)} seconds in the past"
            f" (tolerance {tolerance})"
        )
    if -age > tolerance:
        raise InvalidWebhookSignatureError(
            f"timestamp in the future: webhook-timestamp {timestamp} is {round(-age, 3)} seconds ahead"
            f" (tolerance {tolerance})"
        )
    # The usual header is one entry, "v1," and the base64 of a MAC. Such a header is tried as
    # it is, unchecked: an entry that matches is base64 (printable ASCII, no whitespace), so the
    # checks of `_v1_signatures` would have found nothing wrong with it. Only when it does not
    # match are the entries split and checked, and compared again.
    usual = signature.startswith("v1,") and signature.isascii() and " " not in signature
    candidates = [signature[3:].encode()] if usual else _v1_signatures(signature)
    try:
        content = f"{webhook_id}.{timestamp}.".encode() + body
    except UnicodeEncodeError:
        if usual:
            _v1_signatures(signature)  # its errors come first, as when it ran before this
        raise InvalidWebhookSignatureError(
            "webhook-id is not encodable as UTF-8 (lone surrogate)"
        ) from None
    # The entries are compared as text with the canonical (padded, standard) base64 encoding of
    # the expected MAC instead of being decoded: an entry that is not valid base64, or encodes
    # the MAC non-canonically, simply does not match. No decoding work is done per entry, and
    # hmac.compare_digest only ever sees bytes.
    if _any_match(content, macs, candidates):
        return
    # Not a match as it is: split and check the header, then compare its entries.
    if usual and _any_match(content, macs, _v1_signatures(signature)):
        return
    raise InvalidWebhookSignatureError("no signature matched")


def _any_match(content: bytes, macs: list[Any], candidates: list[bytes]) -> bool:
    """Whether a candidate is the base64 of the MAC of `content` with one of `macs`."""
    for mac in macs:
        state = mac.copy()
        state.update(content)
        expected = b2a_base64(state.digest(), newline=False)  # base64.b64encode, one call less
        for candidate in candidates:
            if hmac.compare_digest(expected, candidate):
                return True
    return False


def sign(
    payload: bytes | str,
    secret: str | bytes,
    *,
    webhook_id: str | None = None,
    timestamp: int | None = None,
) -> dict[str, str]:
    """The ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` headers for `payload`.

    Args:
        payload: The body to send, exactly as it will be sent. A str is encoded as UTF-8.
        secret: The signing secret, as for `verify_signature` (a single one).
        webhook_id: The message id; a fresh random ``msg_...`` id if None.
        timestamp: The send time in Unix seconds; the current time if None.

    Raises:
        InvalidWebhookSignatureError: `secret`, `webhook_id` or `timestamp` is unusable.
        WebhookPayloadError: `payload` is neither bytes nor str.
    """
    body = body_bytes(payload)
    key = _key(secret, "secret")
    if isinstance(webhook_id, str):
        webhook_id = str.__str__(webhook_id)  # a str subclass's own methods never run
    if webhook_id is None:
        webhook_id = "msg_" + _secrets.token_urlsafe(24)
    elif (
        not isinstance(webhook_id, str)
        or not webhook_id
        or not webhook_id.isascii()
        or not webhook_id.isprintable()
    ):
        raise InvalidWebhookSignatureError(
            f"webhook_id must be a non-empty str of printable ASCII, not {webhook_id!r:.40}"
        )
    if timestamp is None:
        timestamp = int(time.time())
    elif isinstance(timestamp, bool) or not isinstance(timestamp, int):
        raise InvalidWebhookSignatureError(
            f"timestamp must be a non-negative int, not {timestamp!r:.40}"
        )
    else:
        # An int subclass (an IntEnum member) is sent as its value, not as its own str().
        timestamp = int.__int__(timestamp)
        if timestamp < 0:
            raise InvalidWebhookSignatureError(
                f"timestamp must be a non-negative int, not {timestamp}"
            )
    try:
        timestamp_text = int.__repr__(timestamp)
    except ValueError:  # more digits than Python turns into text
        raise InvalidWebhookSignatureError("timestamp is too large to be a Unix time") from None
    content = b"%s.%s.%s" % (webhook_id.encode(), timestamp_text.encode(), body)
    signature = base64.b64encode(hmac.digest(key, content, "sha256")).decode()
    return {_ID: webhook_id, _TIMESTAMP: timestamp_text, _SIGNATURE: "v1," + signature}


def body_bytes(payload: object) -> bytes:
    """The body's bytes: bytes as is, str encoded as UTF-8. Subclasses are read through the
    base type (their own `encode` or `__bytes__` could raise anything, or change the bytes)."""
    if type(payload) is bytes:
        return payload
    if isinstance(payload, str):
        try:
            return str.encode(payload, "utf-8")
        except UnicodeEncodeError:
            raise WebhookPayloadError(
                "payload is not encodable as UTF-8 (lone surrogate); pass the raw body bytes"
            ) from None
    if isinstance(payload, (bytes, bytearray, memoryview)):
        try:
            return plain_bytes(payload)
        except ValueError as exc:  # a released memoryview
            raise WebhookPayloadError(f"payload is unreadable: {exc}") from None
    raise WebhookPayloadError(f"payload must be bytes or str, not {type(payload).__name__}")


def plain_bytes(value: bytes | bytearray | memoryview) -> bytes:
    """A plain `bytes` copy of a buffer, without running a subclass's own methods: not
    `__bytes__`, and not `__buffer__` either (Python 3.12+ calls it for `memoryview(x)`).
    Raises ValueError for a released memoryview."""
    if isinstance(value, bytes):
        return bytes.__getitem__(value, slice(None))  # the base type's own slot
    if isinstance(value, bytearray):
        return bytes(bytearray.__getitem__(value, slice(None)))  # a plain bytearray copy
    return value.tobytes()  # memoryview cannot be subclassed


# Keyed HMAC-SHA256 states of str secrets, made once per secret: a receiver verifies every
# request with the same one or two, and copying a keyed state skips decoding the secret and
# hashing the key pads (about a third of the cost of a MAC). A plain dict, not lru_cache: a
# lookup is most of a cache hit's cost on this path. Bounded: emptied when it holds 64.
_TEXT_MACS: dict[str, list[Any]] = {}
_TEXT_MACS_SIZE = 64


def _macs(secret: object) -> list[Any]:
    """Keyed HMAC-SHA256 states of a secret or of a list of secrets (str ones are kept)."""
    if type(secret) is str:
        kept = _TEXT_MACS.get(secret)
        if kept is not None:
            return kept
    macs = [_state(key) for key in _keys(secret)]  # raises for an unusable secret, every time
    if type(secret) is str:
        if len(_TEXT_MACS) >= _TEXT_MACS_SIZE:
            _TEXT_MACS.clear()
        _TEXT_MACS[secret] = macs
    return macs


def _state(key: bytes) -> Any:
    """A keyed HMAC-SHA256 state with `copy`, `update` and `digest`. CPython's `hmac.HMAC`
    wraps an OpenSSL state in Python methods; the wrapped state has the same three methods at
    a third of the cost per call, so it is used when present (the wrapper otherwise)."""
    mac = hmac.new(key, digestmod="sha256")
    inner = getattr(mac, "_hmac", None)
    return inner if inner is not None and hasattr(inner, "copy") else mac


def _keys(secret: object) -> list[bytes]:
    """The HMAC keys of a secret or of a list of secrets, without duplicates."""
    if isinstance(secret, (str, bytes, bytearray)):
        return [_key(secret, "secret")]
    if isinstance(secret, Sequence):
        if not secret:
            raise InvalidWebhookSignatureError("no secret given: the list of secrets is empty")
        return list(dict.fromkeys(_key(item, f"secret[{i}]") for i, item in enumerate(secret)))
    raise InvalidWebhookSignatureError(
        f"secret must be a str, bytes or a list of them, not {type(secret).__name__}"
    )


def _key(secret: object, what: str) -> bytes:
    """The HMAC key of one secret; `what` names it in errors."""
    if isinstance(secret, str):
        secret = str.__str__(secret)  # a str subclass's own methods never run
        # Whitespace around a whsec_ secret (a newline from a file or an environment variable)
        # is not part of it; inside one, base64 has none. Other text secrets are used as given.
        stripped = secret.strip()
        if stripped.startswith(_SECRET_PREFIX):
            encoded = stripped[len(_SECRET_PREFIX) :]
            # Standard Webhooks libraries accept secrets without their base64 padding.
            encoded += "=" * (-len(encoded) % 4)
            try:
                key = base64.b64decode(encoded, validate=True)
            except ValueError:  # binascii.Error, or non-ASCII characters
                raise InvalidWebhookSignatureError(
                    f"{what} is not valid base64 after the {_SECRET_PREFIX!r} prefix"
                ) from None
        else:
            try:
                key = secret.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidWebhookSignatureError(
                    f"{what} is not encodable as UTF-8 (lone surrogate)"
                ) from None
    elif isinstance(secret, (bytes, bytearray)):
        key = plain_bytes(secret)  # not a subclass's own __bytes__ or __buffer__
    else:
        raise InvalidWebhookSignatureError(
            f"{what} must be a str or bytes, not {type(secret).__name__}"
        )
    if not key:
        raise InvalidWebhookSignatureError(f"{what} is empty")
    return key


def _webhook_headers(headers: object) -> tuple[str, str, str]:
    """The non-empty webhook-id, webhook-timestamp and webhook-signature values of `headers`."""
    if headers is None or isinstance(headers, (str, bytes, bytearray)):
        raise InvalidWebhookSignatureError(
            "headers must be a mapping or an iterable of (name, value) pairs,"
            f" not {type(headers).__name__}"
        )
    found: dict[str, str] = {}
    try:
        if isinstance(headers, dict):
            pairs: Any = headers.items()
        else:
            items = getattr(headers, "items", None)
            pairs = items() if callable(items) else headers
        for name, value in pairs:
            # Names and values become plain str here, through the base types: a subclass's own
            # methods (lower, encode, __eq__, ...) never run, here or later.
            if type(name) is not str:
                if isinstance(name, (bytes, bytearray)):
                    name = str(name, "latin-1")
                elif isinstance(name, str):
                    name = str.__str__(name)
                else:
                    raise InvalidWebhookSignatureError(
                        f"header names must be str or bytes, not {type(name).__name__}"
                    )
            # Cheap length test first: most headers are not webhook headers. Then the usual
            # lower-case spelling; only other spellings pay for lower(). The ASCII test keeps
            # non-ASCII lookalikes out (str.lower() maps the Kelvin sign to "k").
            if len(name) not in _NAME_LENGTHS:
                continue
            if name not in _NAMES:
                if not name.isascii():
                    continue
                name = name.lower()
                if name not in _NAMES:
                    continue
            if type(value) is not str:
                if isinstance(value, (bytes, bytearray)):
                    value = _header_text(value)
                elif isinstance(value, str):
                    value = str.__str__(value)
                else:
                    raise InvalidWebhookSignatureError(
                        f"{name} header value must be str or bytes, not {type(value).__name__}"
                    )
            if found.setdefault(name, value) != value:
                raise InvalidWebhookSignatureError(f"several {name} headers with different values")
    except InvalidWebhookSignatureError:
        raise
    except Exception:  # noqa: BLE001 - whatever a broken mapping raises is the caller's error
        raise InvalidWebhookSignatureError(
            "headers must be a mapping or an iterable of (name, value) pairs,"
            f" not {type(headers).__name__}"
        ) from None
    webhook_id = found.get(_ID, "")
    timestamp = found.get(_TIMESTAMP, "")
    signature = found.get(_SIGNATURE, "")
    if not (webhook_id and timestamp and signature):
        _missing((found.get(_ID), found.get(_TIMESTAMP), found.get(_SIGNATURE)))
    return webhook_id, timestamp, signature


def _missing(values: tuple[str | None, str | None, str | None]) -> NoReturn:
    """Raise for the first of the webhook-id, webhook-timestamp and webhook-signature values
    that is absent (None) or empty."""
    for name, value in zip((_ID, _TIMESTAMP, _SIGNATURE), values):
        if value is None:
            raise InvalidWebhookSignatureError(f"missing {name} header")
        if not value:
            raise InvalidWebhookSignatureError(f"empty {name} header")
    raise AssertionError("_missing called with three non-empty values")


def _header_text(value: bytes | bytearray) -> str:
    """A raw header value as text that encodes back to the same bytes when it is UTF-8 (the
    signed content is built from the id as the sender signed it); Latin-1 otherwise, as HTTP
    servers decode header bytes, so that checks and errors can still show it."""
    try:
        return str(value, "utf-8")
    except UnicodeDecodeError:
        return str(value, "latin-1")


def _lower_case_dict_headers(headers: dict[Any, Any]) -> tuple[str, str, str] | None:
    """The three values of a dict holding them, non-empty, under their lower-case names and
    under no other spelling; None sends any other dict down the general path."""
    try:
        webhook_id = headers.get(_ID)
        timestamp = headers.get(_TIMESTAMP)
        signature = headers.get(_SIGNATURE)
    except Exception:  # noqa: BLE001 - a str subclass key's own __eq__ raised
        return None  # the general path says what is wrong
    if not (
        type(webhook_id) is str
        and type(timestamp) is str
        and type(signature) is str
        and webhook_id
        and timestamp
        and signature
    ):
        return None
    if len(headers) > 3:
        for name in headers:
            if type(name) is not str or (
                len(name) in _NAME_LENGTHS and name not in _NAMES and name.lower() in _NAMES
            ):
                return None
    return webhook_id, timestamp, signature


def _timestamp(text: str) -> int:
    """The value of a webhook-timestamp header: ASCII digits only, no sign or spaces."""
    if not (text.isascii() and text.isdigit()):
        raise InvalidWebhookSignatureError(f"webhook-timestamp is not an integer: {_preview(text)}")
    if len(text) > _MAX_TIMESTAMP_DIGITS:
        raise InvalidWebhookSignatureError(f"webhook-timestamp is out of range: {_preview(text)}")
    return int(text)


def _v1_signatures(header: str) -> list[bytes]:
    """The base64 text of each v1 entry of a webhook-signature header; other versions skipped.

    Runs of spaces and tabs separate entries, and whitespace before the first or after the last
    is ignored, as openai-python and the Standard Webhooks libraries split the header (refusing
    it adds no security: a matching HMAC is still needed). Other control characters and
    non-ASCII ones are refused: no sender puts them there."""
    if not header.isascii():
        raise InvalidWebhookSignatureError(
            f"webhook-signature contains non-ASCII characters: {_preview(header)}"
        )
    spaced = header.replace("\t", " ")
    if not spaced.isprintable():
        raise InvalidWebhookSignatureError(
            f"webhook-signature contains control characters (newline, ...): {_preview(header)}"
        )
    candidates: list[bytes] = []
    # str.split() with no separator: runs of whitespace, none at either end; only spaces remain.
    for entry in spaced.split():
        version, comma, signature = entry.partition(",")
        if not comma or not version:
            raise InvalidWebhookSignatureError(
                f"webhook-signature entry is not <version>,<signature>: {_preview(entry)}"
            )
        if version == "v1":
            candidates.append(signature.encode())
    if not candidates:
        raise InvalidWebhookSignatureError(f"webhook-signature has no v1 entry: {_preview(header)}")
    return candidates


def _preview(text: str) -> str:
    """`text` quoted for an error message, cut short when long."""
    return repr(text) if len(text) <= 60 else repr(text[:60]) + "..."
