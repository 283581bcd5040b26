"""Scanner devices: a phone paired to one gate by a QR code holds its own bearer token
(``hwd_…``, only the hash is stored, revocable), may only scan at that gate, and is rate-limited."""

from __future__ import annotations

import datetime as dt
import os
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.core.tokens import hash_secret, new_secret

from .errors import PairingFailed, TooManyScans
from .models import Device, Gate

register_actions(
    {"checkin.device.paired": _("paired a scanner"), "checkin.device.revoked": _("revoked a scanner")}
)

DEVICE_PREFIX = "hwd_"
DEVICE_COOKIE = "hw_device"  # the paired phone's token, HttpOnly, sent to /c/ and to the check-in API
RATE_WINDOW = 10  # seconds
# requests per window and device or user (a gate scans a person every 2-3 s); benchmarks raise it
RATE_LIMIT = int(os.environ.get("HUIWU_CHECKIN_RATE_LIMIT", "100"))


PAIRING_TTL = dt.timedelta(minutes=15)


@transaction.atomic
def add(*, gate: Gate, name: str, actor) -> tuple[Device, str]:
    """A new device for the gate and its one-time pairing code (shown as a QR, valid 15 minutes)."""
    code = new_secret(18)
    device = Device.objects.create(
        org_id=gate.org_id,
        gate=gate,
        name=name.strip()[:100] or gate.name,
        pairing_hash=hash_secret(code),
        pairing_expires_at=timezone.now() + PAIRING_TTL,
        created_by=actor,
    )
    log_action("checkin.device.paired", target=device, actor=actor, org=gate.org, data={"gate": gate.name})
    return device, code


@transaction.atomic
def pair(code: str) -> tuple[Device, str]:
    """Exchange a pairing code (once) for the device's bearer token."""
    if not code or len(code) > 100:
        raise PairingFailed
    device = (
        Device.objects.select_for_update(of=("self",))
        .select_related("gate__meeting", "org")
        .filter(pairing_hash=hash_secret(code), revoked_at__isnull=True)
        .order_by()
        .first()
    )
    if device is None or device.pairing_expires_at is None or device.pairing_expires_at < timezone.now():
        raise PairingFailed
    raw = DEVICE_PREFIX + new_secret(30)
    device.token_hash, device.prefix = hash_secret(raw), raw[:10]
    device.pairing_hash, device.pairing_expires_at, device.paired_at = None, None, timezone.now()
    device.save(update_fields=["token_hash", "prefix", "pairing_hash", "pairing_expires_at", "paired_at"])
    return device, raw


@transaction.atomic
def revoke(*, device: Device, actor) -> Device:
    for digest, (_at, known) in list(_known.items()):
        if known.pk == device.pk:
            _known.pop(digest, None)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
        log_action("checkin.device.revoked", target=device, actor=actor, org=device.org)
    return device


AUTH_TTL = 5.0  # seconds a process trusts what it read of a device: a revocation bites within this
_known: dict[str, tuple[float, Device]] = {}


def authenticate(raw: str) -> Device | None:
    """The live device with its gate, meeting and organisation, or None.

    A gate scans every few seconds, so each process keeps what it read of a device (with its gate's
    rules) for AUTH_TTL seconds; revoking in this process forgets it at once."""
    if not raw or not raw.startswith(DEVICE_PREFIX) or len(raw) > 200:
        return None
    digest = hash_secret(raw)
    now = time.monotonic()
    hit = _known.get(digest)
    if hit and now - hit[0] < AUTH_TTL:
        return hit[1]
    device = (
        Device.objects.select_related("org", "gate__meeting__registration")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if device is None:
        _known.pop(digest, None)
        return None
    if len(_known) > 10_000:
        _known.clear()
    _known[digest] = (now, device)
    seen = timezone.now()
    if device.last_seen_at is None or (seen - device.last_seen_at).total_seconds() > 60:
        Device.objects.filter(pk=device.pk).update(last_seen_at=seen)
        device.last_seen_at = seen
    return device


def throttle(key: str) -> None:
    """At most RATE_LIMIT requests per RATE_WINDOW seconds for ``key`` (a device or a user)."""
    bucket = f"checkin-rate:{key}:{int(time.time() // RATE_WINDOW)}"
    cache.add(bucket, 0, RATE_WINDOW * 2)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, RATE_WINDOW * 2)
        count = 1
    if count > RATE_LIMIT:
        raise TooManyScans
