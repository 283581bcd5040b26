"""The signature of a delivery: ``Huiwu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`` over
``f"{t}.".encode() + body`` with the endpoint's secret. A receiver recomputes it, compares in constant
time and refuses a timestamp older than five minutes (a replay). See docs/webhooks.md."""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Huiwu-Signature"
TOLERANCE = 300  # seconds


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None) -> bool:
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > TOLERANCE:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
