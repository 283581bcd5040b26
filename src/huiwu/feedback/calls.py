"""The 48-hour follow-up: the VIPs get a phone call instead of the survey. The call list (each VIP of the
meeting, the caller — the PM unless another is chosen —, due ``wrap_up.feedback`` hours after the end),
the outcome recorded per call against the version seen, the deadline watched (callers told once when a
call is overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.events.models import Meeting
from huiwu.notifications.services import claim, in_language, notify
from huiwu.orgs.models import Membership
from huiwu.orgs.selectors import is_member
from huiwu.standards.selectors import standards

from .errors import CallInvalid, SurveyStale
from .models import OPEN_CALLS, Call, CallStatus
from .services import _planner

register_actions(
    {
        "feedback.calls.listed": gettext_lazy("Follow-up call list made"),
        "feedback.call.recorded": gettext_lazy("Follow-up call recorded"),
    }
)

DEFAULT_HOURS = 48


def due_at(meeting: Meeting) -> dt.datetime:
    """``wrap_up.feedback`` hours (48) after the meeting's end."""
    rule = standards(meeting.org, meeting=meeting).get("wrap_up.feedback")
    hours = rule.duration() if rule is not None and rule.enabled else dt.timedelta(hours=DEFAULT_HOURS)
    return meeting.ends_at() + hours


@transaction.atomic
def make_list(*, meeting: Meeting, membership: Membership | None, caller: User | None = None) -> list[Call]:
    """A call for each confirmed VIP of the meeting not on the list yet, to ``caller`` (a member) or the
    meeting's PM."""
    who = _planner(membership, meeting.org, meeting)
    if caller is not None and not is_member(meeting.org, caller):
        raise CallInvalid(
            gettext("The caller is not a member of the organisation."), details={"field": "caller"}
        )
    have = set(Call.objects.filter(meeting=meeting).values_list("attendee_id", flat=True))
    vips = Attendee.objects.filter(meeting=meeting, category=Category.VIP, status=Status.CONFIRMED).exclude(
        pk__in=have
    )
    due = due_at(meeting)
    made = [
        Call.objects.create(meeting=meeting, attendee=a, caller=caller or meeting.owner, due_at=due)
        for a in vips.order_by("pk")
    ]
    log_action("feedback.calls.listed", target=meeting, actor=who.user, org=meeting.org,
               data={"calls": len(made)})  # fmt: skip
    return made


@dataclass(frozen=True, kw_only=True)
class CallInput:
    status: str
    satisfaction: Any = None
    outcome: str = ""


@transaction.atomic
def record(*, call: Call, membership: Membership | None, data: CallInput, version: int) -> Call:
    """What the call gave: reached (with the satisfaction 0-10 the guest said, when said), no answer yet
    (an attempt counted), declined; the outcome in words. Against the version seen."""
    meeting = call.meeting
    # the caller records their own call; the meeting's planners any
    mine = membership is not None and membership.user_id == call.caller_id and membership.is_active
    who = membership if mine and membership is not None else _planner(membership, meeting.org, meeting)
    if who.org_id != meeting.org_id:
        raise CallInvalid(details={"field": "call"})
    if data.status not in CallStatus.values or data.status == CallStatus.PENDING:
        raise CallInvalid(gettext("Say how the call went."), details={"field": "status"})
    score = None
    if data.satisfaction not in (None, ""):
        text = str(data.satisfaction).strip()
        if isinstance(data.satisfaction, bool) or not text.isdecimal() or not 0 <= int(text) <= 10:
            raise CallInvalid(
                gettext("Satisfaction is a whole number from 0 to 10."), details={"field": "satisfaction"}
            )
        score = int(text)
    if score is not None and data.status != CallStatus.REACHED:
        raise CallInvalid(
            gettext("Only a guest reached gives a satisfaction."), details={"field": "satisfaction"}
        )
    try:
        outcome = clean_text(data.outcome, max_length=2000, multiline=True)
    except ValidationError as exc:
        raise CallInvalid(" ".join(exc.messages), details={"field": "outcome"}) from None
    changed = Call.objects.filter(pk=call.pk, version=version).update(
        status=data.status, satisfaction=score, outcome=outcome, attempts=F("attempts") + 1,
        called_at=timezone.now(), version=F("version") + 1,
    )  # fmt: skip
    if not changed:
        raise SurveyStale(gettext("Someone recorded this call since you opened it: reload it."))
    call.refresh_from_db()
    log_action("feedback.call.recorded", target=meeting, actor=who.user, org=meeting.org,
               data={"call": call.pk, "status": call.status, "satisfaction": score})  # fmt: skip
    return call


def watch(*, now: dt.datetime | None = None) -> int:
    """Calls past their deadline and not done (reached or declined): their caller told once."""
    now = now or timezone.now()
    late = Call.objects.filter(due_at__lt=now, status__in=OPEN_CALLS).select_related(
        "meeting", "meeting__org", "attendee", "caller"
    )
    told = 0
    for call in late:
        if call.caller is None or not claim(call.meeting.org_id, f"feedback-call-late:{call.pk}"):
            continue

        def title(c: Call = call) -> str:
            words = {"name": c.attendee.name, "meeting": c.meeting.name}
            return gettext("Follow-up call overdue: %(name)s (%(meeting)s)") % words

        notify(user=call.caller, org=call.meeting.org, url=_url(call), title=in_language(call.caller, title))
        told += 1
    return told


def _url(call: Call) -> str:
    from django.urls import reverse

    return reverse("feedback:calls", kwargs={"org": call.meeting.org.slug, "meeting": call.meeting_id})
