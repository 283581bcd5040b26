"""The CP-SAT model: sessions into (room, slot) cells under the hard rules, minimising the objective.

Cells that break a per-session rule (H3 duration, H4 capacity, H5 availability, H8 pins) are never
created. Slots of one day never overlap, so "at the same time" means "in the same slot" (H2, H6, H7).
When no agenda exists, each rule group is switched on by an assumption literal and the solver names
a small set of groups (and sessions) that cannot hold together.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .instance import Instance
from .validator import crowding


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | timeout | error
    assignments: list[dict] = field(default_factory=list)
    objective: int | None = None
    bound: float | None = None
    first_solution_seconds: float | None = None
    solve_seconds: float = 0.0
    conflicts: list[str] = field(default_factory=list)


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, on_progress=None):
        super().__init__()
        self.started, self.first, self.on_progress = started, None, on_progress

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.perf_counter() - self.started
        if self.on_progress:
            self.on_progress(self.objective_value, self.best_objective_bound)


def solve(
    inst: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    on_progress=None,
    hint: list[dict] | None = None,
) -> Result:
    started = time.perf_counter()
    m = cp_model.CpModel()
    x: dict[tuple[str, str, str], cp_model.IntVar] = {}
    no_cell = []
    for s in inst.sessions.values():
        for room, cap in inst.rooms.items():
            if s.audience > cap or (s.pin_room and room != s.pin_room):
                continue
            for slot in inst.slots.values():
                if s.duration > slot.duration or (s.pin_slot and slot.id != s.pin_slot):
                    continue
                if any(inst.overlaps(inst.unavailable.get(p) or [], slot) for p in s.speakers):
                    continue
                x[s.id, room, slot.id] = m.new_bool_var(f"x_{s.id}_{room}_{slot.id}")
        if not any(k[0] == s.id for k in x):
            no_cell.append(s.id)
    if no_cell:
        return Result(
            status="infeasible",
            solve_seconds=time.perf_counter() - started,
            conflicts=[
                f"session {sid}: no room and slot satisfy duration (H3), capacity (H4), "
                "speaker availability (H5) and pins (H8) together"
                for sid in no_cell
            ],
        )

    by_session, by_room_slot = defaultdict(list), defaultdict(list)
    by_speaker_slot, by_tag_slot = defaultdict(list), defaultdict(list)
    for (sid, room, slot), var in x.items():
        s = inst.sessions[sid]
        by_session[sid].append(var)
        by_room_slot[room, slot].append((s, var))
        for p in s.speakers:
            by_speaker_slot[p, slot].append(var)
        for t in s.tags:
            by_tag_slot[t, slot].append(var)

    groups = {
        name: m.new_bool_var(name)
        for name in ("H2 room", "H6 speaker", "H7 tag", "H9 core block", "H10 buffers")
    }
    session_lit = {sid: m.new_bool_var(f"H1 {sid}") for sid in inst.sessions}
    for sid, vars_ in by_session.items():
        m.add(sum(vars_) == 1).only_enforce_if(session_lit[sid])
        m.add(sum(vars_) <= 1)
    for cell in by_room_slot.values():
        m.add(sum(v for _s, v in cell) <= 1).only_enforce_if(groups["H2 room"])
    for vars_ in by_speaker_slot.values():
        if len(vars_) > 1:
            m.add(sum(vars_) <= 1).only_enforce_if(groups["H6 speaker"])
    for vars_ in by_tag_slot.values():
        if len(vars_) > 1:
            m.add(sum(vars_) <= 1).only_enforce_if(groups["H7 tag"])

    def kind_sum(room: str, slot: str, kind: str):
        return sum(v for s, v in by_room_slot.get((room, slot), []) if s.kind == kind)

    for slots in inst.days().values():
        chains, chain = [], [slots[0]] if slots else []
        for a, b in itertools.pairwise(slots):
            if a.end == b.start:
                chain.append(b)
            else:
                chains.append(chain)
                chain = [b]
        if chain:
            chains.append(chain)
        for chain in chains:
            for i in range(len(chain)):
                j = i
                while j < len(chain) and chain[j].end - chain[i].start <= inst.max_core_block:
                    j += 1
                if j < len(chain):  # chain[i..j] spans more than the limit: not all core
                    for room in inst.rooms:
                        m.add(
                            sum(kind_sum(room, chain[k].id, "core") for k in range(i, j + 1)) <= j - i
                        ).only_enforce_if(groups["H9 core block"])
    if inst.no_adjacent_buffers:
        for a, b in inst.adjacent_pairs():
            for room in inst.rooms:
                m.add(kind_sum(room, a.id, "buffer") + kind_sum(room, b.id, "buffer") <= 1).only_enforce_if(
                    groups["H10 buffers"]
                )

    cost = []
    for (sid, room, slot_id), var in x.items():
        s, slot = inst.sessions[sid], inst.slots[slot_id]
        c = inst.w_crowding * crowding(inst, s.audience, inst.rooms[room])
        c += inst.w_preference * sum(
            1 for p in s.speakers if inst.preferred.get(p) and not inst.inside_any(inst.preferred[p], slot)
        )
        if c:
            cost.append(c * var)
    m.minimize(sum(cost))
    if hint:
        for a in hint:
            key = (a["session"], a["room"], a["slot"])
            if key in x:
                m.add_hint(x[key], 1)
    m.add_assumptions([*groups.values(), *session_lit.values()])

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    callback = _FirstSolution(started, on_progress)
    code = solver.solve(m, callback)
    result = Result(
        status="error", solve_seconds=time.perf_counter() - started, first_solution_seconds=callback.first
    )
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status = "optimal" if code == cp_model.OPTIMAL else "feasible"
        result.assignments = [
            {"session": s, "room": r, "slot": t} for (s, r, t), v in x.items() if solver.value(v)
        ]
        result.objective = int(solver.objective_value)
        result.bound = solver.best_objective_bound
    elif code == cp_model.INFEASIBLE:
        result.status = "infeasible"
        names = {v.index: v.name for v in [*groups.values(), *session_lit.values()]}
        core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
        result.conflicts = [f"these cannot all hold: {', '.join(sorted(core))}"]
    elif code == cp_model.UNKNOWN:
        result.status = "timeout"
    return result


def to_solution(inst: Instance, result: Result, solver_name: str = "huiwu-cpsat-1") -> dict:
    return {
        "format": "conf-agenda-solution",
        "version": 1,
        "instance": inst.name,
        "solver": solver_name,
        "status": result.status,
        "solve_seconds": round(result.solve_seconds, 3),
        "assignments": result.assignments,
        "stats": {
            "objective": result.objective,
            "best_bound": result.bound,
            "first_solution_seconds": result.first_solution_seconds,
            "conflicts": result.conflicts,
        },
    }
