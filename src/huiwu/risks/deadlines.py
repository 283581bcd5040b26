"""The watched deadlines of the catalogue: the risk assessment report by T-15 (``safety.risk_report``)
and the backup plan confirmed with the client by T-3 (``safety.backup_confirmed``).

Each is met by a fact of the risk register (the first issued report, the client's confirmation). Its
state at a moment: met, met late, open, due soon (within ``planning.deadline_warning``) or overdue. The
states are read by the workspace's today page, the command centre, the risk register and the stage gate
(``receivers``: the deadline belongs to the stage its due date falls in); ``watch`` (every 15 minutes,
``tasks``) tells the meeting's owner once when one comes due and once when it is missed.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from huiwu.events.enums import Stage
from huiwu.events.models import Meeting
from huiwu.orgs.enums import Perm
from huiwu.orgs.selectors import members_with
from huiwu.standards.selectors import Standard, standards

from .models import BackupConfirmation, DeadlineAlert, IssuedReport


class State(StrEnum):
    MET = "met"
    LATE = "late"  # met, after its due date
    OPEN = "open"
    SOON = "soon"
    OVERDUE = "overdue"


STATE_LABELS = {
    State.MET: pgettext_lazy("deadline", "met"),
    State.LATE: pgettext_lazy("deadline", "met late"),
    State.OPEN: pgettext_lazy("deadline", "open"),
    State.SOON: pgettext_lazy("deadline", "due soon"),
    State.OVERDUE: pgettext_lazy("deadline", "overdue"),
}
ALERTING = (State.SOON, State.OVERDUE)

# the stages' first days, counted back from T (DOMAIN.md's windows, from the catalogue)
STAGE_STARTS = ((Stage.PLANNING, "stage.planning_start"), (Stage.CONTRACTS, "stage.contracts_start"))


@dataclass(frozen=True)
class Watched:
    key: str
    label: Callable[[], str]
    done: Callable[[Iterable[int]], dict[int, dt.datetime]]  # meeting ids → when the deadline was met


def _first_issues(meeting_ids: Iterable[int]) -> dict[int, dt.datetime]:
    out: dict[int, dt.datetime] = {}
    for meeting_id, issued_at in IssuedReport.objects.filter(meeting_id__in=list(meeting_ids)).values_list(
        "meeting_id", "issued_at"
    ):
        out[meeting_id] = min(issued_at, out.get(meeting_id, issued_at))
    return out


def _confirmations(meeting_ids: Iterable[int]) -> dict[int, dt.datetime]:
    return dict(
        BackupConfirmation.objects.filter(meeting_id__in=list(meeting_ids)).values_list(
            "meeting_id", "confirmed_at"
        )
    )


WATCHED = (
    Watched("safety.risk_report", lambda: gettext("Risk assessment report issued"), _first_issues),
    Watched(
        "safety.backup_confirmed", lambda: gettext("Backup plan confirmed with the client"), _confirmations
    ),
)


@dataclass(frozen=True)
class Deadline:
    meeting: Meeting
    key: str
    label: str
    due_on: dt.date  # the last day (in the meeting's time zone)
    due_at: dt.datetime  # the end of that day (the next midnight): from then on overdue
    done_at: dt.datetime | None
    state: State
    stage: int

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def met(self) -> bool:
        return self.done_at is not None

    @property
    def url(self) -> str:
        return reverse("risks:register", kwargs={"org": self.meeting.org.slug, "meeting": self.meeting.pk})


def state_at(
    due_at: dt.datetime, done_at: dt.datetime | None, warning: dt.timedelta, now: dt.datetime
) -> State:
    """A deadline's state at ``now``: met (or late) once done, else overdue from ``due_at``, due soon
    within ``warning`` of it (every watched deadline reads it, the wrap-up's too)."""
    if done_at is not None:
        return State.MET if done_at < due_at else State.LATE
    if now >= due_at:
        return State.OVERDUE
    if now >= due_at - warning:
        return State.SOON
    return State.OPEN


def stage_of(meeting: Meeting, due_on: dt.date, rules: dict[str, Standard]) -> int:
    """The stage whose window holds ``due_on``: its gate is where the deadline is missing."""
    if due_on >= meeting.start_date:
        return Stage.ONSITE if due_on <= meeting.end_date else Stage.WRAPUP
    stage: int = Stage.INTAKE
    for later, key in STAGE_STARTS:
        if due_on >= meeting.start_date - rules[key].duration():
            stage = later
    return stage


def of_meetings(meetings: Iterable[Meeting], now: dt.datetime) -> list[Deadline]:
    """Every watched deadline in force of ``meetings`` (of one organisation or several) at ``now``."""
    meetings = list(meetings)
    ids = [m.pk for m in meetings]
    done = {w.key: w.done(ids) for w in WATCHED}
    out: list[Deadline] = []
    for meeting in meetings:
        rules = standards(meeting.org, meeting=meeting)
        warning = rules["planning.deadline_warning"].duration()
        tz = zoneinfo.ZoneInfo(meeting.timezone)
        for w in WATCHED:
            rule = rules[w.key]
            if not rule.enabled:
                continue
            due_on = meeting.start_date - rule.duration()
            due_at = dt.datetime.combine(due_on + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
            done_at = done[w.key].get(meeting.pk)
            out.append(
                Deadline(
                    meeting=meeting,
                    key=w.key,
                    label=w.label(),
                    due_on=due_on,
                    due_at=due_at,
                    done_at=done_at,
                    state=state_at(due_at, done_at, warning, now),
                    stage=stage_of(meeting, due_on, rules),
                )
            )
    return out


def of_meeting(meeting: Meeting, now: dt.datetime | None = None) -> list[Deadline]:
    return of_meetings([meeting], now or timezone.now())


def alerts(org, now: dt.datetime | None = None) -> list[Deadline]:
    """The organisation's watched deadlines due soon or missed, of the meetings not yet held: the
    earliest first (the workspace's today page)."""
    now = now or timezone.now()
    upcoming = Meeting.objects.filter(org=org, end_date__gte=timezone.localdate(now)).select_related("org")
    found = [d for d in of_meetings(upcoming, now) if d.state in ALERTING]
    return sorted(found, key=lambda d: (d.due_at, d.meeting.name, d.key))


def recipients(meeting: Meeting) -> list:
    """The meeting's owner; without one, those who may edit the organisation's meetings."""
    if meeting.owner_id and meeting.owner.is_active:
        return [meeting.owner]
    return members_with(meeting.org, Perm.EDIT_MEETINGS)


def _claim(deadline: Deadline, now: dt.datetime) -> bool:
    """Whether this run is the one to send this alert (a unique row: one sender across processes)."""
    try:
        with transaction.atomic():
            DeadlineAlert.objects.create(
                meeting=deadline.meeting,
                key=deadline.key,
                due_on=deadline.due_on,
                state=deadline.state,
                sent_at=now,
            )
    except IntegrityError:
        return False
    return True


def watch(now: dt.datetime | None = None) -> int:
    """Tell each meeting's owner once when a watched deadline comes due and once when it is missed
    (a deadline moved with day T is told again). Returns the alerts sent."""
    from huiwu.notifications.services import in_language, notify

    now = now or timezone.now()
    latest_due = timezone.localdate(now) + dt.timedelta(days=366 * 2)
    meetings = Meeting.objects.filter(
        start_date__gte=timezone.localdate(now) - dt.timedelta(days=1), start_date__lte=latest_due
    ).select_related("org", "owner")
    sent = 0
    for deadline in of_meetings(meetings, now):
        if deadline.state not in ALERTING or not _claim(deadline, now):
            continue
        meeting = deadline.meeting

        def words(deadline: Deadline = deadline) -> tuple[str, str]:
            what = {"what": WATCHED_LABEL[deadline.key](), "meeting": deadline.meeting.name}
            if deadline.state == State.OVERDUE:
                title = gettext("Missed: %(what)s (%(meeting)s)") % what
            else:
                title = gettext("Due soon: %(what)s (%(meeting)s)") % what
            return title, gettext("Due by %(day)s") % {"day": deadline.due_on.isoformat()}

        for user in recipients(meeting):
            title, body = in_language(user, words)
            notify(user=user, org=meeting.org, title=title, body=body, url=deadline.url, email=True)
        sent += 1
    return sent


WATCHED_LABEL = {w.key: w.label for w in WATCHED}
