"""The scan decision and its record: exactly once per attendee and day, by a unique constraint
(which SQLite honours, unlike row locks), and the same answer again for a retried scan id.

One path records every scan, alone or in a batch synced by an offline scanner (``scan_many``): the
scans already known are answered from their record, the rest are decided in memory from a few reads,
then written with two statements; an admission whose ``INSERT … ON CONFLICT DO NOTHING`` loses to a
concurrent scan (any gate, any process) becomes "already checked in". Exit gates let an attendee out
and back in; each movement is a conditional UPDATE, so it counts once too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import re
import zoneinfo
from collections.abc import Iterator
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
    batch = _Batch(now=now, user=user, device=device, offline=offline)
    for group in by_meeting.values():
        for i, answer in zip(group, _record([items[i] for i in group], batch), strict=True):
            results[i] = answer
    for i in again:
        first = fresh[items[i].scan_id]
        same = digest(items[first].badge[:10_000]) == digest(items[i].badge[:10_000])
        results[i] = results[first] if same else Answer(ScanStatus.INVALID, "scan id reused")
    return results  # type: ignore[return-value]


@dataclass(slots=True)
class _Batch:
    """Who sent a batch of scans, and when it arrived."""

    now: dt.datetime
    user: Any
    device: Any
    offline: bool


@dataclass(slots=True, eq=False)  # compared by identity (sets of them in _write)
class _Pending:
    """One scan of a group on its way to the database, with its answer as it stands."""

    item: Item
    when: dt.datetime
    day: dt.date
    answer: Answer
    admit: tuple[int, dt.date] | None = None  # (attendee, day): a new admission to insert
    move: str = ""  # "exit" | "re-entry" of someone admitted before
    pk: int | None = None  # the scan's row once inserted; None: recorded before (a retry)
    as_inserted: tuple[str, str] = ("", "")  # (status, reason) as the row went in

    @property
    def key(self) -> tuple[int, dt.date]:
        return (self.answer.person.pk, self.day)


def _record(items: list[Item], batch: _Batch) -> list[Answer]:
    """Decide and write the scans of one meeting (in time order): a handful of statements for the whole
    group. Admissions are planned optimistically (nobody in yet, unless earlier in this group) and
    inserted with ``ON CONFLICT DO NOTHING``; only the ones that lose to an earlier admission read it, to
    answer "already checked in" or to count a re-entry. Exit gates read the state first."""
    meeting = items[0].gate.meeting
    pending = _decide_group(meeting, items, batch.now)
    _plan_movements(pending)
    with _durable_write(), transaction.atomic():
        _write(meeting, pending, batch)
    replays = [p for p in pending if p.pk is None]
    if replays:  # a scan id recorded before (a retry): the first answer
        _answer_replays(replays)
    return [p.answer for p in pending]


def _decide_group(meeting, items: list[Item], now: dt.datetime) -> list[_Pending]:
    """The stateless decision of each scan (badge, person, gate, day)."""
    moments = [(item, item.scanned_at or now) for item in items]
    days = [day_of(item.gate, when) for item, when in moments]
    answers = _decide_all(
        meeting, [(i.gate, i.badge, d, i.confirmed) for (i, _w), d in zip(moments, days, strict=True)]
    )
    return [
        _Pending(item=item, when=when, day=day, answer=answer)
        for (item, when), day, answer in zip(moments, days, answers, strict=True)
    ]


def _plan_movements(pending: list[_Pending]) -> None:
    """Who is let in, out or back in, as far as this group knows: exits need the state of the day read
    first; an entry is planned as a new admission unless someone came in earlier in the group."""
    accepted = [p for p in pending if p.answer.status == ScanStatus.ACCEPTED]
    state: dict[tuple, CheckIn] = {}
    if any(p.item.gate.direction == Direction.OUT for p in accepted):
        keys = {p.key for p in accepted}
        rows = CheckIn.objects.filter(attendee_id__in={k[0] for k in keys}, day__in={k[1] for k in keys})
        state = {(c.attendee_id, c.day): c for c in rows.select_related("gate")}
    for p in accepted:
        answer, key = p.answer, p.key
        current = state.get(key)
        if p.item.gate.direction == Direction.OUT:
            if current is None or not current.inside:
                p.answer = Answer(ScanStatus.NOT_ALLOWED, "not inside", answer.attendee)
            else:
                p.move, answer.reason, current.inside = "exit", "exit", False
        elif current is None:
            p.admit = key
            state[key] = CheckIn(attendee_id=key[0], day=key[1], gate=p.item.gate, at=p.when, inside=True)
        elif not current.inside:
            p.move, answer.reason, current.inside = "re-entry", "re-entry", True
        else:
            p.answer = Answer(ScanStatus.ALREADY, "", answer.attendee, current.gate.name, current.at)


@contextlib.contextmanager
def _durable_write() -> Iterator[None]:
    """An acknowledged scan survives a power cut: on SQLite outside a transaction, this write is fsynced."""
    durable = connection.vendor == "sqlite" and not connection.in_atomic_block
    if durable:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        if durable:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")


def _write(meeting, pending: list[_Pending], batch: _Batch) -> None:
    """Insert the scans and the planned admissions; settle those another scan beat; rewrite the rows
    whose answer changed; then tell the butlers, the dashboard and the webhooks."""
    for p in pending:
        p.as_inserted = (p.answer.status, p.answer.reason)
    _insert_scans(meeting, pending, batch)
    recorded = [p for p in pending if p.pk is not None]
    won = set(_insert_checkins(meeting, [p for p in recorded if p.admit is not None]))
    lost = [p for p in recorded if p.admit is not None and p not in won]
    if lost:
        _settle_lost(lost)
    for p in recorded:
        if p.move and not _move(p.answer.person.pk, p.day, p.move):
            first = CheckIn.objects.select_related("gate").get(attendee_id=p.answer.person.pk, day=p.day)
            p.answer = (
                Answer(ScanStatus.NOT_ALLOWED, "not inside", p.answer.attendee)
                if p.move == "exit"
                else Answer(ScanStatus.ALREADY, "", p.answer.attendee, first.gate.name, first.at)
            )
    for p in recorded:
        if p.pk is not None and p.as_inserted != (p.answer.status, p.answer.reason):
            Scan.objects.filter(pk=p.pk).update(
                status=p.answer.status,
                reason=p.answer.reason[:40],
                flagged=_flag(p.item, p.answer, batch.offline),
            )
    _after(meeting, [(p.item, p.answer) for p in recorded])


def _settle_lost(lost: list[_Pending]) -> None:
    """Admissions that lost to an earlier one (elsewhere, or before): already in, or back in after an
    exit."""
    keys = [p.admit for p in lost if p.admit is not None]
    rows = CheckIn.objects.filter(attendee_id__in={k[0] for k in keys}, day__in={k[1] for k in keys})
    earlier = {(c.attendee_id, c.day): c for c in rows.select_related("gate")}
    for p in lost:
        first = earlier[p.key]
        if first.inside:
            p.answer = Answer(ScanStatus.ALREADY, "", p.answer.attendee, first.gate.name, first.at)
        else:
            p.move, p.answer.reason = "re-entry", "re-entry"


def _answer_replays(replays: list[_Pending]) -> None:
    org_id = replays[0].item.gate.org_id
    rows = Scan.objects.filter(org_id=org_id, scan_id__in=[p.item.scan_id for p in replays])
    earlier = {s.scan_id: s for s in rows.select_related("attendee", "gate__meeting")}
    for p in replays:
        p.answer = _replayed(earlier[p.item.scan_id], digest(p.item.badge[:10_000]))


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


def _insert_scans(meeting, pending: list[_Pending], batch: _Batch) -> None:
    """Insert the group's scans; each one not recorded before gets its row's ``pk``."""
    columns = ["org", "meeting", "gate", "scan_id", "badge_digest", "attendee", "status", "reason"]
    columns += ["scanned_at", "received_at", "user", "device", "offline", "device_status", "flagged"]
    now = timezone.now()
    user, device, offline = batch.user, batch.device, batch.offline
    rows = []
    for p in pending:
        item, answer = p.item, p.answer
        attendee = answer.attendee.pk if answer.attendee else None
        rows.append((item.gate.org_id, meeting.pk, item.gate.pk, item.scan_id, digest(item.badge[:10_000]),
                     attendee, answer.status, answer.reason[:40], p.when, now, user.pk if user else None,
                     device.pk if device else None, offline, item.device_status[:20],
                     _flag(item, answer, offline)))  # fmt: skip
    by_scan_id = {p.item.scan_id: p for p in pending}
    for start in range(0, len(rows), 500):
        for pk, scan_id in _insert(
            Scan, columns, rows[start : start + 500], "(org_id, scan_id)", "id, scan_id"
        ):
            by_scan_id[scan_id].pk = pk


def _insert_checkins(meeting, admissions: list[_Pending]) -> list[_Pending]:
    """Insert the planned admissions; those whose row went in (the others lost to an earlier one)."""
    if not admissions:
        return []
    columns = ["meeting", "attendee", "day", "gate", "scan", "at", "inside", "entries"]
    rows = []
    for p in admissions:
        attendee, day = p.admit  # type: ignore[misc]
        rows.append((meeting.pk, attendee, day, p.item.gate.pk, p.pk, p.when, True, 1))
    by_scan = {p.pk: p for p in admissions}
    won = []
    for start in range(0, len(rows), 500):
        won += [
            by_scan[row[0]] for row in _insert(CheckIn, columns, rows[start : start + 500], "", "scan_id")
        ]
    return won


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
