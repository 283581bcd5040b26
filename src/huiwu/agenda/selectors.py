"""Reads of the agenda shared by the grid and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def proposal_rows(proposal) -> tuple[list[dict], list[Problem]]:
    """The sessions a proposal moves, each with its cell before and after, and the rule problems the
    agenda would have once applied (the live checks on the proposed cells)."""
    from huiwu.venues.models import Room

    from .models import Agenda, Slot

    meeting = proposal.meeting
    sessions = list(
        Session.objects.filter(meeting=meeting)
        .select_related("slot", "room", "module")
        .prefetch_related("roles__speaker__windows")
    )
    wanted = {tuple(c) for cells in (proposal.before, proposal.after) for c in cells.values()}
    rooms = Room.objects.in_bulk({room for room, _slot in wanted if room})
    slots = Slot.objects.in_bulk({slot for _room, slot in wanted if slot})
    rows: list[dict[str, Any]] = []
    for s in sessions:
        key = str(s.pk)
        if key not in proposal.after:
            continue
        (room0, slot0), (room1, slot1) = proposal.before.get(key, [None, None]), proposal.after[key]
        rows.append({"session": s, "before": (rooms.get(room0), slots.get(slot0)),
                     "after": (rooms.get(room1), slots.get(slot1))})  # fmt: skip
        s.room, s.slot = rooms.get(room1), slots.get(slot1)
        s.room_id, s.slot_id = (s.room.pk if s.room else None), (s.slot.pk if s.slot else None)
    rows.sort(
        key=lambda r: (r["after"][1].date, r["after"][1].start) if r["after"][1] else (dt.date.max, dt.time())
    )
    hours = Agenda.objects.filter(meeting=meeting).first() or Agenda(meeting=meeting)
    problems = check(sessions, AgendaRules.for_org(meeting.org), hours, speakers_of=people)
    return rows, problems
