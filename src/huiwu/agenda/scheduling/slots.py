"""The agenda's slots first, its rooms second: a start for tight instances.

When the rooms are nearly full and speakers, tags and rehearsals leave each session a few slots, the
constructive search can wander: most of what makes an agenda hard is *when* a session happens, not
*where*. This model holds only one variable per (session, slot) (a tenth of the cells) and the rules
that live on slots: one slot a session, a speaker and a tag once a slot (H6, H7), the rehearsal window
(R1), a plenary alone in its slot (H11), and what the rooms can take in each slot: the sessions needing
at least c seats never outnumber the rooms of at least c seats (Hall's condition: enough for the seats
alone), two sessions pinned to one room never share a slot, the buffers of two adjacent slots never
outnumber the rooms (H10, counted), and a core window never holds more core sessions than its rooms
can take without a run too long (H9, counted). The counted rules are necessary, not sufficient: the
solver then finds the rooms within the chosen slots (CP-SAT, as many placed as can be), completes the
rest on the whole grid by the constructive search, and leaves what is still missing to its repair
rounds.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.sat.python import cp_model

from .construct import core_windows
from .instance import Instance


def seat_levels(inst: Instance, items: list, *, slot: str = "", fixed=()):
    """Hall's condition for the seats of one slot: (the variables of the sessions needing more seats
    than a level below, the rooms of at least that level still open) for each level where the first
    could outnumber the second. ``items`` are (session, variable) pairs; ``fixed`` the held cells."""
    capacities = sorted(set(inst.rooms.values()))
    for i, cap in enumerate(capacities):
        floor_ = capacities[i - 1] if i else -1
        needing = [v for s, v in items if s.audience > floor_]
        rooms = sum(1 for r, c in inst.rooms.items() if c >= cap and (r, slot) not in fixed)
        if len(needing) > rooms:
            yield needing, rooms


def slot_plan(
    inst: Instance,
    cells: dict[str, list[tuple[str, str]]],
    *,
    seconds: float,
    workers: int,
    seed: int = 0,
    hint: dict[str, str] | None = None,
) -> dict[str, str] | None:
    """A slot for every session that keeps the rules of slots, found within ``seconds``; None when
    none was found (or there is none). ``hint``: the slots of a partial agenda to start from."""
    m, y = _model(inst, cells)
    _hint(m, y, hint)
    code, solver = _run(m, seconds, workers, seed)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {sid: slot for (sid, slot), v in y.items() if solver.value(v)}


def priced_plan(
    inst: Instance,
    cells: dict[str, list[tuple[str, str]]],
    cost,
    *,
    seconds: float,
    workers: int,
    seed: int = 0,
    hint: dict[str, str] | None = None,
) -> tuple[dict[str, str] | None, int]:
    """The cheapest slot plan found within ``seconds``, each session costing its cheapest room in its
    slot (``cost(session, room, slot)``), and a lower bound on the objective of any agenda.

    Every agenda's slots are a slot plan and no session costs less than its cheapest room in its slot,
    so no agenda is below the plan's proven bound. Where the rooms' part (crowding) hardly depends on
    the slot, the plan's cost is what the speakers' hours add to each session's cheapest room, and the
    bound is tight: an agenda that meets it is optimal. ``hint``: the slots of a known agenda (a plan
    at least as good as it is then found at once). The plan is None when none was found."""
    cheapest: dict[tuple[str, str], int] = {}
    for sid, options in cells.items():
        for room, slot in options:
            c = cost(sid, room, slot)
            if c < cheapest.get((sid, slot), c + 1):
                cheapest[sid, slot] = c
    each: dict[str, int] = {}
    for (sid, _slot), c in cheapest.items():
        each[sid] = min(c, each.get(sid, c))
    floor_ = sum(each.values())
    m, y = _model(inst, cells)
    m.minimize(sum(cheapest[key] * v for key, v in y.items() if cheapest[key]))
    _hint(m, y, hint)
    code, solver = _run(m, seconds, workers, seed)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, floor_
    plan = {sid: slot for (sid, slot), v in y.items() if solver.value(v)}
    return plan, max(floor_, math.ceil(solver.best_objective_bound - 1e-6))


def _hint(m: cp_model.CpModel, y, hint: dict[str, str] | None) -> None:
    """Start from the slots of ``hint``; a session it leaves out is left to the solver."""
    for (sid, slot), v in y.items() if hint else ():
        if sid in hint:
            m.add_hint(v, hint[sid] == slot)


def _run(m: cp_model.CpModel, seconds: float, workers: int, seed: int):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver.solve(m), solver


def _model(inst: Instance, cells: dict[str, list[tuple[str, str]]]):
    """The rules of slots on one variable per (session, slot)."""
    m = cp_model.CpModel()
    y: dict[tuple[str, str], cp_model.IntVar] = {}
    for sid, options in cells.items():
        for slot in sorted({t for _room, t in options}):
            y[sid, slot] = m.new_bool_var(f"y_{sid}_{slot}")
    by_session: dict[str, list] = defaultdict(list)
    by_slot: dict[str, list] = defaultdict(list)
    by_speaker: dict[tuple[str, str], list] = defaultdict(list)
    for (sid, slot), v in y.items():
        s = inst.sessions[sid]
        by_session[sid].append(v)
        by_slot[slot].append((s, v))
        for p in s.speakers:
            by_speaker[p, slot].append(v)
    for vs in by_session.values():
        m.add_exactly_one(vs)
    n_rooms = len(inst.rooms)
    for items in by_slot.values():
        for needing, rooms in seat_levels(inst, items):
            m.add(sum(needing) <= rooms)
        plenaries = [v for s, v in items if s.exclusive]
        if plenaries:
            m.add(sum(v for s, v in items if not s.exclusive) + n_rooms * sum(plenaries) <= n_rooms)
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for s, v in items:
            for t in s.tags:
                groups["tag", t].append(v)
            if s.pin_room:
                groups["room", s.pin_room].append(v)
        for vs in groups.values():
            if len(vs) > 1:
                m.add_at_most_one(vs)
    for vs in by_speaker.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    for p in {p for p, _slot in by_speaker}:
        for a, b in inst.rehearsal_pairs():
            if b.day in inst.rehearsal_days.get(p, set()):
                continue
            first, second = by_speaker.get((p, a.id)), by_speaker.get((p, b.id))
            if first and second:
                m.add_at_most_one(first + second)

    def of_kind(slot: str, kind: str) -> list:
        return [v for s, v in by_slot.get(slot, []) if s.kind == kind]

    if inst.no_adjacent_buffers:
        for a, b in inst.adjacent_pairs():
            both = of_kind(a.id, "buffer") + of_kind(b.id, "buffer")
            if len(both) > n_rooms:
                m.add(sum(both) <= n_rooms)
    for window in core_windows(inst):
        cores = [v for slot in window for v in of_kind(slot, "core")]
        if len(cores) > n_rooms * (len(window) - 1):
            m.add(sum(cores) <= n_rooms * (len(window) - 1))
    return m, y
