"""The agency calendar (meetings and deadlines by month), the ICS feed, Excel exports."""

from __future__ import annotations

import calendar as cal
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.excel import xlsx_response
from huiwu.orgs.access import org_view, scoped
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.services import issue_feed_token

from .. import ics, selectors
from ..enums import OPEN_STATUSES
from ..models import Meeting, Task


def _month(request) -> dt.date:
    try:
        return dt.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@org_view()
def agency_calendar(request):
    first = _month(request)
    end = first + dt.timedelta(days=cal.monthrange(first.year, first.month)[1])
    meetings = list(selectors.meetings_for_org(request.org).filter(start_date__lt=end, end_date__gte=first))
    deadlines = list(selectors.deadlines_in(request.org, first, end).filter(status__in=OPEN_STATUSES))
    tz = timezone.get_current_timezone()
    by_day: dict[dt.date, list[Task]] = {}
    for t in deadlines:
        by_day.setdefault(timezone.localtime(t.due_at, tz).date(), []).append(t)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "meetings": [m for m in meetings if m.start_date <= day <= m.end_date],
                "tasks": by_day.get(day, []),
            }
            for day in week
        ]
        for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    context = {
        "weeks": weeks,
        "month": first,
        "prev": prev.strftime("%Y-%m"),
        "next": end.strftime("%Y-%m"),
        "feed_url": _feed_url(request, request.membership.feed_token),
    }
    return render(request, "events/calendar.html", context)


def _feed_url(request, token: str | None) -> str:
    return request.build_absolute_uri(reverse("feed-deadlines", kwargs={"token": token})) if token else ""


@org_view()
@require_POST
def feed_issue(request):
    """Make (or replace) the member's secret feed address: a write, so a POST, never a page view."""
    issue_feed_token(membership=request.membership, actor=request.user)
    messages.success(request, _("Your calendar feed address is ready; an older one no longer works."))
    return redirect("tasks:calendar", org=request.org.slug)


def deadlines_feed(request, token: str):
    """A member's open task deadlines as an ICS feed (the secret address is the key)."""
    membership = (
        Membership.objects.select_related("org", "user").filter(feed_token=token, is_active=True).first()
        if token
        else None
    )
    if membership is None:
        raise Http404
    tasks = selectors.tasks_for_user(membership.org, membership.user)
    events = [
        ics.Event(
            uid=f"task-{t.pk}@huiwu",
            start=t.due_at - dt.timedelta(minutes=30),
            end=t.due_at,
            summary=t.title,
            description=t.meeting.name if t.meeting else "",
            url=settings.SITE_URL
            + reverse("tasks:detail", kwargs={"org": membership.org.slug, "task": t.pk}),
        )
        for t in tasks
    ]
    body = ics.calendar(f"{membership.org.name} · {membership.user}", events)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)  # Excel has no time zones


@org_view(Perm.VIEW)
def export_meetings(request):
    rows = (
        [
            m.name,
            str(m.client or ""),
            m.get_meeting_type_display(),
            m.get_stage_display(),
            m.start_date,
            m.end_date,
            m.city,
            m.expected_attendance,
            str(m.owner or ""),
            _local(m.updated_at),
        ]
        for m in selectors.meetings_for_org(request.org)
    )
    header = [
        _("Meeting"),
        _("Client"),
        _("Type"),
        _("Stage"),
        _("Day T"),
        _("Last day"),
        _("City"),
        _("Expected attendance"),
        _("Project manager"),
        _("Updated"),
    ]
    return xlsx_response(f"meetings-{request.org.slug}.xlsx", header, rows)


@org_view(Perm.VIEW)
def export_tasks(request):
    qs = scoped(Task, request.org).select_related("meeting", "assignee").order_by("meeting_id", "due_at")
    meeting_id = request.GET.get("meeting", "")
    if meeting_id:
        if not meeting_id.isdecimal() or not scoped(Meeting, request.org).filter(pk=meeting_id).exists():
            raise Http404
        qs = qs.filter(meeting_id=meeting_id)
    rows = (
        [
            str(t.meeting or ""),
            t.title,
            t.get_stage_display(),
            _local(t.due_at),
            t.get_status_display(),
            str(t.assignee or ""),
            t.get_role_display() if t.role else "",
            t.deliverable,
        ]
        for t in qs.iterator(chunk_size=1000)
    )
    header = [
        _("Meeting"),
        _("Task"),
        _("Stage"),
        _("Due"),
        _("Status"),
        _("Assignee"),
        _("Responsible role"),
        _("Deliverable"),
    ]
    return xlsx_response(f"tasks-{request.org.slug}.xlsx", header, rows)
