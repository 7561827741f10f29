"""A package generated without a webhook spec (`--webhooks ''`, as the README shows for a
catalog-only package) knows no event type: every event is an UnknownWebhookEvent and every body
that is not an event a WebhookPayloadError, as in any other package; never a bare dict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cli.main import main

PROBE = r"""
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import openai_webhooks as ow

body = json.dumps({"id": "evt_1", "object": "event", "created_at": 1, "type": "batch.cancelled",
                   "data": {"id": "batch_1"}})
for payload in (body, body.encode(), json.loads(body)):
    event = ow.parse_event(payload)
    assert type(event) is ow.UnknownWebhookEvent, type(event)
    assert event.type == "batch.cancelled" and event.data == {"id": "batch_1"}
for bad in (b"[1, 2]", b"{}", b"not json", b'{"type": 3}', "[]"):
    try:
        ow.parse_event(bad)
    except ow.WebhookPayloadError:
        pass
    else:
        raise AssertionError(f"parse_event({bad!r}) did not raise")
secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
headers = ow.sign(body, secret, webhook_id="msg_1")
assert type(ow.unwrap(body.encode(), headers, secret)) is ow.UnknownWebhookEvent
try:
    ow.unwrap(b"[1]", ow.sign(b"[1]", secret), secret)
except ow.WebhookPayloadError:
    pass
else:
    raise AssertionError("unwrap of a list did not raise")

seen = []

class Handler(ow.WebhookHandler):
    def on_unknown(self, event):
        seen.append(event.type)

app = ow.asgi_app(Handler(), secret=secret)

async def post(raw, signed):
    sent = []
    async def receive():
        return {"type": "http.request", "body": raw, "more_body": False}
    async def send(message):
        sent.append(message)
    names = [(k.encode(), v.encode()) for k, v in signed.items()]
    await app({"type": "http", "method": "POST", "path": "/", "headers": names}, receive, send)
    return sent[0]["status"]

assert asyncio.run(post(body.encode(), headers)) == 200
assert seen == ["batch.cancelled"]
assert asyncio.run(post(b"[1]", ow.sign(b"[1]", secret))) == 400
print("ok")
"""


def test_a_package_without_event_types_parses_every_event_as_unknown(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--webhooks", "", "--catalog", "", "--out", str(out)]) == 0
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(out)], capture_output=True, text=True, cwd=tmp_path
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "ok"
