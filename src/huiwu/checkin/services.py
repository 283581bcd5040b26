"""The scan decision and its record: exactly once per attendee and day, by a unique constraint
(which SQLite honours, unlike row locks), and the same answer again for a retried scan id.

One path records every scan, alone or in a batch synced by an offline scanner (``scan_many``): the
scans already known are answered from their record, the rest are decided in memory from a few reads,
then written with two statements; an admission whose ``INSERT … ON CONFLICT DO NOTHING`` loses to a
concurrent scan (any gate, any process) becomes "already checked in". Exit gates let an attendee out
and back in; each movement is a conditional UPDATE, so it counts once too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from huiwu.attendees import badges
from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee, Registration, RevokedBadge
from huiwu.core import realtime
from huiwu.events.models import Meeting

from .models import CheckIn, Direction, Gate, Scan, ScanStatus

MAX_BADGE = 200  # a badge code is ~60 characters; anything longer is not one of ours
SCAN_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
FUTURE_SLACK = dt.timedelta(hours=12)
PAST_LIMIT = dt.timedelta(days=31)
SIBLINGS_SINCE = dt.timedelta(days=30)  # badges of the organisation's meetings ended since: "wrong meeting"


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


class BadScan(ValueError):
    """A scan that cannot be recorded at all (bad scan id, impossible time); ``str()`` names the field."""


@dataclass
class Item:
    """One scan as a gate sent it."""

    gate: Gate
    badge: str
    scan_id: str
    scanned_at: dt.datetime | None = None
    device_status: str = ""  # what an offline scanner answered by itself


def digest(badge: str) -> str:
    return hashlib.sha256(badge.encode("utf-8", "replace")).hexdigest()


def gates():
    """Gates with what a scan needs of their meeting (time zone, badge key) in the same read."""
    return Gate.objects.select_related("meeting", "meeting__registration")


def badge_key(meeting) -> str:
    try:
        return meeting.registration.badge_key
    except Registration.DoesNotExist:
        from huiwu.attendees.services import registration_of

        return registration_of(meeting).badge_key


def sibling_meetings(meeting) -> list[int]:
    """The organisation's other meetings whose badges a gate may still see (not ended a month ago)."""
    since = timezone.localdate() - SIBLINGS_SINCE
    return list(
        Meeting.objects.filter(org_id=meeting.org_id, end_date__gte=since)
        .exclude(pk=meeting.pk)
        .values_list("pk", flat=True)
    )


def day_of(gate: Gate, moment: dt.datetime) -> dt.date:
    return moment.astimezone(zoneinfo.ZoneInfo(gate.meeting.timezone)).date()


def decide(gate: Gate, badge: str, day: dt.date) -> Answer:
    """Who the badge is and whether this gate admits them on ``day`` (no writes, no check-in state)."""
    return _decide_all(gate.meeting, [(gate, badge, day)])[0]


def _decide_all(meeting, scans: list[tuple[Gate, str, dt.date]]) -> list[Answer]:
    """The stateless part of the decision for many scans of one meeting, with three reads at most."""
    key = badge_key(meeting)
    readings = []
    for _gate, badge, _day in scans:
        if not isinstance(badge, str) or len(badge) > MAX_BADGE:
            readings.append(badges.Reading(False, reason="malformed"))
        else:
            readings.append(badges.read(key, badge))
    secrets = {r.secret for r in readings if r.ok}
    people = (
        {a.badge_secret: a for a in Attendee.objects.filter(meeting=meeting, badge_secret__in=secrets)}
        if secrets
        else {}
    )
    lost = secrets - people.keys()
    revoked = (
        {
            r.secret: r.attendee
            for r in RevokedBadge.objects.filter(meeting=meeting, secret__in=lost).select_related("attendee")
        }
        if lost
        else {}
    )
    answers = []
    for (gate, badge, day), reading in zip(scans, readings, strict=True):
        if not reading.ok:
            if reading.reason == "forged" and _other_meeting(badge, meeting):
                answers.append(Answer(ScanStatus.WRONG_MEETING, "other meeting"))
            else:
                answers.append(Answer(ScanStatus.INVALID, reading.reason))
            continue
        attendee = people.get(reading.secret)
        if attendee is None:
            if reading.secret in revoked:
                answers.append(Answer(ScanStatus.REVOKED, "reissued", revoked[reading.secret]))
            else:
                answers.append(Answer(ScanStatus.INVALID, "unknown"))
            continue
        answers.append(_rules(gate, attendee, day))
    return answers


def _rules(gate: Gate, attendee: Attendee, day: dt.date) -> Answer:
    if attendee.status != Status.CONFIRMED:
        return Answer(ScanStatus.NOT_ALLOWED, attendee.status, attendee)
    if gate.categories and attendee.category not in gate.categories:
        return Answer(ScanStatus.NOT_ALLOWED, "category", attendee)
    if gate.days and day.isoformat() not in gate.days:
        return Answer(ScanStatus.NOT_ALLOWED, "day", attendee)
    if not gate.is_active:
        return Answer(ScanStatus.NOT_ALLOWED, "gate closed", attendee)
    return Answer(ScanStatus.ACCEPTED, "", attendee)


def _other_meeting(badge: str, meeting) -> bool:
    """A badge of another current meeting of the same organisation (never another organisation's)."""
    parts = badge.strip().split(".")
    if len(parts) != 3:
        return False
    other = Attendee.objects.filter(
        badge_secret=parts[1], meeting_id__in=sibling_meetings(meeting)
    ).select_related("meeting__registration")
    return any(badges.read(badge_key(a.meeting), badge).ok for a in other[:1])


def scan(
    *,
    gate: Gate,
    badge: str,
    scan_id: str,
    scanned_at: dt.datetime | None = None,
    user=None,
    device=None,
) -> Answer:
    """Record one scan and answer it. A retried ``scan_id`` with the same badge gets the first answer."""
    answer = scan_many([Item(gate, badge, scan_id, scanned_at)], user=user, device=device)[0]
    if isinstance(answer, BadScan):
        raise answer
    return answer


def _check(item: Item, now: dt.datetime) -> BadScan | None:
    if not isinstance(item.scan_id, str) or not SCAN_ID.fullmatch(item.scan_id):
        return BadScan("scan_id")
    moment = item.scanned_at or now
    if moment.tzinfo is None or moment > now + FUTURE_SLACK or moment < now - PAST_LIMIT:
        return BadScan("scanned_at")
    return None


def scan_many(items: list[Item], *, user=None, device=None, offline: bool = False) -> list[Answer | BadScan]:
    """Record scans (all of one organisation) in the order of their time; one answer per item."""
    now = timezone.now()
    results: list[Answer | BadScan | None] = [None] * len(items)
    fresh: dict[str, int] = {}  # scan id -> index of the item that records it
    again: list[int] = []  # the same scan id earlier in this batch
    for i, item in enumerate(items):
        item.badge = item.badge if isinstance(item.badge, str) else ""
        problem = _check(item, now)
        if problem:
            results[i] = problem
        elif item.scan_id in fresh:
            again.append(i)
        else:
            fresh[item.scan_id] = i
    if fresh:
        org_id = items[next(iter(fresh.values()))].gate.org_id
        known = {
            s.scan_id: s
            for s in Scan.objects.filter(org_id=org_id, scan_id__in=list(fresh)).select_related(
                "attendee", "gate"
            )
        }
        for scan_id, s in known.items():
            i = fresh.pop(scan_id)
            results[i] = _replayed(s, digest(items[i].badge[:10_000]))
        if fresh:
            _record([(i, items[i]) for i in fresh.values()], results, now, user, device, offline)
    for i in again:
        first = next(j for j in range(i) if items[j].scan_id == items[i].scan_id and results[j] is not None)
        if digest(items[first].badge[:10_000]) == digest(items[i].badge[:10_000]):
            results[i] = results[first]
        else:
            results[i] = Answer(ScanStatus.INVALID, "scan id reused")
    return results  # type: ignore[return-value]


def _record(todo, results, now, user, device, offline) -> None:
    todo.sort(key=lambda pair: (pair[1].scanned_at or now, pair[0]))
    by_meeting: dict[int, list] = {}
    for i, item in todo:
        by_meeting.setdefault(item.gate.meeting_id, []).append((i, item))
    for group in by_meeting.values():
        meeting = group[0][1].gate.meeting
        decided = _decide_all(
            meeting, [(it.gate, it.badge, day_of(it.gate, it.scanned_at or now)) for _, it in group]
        )
        try:
            _write(meeting, group, decided, results, now, user, device, offline)
        except IntegrityError:  # the same scan id arrived at once from elsewhere: take them one by one
            if len(group) == 1:
                i, item = group[0]
                earlier = Scan.objects.select_related("attendee", "gate").get(
                    org_id=item.gate.org_id, scan_id=item.scan_id
                )
                results[i] = _replayed(earlier, digest(item.badge[:10_000]))
                continue
            for i, item in group:
                results[i] = scan_many([item], user=user, device=device, offline=offline)[0]


def _write(meeting, group, decided, results, now, user, device, offline) -> None:
    days = {day_of(it.gate, it.scanned_at or now) for _, it in group}
    attendee_ids = {a.attendee.pk for a in decided if a.status == ScanStatus.ACCEPTED}
    state = {
        (c.attendee_id, c.day): c
        for c in (
            CheckIn.objects.filter(attendee_id__in=attendee_ids, day__in=days).select_related("gate")
            if attendee_ids
            else []
        )
    }
    planned_in: dict[int, tuple] = {}  # position -> (attendee id, day)
    movements: dict[int, str] = {}  # position -> "exit" | "re-entry"
    for pos, ((_i, item), answer) in enumerate(zip(group, decided, strict=True)):
        if answer.status != ScanStatus.ACCEPTED:
            continue
        day = day_of(item.gate, item.scanned_at or now)
        key = (answer.attendee.pk, day)
        current = state.get(key)
        moment = item.scanned_at or now
        if item.gate.direction == Direction.OUT:
            if current is None or not current.inside:
                decided[pos] = Answer(ScanStatus.NOT_ALLOWED, "not inside", answer.attendee)
            else:
                movements[pos] = "exit"
                current.inside = False
                answer.reason = "exit"
        elif current is None:
            planned_in[pos] = key
            state[key] = CheckIn(attendee_id=key[0], day=day, gate=item.gate, at=moment, inside=True)
        elif not current.inside:
            movements[pos] = "re-entry"
            current.inside = True
            answer.reason = "re-entry"
        else:
            decided[pos] = Answer(ScanStatus.ALREADY, "", answer.attendee, current.gate.name, current.at)
    durable = connection.vendor == "sqlite" and not connection.in_atomic_block
    if durable:  # an acknowledged scan survives a power cut: this write is fsynced
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        with transaction.atomic():
            records = Scan.objects.bulk_create(
                [
                    Scan(
                        org_id=item.gate.org_id,
                        meeting_id=meeting.pk,
                        gate=item.gate,
                        scan_id=item.scan_id,
                        badge_digest=digest(item.badge[:10_000]),
                        attendee=answer.attendee,
                        status=answer.status,
                        reason=answer.reason[:40],
                        scanned_at=item.scanned_at or now,
                        received_at=now,
                        user=user,
                        device=device,
                        offline=offline,
                        device_status=item.device_status[:20],
                    )
                    for (_i, item), answer in zip(group, decided, strict=True)
                ]
            )
            won = _admit(meeting, {pos: records[pos] for pos in planned_in}, state, planned_in)
            for pos in planned_in:
                if pos not in won:  # a concurrent scan admitted them first
                    first = CheckIn.objects.select_related("gate").get(
                        attendee_id=planned_in[pos][0], day=planned_in[pos][1]
                    )
                    decided[pos] = Answer(
                        ScanStatus.ALREADY, "", decided[pos].attendee, first.gate.name, first.at
                    )
            for pos, kind in movements.items():
                attendee_id = decided[pos].attendee.pk
                day = day_of(group[pos][1].gate, group[pos][1].scanned_at or now)
                rows = CheckIn.objects.filter(attendee_id=attendee_id, day=day, inside=kind == "exit")
                if kind == "exit":
                    moved = rows.update(inside=False)
                else:
                    moved = rows.update(inside=True, entries=F("entries") + 1)
                if not moved:  # another gate moved them in the meantime
                    first = CheckIn.objects.select_related("gate").get(attendee_id=attendee_id, day=day)
                    decided[pos] = (
                        Answer(ScanStatus.NOT_ALLOWED, "not inside", decided[pos].attendee)
                        if kind == "exit"
                        else Answer(ScanStatus.ALREADY, "", decided[pos].attendee, first.gate.name, first.at)
                    )
            for pos, record in enumerate(records):
                answer = decided[pos]
                record.flagged = (
                    offline
                    and group[pos][1].device_status == ScanStatus.ACCEPTED
                    and (answer.status != ScanStatus.ACCEPTED)
                )
                if record.status != answer.status or record.flagged:
                    record.status, record.reason = answer.status, answer.reason[:40]
                    record.save(update_fields=["status", "reason", "flagged"])
            _after(meeting, group, decided)
    finally:
        if durable:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    for pos, (i, _item) in enumerate(group):
        results[i] = decided[pos]


def _admit(meeting, records: dict[int, Scan], state, planned_in) -> set[int]:
    """Insert the planned check-ins; the positions whose row went in (the others lost a race)."""
    if not records:
        return set()
    fields = [CheckIn._meta.get_field(n) for n in ("meeting", "attendee", "day", "gate", "scan", "at")]
    rows, params = [], []
    for pos, record in records.items():
        c = state[planned_in[pos]]
        rows.append("(%s, %s, %s, %s, %s, %s, %s, %s)")
        values = (meeting.pk, c.attendee_id, c.day, c.gate_id, record.pk, c.at)
        params += [f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)]
        params += [True, 1]
    columns = ", ".join(f.column for f in fields)
    sql = (
        f"INSERT INTO {CheckIn._meta.db_table} ({columns}, inside, entries) "  # noqa: S608
        f"VALUES {', '.join(rows)} ON CONFLICT DO NOTHING RETURNING {CheckIn._meta.get_field('scan').column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = {row[0] for row in cursor.fetchall()}
    return {pos for pos, record in records.items() if record.pk in inserted}


def _after(meeting, group, decided) -> None:
    """After commit: the butlers of arriving VIPs are told; the dashboard counters move."""
    arrived = [
        (a.attendee, item.gate)
        for (_i, item), a in zip(group, decided, strict=True)
        if a.status == ScanStatus.ACCEPTED and a.attendee.butler_id and not a.reason
    ]
    if arrived:
        transaction.on_commit(lambda: _tell_butlers(arrived))
    realtime.publish(
        f"org:{meeting.org_id}",
        {"type": "checkin.changed", "meeting": meeting.pk},
        coalesce=f"checkin:{meeting.pk}",
    )


def _tell_butlers(arrived) -> None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from huiwu.notifications.services import notify

    for attendee, gate in arrived:
        notify(
            user=attendee.butler,
            org=gate.org,
            title=_("%(name)s has arrived (%(gate)s)") % {"name": attendee.name, "gate": gate.name},
            body=attendee.organisation,
            url=reverse("attendees:profile", kwargs={"org": gate.org.slug, "attendee": attendee.pk}),
        )


def _replayed(earlier: Scan, fingerprint: str) -> Answer:
    if earlier.badge_digest != fingerprint:
        return Answer(ScanStatus.INVALID, "scan id reused")
    answer = Answer(earlier.status, earlier.reason, earlier.attendee)
    if earlier.status == ScanStatus.ALREADY and earlier.attendee_id:
        first = (
            CheckIn.objects.filter(
                attendee_id=earlier.attendee_id, day=day_of(earlier.gate, earlier.scanned_at)
            )
            .select_related("gate")
            .first()
        )
        if first:
            answer.first_gate, answer.first_at = first.gate.name, first.at
    return answer


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
