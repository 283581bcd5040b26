"""The run-of-show: cues built from the agenda plus the operational ones, status set in one tap, actual
times, deviation and forecast, reminders before each cue. Every change names the version it saw; a change
to a cue someone else changed meanwhile is refused (nothing lost silently)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huiwu.core import realtime
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_fields
from huiwu.orgs.selectors import require_member
from huiwu.standards.selectors import standard, standards
from huiwu.venues.errors import require_room_of
from huiwu.webhooks.services import emit

from . import runofshow
from .errors import CueTimes, CueTransition, Stale
from .models import Cue, CueStatus
from .signals import cue_status

OPERATIONS = (  # (key, the standard that says how long before the day's first session, minutes, title)
    ("tech", "timing.tech_ready", 15, gettext_lazy("Tech ready: every device tested")),
    (
        "briefing",
        "onsite.briefing",
        15,
        gettext_lazy("Morning briefing: flow of the day, rehearsed incidents, roll call"),
    ),
    ("doors", "onsite.doors_open", 5, gettext_lazy("Doors open")),
    ("checkin", "checkin.opens", None, gettext_lazy("Check-in open (peak in the last 30 minutes)")),
)
RESTOCK_GAP = 15  # minutes between sessions in which the tea break is restocked
NEXT = {
    CueStatus.PENDING: {CueStatus.STANDBY, CueStatus.LIVE, CueStatus.SKIPPED},
    CueStatus.STANDBY: {CueStatus.LIVE, CueStatus.PENDING, CueStatus.SKIPPED},
    CueStatus.LIVE: {CueStatus.DONE},
    CueStatus.DONE: set(),
    CueStatus.SKIPPED: {CueStatus.PENDING},
}


def _tz(meeting):
    return zoneinfo.ZoneInfo(meeting.timezone)


def _changed(meeting) -> None:
    realtime.publish(f"org:{meeting.org_id}", {"type": "cues.changed", "meeting": meeting.pk},
                     coalesce=f"cues:{meeting.pk}")  # fmt: skip


@transaction.atomic
def build_from_agenda(*, meeting, actor=None) -> int:
    """Create or move the cues of the agenda's placed sessions and the day's operational cues (idempotent:
    a cue already started keeps its times)."""
    from huiwu.agenda.models import Session

    tz = _tz(meeting)
    sessions = (
        Session.objects.filter(meeting=meeting, slot__isnull=False, room__isnull=False)
        .select_related("slot", "room", "owner")
        .prefetch_related("speakers")
    )
    made = 0
    days: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = {}
    for s in sessions:
        slot = s.slot
        assert slot is not None  # placed sessions only
        start = dt.datetime.combine(slot.date, slot.start, tzinfo=tz)
        speakers = list(s.speakers.all())
        fields = {
            "org": meeting.org, "title": s.title, "start": start, "minutes": s.duration, "room": s.room,
            "responsible": s.owner, "speaker": "、".join(p.name for p in speakers)[:200],
            "speaker_email": next((p.email for p in speakers if p.email), ""),
        }  # fmt: skip
        cue = Cue.objects.filter(meeting=meeting, session=s).first()
        if cue is None:
            Cue.objects.create(meeting=meeting, session=s, **fields)
            made += 1
        elif cue.status == CueStatus.PENDING:
            Cue.objects.filter(pk=cue.pk).update(**fields, version=F("version") + 1)
        days.setdefault(slot.date, []).append((start, start + dt.timedelta(minutes=s.duration)))
    rules = standards(meeting.org, meeting=meeting)
    for day, spans in days.items():
        first = min(a for a, _b in spans)
        for key, rule, minutes, title in OPERATIONS:
            before = rules[rule].duration()
            length = minutes if minutes is not None else round(before.total_seconds() / 60)
            made += _operation(meeting, f"{key}:{day.isoformat()}", str(title), first - before, length, actor)
        spans.sort()
        busy_until = spans[0][1]
        for n, (a, b) in enumerate(spans[1:], start=1):
            if (a - busy_until) >= dt.timedelta(minutes=RESTOCK_GAP):
                key = f"restock:{day.isoformat()}:{n}"
                restock = str(_("Tea break: restock and check"))
                made += _operation(meeting, key, restock, busy_until - dt.timedelta(minutes=10), 10, actor)
            busy_until = max(busy_until, b)
    _changed(meeting)
    return made


def _operation(meeting, key, title, start, minutes, actor) -> int:
    cue = Cue.objects.filter(meeting=meeting, operation=key).first()
    if cue is None:
        Cue.objects.create(org=meeting.org, meeting=meeting, operation=key, title=title, start=start,
                           minutes=minutes, responsible=meeting.owner)  # fmt: skip
        return 1
    if cue.status == CueStatus.PENDING and cue.start != start:
        Cue.objects.filter(pk=cue.pk).update(start=start, version=F("version") + 1)
    return 0


@dataclass(frozen=True, kw_only=True)
class CueInput(RecordInput):
    """A cue of the run-of-show as the page and the API send it: what, from when to when, where, who."""

    title: str
    start: dt.datetime
    end: dt.datetime
    room: Any = None  # a room of the organisation's venues
    responsible: Any = None  # a member of the organisation
    speaker: str = ""
    notes: str = ""
    remind_before: int = 5  # minutes


def save_cue(*, meeting, actor, data: CueInput, cue: Cue | None = None, version: int | None = None) -> Cue:
    """Create a cue, or change one with the ``version`` its editor saw (a stale one is ``Stale``)."""
    start, end = data.start, data.end
    if start is None or end is None:
        raise CueTimes(details={"field": "start"})
    if end <= start:
        raise CueTimes(_("A cue ends after it starts."), details={"field": "end"})
    minutes = int((end - start).total_seconds() // 60)
    if not 1 <= minutes <= 24 * 60:
        raise CueTimes(_("A cue lasts from 1 minute to 24 hours."), details={"field": "end"})
    require_member(meeting.org, data.responsible, field="responsible")
    require_room_of(meeting.org_id, data.room)
    fields = clean_fields(Cue, data.values(without=("start", "end")))
    fields.update(start=start, minutes=minutes)
    with transaction.atomic():
        if cue is None:
            cue = Cue.objects.create(org=meeting.org, meeting=meeting, **fields)
        else:
            if version is None or not Cue.objects.filter(pk=cue.pk, version=version).update(
                **fields, version=F("version") + 1, updated_at=timezone.now()
            ):
                raise Stale
            cue.refresh_from_db()
        _changed(meeting)
    return cue


def set_status(*, cue: Cue, status: str, actor, version: int, now: dt.datetime | None = None) -> Cue:
    """One tap: standby, live (the actual start), done (the actual end), skipped, back to pending."""
    now = now or timezone.now()
    if status not in CueStatus.values:
        raise CueTransition(_("Unknown status."), details={"field": "status"})
    if status not in NEXT[CueStatus(cue.status)]:
        raise CueTransition(_("A cue cannot go from %(a)s to %(b)s.") % {"a": CueStatus(cue.status).label,
                            "b": CueStatus(status).label}, details={"field": "status"})  # fmt: skip
    fields: dict = {"status": status}
    if status == CueStatus.LIVE:
        fields["actual_start"] = now
    elif status == CueStatus.DONE:
        fields["actual_end"] = now
    elif status == CueStatus.PENDING:
        fields.update(actual_start=None, actual_end=None)
    with transaction.atomic():
        if not Cue.objects.filter(pk=cue.pk, version=version, status=cue.status).update(
            **fields, version=F("version") + 1, updated_at=now
        ):
            raise Stale
        cue.refresh_from_db()
        _changed(cue.meeting)
        cue_status.send(sender=Cue, cue=cue, actor=actor)
        emit(cue.org_id, "cue.status", {
            "meeting": {"id": cue.meeting_id}, "cue": {
                "id": cue.pk, "title": cue.title, "status": cue.status, "start": cue.start,
                "actual_start": cue.actual_start, "actual_end": cue.actual_end, "version": cue.version,
            },
        })  # fmt: skip
    return cue


def day_rows(meeting, day: dt.date, now: dt.datetime) -> list[dict]:
    """The day's cues with deviation, the ±5 flag, the forecast start and how far it is from plan."""
    tz = _tz(meeting)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    cues = list(
        Cue.objects.filter(meeting=meeting, start__gte=start, start__lt=start + dt.timedelta(days=1))
        .select_related("room", "responsible")
        .order_by("start", "id")
    )
    plans = [
        runofshow.Plan(
            c.pk,
            c.room_id or f"op:{c.pk}",
            c.start,
            c.minutes,
            c.actual_start,
            c.actual_end if c.status == CueStatus.DONE else None,
        )
        for c in cues
        if c.status != CueStatus.SKIPPED
    ]
    expected = runofshow.forecast(plans, now)
    tolerance = standard(meeting.org, "timing.segment_deviation", meeting=meeting).duration()
    rows = []
    for c in cues:
        exp = expected.get(c.pk)
        late = None if exp is None or c.actual_start else runofshow.deviation(c.start, exp[0])
        rows.append(
            {
                "cue": c,
                "deviation": runofshow.deviation(c.start, c.actual_start),
                "off_plan": runofshow.off_plan(c.start, c.actual_start, tolerance),
                "expected_start": exp[0] if exp else None,
                "expected_late": late if late and late > 0 else None,
                "forecast_off_plan": bool(late and late > tolerance.total_seconds() / 60),
            }
        )
    return rows


def remind_due(now: dt.datetime | None = None) -> int:
    """Tell the responsible person (and e-mail the speaker) ``remind_before`` minutes before a cue."""
    from huiwu.notifications.services import notify

    now = now or timezone.now()
    sent = 0
    soon = Cue.objects.filter(
        status__in=[CueStatus.PENDING, CueStatus.STANDBY], reminded_at__isnull=True,
        start__lte=now + dt.timedelta(minutes=60), start__gte=now - dt.timedelta(minutes=60),
    ).select_related("meeting__org", "responsible", "room")  # fmt: skip
    for cue in soon:
        if cue.start - dt.timedelta(minutes=cue.remind_before) > now:
            continue
        if not Cue.objects.filter(pk=cue.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue  # another process sent it
        local = timezone.localtime(cue.start, _tz(cue.meeting)).strftime("%H:%M")
        title = _("In %(n)s minutes (%(time)s): %(cue)s") % {
            "n": cue.remind_before,
            "time": local,
            "cue": cue.title,
        }
        place = cue.room.name if cue.room else ""
        url = reverse("onsite:cues", kwargs={"org": cue.meeting.org.slug, "meeting": cue.meeting_id})
        if cue.responsible:
            notify(user=cue.responsible, org=cue.meeting.org, title=title, body=place, url=url)
        if cue.speaker_email:
            text = _(
                "Dear %(name)s, your segment starts at %(time)s in %(place)s. Please come to the stage side."
            )
            body = text % {"name": cue.speaker, "time": local, "place": place or "—"}
            send_mail(title, body, None, [cue.speaker_email], fail_silently=True)
        sent += 1
    return sent
