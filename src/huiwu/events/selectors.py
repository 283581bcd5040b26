"""Reads about meetings and tasks, each with the joins its page needs (no N+1)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from huiwu.orgs.access import scoped
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from .enums import OPEN_STATUSES, Stage, TaskStatus
from .models import Meeting, Task


def meetings_for_org(org, *, stage: int | None = None):
    qs = scoped(Meeting, org).select_related("client", "owner")
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("start_date", "name")


def meetings_by_stage(org) -> dict[int, int]:
    rows = scoped(Meeting, org).values("stage").annotate(n=Count("id"))
    return {r["stage"]: r["n"] for r in rows}


def pipeline(org, *, client=None, meeting_type="", owner=None, date_from=None, date_to=None):
    """Meetings by stage for the board, each with its open and overdue task counts."""
    now = timezone.now()
    qs = meetings_for_org(org).annotate(
        open_tasks=Count("tasks", filter=Q(tasks__status__in=OPEN_STATUSES)),
        overdue_tasks=Count("tasks", filter=Q(tasks__status__in=OPEN_STATUSES, tasks__due_at__lt=now)),
    )
    if client:
        qs = qs.filter(client=client)
    if meeting_type:
        qs = qs.filter(meeting_type=meeting_type)
    if owner:
        qs = qs.filter(owner=owner)
    if date_from:
        qs = qs.filter(end_date__gte=date_from)
    if date_to:
        qs = qs.filter(start_date__lte=date_to)
    columns = {s.value: [] for s in Stage}
    for meeting in qs:
        columns[meeting.stage].append(meeting)
    return [{"stage": s, "meetings": columns[s.value]} for s in Stage]


def stage_progress(meeting: Meeting) -> list[dict]:
    """Per stage: tasks done (or not needed) out of all, for the progress bar."""
    rows = (
        meeting.tasks.values("stage")
        .annotate(
            total=Count("id"),
            finished=Count("id", filter=Q(status__in=[TaskStatus.DONE, TaskStatus.SKIPPED])),
        )
        .order_by()
    )
    by_stage = {r["stage"]: r for r in rows}
    out = []
    for s in Stage:
        r = by_stage.get(s.value, {"total": 0, "finished": 0})
        pct = int(r["finished"] * 100 / r["total"]) if r["total"] else 0
        out.append(
            {
                "stage": s,
                "total": r["total"],
                "finished": r["finished"],
                "percent": pct,
                "current": s.value == meeting.stage,
            }
        )
    return out


def tasks_for_meeting(meeting: Meeting):
    return meeting.tasks.select_related("assignee").order_by("due_at", "id")


def overdue_and_this_week(meeting: Meeting) -> tuple[list[Task], list[Task]]:
    now = timezone.now()
    week_end = now + dt.timedelta(days=7)
    open_tasks = list(
        meeting.tasks.filter(status__in=OPEN_STATUSES, due_at__lt=week_end).select_related("assignee")
    )
    return [t for t in open_tasks if t.due_at < now], [t for t in open_tasks if t.due_at >= now]


def tasks_for_user(org, user, *, include_done: bool = False):
    qs = scoped(Task, org).filter(assignee=user).select_related("meeting", "assignee")
    if not include_done:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_at", "id")


def gantt_rows(meeting: Meeting) -> list[dict]:
    """The Gantt chart's data: one row per task with start, due, stage and status."""
    rows = []
    for t in tasks_for_meeting(meeting):
        due = timezone.localtime(t.due_at, meeting.tz)
        start = (
            due - dt.timedelta(days=max(t.duration_days, 1))
            if t.unit != "minutes"
            else due - dt.timedelta(hours=1)
        )
        rows.append(
            {
                "id": t.pk,
                "title": t.title,
                "stage": t.stage,
                "status": t.status,
                "start": start.isoformat(),
                "due": due.isoformat(),
                "assignee": str(t.assignee) if t.assignee else "",
            }
        )
    return rows


def deadlines_in(org, start: dt.date, end: dt.date):
    """Open tasks due in ``[start, end)`` across the organisation, for the calendar."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    return scoped(Task, org).filter(due_at__gte=lo, due_at__lt=hi).only("id", "title", "due_at", "status")


def is_planner(membership, meeting: Meeting | None = None) -> bool:
    """Who runs a meeting's own set-up (its feedback, its live interaction, its wrap-up): those who may
    edit the organisation's meetings, and the meeting's project manager."""
    if membership is None:
        return False
    if can(membership, Perm.EDIT_MEETINGS):
        return True
    return meeting is not None and meeting.owner_id == membership.user_id and membership.is_active
