"""Reads of the agenda shared by the grid and the API."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from huiwu.standards.selectors import standards

from .checks import Problem, check
from .models import AgendaRules, Session


@dataclass(frozen=True)
class Rules:
    """What an agenda is checked against and the solver weighs: the thresholds from the meeting's
    service standards (``agenda.core_block``, ``timing.tech_ready``, ``timing.speaker_rehearsal``; its
    client's own figures included), the rest from the organisation's agenda settings."""

    max_core_block_minutes: int
    tech_ready_minutes: int
    rehearsal_minutes: int
    no_adjacent_buffers: bool
    comfort_percent: int
    weight_crowding: int
    weight_preference: int
    weight_change: int


def _whole_minutes(rule) -> int:
    return math.ceil(rule.minutes()) if rule.enabled else 0


def rules_for(meeting) -> Rules:
    settings = AgendaRules.for_org(meeting.org)
    figures = standards(meeting.org, meeting=meeting)
    block = figures["agenda.core_block"]
    return Rules(
        max_core_block_minutes=math.floor(block.minutes()) if block.enabled else 24 * 60,
        tech_ready_minutes=_whole_minutes(figures["timing.tech_ready"]),
        rehearsal_minutes=_whole_minutes(figures["timing.speaker_rehearsal"]),
        no_adjacent_buffers=settings.no_adjacent_buffers,
        comfort_percent=settings.comfort_percent,
        weight_crowding=settings.weight_crowding,
        weight_preference=settings.weight_preference,
        weight_change=settings.weight_change,
    )


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
    problems = check(sessions, rules or rules_for(meeting), agenda, speakers_of=people)
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
    problems = check(sessions, rules_for(meeting), hours, speakers_of=people)
    return rows, problems
