"""The list an offline scanner decides from, signed so the phone can tell it came from us unaltered.

It holds what a gate needs and no more: per attendee a hash of the badge code (not the code, so the
list cannot make badges), the name, the category, whether they are confirmed; the hashes of replaced
badges and of the organisation's other current meetings' badges; who is already checked in. No phone
numbers, e-mails, organisations or notes. ``static/huiwu/offline.js`` decides from it exactly as
``services._decide_all`` + ``services._record`` do (a browser test holds the two together).

The signature is ECDSA P-256 / SHA-256 (Web Crypto verifies it); the key is derived from the
installation's SECRET_KEY, so it needs no file of its own and changes when that key is rotated.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils import timezone

from huiwu.attendees import badges
from huiwu.attendees.enums import Category
from huiwu.attendees.models import Attendee, RevokedBadge

from .models import CheckIn, Gate
from .services import badge_key, sibling_meetings

VERSION = 1
HASH_CHARS = 32  # 128 bits of SHA-256, hex


def badge_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode("utf-8", "replace")).hexdigest()[:HASH_CHARS]


_private_key = None


def _key() -> ec.EllipticCurvePrivateKey:
    global _private_key
    if _private_key is None:
        seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"huiwu offline list v1").derive(
            settings.SECRET_KEY.encode()
        )
        order = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
        _private_key = ec.derive_private_key(int.from_bytes(seed, "big") % (order - 1) + 1, ec.SECP256R1())
    return _private_key


def public_key() -> str:
    """The verifying key, SPKI DER in base64, for the scanner page."""
    der = (
        _key()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(der).decode()


def sign(text: str) -> str:
    """Raw r||s (what Web Crypto's ECDSA verify expects), base64."""
    r, s = decode_dss_signature(_key().sign(text.encode(), ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()


def verify(text: str, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    raw = base64.b64decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        _key().public_key().verify(der, text.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def snapshot(gate: Gate) -> dict:
    meeting = gate.meeting
    key = badge_key(meeting)
    people = []
    for pk, secret, name, category, custom, status in (
        Attendee.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("pk", "badge_secret", "name", "category", "custom_category", "status")
    ):
        people.append([badge_hash(badges.sign(key, secret)), pk, name, category, custom, status])
    revoked = [
        [badge_hash(badges.sign(key, secret)), attendee_id]
        for secret, attendee_id in RevokedBadge.objects.filter(meeting=meeting).values_list(
            "secret", "attendee_id"
        )
    ]
    siblings = type(meeting).objects.filter(pk__in=sibling_meetings(meeting)).select_related("registration")
    keys = {m.pk: badge_key(m) for m in siblings}
    others = [
        badge_hash(badges.sign(keys[meeting_id], secret))
        for meeting_id, secret in Attendee.objects.filter(meeting_id__in=keys).values_list(
            "meeting_id", "badge_secret"
        )
    ]
    checked = [
        [attendee_id, day.isoformat(), gate_name, at.isoformat(), inside]
        for attendee_id, day, gate_name, at, inside in CheckIn.objects.filter(
            meeting=meeting, day__gte=meeting.start_date, day__lte=meeting.end_date
        ).values_list("attendee_id", "day", "gate__name", "at", "inside")
    ]
    return {
        "v": VERSION,
        "generated_at": timezone.now().isoformat(),
        "meeting": {
            "id": meeting.pk,
            "timezone": meeting.timezone,
            "start": meeting.start_date.isoformat(),
            "end": meeting.end_date.isoformat(),
        },
        "gate": {
            "id": gate.pk,
            "name": gate.name,
            "categories": gate.categories,
            "days": gate.days,
            "direction": gate.direction,
            "active": gate.is_active,
        },
        "categories": {c.value: str(c.label) for c in Category},
        "people": people,
        "revoked": revoked,
        "others": others,
        "checked": checked,
    }


def signed_list(gate: Gate) -> dict:
    text = json.dumps(snapshot(gate), ensure_ascii=False, separators=(",", ":"))
    return {"list": text, "signature": sign(text), "key": public_key()}
