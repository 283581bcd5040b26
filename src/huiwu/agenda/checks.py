"""Live rule checks of an agenda being edited: each problem names its rule and its sessions.

Pure functions over loaded rows (no queries): the grid calls :func:`check` after every edit and marks
the sessions involved. Thresholds come from the meeting's service standards (``selectors.rules_for``).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .enums import SessionKind, WindowKind


@dataclass
class Problem:
    # room | plenary | speaker | capacity | too_long | core_block | buffers | hours | availability | tech
    # | rehearsal
    code: str
    message: str
    sessions: set[int] = field(default_factory=set)


def minutes(t) -> int:
    return t.hour * 60 + t.minute


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def room_capacity(room) -> int:
    """Seats for an agenda session: theatre layout, else the largest layout the room has."""
    return room.theatre or max(room.classroom, room.banquet, room.u_shape, room.reception, 0)


@dataclass(frozen=True)
class _Placed:
    session: object
    date: object
    start: int
    end: int
    room: object

    @property
    def pk(self) -> int:
        return self.session.pk


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def check(sessions, rules, agenda, speakers_of=None) -> list[Problem]:
    """``sessions`` with ``slot``, ``room`` and their speakers (``speakers_of(session)`` → speakers with
    ``windows``) loaded; ``rules`` the meeting's ``selectors.Rules``; ``agenda`` gives the venue hours."""
    speakers_of = speakers_of or (lambda s: list(s.speakers.all()))
    placed = [
        _Placed(s, s.slot.date, minutes(s.slot.start), minutes(s.slot.start) + s.slot.duration, s.room)
        for s in sessions
        if s.slot_id and s.room_id
    ]
    spk = {p.pk: speakers_of(p.session) for p in placed}
    opens, closes = minutes(agenda.opens), minutes(agenda.closes)
    out: list[Problem] = []
    for p in placed:
        out += _session_problems(p, spk[p.pk], opens, closes)
    for a, b in itertools.combinations(placed, 2):
        if a.date == b.date and _overlap(a.start, a.end, b.start, b.end):
            out += _clash_problems(a, b, spk)
    by_room_day = defaultdict(list)
    for p in placed:
        by_room_day[p.room.pk, p.date].append(p)
    for items in by_room_day.values():
        items.sort(key=lambda p: p.start)
        out += _core_blocks(items, rules)
        if rules.no_adjacent_buffers:
            out += _adjacent_buffers(items)
        out += _tech_ready(items[0], rules, opens)
    out += _rehearsals(placed, spk, rules, opens)
    return out


def _session_problems(p: _Placed, speakers, opens: int, closes: int) -> list[Problem]:
    """One session on its own: longer than its slot, more people than seats, outside the venue hours,
    a speaker unavailable then."""
    s, out = p.session, []
    if s.duration > p.end - p.start:
        out.append(Problem(
            "too_long",
            _("“%(s)s” lasts %(d)s min but its slot has %(n)s min.")
            % {"s": s.title, "d": s.duration, "n": p.end - p.start},
            {s.pk},
        ))  # fmt: skip
    cap = room_capacity(p.room)
    if s.audience > cap:
        out.append(Problem(
            "capacity",
            _("“%(s)s” expects %(a)s people; %(r)s seats %(c)s.")
            % {"s": s.title, "a": s.audience, "r": p.room.name, "c": cap},
            {s.pk},
        ))  # fmt: skip
    if p.start < opens or p.end > closes:
        out.append(Problem(
            "hours",
            _("“%(s)s” (%(a)s–%(b)s) is outside the venue hours %(o)s–%(c)s.")
            % {"s": s.title, "a": hhmm(p.start), "b": hhmm(p.end), "o": hhmm(opens), "c": hhmm(closes)},
            {s.pk},
        ))  # fmt: skip
    for person in speakers:
        for w in person.windows.all():
            if (
                w.kind == WindowKind.UNAVAILABLE
                and w.date == p.date
                and _overlap(p.start, p.end, minutes(w.start), minutes(w.end))
            ):
                out.append(Problem(
                    "availability",
                    _("%(p)s is unavailable %(a)s–%(b)s, during “%(s)s”.")
                    % {"p": person.name, "a": w.start.strftime("%H:%M"), "b": w.end.strftime("%H:%M"),
                       "s": s.title},
                    {s.pk},
                ))  # fmt: skip
    return out


def _clash_problems(a: _Placed, b: _Placed, spk) -> list[Problem]:
    """Two sessions at the same time: in one room, next to a plenary, or sharing a speaker."""
    out = []
    if a.room.pk == b.room.pk:
        out.append(Problem(
            "room",
            _("%(r)s is double-booked: “%(a)s” and “%(b)s”.")
            % {"r": a.room.name, "a": a.session.title, "b": b.session.title},
            {a.pk, b.pk},
        ))  # fmt: skip
    if a.session.plenary or b.session.plenary:
        plenary, other = (a, b) if a.session.plenary else (b, a)
        out.append(Problem(
            "plenary",
            _("“%(p)s” is for everyone: “%(s)s” (%(r)s) must not run at the same time.")
            % {"p": plenary.session.title, "s": other.session.title, "r": other.room.name},
            {a.pk, b.pk},
        ))  # fmt: skip
    shared = {x.pk for x in spk[a.pk]} & {x.pk for x in spk[b.pk]}
    for person in spk[a.pk]:
        if person.pk in shared:
            out.append(Problem(
                "speaker",
                _("%(p)s is in two places: “%(a)s” and “%(b)s”.")
                % {"p": person.name, "a": a.session.title, "b": b.session.title},
                {a.pk, b.pk},
            ))  # fmt: skip
    return out


def _core_blocks(items: list[_Placed], rules) -> list[Problem]:
    """One room's day in time order: core sessions back to back longer than the limit, with no buffer."""
    out, run = [], []
    for p in [*items, None]:
        core = p is not None and p.session.kind == SessionKind.CORE
        if core and run and run[-1].end == p.start:
            run.append(p)
            continue
        if run and run[-1].end - run[0].start > rules.max_core_block_minutes:
            out.append(Problem(
                "core_block",
                _("%(r)s: core sessions run %(a)s–%(b)s (%(n)s min) without a buffer; "
                  "the limit is %(m)s min.")
                % {"r": run[0].room.name, "a": hhmm(run[0].start), "b": hhmm(run[-1].end),
                   "n": run[-1].end - run[0].start, "m": rules.max_core_block_minutes},
                {x.pk for x in run},
            ))  # fmt: skip
        run = [p] if core else []
    return out


def _adjacent_buffers(items: list[_Placed]) -> list[Problem]:
    return [
        Problem(
            "buffers",
            _("%(r)s: two buffers back to back, “%(a)s” and “%(b)s”.")
            % {"r": a.room.name, "a": a.session.title, "b": b.session.title},
            {a.pk, b.pk},
        )
        for a, b in itertools.pairwise(items)
        if a.end == b.start and a.session.kind == b.session.kind == SessionKind.BUFFER
    ]


def _tech_ready(first: _Placed, rules, opens: int) -> list[Problem]:
    """The room's technology is ready ``tech_ready_minutes`` before its first session of the day."""
    ready = first.start - rules.tech_ready_minutes
    if ready >= opens:
        return []
    return [Problem(
        "tech",
        _("%(r)s: tech must be ready at %(t)s (%(n)s min before “%(s)s”), before the venue opens at %(o)s.")
        % {"r": first.room.name, "t": hhmm(max(ready, 0)), "n": rules.tech_ready_minutes,
           "s": first.session.title, "o": hhmm(opens)},
        {first.pk},
    )]  # fmt: skip


def _rehearsals(placed, spk, rules, opens) -> list[Problem]:
    """A speaker rehearses ``rehearsal_minutes`` long: at their rehearsal slot when set, on the stage of
    the session's room (it must end before their first session that day, and the room must not be
    holding core content then); else backstage in the minutes just before each session, so they must
    not be speaking elsewhere then. Either way, not before the venue opens."""
    out = []
    length = rules.rehearsal_minutes
    by_speaker = defaultdict(list)
    for p in placed:
        for person in spk[p.pk]:
            by_speaker[person.pk].append((person, p))
    for items in by_speaker.values():
        items.sort(key=lambda x: (x[1].date, x[1].start))
        seen_days = set()
        for person, p in items:
            explicit = person.rehearsal_date == p.date and person.rehearsal_start is not None
            if explicit:
                if p.date in seen_days:
                    continue  # one rehearsal a day, before the first session
                seen_days.add(p.date)
                w0 = minutes(person.rehearsal_start)
                if w0 + length > p.start:
                    out.append(
                        Problem(
                            "rehearsal",
                            _("%(p)s rehearses at %(t)s, after “%(s)s” has begun.")
                            % {"p": person.name, "t": hhmm(w0), "s": p.session.title},
                            {p.pk},
                        )
                    )
                    continue
            else:
                w0 = p.start - length
            w1 = w0 + length
            why, other = None, None
            if w0 < opens:
                why = _("before the venue opens")
            for q in placed:
                if q is p or q.date != p.date or not _overlap(w0, w1, q.start, q.end):
                    continue
                on_stage = explicit and q.room.pk == p.room.pk
                if on_stage and q.session.kind == SessionKind.CORE:  # a tea break leaves the stage free
                    why, other = _("%(r)s holds “%(s)s” then") % {"r": q.room.name, "s": q.session.title}, q
                    break
                if person.pk in {x.pk for x in spk[q.pk]}:
                    why, other = _("they speak in “%(s)s” then") % {"s": q.session.title}, q
                    break
            if why:
                out.append(
                    Problem(
                        "rehearsal",
                        _("%(p)s cannot rehearse %(a)s–%(b)s for “%(s)s”: %(why)s.")
                        % {"p": person.name, "a": hhmm(w0), "b": hhmm(w1), "s": p.session.title, "why": why},
                        {p.pk} | ({other.pk} if other else set()),
                    )
                )
    return out
