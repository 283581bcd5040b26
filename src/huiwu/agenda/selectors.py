"""Reads of the agenda shared by the grid and the API."""

from __future__ import annotations

from .checks import Problem, check
from .models import AgendaRules, Session


def people(session) -> list:
    """The session's speakers and moderators (from the prefetched roles)."""
    return [r.speaker for r in session.roles.all()]


def checked_sessions(meeting, agenda, rules=None) -> tuple[list[Session], list[Problem]]:
    """Every session of the meeting with slot, room, people and their windows loaded, and the rule
    problems of the agenda as it stands (the organisation's thresholds)."""
    sessions = list(
        Session.objects.filter(meeting=meeting)
        .select_related("slot", "room", "module")
        .prefetch_related("roles__speaker__windows")
    )
    problems = check(sessions, rules or AgendaRules.for_org(meeting.org), agenda, speakers_of=people)
    return sessions, problems
