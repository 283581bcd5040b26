"""The command centre: one page per meeting day with check-in progress, the current and next cues, open
incidents with their countdowns, today's tasks and the alerts (tea-break restock due, lanes over target,
checklists overdue: materials, equipment, rehearsals; watched deadlines missed: risk report, backup plan;
posts unfilled). The panels are re-rendered when a
live event says something moved. Drawing them only reads: the SLA watch escalates in the periodic task
(every minute, ``onsite/tasks.py``), and its escalation is pushed to the page as ``incident.changed``."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from huiwu.checkin import dashboard as checkin_dashboard
from huiwu.events.enums import TaskStatus
from huiwu.events.models import Task
from huiwu.risks import deadlines

from . import cues, policies, services, team
from .models import Checklist, CueStatus, Incident
from .signals import command_alerts

RESTOCK_WARNING = dt.timedelta(minutes=15)


def panels(meeting, now: dt.datetime) -> dict:
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    day = now.astimezone(tz).date()
    checkin = checkin_dashboard.figures(meeting, day, now)
    rows = cues.day_rows(meeting, day, now)
    live = [r for r in rows if r["cue"].status == CueStatus.LIVE]
    upcoming = [r for r in rows if r["cue"].status in (CueStatus.PENDING, CueStatus.STANDBY)][:3]
    incidents = []
    for incident in Incident.objects.filter(meeting=meeting, status__in=services.OPEN).select_related(
        "owner"
    ):
        incident.running = policies.running(incident.timers())
        incidents.append(incident)
    incidents.sort(key=lambda i: (["major", "important", "general"].index(i.tier), i.reported_at))
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    tasks = list(
        Task.objects.filter(meeting=meeting, due_at__gte=start, due_at__lt=start + dt.timedelta(days=1))
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.SKIPPED])
        .select_related("assignee")
        .order_by("due_at")[:12]
    )
    alerts = []
    for r in rows:
        c = r["cue"]
        if (
            c.operation.startswith("restock:")
            and c.status != CueStatus.DONE
            and now <= c.start <= now + RESTOCK_WARNING
        ):
            alerts.append(("restock", c.title, c.start))
    for lane in checkin["gates"]:
        if lane["open"] and lane["over_target"] and lane["per_minute"]:
            alerts.append(("lane", lane["name"], None))
    for checklist in Checklist.objects.filter(meeting=meeting, signed_at__isnull=True, due_at__lt=now):
        alerts.append(("checklist", checklist.title, checklist.due_at))
    for deadline in deadlines.of_meetings([meeting], now):
        if deadline.state in deadlines.ALERTING:
            alerts.append(("deadline", deadline.label, deadline.due_on))
    for _receiver, extra in command_alerts.send(sender=Incident, meeting=meeting, now=now):
        alerts.extend(extra)
    gaps = team.gaps(meeting)
    if gaps:
        alerts.append(("gaps", str(len(gaps)), None))
    return {
        "meeting": meeting, "now": now, "day": day, "checkin": checkin, "live": live, "upcoming": upcoming,
        "incidents": incidents, "tasks": tasks, "alerts": alerts,
    }  # fmt: skip
