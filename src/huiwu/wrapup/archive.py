"""The archive: a meeting that has ended kept by client, theme and date — its figures (attendance,
check-ins by day and gate, feedback, KPIs), the guest list, the comments, the documents (reports,
contracts, photos and video links) — after its attendees' personal data is de-identified (``privacy``);
then the meeting is read-only (``events.archived``). Searchable by client, theme, name, year and the
words of its report and comments (de-identified text only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from huiwu.attendees.models import Attendee
from huiwu.checkin.models import CheckIn
from huiwu.contracts.models import Contract
from huiwu.core.audit import log_action, register_actions
from huiwu.events import archived
from huiwu.events.models import KPI, Meeting
from huiwu.feedback import satisfaction
from huiwu.feedback.models import Answer, Reply
from huiwu.jobs.models import Job
from huiwu.jobs.services import start_job
from huiwu.orgs.models import Membership, Organization

from .models import Archive, FollowUp, Summary, Trigger
from .permits import ended, planner
from .privacy import deidentify

register_actions({"wrapup.archived": gettext_lazy("Meeting archived")})


def start(*, meeting: Meeting, membership: Membership | None) -> Job:
    """Archive the meeting as a job with progress (a large meeting's records take a while)."""
    who = planner(membership, meeting)
    ended(meeting)
    return start_job(membership=who, kind="meeting_archive", params={"meeting": meeting.pk})


def _figures(meeting: Meeting) -> dict[str, Any]:
    people = Attendee.objects.filter(meeting=meeting)
    checkins = CheckIn.objects.filter(meeting=meeting)
    found = satisfaction.figures(meeting)
    return {
        "attendees": people.count(),
        "by_status": dict(Counter(people.values_list("status", flat=True))),
        "by_category": dict(Counter(people.values_list("category", flat=True))),
        "special_meals": people.exclude(diets=[]).count(),
        "came": checkins.values("attendee_id").distinct().count(),
        "checkins_by_day": {
            str(r["day"]): r["n"] for r in checkins.values("day").annotate(n=Count("id")).order_by("day")
        },
        "checkins_by_gate": {
            r["gate__name"]: r["n"] for r in checkins.values("gate__name").annotate(n=Count("id"))
        },
        "satisfaction": str(found.satisfaction) if found.satisfaction is not None else None,
        "nps": found.nps.score,
        "response_rate": str(found.response_rate) if found.response_rate is not None else None,
        "station_answers": found.station_answers,
        "themes": [[name, n] for name, n in found.themes],
        "kpis": [
            {
                "kpi": k.label,
                "unit": k.unit,
                "target": str(k.target),
                "actual": str(k.actual) if k.actual is not None else None,
            }
            for k in KPI.objects.filter(meeting=meeting)
        ],
    }


def _guests(meeting: Meeting) -> list[dict[str, Any]]:
    days: dict[int, list[str]] = {}
    for attendee_id, day in CheckIn.objects.filter(meeting=meeting).values_list("attendee_id", "day"):
        days.setdefault(attendee_id, []).append(day.isoformat())
    return [
        {
            "name": a.name,
            "category": a.category,
            "organisation": a.organisation,
            "status": a.status,
            "came": sorted(set(days.get(a.pk, []))),
        }
        for a in Attendee.objects.filter(meeting=meeting).order_by("name")
    ]


def _comments(meeting: Meeting) -> list[str]:
    station = Answer.objects.filter(station__meeting=meeting).exclude(text="").values_list("text", flat=True)
    survey = (
        Reply.objects.filter(response__survey__meeting=meeting)
        .exclude(text="")
        .values_list("text", flat=True)
    )
    return [*station, *survey][:2000]


def _documents(meeting: Meeting) -> list[dict[str, str]]:
    out = []
    report = Summary.objects.filter(meeting=meeting).first()
    if report is not None:
        out.append(
            {
                "kind": "summary_report",
                "status": report.status,
                "answered_by": report.answered_by,
                "answered_at": str(report.answered_at or ""),
            }
        )
    for c in Contract.objects.filter(meeting=meeting).order_by("number"):
        out.append({"kind": "contract", "number": c.number, "title": c.title, "state": c.state})
    follow = FollowUp.objects.filter(meeting=meeting).first()
    if follow is not None:
        for kind, url in (("photos", follow.photos_url), ("video", follow.video_url)):
            if url:
                out.append({"kind": kind, "url": url})
    return out


def archive(*, meeting: Meeting, actor: Any = None, progress: Any = None) -> Archive:
    """De-identify, then keep the archive and make the meeting read-only (once)."""
    ended(meeting)
    found = Archive.objects.filter(meeting=meeting).first()
    if found is not None:
        return found
    figures = _figures(meeting)  # counts taken before the details go
    deidentify(meeting=meeting, trigger=Trigger.ARCHIVE, actor=actor, progress=progress)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        found = Archive.objects.filter(meeting=locked).first()
        if found is not None:
            return found
        report = Summary.objects.filter(meeting=locked).first()
        comments = _comments(locked)
        words = [
            locked.name,
            locked.theme,
            locked.city,
            locked.client.name if locked.client else "",
            str(locked.start_date.year),
            *(getattr(report, s) for s in Summary.SECTIONS if report),
            *(name for name, _n in figures["themes"] if name),
            *comments[:500],
        ]
        made = Archive.objects.create(
            org=locked.org,
            meeting=locked,
            client=locked.client.name if locked.client else "",
            theme=locked.theme,
            first_day=locked.start_date,
            last_day=locked.end_date,
            archived_by=actor,
            figures=figures,
            guests=_guests(locked),
            feedback=comments,
            documents=_documents(locked),
            search="\n".join(w for w in words if w),
        )
        Meeting.objects.filter(pk=locked.pk).update(archived_at=timezone.now())
        log_action(
            "wrapup.archived",
            target=locked,
            actor=actor,
            org=locked.org,
            data={"attendees": figures["attendees"], "came": figures["came"]},
        )
        transaction.on_commit(archived.forget)
    archived.forget()
    return made


def _plain(text: str) -> str:
    """What is searched for: printable characters only (a NUL is refused by PostgreSQL)."""
    return "".join(ch for ch in text if ch.isprintable())[:200]


def search(org: Organization, *, q: str = "", client: str = "", year: int | None = None) -> QuerySet[Archive]:
    q, client = _plain(q), _plain(client)
    rows = Archive.objects.filter(org=org).select_related("meeting")
    for word in q.split()[:8]:
        rows = rows.filter(Q(search__icontains=word) | Q(client__icontains=word) | Q(theme__icontains=word))
    if client:
        rows = rows.filter(client=client)
    if year:
        rows = rows.filter(first_day__year=year)
    return rows


def years(org: Organization) -> list[int]:
    return sorted(
        {d.year for d in Archive.objects.filter(org=org).values_list("first_day", flat=True)}, reverse=True
    )


def due_for_archive(org: Organization, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    today = timezone.localdate(now or timezone.now())
    return Meeting.objects.filter(org=org, end_date__lt=today, archived_at__isnull=True).order_by("-end_date")
