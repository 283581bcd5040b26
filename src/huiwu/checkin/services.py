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
import functools
import hashlib
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from huiwu.attendees import badges
from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee, Registration, RevokedBadge
from huiwu.core import realtime
from huiwu.events.models import Meeting
from huiwu.webhooks.services import emit

from .models import CheckIn, Direction, Gate, Scan, ScanStatus

# what a scan reads of an attendee (the answer, the gate rules, the butler)
SCAN_FIELDS: tuple[str, ...] = (
    "org",
    "meeting",
    "badge_secret",
    "name",
    "category",
    "custom_category",
    "organisation",
)
SCAN_FIELDS += ("note", "status", "butler")
MAX_BADGE = 200  # a badge code is ~60 characters; anything longer is not one of ours
SCAN_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
FUTURE_SLACK = dt.timedelta(hours=12)
PAST_LIMIT = dt.timedelta(days=31)
SIBLINGS_SINCE = dt.timedelta(days=30)  # badges of the organisation's meetings ended since: "wrong meeting"
OUTSIDE_DAYS = "outside days"  # not a day of the meeting (and the gate lists no days of its own)
CONFIRMED_OUTSIDE = "confirmed outside days"  # admitted on another day, confirmed at the desk


@dataclass
class Answer:
    status: str
    reason: str = ""
    attendee: Attendee | None = None
    first_gate: str = ""
    first_at: dt.datetime | None = None

    @property
    def person(self) -> Attendee:
        """The attendee of an answer that names one (every accepted or already-checked-in answer)."""
        assert self.attendee is not None
        return self.attendee

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
    confirmed: bool = False  # staff at the desk confirmed an admission outside the meeting's days


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


def _decide_all(meeting, scans: list[tuple[Gate, str, dt.date, bool]]) -> list[Answer]:
    """The stateless part of the decision for many scans of one meeting, with three reads at most."""
    key = badge_key(meeting)
    readings = []
    for _gate, badge, _day, _confirmed in scans:
        if not isinstance(badge, str) or len(badge) > MAX_BADGE:
            readings.append(badges.Reading(False, reason="malformed"))
        else:
            readings.append(badges.read(key, badge))
    secrets = {r.secret for r in readings if r.ok}
    people = {a.badge_secret: a for a in _people(meeting.pk, sorted(secrets))} if secrets else {}
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
    for (gate, badge, day, confirmed), reading in zip(scans, readings, strict=True):
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
        answers.append(_rules(gate, attendee, day, confirmed=confirmed))
    return answers


@functools.cache
def _people_sql() -> str:
    fields: list[Any] = [Attendee._meta.pk, *(Attendee._meta.get_field(f) for f in SCAN_FIELDS)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Attendee._meta.db_table)
    return f"SELECT {columns} FROM {table} WHERE meeting_id = %s AND badge_secret IN "  # noqa: S608


def _people(meeting_id: int, secrets: list[str]) -> list[Attendee]:
    """The attendees holding these badge secrets, with the scan's fields only. The one read of every
    scan: a fixed statement (names from the model's metadata, values as parameters) rather than an
    ORM query compiled each time, which cost a third of a scan's time on SQLite."""
    marks = "(" + ", ".join(["%s"] * len(secrets)) + ")"
    return list(Attendee.objects.raw(_people_sql() + marks, [meeting_id, *secrets]))


def _rules(gate: Gate, attendee: Attendee, day: dt.date, *, confirmed: bool = False) -> Answer:
    """The gate's rules, in the order ``offline.js`` applies them. A gate that lists its days is open
    on those (an arrival-day desk at the hotel lists T-1); any other gate only on the meeting's days,
    and a desk may admit on another day when its staff confirm it (recorded with the scan)."""
    if attendee.status != Status.CONFIRMED:
        return Answer(ScanStatus.NOT_ALLOWED, attendee.status, attendee)
    if gate.categories and attendee.category not in gate.categories:
        return Answer(ScanStatus.NOT_ALLOWED, "category", attendee)
    if gate.days and day.isoformat() not in gate.days:
        return Answer(ScanStatus.NOT_ALLOWED, "day", attendee)
    outside = not gate.days and not gate.meeting.start_date <= day <= gate.meeting.end_date
    if outside and not confirmed:
        return Answer(ScanStatus.NOT_ALLOWED, OUTSIDE_DAYS, attendee)
    if not gate.is_active:
        return Answer(ScanStatus.NOT_ALLOWED, "gate closed", attendee)
    return Answer(ScanStatus.ACCEPTED, CONFIRMED_OUTSIDE if outside else "", attendee)


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
    confirmed: bool = False,
) -> Answer:
    """Record one scan and answer it. A retried ``scan_id`` with the same badge gets the first answer.
    ``confirmed`` (the manual desk, a signed-in user) admits outside the meeting's days."""
    confirmed = confirmed and user is not None and device is None
    item = Item(gate, badge, scan_id, scanned_at, confirmed=confirmed)
    answer = scan_many([item], user=user, device=device)[0]
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
    todo = sorted(fresh.values(), key=lambda i: (items[i].scanned_at or now, i))
    by_meeting: dict[int, list[int]] = {}
    for i in todo:
        by_meeting.setdefault(items[i].gate.meeting_id, []).append(i)
    for group in by_meeting.values():
        _record(group, items, results, now, user, device, offline)
    for i in again:
        first = fresh[items[i].scan_id]
        same = digest(items[first].badge[:10_000]) == digest(items[i].badge[:10_000])
        results[i] = results[first] if same else Answer(ScanStatus.INVALID, "scan id reused")
    return results  # type: ignore[return-value]


def _record(group: list[int], items: list[Item], results: list, now, user, device, offline) -> None:
    """Decide and write the scans of one meeting: a handful of statements for the whole group.

    Admissions are planned optimistically (nobody in yet, unless earlier in this group) and
    inserted with ``ON CONFLICT DO NOTHING``; only the ones that lose to an earlier admission read
    it, to answer "already checked in" or to count a re-entry. Exit gates read the state first."""
    meeting = items[group[0]].gate.meeting
    when = {i: items[i].scanned_at or now for i in group}
    days = {i: day_of(items[i].gate, when[i]) for i in group}
    scans = [(items[i].gate, items[i].badge, days[i], items[i].confirmed) for i in group]
    decided = dict(zip(group, _decide_all(meeting, scans), strict=True))
    accepted = [i for i in group if decided[i].status == ScanStatus.ACCEPTED]
    exits = [i for i in accepted if items[i].gate.direction == Direction.OUT]
    state: dict[tuple, CheckIn] = {}
    if exits:
        keys = {(decided[i].person.pk, days[i]) for i in accepted}
        state = {
            (c.attendee_id, c.day): c
            for c in CheckIn.objects.filter(
                attendee_id__in={k[0] for k in keys}, day__in={k[1] for k in keys}
            ).select_related("gate")
        }
    planned: dict[int, tuple] = {}  # item -> (attendee, day): a new admission to insert
    moves: dict[int, str] = {}  # item -> "exit" | "re-entry"
    for i in accepted:
        answer, key = decided[i], (decided[i].person.pk, days[i])
        current = state.get(key)
        if items[i].gate.direction == Direction.OUT:
            if current is None or not current.inside:
                decided[i] = Answer(ScanStatus.NOT_ALLOWED, "not inside", answer.attendee)
            else:
                moves[i], answer.reason, current.inside = "exit", "exit", False
        elif current is None:
            planned[i] = key
            state[key] = CheckIn(attendee_id=key[0], day=key[1], gate=items[i].gate, at=when[i], inside=True)
        elif not current.inside:
            moves[i], answer.reason, current.inside = "re-entry", "re-entry", True
        else:
            decided[i] = Answer(ScanStatus.ALREADY, "", answer.attendee, current.gate.name, current.at)
    durable = connection.vendor == "sqlite" and not connection.in_atomic_block
    if durable:  # an acknowledged scan survives a power cut: this write is fsynced
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        with transaction.atomic():
            as_inserted = {i: (decided[i].status, decided[i].reason) for i in group}
            ids = _insert_scans(meeting, group, items, decided, when, user, device, offline)
            replays = [i for i in group if i not in ids]
            mine = {i: planned[i] for i in planned if i in ids}
            won = _insert_checkins(meeting, {i: (ids[i], *mine[i]) for i in mine}, items, when)
            lost = [i for i in mine if i not in won]
            if lost:  # admitted before (elsewhere, or earlier): already in, or back in after an exit
                earlier = {
                    (c.attendee_id, c.day): c
                    for c in CheckIn.objects.filter(
                        attendee_id__in={mine[i][0] for i in lost}, day__in={mine[i][1] for i in lost}
                    ).select_related("gate")
                }
                for i in lost:
                    first = earlier[mine[i]]
                    if first.inside:
                        decided[i] = Answer(
                            ScanStatus.ALREADY, "", decided[i].attendee, first.gate.name, first.at
                        )
                    else:
                        moves[i], decided[i].reason = "re-entry", "re-entry"
            for i, kind in moves.items():
                if i in ids and not _move(decided[i].person.pk, days[i], kind):
                    first = CheckIn.objects.select_related("gate").get(
                        attendee_id=decided[i].person.pk, day=days[i]
                    )
                    decided[i] = (
                        Answer(ScanStatus.NOT_ALLOWED, "not inside", decided[i].attendee)
                        if kind == "exit"
                        else Answer(ScanStatus.ALREADY, "", decided[i].attendee, first.gate.name, first.at)
                    )
            for i in ids:
                if as_inserted[i] != (decided[i].status, decided[i].reason):
                    Scan.objects.filter(pk=ids[i]).update(
                        status=decided[i].status,
                        reason=decided[i].reason[:40],
                        flagged=_flag(items[i], decided[i], offline),
                    )
            _after(meeting, [(items[i], decided[i]) for i in group if i in ids])
    finally:
        if durable:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    for i in group:
        results[i] = decided[i]
    if replays:  # a scan id recorded before (a retry): the first answer
        org_id = items[replays[0]].gate.org_id
        earlier_scans = {
            s.scan_id: s
            for s in Scan.objects.filter(
                org_id=org_id, scan_id__in=[items[i].scan_id for i in replays]
            ).select_related("attendee", "gate__meeting")
        }
        for i in replays:
            results[i] = _replayed(earlier_scans[items[i].scan_id], digest(items[i].badge[:10_000]))


def _flag(item: Item, answer: Answer, offline: bool) -> bool:
    """An offline gate let them in but the server cannot: kept, flagged for review."""
    return offline and item.device_status == ScanStatus.ACCEPTED and answer.status != ScanStatus.ACCEPTED


def _move(attendee_id: int, day: dt.date, kind: str) -> bool:
    """Out through an exit gate, or back in: a conditional UPDATE, so each movement counts once."""
    rows = CheckIn.objects.filter(attendee_id=attendee_id, day=day, inside=kind == "exit")
    if kind == "exit":
        return bool(rows.update(inside=False))
    return bool(rows.update(inside=True, entries=F("entries") + 1))


def _insert(model, columns: list[str], rows: list[tuple], conflict: str, returning: str) -> list[tuple]:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL and SQLite ≥ 3.35) in one statement."""
    fields = [model._meta.get_field(c) for c in columns]
    params = [
        f.get_db_prep_value(v, connection, prepared=False)
        for row in rows
        for f, v in zip(fields, row, strict=True)
    ]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(f.column for f in fields)}) "  # noqa: S608
        f"VALUES {placeholders} ON CONFLICT {conflict} DO NOTHING RETURNING {returning}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _insert_scans(meeting, group, items, decided, when, user, device, offline) -> dict[int, int]:
    """Insert the group's scans; item -> new scan id for each one not recorded before."""
    columns = ["org", "meeting", "gate", "scan_id", "badge_digest", "attendee", "status", "reason"]
    columns += ["scanned_at", "received_at", "user", "device", "offline", "device_status", "flagged"]
    now = timezone.now()
    rows = []
    for i in group:
        item, answer = items[i], decided[i]
        attendee = answer.attendee.pk if answer.attendee else None
        rows.append((item.gate.org_id, meeting.pk, item.gate.pk, item.scan_id, digest(item.badge[:10_000]),
                     attendee, answer.status, answer.reason[:40], when[i], now, user.pk if user else None,
                     device.pk if device else None, offline, item.device_status[:20],
                     _flag(item, answer, offline)))  # fmt: skip
    by_scan_id = {items[i].scan_id: i for i in group}
    returned = []
    for start in range(0, len(rows), 500):
        returned += _insert(Scan, columns, rows[start : start + 500], "(org_id, scan_id)", "id, scan_id")
    return {by_scan_id[scan_id]: pk for pk, scan_id in returned}


def _insert_checkins(meeting, planned: dict[int, tuple], items, when) -> set[int]:
    """Insert the planned admissions (scan id, attendee, day); the items whose row went in."""
    if not planned:
        return set()
    columns = ["meeting", "attendee", "day", "gate", "scan", "at", "inside", "entries"]
    rows = [
        (meeting.pk, a, day, items[i].gate.pk, scan_pk, when[i], True, 1)
        for i, (scan_pk, a, day) in planned.items()
    ]
    by_scan = {scan_pk: i for i, (scan_pk, _a, _d) in planned.items()}
    inserted = []
    for start in range(0, len(rows), 500):
        inserted += _insert(CheckIn, columns, rows[start : start + 500], "", "scan_id")
    return {by_scan[row[0]] for row in inserted}


def _after(meeting, recorded: list[tuple[Item, Answer]]) -> None:
    """After commit: the butlers of arriving VIPs are told; the dashboard counters move."""
    arrived = [
        (a.attendee, item.gate)
        for item, a in recorded
        if a.status == ScanStatus.ACCEPTED and a.person.butler_id and not a.reason
    ]
    if arrived:
        transaction.on_commit(lambda: _tell_butlers(arrived))
    _emit_scans(meeting, recorded)
    if recorded:
        realtime.publish(
            f"org:{meeting.org_id}",
            {"type": "checkin.changed", "meeting": meeting.pk},
            coalesce=f"checkin:{meeting.pk}",
        )


def _emit_scans(meeting, recorded) -> None:
    """Webhooks: each admission, and each offline clash, when the organisation listens for them."""
    for item, answer in recorded:
        a = answer.attendee
        base = {
            "meeting": {"id": meeting.pk, "name": meeting.name},
            "gate": {"id": item.gate.pk, "name": item.gate.name},
            "scan_id": item.scan_id,
            "attendee": {"id": a.pk, "name": a.name, "category": a.category} if a else None,
        }
        if answer.status == ScanStatus.ACCEPTED and answer.reason not in ("exit",):
            emit(meeting.org_id, "checkin.accepted", {**base, "reason": answer.reason})
        elif _flag(item, answer, bool(item.device_status)):
            emit(
                meeting.org_id,
                "checkin.offline_clash",
                {**base, "status": answer.status, "reason": answer.reason},
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


def parse_when(value):
    """A scan time from JSON: ISO text with a time zone (or a datetime), or None for "now"."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadScan("scanned_at")
    return moment


BATCH_LIMIT = 1000


def record_batch(org, scans: list, known: dict, *, user=None, device=None) -> list[dict]:
    """Record a batch of scan dicts; a scan naming a gate not in ``known`` is looked up in ``org``."""
    items: list[Item] = []
    positions: list[int] = []
    results: list[dict | None] = []
    for raw in scans:
        raw = raw if isinstance(raw, dict) else {}
        scan_id = str(raw.get("scan_id", ""))[:64]
        gate_id = raw.get("gate", next(iter(known)) if len(known) == 1 else None)
        gate = known.get(gate_id) if isinstance(gate_id, int) else None
        if gate is None and isinstance(gate_id, int) and device is None and 0 < gate_id < 2**63:
            gate = gates().filter(org=org, pk=gate_id).first()
            known[gate_id] = gate
        try:
            if gate is None:
                raise BadScan("gate")
            item = Item(
                gate=gate,
                badge=str(raw.get("badge", ""))[:10_000],
                scan_id=scan_id,
                scanned_at=parse_when(raw.get("scanned_at")),
                device_status=str(raw.get("device_status", ""))[:20],
            )
        except BadScan as exc:
            results.append(_refused(scan_id, str(exc)))
            continue
        positions.append(len(results))
        results.append(None)
        items.append(item)
    answers = scan_many(items, user=user, device=device, offline=True) if items else []
    for pos, item, answer in zip(positions, items, answers, strict=True):
        if isinstance(answer, BadScan):
            results[pos] = _refused(item.scan_id, str(answer))
        else:
            results[pos] = {"scan_id": item.scan_id, **answer.as_dict()}
    return [r for r in results if r is not None]


def _refused(scan_id: str, field: str) -> dict:
    return {"scan_id": scan_id, "status": "invalid", "reason": field, "attendee": None, "first_checkin": None}


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
    now = timezone.now()
    today = {a.pk: now.astimezone(zoneinfo.ZoneInfo(a.meeting.timezone)).date() for a in found}
    checked = {
        attendee_id
        for attendee_id, day in CheckIn.objects.filter(attendee__in=found).values_list("attendee_id", "day")
        if today[attendee_id] == day
    }
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
