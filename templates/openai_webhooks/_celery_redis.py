"""Celery task messages for a Redis broker, built without Celery's send path (hand-off mode).

Why: ``apply_async`` takes about 0.6 ms of CPU per message and blocks on the broker, so the ASGI
app ran it in threads that fought the event loop for the GIL (hand-off p99 of 90 to 155 ms at 32
deliveries in flight). With kombu's Redis transport a task message is one command, ``LPUSH
<queue> <envelope>``; building the envelope here takes about 0.1 ms and the package's own client
(`_resp`) sends it from the event loop, pipelined with the others in flight.

What comes from Celery and what is written here:

* Once per `RedisTaskPublisher`: a dry run of Celery's own send path (``apply_async`` with a
  producer that records what it is asked to publish instead of publishing) resolves the queue,
  exchange, priority, delivery mode and serializer from the app's settings and routes; the
  message built here for the same call must then equal the recorded one, or the publisher is
  refused. Transport settings come from ``app.connection_for_write()`` (no socket is opened).
* Per message: ``app.amqp.create_task_message`` (what ``apply_async`` calls) makes the headers,
  properties and body; kombu's serializer encodes the body.
* Written here, after kombu's virtual and Redis channels (``Producer.publish``,
  ``prepare_message``, ``_inplace_augment_message``, ``_put``, ``_q_for_pri``): the transport
  envelope and the key. tests/test_celery.py compares the bytes with ``apply_async``'s, so a
  Celery or kombu upgrade that changes them fails there rather than in production.

What the fast path does not do, it refuses: `Unsupported` when the publisher is made, and the
caller keeps ``apply_async``. Refused are the settings under which ``apply_async`` writes more
than one ``LPUSH`` or runs code of the user's per message (listeners of the publish signals,
tracing integrations that wrap ``apply_async``), and brokers other than one Redis.
"""

from __future__ import annotations

import bisect
import contextlib
import importlib
import numbers
import os
import ssl
import uuid
from collections.abc import Iterator
from typing import Any

from ._resp import Address, LoopClients, ssl_context

# Typed Any: Celery ships no type information, kombu's is partial.
_signals: Any = importlib.import_module("celery.signals")
_nodenames: Any = importlib.import_module("celery.utils.nodenames")
_entity: Any = importlib.import_module("kombu.entity")
_serialization: Any = importlib.import_module("kombu.serialization")
_json: Any = importlib.import_module("kombu.utils.json")

# Sent around each publish: with a receiver connected, apply_async runs the user's code.
_PUBLISH_SIGNALS = tuple(
    getattr(_signals, name)
    for name in ("before_task_publish", "after_task_publish", "task_sent")
    if hasattr(_signals, name)
)
# Producer.publish's named parameters: every other keyword it gets is a message property.
_PUBLISH_PARAMETERS = frozenset(
    "body routing_key delivery_mode mandatory immediate priority content_type content_encoding"
    " serializer headers compression exchange retry retry_policy declare expiration timeout"
    " confirm_timeout".split()
)
# Properties a message gets per call; argsrepr and kwargsrepr are copied into the properties by
# Celery's send_task_message when given as options (the worker reads them from the headers).
_CALL_PROPERTIES = frozenset(("correlation_id", "reply_to", "argsrepr", "kwargsrepr"))
_TLS_OPTIONS = frozenset(
    "ssl_cert_reqs ssl_ca_certs ssl_ca_path ssl_certfile ssl_keyfile ssl_password"
    " ssl_check_hostname".split()
)
_DRY_RUN_ID = "openai-webhooks-dry-run"


class Unsupported(Exception):
    """The app is set up in a way this module does not reproduce: publish with apply_async."""


class _Recorder:
    """Stands in for the ``kombu.Producer`` of Celery's send path and records ``publish``.

    Celery calls ``producer.publish(body, exchange=..., routing_key=..., headers=...,
    **properties)``, kombu's documented signature, within the context manager
    ``producer.connection._reraise_as_library_errors()``. If a Celery release calls anything
    else, the dry run raises and the publisher is refused: never a wrong message.
    """

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.connection = self

    @contextlib.contextmanager
    def _reraise_as_library_errors(self) -> Iterator[None]:
        yield

    def publish(self, body: Any, **kwargs: Any) -> None:
        self.calls.append({"body": body, **kwargs})


class _Transport:
    """The settings of kombu's Redis channel that shape a message, as a worker reads them."""

    def __init__(self, app: Any) -> None:
        connection = app.connection_for_write()  # lazy: nothing is opened
        try:
            self.address = _address(connection)
            channel = connection.transport.Channel
            options = connection.transport_options or {}

            def setting(name: str) -> Any:
                return options.get(name, getattr(channel, name))

            self.sep: str = setting("sep")
            self.steps: list[int] = list(setting("priority_steps"))
            self.prefix: str = setting("global_keyprefix") or ""
            self.encoding: str | None = setting("body_encoding")
            self.codecs: dict[str, Any] = channel.codecs
            self.priorities = (channel.min_priority, channel.max_priority, channel.default_priority)
        finally:
            connection.release()
        if self.encoding and self.encoding.lower() != "utf-8" and self.encoding not in self.codecs:
            raise Unsupported(f"body_encoding {self.encoding!r}")

    def key(self, queue: str, priority: Any) -> str:
        """The list a message of `priority` goes to (kombu's ``_q_for_pri``, prefixed)."""
        low, high, default = self.priorities
        try:
            priority = max(min(int(priority), high), low)
        except (TypeError, ValueError):
            priority = default
        step = self.steps[bisect.bisect(self.steps, priority) - 1]
        return self.prefix + (f"{queue}{self.sep}{step}" if step else queue)

    def encode(self, body: str) -> str:
        """The body as the transport stores it (base64 by default)."""
        if self.encoding and self.encoding.lower() != "utf-8":
            return str(self.codecs[self.encoding].encode(body))
        return body


def _address(connection: Any) -> Address:
    """Where kombu's Redis transport would connect for `connection`, as a `_resp.Address`."""
    if connection.transport_cls not in ("redis", "rediss") or connection.uri_prefix:
        raise Unsupported(f"the broker transport is {connection.transport_cls!r}, not Redis")
    if len(connection.alt) > 1:
        raise Unsupported("several broker URLs (failover)")
    host = connection.hostname or "127.0.0.1"
    if "://" in host:
        raise Unsupported("a Redis broker on a Unix socket")
    if getattr(connection, "credential_provider", None) is not None:
        raise Unsupported("a credential provider")
    password = connection.password
    if password is not None and not isinstance(password, str):
        raise Unsupported("a password that is not a string")
    tls = connection.ssl
    if tls and not isinstance(tls, dict):
        raise Unsupported("broker_use_ssl that is not a dict of redis-py's ssl_* options")
    return Address(
        host=host,
        port=int(connection.port or connection.transport.default_port),
        path=None,
        db=_database(connection.virtual_host),
        username=connection.userid or None,
        password=password or None,
        ssl=_tls(tls) if tls else None,
    )


def _database(virtual_host: Any) -> int:
    """The Redis database of a broker URL's path (kombu's ``_prepare_virtual_host``)."""
    if isinstance(virtual_host, numbers.Integral):
        return int(virtual_host)
    text = str(virtual_host or "/").lstrip("/") or "0"
    try:
        return int(text)
    except ValueError:
        raise Unsupported(f"broker database {virtual_host!r}") from None


def _tls(options: dict[str, Any]) -> ssl.SSLContext:
    """The TLS context redis-py makes of `broker_use_ssl` (kombu passes it on as is)."""
    unknown = set(options) - _TLS_OPTIONS
    if unknown:
        raise Unsupported(f"broker_use_ssl options {sorted(unknown)}")
    query: dict[str, str] = {}
    for name, value in options.items():
        if name == "ssl_cert_reqs":
            query[name] = _cert_reqs(value)
        elif name == "ssl_check_hostname":
            query[name] = "true" if value else "false"
        elif value is not None:
            query[name] = str(value)
    try:
        return ssl_context(query)
    except (ValueError, OSError) as exc:
        raise Unsupported(f"broker_use_ssl: {exc}") from None


def _cert_reqs(value: Any) -> str:
    """redis-py's reading of ``ssl_cert_reqs``: None is none; an ``ssl.CERT_*`` or its name."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value.lower().removeprefix("cert_")
    names = {ssl.CERT_NONE: "none", ssl.CERT_OPTIONAL: "optional", ssl.CERT_REQUIRED: "required"}
    if value not in names:
        raise Unsupported(f"ssl_cert_reqs {value!r}")
    return names[value]


def refusal(task: Any) -> str | None:
    """Why ``task.apply_async`` must stay in charge in this process, or None."""
    app = task.app
    conf = app.conf
    if conf.task_always_eager:
        return "task_always_eager"
    if conf.task_protocol != 2:
        return f"task_protocol {conf.task_protocol}"
    if conf.task_send_sent_event:
        return "task_send_sent_event (apply_async publishes a task-sent event too)"
    for method, module in (
        # `task.__class__`: the task's own class, also while the task is a lazy proxy.
        (task.__class__.apply_async, "celery.app.task"),
        (type(app).send_task, "celery.app.base"),
    ):
        # Tracing integrations (Sentry's, for one) wrap these to add headers per message.
        if getattr(method, "__wrapped__", None) is not None or method.__module__ != module:
            return f"{method.__qualname__} is wrapped or overridden"
    for signal in _PUBLISH_SIGNALS:
        if signal.has_listeners(task.name):
            return f"a receiver is connected to the {signal.name} signal"
    if not task.ignore_result and conf.result_backend:
        return "the task stores its results (apply_async tells the result backend of each call)"
    return None


class RedisTaskPublisher:
    """The ``LPUSH`` that ``task.apply_async(kwargs=..., **options)`` sends to a Redis broker.

    Made once (it runs a dry run of Celery's send path; no I/O), then `publish` per call, on a
    connection per event loop whose calls take at most `timeout` seconds. Routes are resolved
    once, with `sample_kwargs`: a router function must not look at the arguments. Raises
    `Unsupported` when the message would not be the one apply_async sends.
    """

    def __init__(
        self, task: Any, sample_kwargs: dict[str, Any], timeout: float, **options: Any
    ) -> None:
        reason = refusal(task)
        if reason is not None:
            raise Unsupported(reason)
        self.task = task
        self.app = task.app
        # Read once (a task is a lazy proxy until its app is final); the dry run checks them.
        self.name: str = task.name
        self.limits = (task.time_limit, task.soft_time_limit)
        self.ignore_result: bool = task.ignore_result
        self.transport = _Transport(self.app)
        self.address = self.transport.address
        self.clients = LoopClients(self.address, timeout)
        recorded = self._dry_run(sample_kwargs, options)
        _check(recorded)
        self.routing_key: str = recorded["routing_key"]
        self.priority = recorded.get("priority")
        self.delivery_mode = _entity.maybe_delivery_mode(recorded["delivery_mode"])
        self.headers: dict[str, Any] = dict(options.get("headers") or {})
        # Properties Celery copied from the options, in its order (argsrepr and kwargsrepr).
        self.extra = [name for name in recorded if name not in _PUBLISH_PARAMETERS]
        self.key = self.transport.key(self.routing_key, self.priority)
        self._origin = ("", -1)
        built = self._message(_DRY_RUN_ID, sample_kwargs, "", "")
        if built != {k: v for k, v in recorded.items() if k in ("body", "headers", *self.extra)}:
            raise Unsupported("Celery built a different message than this module does")

    def __repr__(self) -> str:
        where = self.address
        scheme = "rediss" if where.ssl is not None else "redis"
        return f"LPUSH {self.key!r} on {scheme}://{where.host}:{where.port}/{where.db}"

    def _dry_run(self, sample_kwargs: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
        """What Celery's send path asks the producer to publish for this call."""
        recorder = _Recorder()
        try:
            self.task.apply_async(
                kwargs=sample_kwargs,
                task_id=_DRY_RUN_ID,
                producer=recorder,
                argsrepr="",
                kwargsrepr="",
                **options,
            )
        except Exception as exc:
            raise Unsupported(f"apply_async's dry run raised {type(exc).__name__}: {exc}") from exc
        if len(recorder.calls) != 1:
            raise Unsupported(f"apply_async published {len(recorder.calls)} messages, not one")
        return recorder.calls[0]

    def _origin_name(self) -> str:
        """Celery's ``origin`` header: this host and process (a forked child has its own)."""
        name, pid = self._origin
        if pid != os.getpid():
            name, pid = self._origin = (_nodenames.anon_nodename(), os.getpid())
        return name

    def _message(
        self, task_id: str, kwargs: dict[str, Any], argsrepr: str, kwargsrepr: str
    ) -> dict[str, Any]:
        """Body, headers and properties of one call, as Celery hands them to the producer."""
        app = self.app
        headers, properties, body, _ = app.amqp.create_task_message(
            task_id,
            self.name,
            (),
            kwargs,
            reply_to=app.thread_oid,
            time_limit=self.limits[0],
            soft_time_limit=self.limits[1],
            origin=self._origin_name(),
            ignore_result=self.ignore_result,
            argsrepr=argsrepr,
            kwargsrepr=kwargsrepr,
        )
        headers.update(self.headers)
        properties.update(argsrepr=argsrepr, kwargsrepr=kwargsrepr)
        return {"body": body, "headers": headers, **{k: properties[k] for k in self.extra}}

    def message(self, kwargs: dict[str, Any], argsrepr: str, kwargsrepr: str) -> tuple[str, str]:
        """(key, payload) of the ``LPUSH`` for one call with a new task id."""
        message = self._message(str(uuid.uuid4()), kwargs, argsrepr, kwargsrepr)
        content_type, content_encoding, body = _serialization.dumps(
            message.pop("body"), serializer="json"
        )
        headers = message.pop("headers")
        # Producer.publish, then the virtual channel's prepare_message and basic_publish: the
        # same keys in the same order, so the payload is byte for byte apply_async's.
        properties = {
            **message,
            "delivery_mode": self.delivery_mode,
            "delivery_info": {"exchange": "", "routing_key": self.routing_key},
            "priority": self.priority or self.transport.priorities[2],
            "body_encoding": self.transport.encoding,
            "delivery_tag": str(uuid.uuid4()),
        }
        envelope = {
            "body": self.transport.encode(body),
            "content-encoding": content_encoding,
            "content-type": content_type,
            "headers": headers or {},
            "properties": properties,
        }
        return self.key, _json.dumps(envelope)

    async def publish(self, kwargs: dict[str, Any], argsrepr: str, kwargsrepr: str) -> None:
        """Send one call's message; returns once Redis accepted it (`_resp` errors otherwise)."""
        key, payload = self.message(kwargs, argsrepr, kwargsrepr)
        await self.clients.get().call("LPUSH", key, payload)


def _check(recorded: dict[str, Any]) -> None:
    """Refuse what one ``LPUSH`` of a JSON message to the anonymous exchange cannot carry."""
    exchange = recorded.get("exchange")
    name = exchange.name if isinstance(exchange, _entity.Exchange) else exchange
    if name:
        raise Unsupported(f"the exchange {name!r} (kombu looks its queues up per message)")
    if recorded.get("serializer") != "json":
        raise Unsupported(f"serializer {recorded.get('serializer')!r}")
    for option in ("compression", "expiration", "content_type"):
        if recorded.get(option) is not None:
            raise Unsupported(f"{option} {recorded[option]!r}")
    if not recorded.get("delivery_mode") or not isinstance(recorded.get("routing_key"), str):
        raise Unsupported("no delivery mode or queue resolved")
    extra = set(recorded) - _PUBLISH_PARAMETERS - _CALL_PROPERTIES
    if extra:
        raise Unsupported(f"message properties {sorted(extra)}")
    for entity in recorded.get("declare") or ():
        if isinstance(entity, _entity.Queue) and (
            entity.expires is not None or (entity.queue_arguments or {}).get("x-expires")
        ):
            raise Unsupported(f"the queue {entity.name!r} expires (kombu sends PEXPIREs too)")
