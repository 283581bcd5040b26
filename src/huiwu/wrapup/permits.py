"""Who does the wrap-up: the meeting's planners and its project manager (as for the feedback); who
decides a lesson: those who may change the organisation's standards and playbook."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from huiwu.events.errors import MeetingArchived
from huiwu.events.models import Meeting
from huiwu.feedback.services import may_set_up
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can

from .errors import NotAllowed, NotEnded, NotOwner


def planner(membership: Membership | None, meeting: Meeting) -> Membership:
    """The member doing the wrap-up of ``meeting``; an archived meeting is no longer changed."""
    if membership is None or membership.org_id != meeting.org_id or not may_set_up(membership, meeting):
        raise NotAllowed()
    if meeting.archived_at is not None:
        raise MeetingArchived()
    return membership


def ended(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Refuse the wrap-up's work on a meeting that has not ended (by ``now``)."""
    if (now or timezone.now()) < meeting.ends_at():
        raise NotEnded()


def may_decide(membership: Membership | None) -> bool:
    return membership is not None and membership.is_active and can(membership, Perm.MANAGE_ORG)


def owner(membership: Membership | None, org_id: int) -> Membership:
    if membership is None or membership.org_id != org_id or not may_decide(membership):
        raise NotOwner()
    return membership
