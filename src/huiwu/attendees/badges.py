"""Badge codes: the QR carries ``HW1.<secret>.<signature>`` and nothing about the person.

The signature (HMAC-SHA256 with the meeting's badge key) lets a gate reject a forged or mistyped code
without a database; the secret finds the attendee. Re-issuing gives the attendee a new secret and
records the old one as revoked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

PREFIX = "HW1"


def _signature(key: str, secret: str) -> str:
    digest = hmac.new(key.encode(), secret.encode(), hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(key: str, secret: str) -> str:
    return f"{PREFIX}.{secret}.{_signature(key, secret)}"


@dataclass(frozen=True)
class Reading:
    ok: bool
    secret: str = ""
    reason: str = ""  # "malformed" | "forged"


def read(key: str, code: str) -> Reading:
    """Check a scanned code's form and signature (no database)."""
    parts = (code or "").strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return Reading(False, reason="malformed")
    if not hmac.compare_digest(_signature(key, parts[1]), parts[2]):
        return Reading(False, reason="forged")
    return Reading(True, secret=parts[1])
