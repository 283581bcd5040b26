"""The solver on the hard instance families: every agenda checked by the independent validator.

No timed assertions: the constructive search stops as soon as every session is placed, and its budget
here is generous; the figures (time to the first agenda, objective against the plain CP-SAT model,
memory) are in ``make bench``.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiwu.agenda.scheduling import solver as solver_module
from huiwu.agenda.scheduling.construct import construct
from huiwu.agenda.scheduling.families import FAMILIES, generate_family
from huiwu.agenda.scheduling.instance import InstanceError, parse
from huiwu.agenda.scheduling.solver import candidate_cells, cell_cost, solve
from huiwu.agenda.scheduling.validator import objective, violations


def _construct(inst, budget=120.0, **kw):
    cells = candidate_cells(inst)
    return construct(inst, cells, lambda sid, r, t: cell_cost(inst, sid, r, t), budget=budget, **kw)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_is_feasible_and_the_constructed_agenda_keeps_every_rule(family):
    doc = generate_family(family, 150, seed=2)
    inst = parse(doc)
    assert len(inst.sessions) == 150
    assert violations(inst, doc["_planted"]) == []  # the proof that an agenda exists
    placed = _construct(inst)
    assert len(placed) == len(inst.sessions)
    assert violations(inst, placed) == []


def test_each_family_pushes_its_rule():
    def shape(family):
        inst = parse(generate_family(family, 300, seed=1))
        cells = len(inst.rooms) * len(inst.slots)
        speakers = [len(s.speakers) for s in inst.sessions.values()]
        return inst, cells, speakers

    inst, cells, _ = shape("full")
    assert len(inst.sessions) >= 0.85 * cells
    inst, _, speakers = shape("panels")
    assert sum(1 for n in speakers if n >= 3) >= 0.3 * len(speakers)
    inst, _, _ = shape("narrow")
    speaking = {p for s in inst.sessions.values() for p in s.speakers}
    open_share = [
        sum(1 for t in inst.slots.values() if not inst.overlaps(inst.unavailable.get(p) or [], t))
        / len(inst.slots)
        for p in speaking
    ]
    assert sum(open_share) / len(open_share) <= 0.6  # a speaker is free for a few slots only
    inst, _, _ = shape("pinned")
    assert sum(1 for s in inst.sessions.values() if s.pin_room) >= 0.25 * len(inst.sessions)
    inst, _, _ = shape("rooms")
    caps = sorted(inst.rooms.values())
    assert caps[-2] >= 800 and caps[-3] <= 120
    inst, _, _ = shape("long")
    assert len(inst.adjacent_pairs()) >= 13 * len(inst.days())  # back-to-back slots all day
    inst, _, _ = shape("mixed")
    assert inst.rehearsal == 30 and any(s.exclusive for s in inst.sessions.values())


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(min_value=1, max_value=10_000), family=st.sampled_from(["long", "mixed", "panels"]))
def test_lns_rounds_on_held_neighbourhoods_keep_every_rule(seed, family):
    """Each LNS round frees a neighbourhood and holds the rest (core runs, buffers, plenaries and
    rehearsals across the border count): the agenda stays valid and never gets dearer."""
    inst = parse(generate_family(family, 120, seed=seed))
    start = _construct(inst)
    saved = solver_module.SMALL_MODEL
    solver_module.SMALL_MODEL = 0  # the path of big instances, on a small one
    try:
        result = solve(inst, time_limit=4, hint=start, seed=seed)
    finally:
        solver_module.SMALL_MODEL = saved
    assert result.stats["lns"]["rounds"] > 0 or result.status == "optimal"
    assert result.stats["priced_plan"] in ("none", "kept", "found", "taken")
    assert violations(inst, result.assignments) == []
    assert objective(inst, result.assignments) == result.objective <= objective(inst, start)
    assert solver_module._lower_bound(inst, candidate_cells(inst)) <= result.bound <= result.objective


def test_what_the_constructive_search_leaves_is_solved_as_a_sub_problem(monkeypatch):
    """A start that misses sessions is completed by CP-SAT around them (as many placed as can be),
    then searched again from there: the answer is complete and valid."""
    inst = parse(generate_family("full", 150, seed=4))
    real = solver_module.construct
    calls = []

    def forgetful(inst, cells, cost, **kw):
        placed = real(inst, cells, cost, **kw)
        calls.append(kw.get("start") is not None)
        return placed if kw.get("start") is not None else placed[:-25]  # the first pass drops 25

    monkeypatch.setattr(solver_module, "construct", forgetful)
    monkeypatch.setattr(solver_module, "SMALL_MODEL", 0)
    monkeypatch.setattr(solver_module, "slot_plan", lambda *args, **kw: None)  # the repair rounds alone
    result = solve(inst, time_limit=12)
    assert calls[0] is False and True in calls
    assert result.stats["start"] == "constructed + repaired"
    assert len(result.assignments) == len(inst.sessions)
    assert violations(inst, result.assignments) == []


def test_a_partial_start_is_completed_around_what_is_placed():
    inst = parse(generate_family("narrow", 150, seed=5))
    full = _construct(inst)
    kept = full[:100]
    placed = _construct(inst, start=kept)
    assert len(placed) == len(inst.sessions) and violations(inst, placed) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda doc: doc["sessions"][0].update(audience=-5), "audience"),
        (lambda doc: doc["sessions"][0].update(duration=0), "duration"),
        (lambda doc: doc["sessions"][0].update(duration=-30), "duration"),
        (lambda doc: doc["rooms"][0].update(capacity=0), "capacity"),
        (lambda doc: doc["rooms"][0].update(capacity=True), "capacity"),
    ],
)
def test_values_that_make_no_sense_are_errors_naming_the_field(change, field):
    doc = generate_family("full", 40, seed=1)
    change(doc)
    with pytest.raises(InstanceError) as err:
        parse(doc)
    assert any(field in problem for problem in err.value.problems)


@pytest.mark.parametrize("kind", ["speaker", "tag"])
def test_a_neighbourhood_larger_than_its_speakers_or_tags_hold_ends(kind):
    """Few tagged (or speaking) sessions and a neighbourhood size beyond them: the neighbourhood is
    whatever they hold, drawn once each (it once kept drawing, for ever)."""
    import threading

    doc = generate_family("full", 60, seed=3)
    for i, s in enumerate(doc["sessions"]):
        s["tags"] = ["ai"] if i < 2 else []
        s["speakers"] = s["speakers"][:1] if i < 2 else []
    inst = parse(doc)
    start = _construct(inst)
    result = solver_module.Result(status="feasible", assignments=start, objective=objective(inst, start))
    lns = solver_module._Lns(inst, result, candidate_cells(inst), workers=1, on_progress=None, seed=1)
    lns.size = len(inst.sessions)
    current = {a["session"]: (a["room"], a["slot"]) for a in start}
    out: list[set[str]] = []
    worker = threading.Thread(target=lambda: out.append(lns.neighbourhood(kind, current)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the neighbourhood never ended"
    held = {doc["sessions"][0]["id"], doc["sessions"][1]["id"]}
    assert held <= out[0] <= set(current)


def test_the_slot_plan_keeps_every_rule_of_slots():
    """The slots-first start: one slot a session among its own, a speaker and a tag once a slot, a
    plenary alone, never more sessions needing c seats than rooms of c seats."""
    from collections import Counter

    from huiwu.agenda.scheduling.slots import slot_plan

    inst = parse(generate_family("mixed", 150, seed=2))
    cells = candidate_cells(inst)
    plan = slot_plan(inst, cells, seconds=60, workers=2, seed=1)
    assert plan is not None and set(plan) == set(inst.sessions)
    for sid, slot in plan.items():
        assert slot in {t for _room, t in cells[sid]}
    people = Counter((p, slot) for sid, slot in plan.items() for p in inst.sessions[sid].speakers)
    topics = Counter((t, slot) for sid, slot in plan.items() for t in inst.sessions[sid].tags)
    assert max(people.values()) == 1 and max(topics.values()) == 1
    for slot in inst.slots:
        here = [inst.sessions[sid] for sid, t in plan.items() if t == slot]
        if any(s.exclusive for s in here):
            assert len(here) == 1
        for seats in {0, *inst.rooms.values()}:
            rooms = sum(1 for c in inst.rooms.values() if c > seats)
            assert sum(1 for s in here if s.audience > seats) <= rooms


def test_a_start_the_constructive_search_leaves_short_goes_through_the_slot_plan(monkeypatch):
    """A big instance whose first constructive search stops short: the slots are planned first, the
    rooms found within them, the rest repaired; the answer is complete and keeps every rule."""
    inst = parse(generate_family("pinned", 150, seed=6))
    real = solver_module.construct

    def short(inst, cells, cost, **kw):
        placed = real(inst, cells, cost, **kw)
        return placed if kw.get("start") is not None else placed[:-60]

    monkeypatch.setattr(solver_module, "construct", short)
    monkeypatch.setattr(solver_module, "SMALL_MODEL", 0)
    result = solve(inst, time_limit=20)
    assert result.stats["slot_plan"] is True and result.stats["start"].startswith("constructed + slot plan")
    assert result.stats["slotted"] > len(inst.sessions) - 60
    assert len(result.assignments) == len(inst.sessions)
    assert violations(inst, result.assignments) == []


@pytest.mark.parametrize(("family", "seed"), [("long", 1), ("narrow", 2), ("mixed", 3)])
def test_the_cheapest_slot_plan_bounds_every_agenda(family, seed):
    """No agenda costs less than the cheapest slot plan (each session at its cheapest room in its
    slot): below the proven optimum of a small instance, at least each session's cheapest cell, and a
    plan that keeps every rule of slots."""
    from huiwu.agenda.scheduling.slots import priced_plan

    inst = parse(generate_family(family, 30, seed=seed))
    cells = candidate_cells(inst)
    best = solve(inst, time_limit=20, seed=seed)  # a small model, solved whole
    assert best.status == "optimal"
    cost = lambda sid, r, t: cell_cost(inst, sid, r, t)  # noqa: E731
    plan, bound = priced_plan(inst, cells, cost, seconds=10, workers=1)
    assert solver_module._lower_bound(inst, cells) <= bound <= best.objective
    assert plan is not None and all(plan[sid] in {t for _r, t in cells[sid]} for sid in inst.sessions)
    hours = {(p, plan[sid]) for sid in plan for p in inst.sessions[sid].speakers}
    assert len(hours) == sum(len(s.speakers) for s in inst.sessions.values())  # a speaker once a slot


def test_a_big_instance_stops_once_it_meets_the_bound_of_the_cheapest_slot_plan(monkeypatch):
    """The big path on ``long`` (crowding decided by the rooms alone, the speakers' hours by the slot
    alone): the cheapest slot plan with its rooms is the start of the search, its bound is proven, and
    an agenda that meets it is answered as optimal before the time limit."""
    monkeypatch.setattr(solver_module, "SMALL_MODEL", 0)
    inst = parse(generate_family("long", 60, seed=1))
    result = solve(inst, time_limit=30, seed=1)
    assert violations(inst, result.assignments) == [] and len(result.assignments) == len(inst.sessions)
    assert result.status == "optimal" and result.objective == result.bound
