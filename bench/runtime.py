"""Runtime benchmarks of the generated package against openai-python and standardwebhooks.

Run as a child process on a generated tree (`python -m bench.runtime --package DIR`): it checks
that every library accepts the same signed payloads, then times them in one process, round by
round (each round times every function once, so drift hits all alike), and prints JSON: per-call
medians in seconds. `import_times` (run from the parent) times imports in fresh interpreters.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import json
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from . import procs

# OpenAI's documented example of a signed delivery.
SECRET = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c="
VECTOR_ID = "wh_685c059ae39c8190af8c71ed1022a24d"
VECTOR_TIMESTAMP = 1750861210
VECTOR_BODY = (
    b'{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210,'
    b' "type": "response.completed", "data": {"id": "resp_123"}}'
)
VECTOR_SIGNATURE = "v1,gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY="
REALTIME_BODY = json.dumps(
    {
        "id": "evt_685d2e2b1e5c8190b2d4e6f8a0c2e4f6",
        "object": "event",
        "created_at": 1750861210,
        "type": "realtime.call.incoming",
        "data": {
            "call_id": "rtc_479a275623b54bdb9b6fbae2f7cbd408",
            "sip_headers": [
                {"name": "From", "value": "sip:+142555512112@sip.example.com"},
                {"name": "To", "value": "sip:+18005551212@sip.example.com"},
                {"name": "Call-ID", "value": "03782086-4ce9-44bf-8b0d-4e303d2cc590"},
            ],
        },
    }
).encode()
PAYLOADS = {"response.completed": VECTOR_BODY, "realtime.call.incoming": REALTIME_BODY}

IMPORT_OURS = "import openai_webhooks"
IMPORT_OPENAI = "from openai.types.webhooks import UnwrapWebhookEvent"


def _per_call(
    functions: dict[str, Callable[[], object]], *, rounds: int, target: float
) -> dict[str, float]:
    """Median seconds per call of each function: `rounds` interleaved timeit runs of each, every
    run long enough (about `target` seconds) to dwarf the timer's resolution."""
    numbers = {}
    for name, function in functions.items():
        timer = timeit.Timer(function)
        number = 1
        while timer.timeit(number) < target / 10:
            number *= 10
        numbers[name] = number * 10 if timer.timeit(number) < target / 2 else number
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            samples[name].append(timeit.Timer(function).timeit(numbers[name]) / numbers[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def measure(package: Path, *, rounds: int, target: float) -> dict[str, Any]:
    """Check agreement on every payload, then time every function on it."""
    sys.path.insert(0, str(package))
    import openai_webhooks as ours  # type: ignore[import-not-found]
    from openai import OpenAI
    from pydantic import TypeAdapter
    from standardwebhooks import Webhook

    signed = ours.sign(VECTOR_BODY, SECRET, webhook_id=VECTOR_ID, timestamp=VECTOR_TIMESTAMP)
    if signed["webhook-signature"] != VECTOR_SIGNATURE:
        raise SystemExit(f"sign() disagrees with the documented vector: {signed}")
    client = OpenAI(api_key="x", webhook_secret=SECRET)
    standard = Webhook(SECRET)
    adapter = TypeAdapter(ours.WebhookEvent)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    results: dict[str, Any] = {"payloads": {}}
    for event_type, body in PAYLOADS.items():
        now = int(time.time())
        headers = ours.sign(body, SECRET, webhook_id=f"wh_bench_{now}", timestamp=now)
        content = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        # Same answer from everyone before anything is timed.
        event = ours.unwrap(body, headers, SECRET)
        if isinstance(event, ours.UnknownWebhookEvent) or event.type != event_type:
            raise SystemExit(f"unwrap gave {type(event).__name__} for {event_type}")
        if client.webhooks.unwrap(body, headers).type != event_type:
            raise SystemExit(f"openai's unwrap disagrees on {event_type}")
        standard.verify(body, headers)
        if type(adapter.validate_json(body)) is not type(event):
            raise SystemExit("the floor's TypeAdapter disagrees with unwrap")

        def floor(body: bytes = body, content: bytes = content) -> object:
            hmac.digest(key, content, "sha256")
            return adapter.validate_json(body)

        functions: dict[str, Callable[[], object]] = {
            "ours_unwrap": partial(ours.unwrap, body, headers, SECRET),
            "ours_verify": partial(ours.verify_signature, body, headers, SECRET),
            "ours_parse": partial(ours.parse_event, body),
            "openai_unwrap": partial(client.webhooks.unwrap, body, headers),
            "openai_verify": partial(client.webhooks.verify_signature, body, headers),
            "standardwebhooks_verify": partial(standard.verify, body, headers, json_parse=False),
            "standardwebhooks_verify_json": partial(standard.verify, body, headers),
            "floor": floor,
            "floor_hmac": partial(hmac.digest, key, content, "sha256"),
            "floor_validate": partial(adapter.validate_json, body),
        }
        results["payloads"][event_type] = {
            "bytes": len(body),
            "seconds": _per_call(functions, rounds=rounds, target=target),
        }
    return results


def import_times(package: Path, *, repeats: int) -> dict[str, list[float]]:
    """Seconds spent in the import statement itself, each in a fresh interpreter (after one
    untimed warm-up run that writes the bytecode caches)."""
    times: dict[str, list[float]] = {"ours": [], "openai": []}
    statements = {"ours": IMPORT_OURS, "openai": IMPORT_OPENAI}
    for i in range(repeats + 1):
        for name, statement in statements.items():
            code = (
                "import time; _t = time.perf_counter(); "
                f"{statement}; print(time.perf_counter() - _t)"
            )
            run = procs.run(
                [procs.python(), "-c", code], cwd=package, env={"PYTHONPATH": str(package)}
            )
            if not run.ok:
                raise RuntimeError(f"{statement!r} failed: {run.failure()}")
            if i:
                times[name].append(float(run.stdout.strip().splitlines()[-1]))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runtime", description=__doc__)
    parser.add_argument("--package", type=Path, required=True, help="a generated output tree")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.2, help="seconds per timed run")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.package, rounds=args.rounds, target=args.target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
