"""The CP-SAT model: sessions into (room, slot) cells under the hard rules, minimising the objective.

Cells that break a per-session rule (H3 duration, H4 capacity, H5 availability, H8 pins) are never
created. Slots of one day never overlap, so "at the same time" means "in the same slot" (H2, H6, H7).
Each session also gets one variable per slot (the sum of its cells in that slot): speakers, tags and
the seat counts per slot (Hall's condition on room sizes, redundant but strong) are stated on those.

The search starts from a hint: the agenda being re-planned when there is one, else a greedy agenda.
Only when the model is infeasible is it solved again with one assumption literal per rule group, so
that the answer names a small set of rule groups and sessions that cannot hold together.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .greedy import greedy
from .instance import Instance
from .validator import crowding, violations

RULE_GROUPS = (
    "H2 room", "H6 speaker", "H7 tag", "H9 core block", "H10 buffers", "H11 plenary", "R1 rehearsal",
)  # fmt: skip


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | timeout | error
    assignments: list[dict] = field(default_factory=list)
    objective: int | None = None
    bound: float | None = None
    first_solution_seconds: float | None = None
    solve_seconds: float = 0.0
    conflicts: list[str] = field(default_factory=list)
    # the same, structured: [{"rules": ["H2 room", ...], "sessions": ["S1", ...]}]
    conflict_sets: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, on_progress=None):
        super().__init__()
        self.started, self.first, self.on_progress = started, None, on_progress

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.perf_counter() - self.started
        if self.on_progress:
            self.on_progress(self.objective_value, self.best_objective_bound)


def preference_cost(inst: Instance, sid: str, slot_id: str) -> int:
    slot = inst.slots[slot_id]
    return inst.w_preference * sum(
        1
        for p in inst.sessions[sid].speakers
        if inst.preferred.get(p) and not inst.inside_any(inst.preferred[p], slot)
    )


def cell_cost(inst: Instance, sid: str, room: str, slot_id: str) -> int:
    """What placing this session in this cell adds to the objective (and to moving it, when re-planning)."""
    c = inst.w_crowding * crowding(inst, inst.sessions[sid].audience, inst.rooms[room])
    c += preference_cost(inst, sid, slot_id)
    previous = inst.previous.get(sid)
    if previous and previous != (room, slot_id):
        c += inst.w_change
    return c


def candidate_cells(inst: Instance) -> dict[str, list[tuple[str, str]]]:
    """Per session, the (room, slot) cells that keep H3, H4, H5 and H8."""
    cells: dict[str, list[tuple[str, str]]] = {}
    for s in inst.sessions.values():
        slots = [
            slot
            for slot in inst.slots.values()
            if s.duration <= slot.duration
            and (not s.pin_slot or slot.id == s.pin_slot)
            and not any(inst.overlaps(inst.unavailable.get(p) or [], slot) for p in s.speakers)
        ]
        rooms = [
            r for r, cap in inst.rooms.items() if s.audience <= cap and (not s.pin_room or r == s.pin_room)
        ]
        cells[s.id] = [(r, slot.id) for slot in slots for r in rooms]
    return cells


def core_windows(inst: Instance) -> list[list[str]]:
    """Minimal runs of adjacent slots longer than the core-block limit: never all core (H9)."""
    out = []
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
                if j < len(chain):
                    out.append([chain[k].id for k in range(i, j + 1)])
    return out


class _Model:
    def __init__(self, inst: Instance, cells: dict[str, list[tuple[str, str]]], explain: bool):
        self.inst, self.m = inst, cp_model.CpModel()
        m = self.m
        self.groups = {g: m.new_bool_var(g) for g in RULE_GROUPS} if explain else {}
        self.session_lit = {sid: m.new_bool_var(f"H1 {sid}") for sid in inst.sessions} if explain else {}

        def when(ct, group):
            if explain:
                ct.only_enforce_if(self.groups[group])

        self.x: dict[tuple[str, str, str], cp_model.IntVar] = {}
        by_session_slot = defaultdict(list)
        by_room_slot = defaultdict(list)
        for sid, options in cells.items():
            for room, slot in options:
                v = m.new_bool_var(f"x_{sid}_{room}_{slot}")
                self.x[sid, room, slot] = v
                by_session_slot[sid, slot].append(v)
                by_room_slot[room, slot].append((inst.sessions[sid], v))
        self.y: dict[tuple[str, str], cp_model.IntVar] = {}
        self.z: dict[tuple[str, str], cp_model.IntVar] = {}
        self.own: list[tuple[str, str, str]] = []  # (name, session, room or slot) of y/z not equal to one x
        by_session_room = defaultdict(list)
        for (sid, room, _slot), v in self.x.items():
            by_session_room[sid, room].append(v)
        for kind, groups_, target in (("y", by_session_slot, self.y), ("z", by_session_room, self.z)):
            by_session = defaultdict(list)
            for (sid, where), vars_ in groups_.items():
                if len(vars_) == 1:
                    v = vars_[0]
                else:
                    v = m.new_bool_var(f"{kind}_{sid}_{where}")
                    m.add_exactly_one([*vars_, v.Not()])  # v == sum(vars_), each at most one
                    self.own.append((kind, sid, where))
                target[sid, where] = v
                by_session[sid].append(v)
            for sid, vs in by_session.items():
                if explain and kind == "y":
                    m.add(sum(vs) == 1).only_enforce_if(self.session_lit[sid])
                    m.add_at_most_one(vs)
                elif not explain:
                    m.add_exactly_one(vs)
        # Per room, the sessions it hosts fit its slots: those needing ≥ d minutes never outnumber its
        # slots of ≥ d minutes (redundant, but it makes the bound on crowding tight).
        durations = sorted({t.duration for t in inst.slots.values()})
        by_room = defaultdict(list)
        for (sid, room), v in self.z.items():
            by_room[room].append((inst.sessions[sid], v))
        for items in by_room.values():
            for i, d in enumerate(durations):
                shorter = durations[i - 1] if i else 0
                needing = [v for s, v in items if s.duration > shorter]
                room_slots = sum(1 for t in inst.slots.values() if t.duration >= d)
                if len(needing) > room_slots:
                    when(m.add(sum(needing) <= room_slots), "H2 room")
        for cell in by_room_slot.values():
            if len(cell) > 1:
                when(m.add_at_most_one(v for _s, v in cell), "H2 room")
        by_speaker_slot, by_tag_slot, by_slot = defaultdict(list), defaultdict(list), defaultdict(list)
        for (sid, slot), y in self.y.items():
            s = inst.sessions[sid]
            by_slot[slot].append((s, y))
            for p in s.speakers:
                by_speaker_slot[p, slot].append(y)
            for t in s.tags:
                by_tag_slot[t, slot].append(y)
        for vars_ in by_speaker_slot.values():
            if len(vars_) > 1:
                when(m.add_at_most_one(vars_), "H6 speaker")
        for vars_ in by_tag_slot.values():
            if len(vars_) > 1:
                when(m.add_at_most_one(vars_), "H7 tag")
        pairs = inst.rehearsal_pairs()
        if pairs:
            speakers = {p for p, _slot in by_speaker_slot}
            for p in speakers:
                for a, b in pairs:
                    if b.day in inst.rehearsal_days.get(p, set()):
                        continue
                    both = by_speaker_slot.get((p, a.id), []) + by_speaker_slot.get((p, b.id), [])
                    if by_speaker_slot.get((p, a.id)) and by_speaker_slot.get((p, b.id)):
                        when(m.add_at_most_one(both), "R1 rehearsal")
        # H11: a plenary (or a meal) in a slot leaves no room of it to another session
        if any(s.exclusive for s in inst.sessions.values()):
            n_rooms = len(inst.rooms)
            for items in by_slot.values():
                plenaries = [y for s, y in items if s.exclusive]
                others = [y for s, y in items if not s.exclusive]
                if plenaries and (others or len(plenaries) > 1):
                    when(m.add(sum(others) + n_rooms * sum(plenaries) <= n_rooms), "H11 plenary")
        # Hall's condition per slot: sessions needing ≥ c seats never outnumber rooms with ≥ c seats.
        capacities = sorted(set(inst.rooms.values()))
        for items in by_slot.values():
            for i, cap in enumerate(capacities):
                floor_ = capacities[i - 1] if i else -1
                needing = [y for s, y in items if s.audience > floor_]
                rooms = sum(1 for c in inst.rooms.values() if c >= cap)
                if len(needing) > rooms:
                    when(m.add(sum(needing) <= rooms), "H2 room")

        def kind_vars(room, slot, kind):
            return [v for s, v in by_room_slot.get((room, slot), []) if s.kind == kind]

        for window in core_windows(inst):
            for room in inst.rooms:
                parts = [kind_vars(room, slot, "core") for slot in window]
                if all(parts):
                    when(m.add(sum(itertools.chain(*parts)) <= len(window) - 1), "H9 core block")
        if inst.no_adjacent_buffers:
            for a, b in inst.adjacent_pairs():
                for room in inst.rooms:
                    pa, pb = kind_vars(room, a.id, "buffer"), kind_vars(room, b.id, "buffer")
                    if pa and pb:
                        when(m.add_at_most_one(pa + pb), "H10 buffers")
        terms = [
            (inst.w_crowding * crowding(inst, inst.sessions[sid].audience, inst.rooms[room]), v)
            for (sid, room), v in self.z.items()
        ]
        terms += [(preference_cost(inst, sid, slot), v) for (sid, slot), v in self.y.items()]
        terms += [
            (inst.w_change, v)
            for (sid, room, slot), v in self.x.items()
            if sid in inst.previous and inst.previous[sid] != (room, slot)
        ]
        m.minimize(sum(c * v for c, v in terms if c))
        if explain:
            m.add_assumptions([*self.groups.values(), *self.session_lit.values()])

    def hint(self, assignments: list[dict]) -> None:
        chosen = {(a["session"], a["room"], a["slot"]) for a in assignments}
        slots = {(a["session"], a["slot"]) for a in assignments}
        for key, v in self.x.items():
            self.m.add_hint(v, key in chosen)
        rooms = {(a["session"], a["room"]) for a in assignments}
        for kind, sid, where in self.own:
            if kind == "y":
                self.m.add_hint(self.y[sid, where], (sid, where) in slots)
            else:
                self.m.add_hint(self.z[sid, where], (sid, where) in rooms)

    def run(
        self, seconds: float, workers: int, callback=None, subsolvers=()
    ) -> tuple[int, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, seconds)
        solver.parameters.num_workers = workers
        solver.parameters.subsolvers.extend(subsolvers)
        code = solver.solve(self.m, callback)
        return code, solver

    def assignments(self, solver: cp_model.CpSolver) -> list[dict]:
        return [{"session": s, "room": r, "slot": t} for (s, r, t), v in self.x.items() if solver.value(v)]


def solve(
    inst: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    on_progress=None,
    hint: list[dict] | None = None,
) -> Result:
    started = time.perf_counter()

    def elapsed() -> float:
        return time.perf_counter() - started

    cells = candidate_cells(inst)
    no_cell = [sid for sid, options in cells.items() if not options]
    if no_cell:
        return Result(
            status="infeasible",
            solve_seconds=elapsed(),
            conflicts=[
                f"session {sid}: no room and slot satisfy duration (H3), capacity (H4), "
                "speaker availability (H5) and pins (H8) together"
                for sid in no_cell
            ],
            conflict_sets=[{"rules": ["H3", "H4", "H5", "H8"], "sessions": [sid]} for sid in no_cell],
        )
    start = hint or greedy(inst, cells)
    incumbent, first = None, None
    if start and len(start) == len(inst.sessions) and not violations(inst, start):
        incumbent, first = start, elapsed()
        if on_progress:
            on_progress(_objective(inst, start), 0)
    model = _Model(inst, cells, explain=False)
    if start:
        model.hint(start)
    progress = _Progress(started, on_progress)
    small = len(model.x) <= SMALL_MODEL
    # A small model is solved whole (its bound gets closed). A big one is solved whole for a while (the
    # bound, a better agenda), then improved piece by piece (LNS).
    lns = not small and incumbent is not None
    whole = WHOLE_SHARE * time_limit if lns else time_limit - elapsed()
    if small:
        code, solver = model.run(
            whole, max(workers, len(SMALL_SUBSOLVERS)), progress, subsolvers=SMALL_SUBSOLVERS
        )
    else:
        code, solver = model.run(whole, workers, progress)
    result = Result(status="error", first_solution_seconds=first if first is not None else progress.first)
    result.stats = {"variables": len(model.x), "greedy_complete": incumbent is not None}
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status = "optimal" if code == cp_model.OPTIMAL else "feasible"
        result.assignments = model.assignments(solver)
        result.objective = int(solver.objective_value)
        result.bound = solver.best_objective_bound
    elif code == cp_model.INFEASIBLE:
        result.status = "infeasible"
        result.conflicts, result.conflict_sets = _explain(
            inst, cells, max(1.0, time_limit - elapsed()), workers
        )
    elif incumbent:
        result.status = "feasible"
        result.assignments = incumbent
        result.objective = _objective(inst, incumbent)
        result.bound = solver.best_objective_bound if code == cp_model.UNKNOWN else None
    else:
        result.status = "timeout"
    if result.status == "feasible" and time_limit - elapsed() > 1.0:
        lns = _Lns(model, result, cells, workers, on_progress)
        lns.run(started + time_limit)
        result.stats["lns"] = {"rounds": lns.rounds, "improvements": lns.improved}
        if result.bound is not None and result.objective <= result.bound:
            result.status = "optimal"
    result.solve_seconds = elapsed()
    return result


SMALL_MODEL = 30_000  # cell variables
# Heavy LP cuts, and objective shaving (can the objective be below its bound + k? a quick refutation
# raises the bound), close the bound of a small model: at 150 sessions proven optimal in 8-24 s in
# 8 of 8 runs, where "max_lp" + "core" proved it in 13-27 s in 5 of 6.
SMALL_SUBSOLVERS = ("max_lp", "objective_shaving")
LNS_ROUND_SECONDS = 2.0
WHOLE_SHARE = 0.3  # of the time limit on the whole model (the bound, a better agenda) before LNS


class _Lns:
    """Large neighbourhood search: free the sessions of a few slots of one day, or of a few rooms, or
    sessions that cost something with their slot neighbours, or a random handful. Each round builds a
    small model: every other session keeps its one cell, a free session may take any cell that no
    fixed session holds; CP-SAT re-places the free ones. The neighbourhood grows while rounds are
    solved to optimality and shrinks when they are not."""

    def __init__(self, model: _Model, result: Result, cells, workers: int, on_progress, seed: int = 0):
        self.model, self.result, self.cells, self.workers = model, result, cells, workers
        self.on_progress = on_progress
        self.rnd = random.Random(seed)  # noqa: S311  (search diversification, not security)
        self.size = max(10, len(model.inst.sessions) // 8)
        self.improved = self.rounds = 0

    def neighbourhood(self, current: dict[str, tuple[str, str]]) -> set[str]:
        inst, rnd, size = self.model.inst, self.rnd, self.size
        kind = rnd.random()
        if kind < 0.35:  # a few slots of one day, every room
            day = rnd.choice(list(inst.days().values()))
            slots = set(rnd.sample([t.id for t in day], min(len(day), max(2, size // len(inst.rooms)))))
            return {sid for sid, (_room, slot) in current.items() if slot in slots}
        if kind < 0.65:  # a few rooms, every slot
            rooms = set(rnd.sample(list(inst.rooms), min(len(inst.rooms), max(2, size // len(inst.slots)))))
            return {sid for sid, (room, _slot) in current.items() if room in rooms}
        if kind < 0.9:  # sessions that cost something, with what shares their slots
            costly = [sid for sid, cell in current.items() if cell_cost(inst, sid, *cell) > 0]
            picked = rnd.sample(costly, min(len(costly), max(1, size // 4)))
            slots = {current[sid][1] for sid in picked}
            others = [sid for sid, (_room, slot) in current.items() if slot in slots and sid not in picked]
            return set(picked) | set(rnd.sample(others, min(len(others), max(0, size - len(picked)))))
        return set(rnd.sample(list(current), min(len(current), size)))

    def run(self, deadline: float) -> None:
        inst, result = self.model.inst, self.result
        current = {a["session"]: (a["room"], a["slot"]) for a in result.assignments}
        while deadline - time.perf_counter() > 0.5:
            free = self.neighbourhood(current)
            held = {cell for sid, cell in current.items() if sid not in free}
            cells = {
                sid: [c for c in options if c not in held] if sid in free else [current[sid]]
                for sid, options in self.cells.items()
            }
            sub = _Model(inst, cells, explain=False)
            sub.hint(result.assignments)
            code, solver = sub.run(min(deadline - time.perf_counter(), LNS_ROUND_SECONDS), self.workers)
            self.rounds += 1
            self.size = (
                min(len(current), int(self.size * 1.15) + 1)
                if code == cp_model.OPTIMAL
                else max(5, int(self.size * 0.85))
            )
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < result.objective:
                result.assignments = sub.assignments(solver)
                result.objective = int(solver.objective_value)
                current = {a["session"]: (a["room"], a["slot"]) for a in result.assignments}
                self.improved += 1
                if self.on_progress:
                    self.on_progress(result.objective, result.bound or 0)
            if result.bound is not None and result.objective <= result.bound:
                return


def _objective(inst: Instance, assignments: list[dict]) -> int:
    return sum(cell_cost(inst, a["session"], a["room"], a["slot"]) for a in assignments)


def _explain(inst: Instance, cells, seconds: float, workers: int) -> tuple[list[str], list[dict]]:
    model = _Model(inst, cells, explain=True)
    code, solver = model.run(seconds, workers)
    if code != cp_model.INFEASIBLE:
        text = "the hard rules cannot all hold (no smaller conflict found in the time limit)"
        return [text], [{"rules": list(RULE_GROUPS), "sessions": []}]
    names = {v.index: v.name for v in [*model.groups.values(), *model.session_lit.values()]}
    core = sorted(names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names)
    rules = [n for n in core if not n.startswith("H1 ")]
    sessions = [n[3:] for n in core if n.startswith("H1 ")]
    return [f"these cannot all hold: {', '.join(core)}"], [{"rules": rules, "sessions": sessions}]


def to_solution(inst: Instance, result: Result, solver_name: str = "huiwu-cpsat-2") -> dict:
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
            **result.stats,
        },
    }
