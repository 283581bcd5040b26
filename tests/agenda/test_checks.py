"""Every live rule of the agenda grid, on plain objects (no database)."""

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from huiwu.agenda.checks import check

pytestmark = pytest.mark.unit
DAY = dt.date(2030, 6, 3)
RULES = NS(max_core_block_minutes=90, no_adjacent_buffers=True, tech_ready_minutes=120, rehearsal_minutes=30)
HOURS = NS(opens=dt.time(7), closes=dt.time(22))


class Windows(list):
    def all(self):
        return self


def room(pk=1, seats=100):
    return NS(pk=pk, name=f"Room {pk}", theatre=seats, classroom=0, banquet=0, u_shape=0, reception=0)


def person(pk=1, windows=(), rehearsal=None):
    return NS(
        pk=pk,
        name=f"P{pk}",
        windows=Windows(windows),
        rehearsal_date=DAY if rehearsal else None,
        rehearsal_start=dt.time.fromisoformat(rehearsal) if rehearsal else None,
    )


_pk = iter(range(1, 10_000))


def session(
    start,
    minutes=45,
    where=None,
    kind="core",
    audience=10,
    people=(),
    slot_minutes=None,
    day=DAY,
    plenary=False,
):
    where = where or room()
    slot = NS(date=day, start=dt.time.fromisoformat(start), duration=slot_minutes or minutes)
    s = NS(
        pk=next(_pk),
        title=f"S{start}",
        slot=slot,
        slot_id=1,
        room=where,
        room_id=where.pk,
        kind=kind,
        duration=minutes,
        audience=audience,
        plenary=plenary,
    )
    s.people = list(people)
    return s


def codes(sessions, rules=RULES, hours=HOURS):
    # rehearsals are checked on their own below: here every speaker rehearses early
    return sorted({p.code for p in check(sessions, rules, hours, speakers_of=lambda s: s.people)})


def test_a_clean_morning_has_no_problem():
    p = person(rehearsal="08:00")
    r = room()
    morning = [
        session("09:00", where=r, people=[p]),
        session("09:45", where=r),
        session("10:30", 30, where=r, kind="buffer"),
        session("11:00", where=r),
    ]
    assert codes(morning) == []


def test_room_double_booked():
    r = room()
    found = check(
        [session("09:00", where=r), session("09:30", where=r)], RULES, HOURS, speakers_of=lambda s: []
    )
    assert [p.code for p in found] == ["room"]
    assert len(found[0].sessions) == 2


def test_speaker_in_two_places():
    p = person(rehearsal="08:00")
    assert "speaker" in codes(
        [session("09:00", where=room(1), people=[p]), session("09:00", where=room(2), people=[p])]
    )


def test_capacity_below_audience():
    assert codes([session("09:00", where=room(seats=50), audience=51)]) == ["capacity"]


def test_session_longer_than_its_slot():
    assert codes([session("09:00", minutes=60, slot_minutes=45)]) == ["too_long"]


def test_core_stretch_longer_than_the_limit():
    r = room()
    assert codes([session("09:00", where=r), session("09:45", where=r), session("10:30", where=r)]) == [
        "core_block"
    ]
    # a gap (lunch) ends the stretch
    assert codes([session("09:00", where=r), session("09:45", where=r), session("11:00", where=r)]) == []


def test_two_buffers_back_to_back():
    r = room()
    both = [session("10:30", 30, where=r, kind="buffer"), session("11:00", 30, where=r, kind="buffer")]
    assert codes(both) == ["buffers"]
    assert codes(both, rules=NS(**{**vars(RULES), "no_adjacent_buffers": False})) == []


def test_outside_venue_hours():
    assert "hours" in codes([session("21:30", 45)])


def test_speaker_outside_availability():
    away = NS(kind="unavailable", date=DAY, start=dt.time(9, 30), end=dt.time(12))
    p = person(windows=[away], rehearsal="08:00")
    assert codes([session("09:00", people=[p])]) == ["availability"]
    prefer = NS(kind="preferred", date=DAY, start=dt.time(14), end=dt.time(16))
    assert codes([session("09:00", people=[person(windows=[prefer], rehearsal="08:00")])]) == []


def test_tech_ready_before_the_venue_opens():
    found = codes([session("09:00")], hours=NS(opens=dt.time(8), closes=dt.time(22)))
    assert found == ["tech"]
    assert codes([session("09:00")], hours=NS(opens=dt.time(7), closes=dt.time(22))) == []


def test_rehearsal_collides_with_the_room_or_the_speaker():
    r = room()
    p = person()  # no rehearsal slot: backstage in the 30 minutes before each session
    assert codes([session("09:00", where=r), session("09:45", where=r, people=[p])]) == []
    # the speaker is on another stage just before
    q = person(2)
    assert codes([session("09:00", where=room(2), people=[q]), session("09:45", where=r, people=[q])]) == [
        "rehearsal"
    ]
    # a rehearsal slot is on the stage of the session's room: core content there collides, a tea break not
    early = person(3, rehearsal="09:00")
    assert codes([session("09:00", where=r), session("09:45", where=r, people=[early])]) == ["rehearsal"]
    assert (
        codes([session("09:00", 30, where=r, kind="buffer"), session("09:45", where=r, people=[early])]) == []
    )


def test_an_explicit_rehearsal_must_end_before_the_session():
    assert codes([session("09:00", people=[person(rehearsal="08:45")])]) == ["rehearsal"]
    assert codes([session("09:00", people=[person(rehearsal="08:00")])]) == []
    # and it must not fall before the venue opens
    assert codes([session("09:00", people=[person(rehearsal="06:00")])]) == ["rehearsal"]


def test_rules_are_the_organisations_data():
    r = room()
    three = [session("09:00", where=r), session("09:45", where=r), session("10:30", where=r)]
    assert codes(three, rules=NS(**{**vars(RULES), "max_core_block_minutes": 135})) == []


def test_nothing_runs_beside_a_plenary_or_a_meal():
    hall, side = room(1, 800), room(2, 100)
    opening = session("09:00", 60, hall, plenary=True)
    breakout = session("09:30", 45, side)
    assert codes([opening, breakout]) == ["plenary"]
    problem = next(p for p in check([opening, breakout], RULES, HOURS, speakers_of=lambda s: s.people))
    assert problem.sessions == {opening.pk, breakout.pk} and "Room 2" in problem.message
    assert codes([opening, session("10:00", 45, side)]) == []  # after it ends: fine
    dinner = session("18:00", 90, hall, kind="buffer", plenary=True)
    assert codes([dinner, session("18:00", 60, side)]) == ["plenary"]
