"""The scan decision and its record: exactly once per attendee and day, by a unique constraint
(which SQLite honours, unlike row locks), and the same answer again for a retried scan id."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from huiwu.attendees import badges
from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee, RevokedBadge
from huiwu.attendees.services import registration_of

from .models import CheckIn, Gate, Scan, ScanStatus

MAX_BADGE = 200  # a badge code is ~60 characters; anything longer is not one of ours
SCAN_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
FUTURE_SLACK = dt.timedelta(hours=12)


@dataclass
class Answer:
    status: str
    reason: str = ""
    attendee: Attendee | None = None
    first_gate: str = ""
    first_at: dt.datetime | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        a = self.attendee
        return {
            "status": self.status,
            "reason": self.reason,
            "attendee": (
                {
                    "id": a.pk,
                    "name": a.name,
                    "category": a.category,
                    "category_label": a.category_label,
                    "organisation": a.organisation,
                    "note": a.note[:200],
                }
                if a
                else None
            ),
            "first_checkin": (
                {"gate": self.first_gate, "at": self.first_at.isoformat()} if self.first_at else None
            ),
        }


def digest(badge: str) -> str:
    return hashlib.sha256(badge.encode("utf-8", "replace")).hexdigest()


def decide(gate: Gate, badge: str, day: dt.date) -> Answer:
    """Who the badge is and whether this gate admits them today (no writes)."""
    if not isinstance(badge, str) or len(badge) > MAX_BADGE:
        return Answer(ScanStatus.INVALID, "malformed")
    key = registration_of(gate.meeting).badge_key
    reading = badges.read(key, badge)
    if not reading.ok:
        if reading.reason == "forged":
            other = _other_meeting(badge, gate)
            if other:
                return Answer(ScanStatus.WRONG_MEETING, "other meeting")
        return Answer(ScanStatus.INVALID, reading.reason)
    attendee = Attendee.objects.filter(meeting=gate.meeting, badge_secret=reading.secret).first()
    if attendee is None:
        revoked = (
            RevokedBadge.objects.filter(meeting=gate.meeting, secret=reading.secret)
            .select_related("attendee")
            .first()
        )
        if revoked:
            return Answer(ScanStatus.REVOKED, "reissued", revoked.attendee)
        return Answer(ScanStatus.INVALID, "unknown")
    if attendee.status != Status.CONFIRMED:
        return Answer(ScanStatus.NOT_ALLOWED, attendee.status, attendee)
    if gate.categories and attendee.category not in gate.categories:
        return Answer(ScanStatus.NOT_ALLOWED, "category", attendee)
    if gate.days and day.isoformat() not in gate.days:
        return Answer(ScanStatus.NOT_ALLOWED, "day", attendee)
    return Answer(ScanStatus.ACCEPTED, "", attendee)


def _other_meeting(badge: str, gate: Gate) -> bool:
    parts = badge.split(".")
    if len(parts) != 3:
        return False
    other = (
        Attendee.objects.filter(badge_secret=parts[1]).exclude(meeting=gate.meeting).select_related("meeting")
    )
    return any(badges.read(registration_of(a.meeting).badge_key, badge).ok for a in other[:1])


def _stored(scan: Scan) -> Answer:
    answer = Answer(scan.status, scan.reason, scan.attendee)
    if scan.status in (ScanStatus.ACCEPTED, ScanStatus.ALREADY) and scan.attendee_id:
        first = (
            CheckIn.objects.filter(attendee_id=scan.attendee_id, day=_day(scan.gate, scan.scanned_at))
            .select_related("gate")
            .first()
        )
        if first and scan.status == ScanStatus.ALREADY:
            answer.first_gate, answer.first_at = first.gate.name, first.at
    return answer


def _day(gate: Gate, moment: dt.datetime) -> dt.date:
    return moment.astimezone(zoneinfo.ZoneInfo(gate.meeting.timezone)).date()


class BadScan(ValueError):
    pass


def scan(*, gate: Gate, badge: str, scan_id: str, scanned_at: dt.datetime | None = None, user=None) -> Answer:
    """Record one scan and answer it. A retried ``scan_id`` with the same badge gets the first answer."""
    if not SCAN_ID.fullmatch(scan_id or ""):
        raise BadScan("scan_id")
    now = timezone.now()
    moment = scanned_at or now
    if moment.tzinfo is None:
        raise BadScan("scanned_at")
    if moment > now + FUTURE_SLACK:
        raise BadScan("scanned_at")
    badge = badge if isinstance(badge, str) else ""
    fingerprint = digest(badge[:10_000])
    earlier = (
        Scan.objects.filter(org_id=gate.org_id, scan_id=scan_id).select_related("attendee", "gate").first()
    )
    if earlier is not None:
        return _replayed(earlier, fingerprint)
    day = _day(gate, moment)
    answer = decide(gate, badge, day)
    durable = connection.vendor == "sqlite" and not connection.in_atomic_block
    if durable:  # an acknowledged scan survives a power cut: this write is fsynced
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        with transaction.atomic():
            record = Scan.objects.create(
                org_id=gate.org_id,
                meeting_id=gate.meeting_id,
                gate=gate,
                scan_id=scan_id,
                badge_digest=fingerprint,
                attendee=answer.attendee,
                status=answer.status,
                reason=answer.reason[:40],
                scanned_at=moment,
                user=user,
            )
            if answer.status == ScanStatus.ACCEPTED:
                try:
                    with transaction.atomic():
                        CheckIn.objects.create(
                            meeting_id=gate.meeting_id,
                            attendee=answer.attendee,
                            day=day,
                            gate=gate,
                            scan=record,
                            at=moment,
                        )
                except IntegrityError:  # someone else's scan admitted them first (any gate, any process)
                    first = CheckIn.objects.select_related("gate").get(attendee=answer.attendee, day=day)
                    answer = Answer(ScanStatus.ALREADY, "", answer.attendee, first.gate.name, first.at)
                    record.status = ScanStatus.ALREADY
                    record.save(update_fields=["status"])
    except IntegrityError:  # the same scan id arrived twice at once: the first one's answer counts
        earlier = Scan.objects.select_related("attendee", "gate").get(org_id=gate.org_id, scan_id=scan_id)
        return _replayed(earlier, fingerprint)
    finally:
        if durable:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    return answer


def _replayed(earlier: Scan, fingerprint: str) -> Answer:
    if earlier.badge_digest != fingerprint:
        return Answer(ScanStatus.INVALID, "scan id reused")
    return _stored(earlier)


SEARCH_LIMIT = 20


def search_desk(*, org, meeting=None, q: str) -> list[dict]:
    """The manual desk: by name or organisation (contains), or the last 4+ digits of the mobile."""
    from django.db.models import Q

    from huiwu.attendees.services import masked
    from huiwu.attendees.validation import nfkc

    text = nfkc(q)[:100]
    if not text:
        return []
    rows = Attendee.objects.filter(org=org) if meeting is None else Attendee.objects.filter(meeting=meeting)
    match = Q(name__icontains=text) | Q(organisation__icontains=text)
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) >= 4 and len(digits) == len(text.replace(" ", "")):
        match |= Q(mobile__endswith=digits)
    found = list(rows.filter(match).select_related("meeting").order_by("name", "id")[:SEARCH_LIMIT])
    today = timezone.localdate()
    checked = set(CheckIn.objects.filter(attendee__in=found, day=today).values_list("attendee_id", flat=True))
    return [
        {
            "id": a.pk,
            "meeting_id": a.meeting_id,
            "name": a.name,
            "organisation": a.organisation,
            "category": a.category,
            "category_label": a.category_label,
            "mobile_masked": masked(a, "mobile"),
            "status": a.status,
            "checked_in_today": a.pk in checked,
        }
        for a in found
    ]
