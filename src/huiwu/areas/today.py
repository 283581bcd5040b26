"""The "today" home: what needs this person now, across the organisation's meetings.

For each person: their overdue tasks and the ones due today, the meetings live today (with the way
to their command centre), the open incidents, the risk reviews and on-site checklists that are due, and
the watched deadlines of the service standards due soon or missed (risk report, backup plan), and staff
certificates ending within the notice (everyone's, for those who run on-site work; else one's own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from huiwu.events.enums import OPEN_STATUSES
from huiwu.events.models import Meeting, Task
from huiwu.onsite.enums import IncidentStatus, Tier
from huiwu.onsite.models import Checklist, Incident
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import role_has_perm
from huiwu.risks import deadlines as watched
from huiwu.risks.enums import RiskStatus
from huiwu.risks.models import Risk
from huiwu.staff.selectors import ending

LIMIT = 20  # rows per list: the page links to the full lists


@dataclass
class Today:
    day: dt.date
    overdue: list = field(default_factory=list)
    due_today: list = field(default_factory=list)
    live: list = field(default_factory=list)
    incidents: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    checklists: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    certificates: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.overdue
            or self.due_today
            or self.live
            or self.incidents
            or self.reviews
            or self.checklists
            or self.deadlines
            or self.certificates
        )


def today_for(org, user, now: dt.datetime | None = None) -> Today:
    now = now or timezone.now()
    day = timezone.localdate(now)
    end_of_day = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    mine = Task.objects.filter(org=org, assignee=user, status__in=OPEN_STATUSES).select_related("meeting")
    live = list(
        Meeting.objects.filter(org=org, start_date__lte=day, end_date__gte=day).order_by("start_date", "name")
    )
    open_incidents = Incident.objects.filter(org=org).exclude(
        status__in=[IncidentStatus.RESOLVED, IncidentStatus.CLOSED]
    )
    counts: dict[int, int] = {}
    for meeting_id in open_incidents.values_list("meeting_id", flat=True):
        counts[meeting_id] = counts.get(meeting_id, 0) + 1
    for m in live:
        m.open_incidents = counts.get(m.pk, 0)
    worst_first = Case(
        When(tier=Tier.MAJOR, then=Value(0)), When(tier=Tier.IMPORTANT, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )  # fmt: skip
    role = (
        Membership.objects.filter(org=org, user=user, is_active=True).values_list("role", flat=True).first()
    )
    certificates = ending(org, day)
    if not role_has_perm(role or "", Perm.OPERATE_ONSITE):  # one's own only
        certificates = [c for c in certificates if c.person.member_id == user.pk]
    return Today(
        day=day,
        certificates=certificates[:LIMIT],
        overdue=list(mine.filter(due_at__lt=now).order_by("due_at", "id")[:LIMIT]),
        due_today=list(mine.filter(due_at__gte=now, due_at__lt=end_of_day).order_by("due_at", "id")[:LIMIT]),
        live=live,
        incidents=list(
            open_incidents.select_related("meeting")
            .annotate(rank=worst_first)
            .order_by("rank", "reported_at")[:LIMIT]
        ),
        reviews=list(
            Risk.objects.filter(
                meeting__org=org, status=RiskStatus.OPEN, review_date__lte=day, meeting__end_date__gte=day
            )
            .select_related("meeting", "owner")
            .order_by("review_date", "id")[:LIMIT]
        ),
        deadlines=watched.alerts(org, now)[:LIMIT],
        checklists=list(
            Checklist.objects.filter(org=org, signed_at__isnull=True, due_at__lt=end_of_day, meeting__in=live)
            .select_related("meeting")
            .order_by("due_at", "id")[:LIMIT]
        ),
    )
