"""The CP-SAT model: sessions into (room, slot) cells under the hard rules, minimising the objective.

Cells that break a per-session rule (H3 duration, H4 capacity, H5 availability, H8 pins) are never
created. Slots of one day never overlap, so "at the same time" means "in the same slot" (H2, H6, H7).
Each session also gets one variable per slot (the sum of its cells in that slot): speakers, tags and
the seat counts per slot (Hall's condition on room sizes, redundant but strong) are stated on those.

The search starts from a complete agenda: the one being re-planned when it is valid, else the constructive
search's (``construct.py``: by difficulty, repaired by ejection). A small model is then solved whole; a
big one gets the cheapest slot plan (``slots.priced_plan``: its rooms found within it, its proven
bound the solver's bound) and is improved by LNS rounds whose models hold only the free sessions
(``submodel``), until the time limit or an agenda that meets the bound.
Only when the model is infeasible is it solved again with one assumption literal per rule group, so
that the answer names a small set of rule groups and sessions that cannot hold together.
"""

from __future__ import annotations

import functools
import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .construct import Board, construct, core_windows
from .instance import Instance
from .slots import priced_plan, seat_levels, slot_plan
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


class _Model:
    """The CP-SAT model of the sessions in ``cells``. ``fixed`` holds the cells of sessions kept where
    they are (a neighbourhood of the LNS, the unplaced rest of a start): they are not variables, their
    cells are not offered (``cells`` is filtered by ``construct.Board.clashes``), and the rules that
    span several cells (a core run, the seat counts) count them as constants."""

    def __init__(
        self,
        inst: Instance,
        cells: dict[str, list[tuple[str, str]]],
        explain: bool,
        fixed: dict[tuple[str, str], str] | None = None,
        partial: bool = False,
    ):
        self.inst, self.m, self.explain, self.partial = inst, cp_model.CpModel(), explain, partial
        self.placed: list = []  # partial: each session's "it has a cell" (sum of its y)
        self.fixed = fixed or {}
        self.groups = {g: self.m.new_bool_var(g) for g in RULE_GROUPS} if explain else {}
        self.session_lit = {sid: self.m.new_bool_var(f"H1 {sid}") for sid in cells} if explain else {}
        self.x: dict[tuple[str, str, str], cp_model.IntVar] = {}
        self.by_room_slot: dict[tuple[str, str], list] = defaultdict(list)
        for sid, options in cells.items():
            for room, slot in options:
                v = self.m.new_bool_var(f"x_{sid}_{room}_{slot}")
                self.x[sid, room, slot] = v
                self.by_room_slot[room, slot].append((inst.sessions[sid], v))
        self.y: dict[tuple[str, str], cp_model.IntVar] = {}
        self.z: dict[tuple[str, str], cp_model.IntVar] = {}
        self.own: list[tuple[str, str, str]] = []  # (name, session, room or slot) of y/z not equal to one x
        self._aggregate()
        self._rooms()
        self._people()
        self._plenaries_and_seats()
        self._runs()
        self._objective()
        if explain:
            self.m.add_assumptions([*self.groups.values(), *self.session_lit.values()])

    def when(self, ct, group: str) -> None:
        if self.explain:
            ct.only_enforce_if(self.groups[group])

    def _aggregate(self) -> None:
        """y[session, slot] and z[session, room]: the sum of the session's cells there; one slot each."""
        m = self.m
        by_session_slot, by_session_room = defaultdict(list), defaultdict(list)
        for (sid, room, slot), v in self.x.items():
            by_session_slot[sid, slot].append(v)
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
                if self.explain and kind == "y":
                    m.add(sum(vs) == 1).only_enforce_if(self.session_lit[sid])
                    m.add_at_most_one(vs)
                elif self.partial:
                    m.add_at_most_one(vs)
                    if kind == "y":
                        self.placed.append(sum(vs))
                else:
                    m.add_exactly_one(vs)

    def _rooms(self) -> None:
        """H2: one session a cell. Redundant but strong: per room, the sessions needing ≥ d minutes
        never outnumber its open slots of ≥ d minutes (it makes the bound on crowding tight)."""
        inst, m = self.inst, self.m
        for cell in self.by_room_slot.values():
            if len(cell) > 1:
                self.when(m.add_at_most_one(v for _s, v in cell), "H2 room")
        durations = sorted({t.duration for t in inst.slots.values()})
        by_room = defaultdict(list)
        for (sid, room), v in self.z.items():
            by_room[room].append((inst.sessions[sid], v))
        for room, items in by_room.items():
            for i, d in enumerate(durations):
                shorter = durations[i - 1] if i else 0
                needing = [v for s, v in items if s.duration > shorter]
                open_slots = sum(
                    1 for t in inst.slots.values() if t.duration >= d and (room, t.id) not in self.fixed
                )
                if len(needing) > open_slots:
                    self.when(m.add(sum(needing) <= open_slots), "H2 room")

    def _people(self) -> None:
        """H6 a speaker, H7 a tag: once a slot; R1: no talk in the rehearsal window before another."""
        inst, m = self.inst, self.m
        by_speaker_slot, by_tag_slot = defaultdict(list), defaultdict(list)
        for (sid, slot), y in self.y.items():
            s = inst.sessions[sid]
            for p in s.speakers:
                by_speaker_slot[p, slot].append(y)
            for t in s.tags:
                by_tag_slot[t, slot].append(y)
        for vars_ in by_speaker_slot.values():
            if len(vars_) > 1:
                self.when(m.add_at_most_one(vars_), "H6 speaker")
        for vars_ in by_tag_slot.values():
            if len(vars_) > 1:
                self.when(m.add_at_most_one(vars_), "H7 tag")
        pairs = inst.rehearsal_pairs()
        if not pairs:
            return
        for p in {p for p, _slot in by_speaker_slot}:
            for a, b in pairs:
                if b.day in inst.rehearsal_days.get(p, set()):
                    continue
                first, second = by_speaker_slot.get((p, a.id)), by_speaker_slot.get((p, b.id))
                if first and second:
                    self.when(m.add_at_most_one(first + second), "R1 rehearsal")

    def _plenaries_and_seats(self) -> None:
        """H11: a plenary (or a meal) leaves no room of its slot to another session. Hall's condition per
        slot (redundant): sessions needing ≥ c seats never outnumber the open rooms with ≥ c seats."""
        inst, m = self.inst, self.m
        by_slot = defaultdict(list)
        for (sid, slot), y in self.y.items():
            by_slot[slot].append((inst.sessions[sid], y))
        if any(s.exclusive for s in inst.sessions.values()):
            n_rooms = len(inst.rooms)
            for items in by_slot.values():
                plenaries = [y for s, y in items if s.exclusive]
                others = [y for s, y in items if not s.exclusive]
                if plenaries and (others or len(plenaries) > 1):
                    self.when(m.add(sum(others) + n_rooms * sum(plenaries) <= n_rooms), "H11 plenary")
        for slot, items in by_slot.items():
            for needing, rooms in seat_levels(inst, items, slot=slot, fixed=self.fixed):
                self.when(m.add(sum(needing) <= rooms), "H2 room")

    def _runs(self) -> None:
        """H9: never core all through a run longer than the limit; H10: no two buffers side by side."""
        inst, m = self.inst, self.m

        def kind_vars(room, slot, kind):
            return [v for s, v in self.by_room_slot.get((room, slot), []) if s.kind == kind]

        def fixed_kind(room, slot):
            sid = self.fixed.get((room, slot))
            return inst.sessions[sid].kind if sid else None

        for window in core_windows(inst):
            for room in inst.rooms:
                free_parts, held = [], 0
                for slot in window:
                    kind = fixed_kind(room, slot)
                    if kind == "core":
                        held += 1
                    elif kind is None and (part := kind_vars(room, slot, "core")):
                        free_parts.append(part)
                    else:
                        break  # a buffer there, or no core session can come: the run is broken
                else:
                    if free_parts:
                        limit = len(window) - 1 - held
                        self.when(m.add(sum(itertools.chain(*free_parts)) <= limit), "H9 core block")
        if inst.no_adjacent_buffers:
            for a, b in inst.adjacent_pairs():
                for room in inst.rooms:
                    pa, pb = kind_vars(room, a.id, "buffer"), kind_vars(room, b.id, "buffer")
                    if pa and pb:
                        self.when(m.add_at_most_one(pa + pb), "H10 buffers")

    def _objective(self) -> None:
        inst = self.inst
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
        cost = sum(c * v for c, v in terms if c)
        if self.partial:  # as many sessions placed as can be, then the cheapest
            cost = cost - PLACED_WEIGHT * sum(self.placed)
        self.m.minimize(cost)

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
        self, seconds: float, workers: int, callback=None, subsolvers=(), seed: int = 0
    ) -> tuple[int, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, seconds)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        solver.parameters.subsolvers.extend(subsolvers)
        code = solver.solve(self.m, callback)
        return code, solver

    def assignments(self, solver: cp_model.CpSolver) -> list[dict]:
        return [{"session": s, "room": r, "slot": t} for (s, r, t), v in self.x.items() if solver.value(v)]


def submodel(
    inst: Instance, cells, current: dict[str, tuple[str, str]], free: set[str], *, partial: bool = False
) -> _Model:
    """The model of the ``free`` sessions, every other session of ``current`` held in its cell: a free
    session is offered the cells it can take beside the held ones (``Board.clashes``)."""
    board = Board(inst)
    for sid, cell in current.items():
        if sid not in free:
            board.place(sid, cell)
    open_cells = {}
    for sid in free:
        s = inst.sessions[sid]
        open_cells[sid] = [c for c in cells[sid] if not board.clashes(s, c)[0]]
    return _Model(inst, open_cells, explain=False, fixed=dict(board.at), partial=partial)


def solve(
    inst: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    on_progress=None,
    hint: list[dict] | None = None,
    seed: int = 0,
) -> Result:
    """The best agenda found within ``time_limit`` seconds: a complete start first (the hint, else the
    constructive search), then the whole model when it is small, else the cheapest slot plan with its
    rooms and a proven bound, then LNS rounds on neighbourhoods that follow the agenda's structure
    (stopping early, as optimal, when an agenda meets the bound). An instance that is infeasible is
    named as such, with the rules and sessions that cannot hold together."""
    started = time.perf_counter()
    deadline = started + time_limit

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
    n_vars = sum(len(c) for c in cells.values())
    result = Result(status="timeout")
    result.stats = {"variables": n_vars}
    incumbent = _start(inst, cells, hint, deadline, workers, seed, result, big=n_vars > SMALL_MODEL)
    if incumbent is not None:
        result.first_solution_seconds = elapsed()
        result.status, result.assignments = "feasible", incumbent
        result.objective = _objective(inst, incumbent)
        if on_progress:
            on_progress(result.objective, 0)
    if n_vars <= SMALL_MODEL or incumbent is None:
        # A small model is solved whole (its bound gets closed); without a start the whole model is the
        # only way left to find an agenda or prove there is none.
        share = 1.0 if n_vars <= SMALL_MODEL or incumbent is None else WHOLE_SHARE
        _whole(inst, cells, result, started, share * (deadline - time.perf_counter()), workers, on_progress)
        if result.status == "infeasible":
            result.conflicts, result.conflict_sets = _explain(
                inst, cells, max(1.0, deadline - time.perf_counter()), workers
            )
    if result.bound is None and result.assignments:
        result.bound = float(_lower_bound(inst, cells))
    if result.status == "feasible" and n_vars > SMALL_MODEL and deadline - time.perf_counter() > 1.0:
        _priced_slots(inst, cells, result, deadline, workers, seed, on_progress)
    if result.status == "feasible" and deadline - time.perf_counter() > 1.0:
        lns = _Lns(inst, result, cells, workers, on_progress, seed)
        lns.run(deadline)
        result.stats["lns"] = {"rounds": lns.rounds, "improvements": lns.improved}
    if result.status == "feasible" and result.bound is not None and result.objective <= result.bound:
        result.status = "optimal"
    result.solve_seconds = elapsed()
    return result


def _start(inst, cells, hint, deadline, workers, seed, result, *, big: bool) -> list[dict] | None:
    """A complete, valid agenda to start from: the hint when it is one, else the constructive search;
    in a big model, what it leaves unplaced is solved as a sub-problem around it (a small model is
    solved whole next, which also proves an infeasible one so)."""
    if hint and len(hint) == len(inst.sessions) and not violations(inst, hint):
        result.stats["start"] = "hint"
        return hint

    def cost(sid, room, slot):
        return cell_cost(inst, sid, room, slot)

    # the constructive search places a loose instance in a second or two; one it cannot finish in a few
    # seconds is tight, and the slot plan is then the better use of the time
    budget = max(1.0, START_SHARE * (deadline - time.perf_counter()))
    budget = min(budget, (2.0 if big else 1.0) + len(inst.sessions) / 200)
    placed = construct(inst, cells, cost, budget=budget, seed=seed)
    result.stats["constructed"] = len(placed)
    if big and len(placed) < len(inst.sessions) and deadline - time.perf_counter() > 1.0:
        placed = _slots_first(inst, cells, placed, deadline, workers, seed, result)
    rounds, rnd = 0, random.Random(seed)  # noqa: S311  (search diversification, not security)
    while big and len(placed) < len(inst.sessions) and deadline - time.perf_counter() > 1.0:
        # what is left unplaced, with whoever shares the slots it could take, solved by CP-SAT (as many
        # placed as can be), then the constructive search again from there
        rounds += 1
        current = {a["session"]: (a["room"], a["slot"]) for a in placed}
        missing = set(inst.sessions) - set(current)
        blockers = _blockers(inst, cells, current, missing)
        room = max(0, REPAIR_FREE - len(missing))
        free = missing | set(rnd.sample(blockers, min(len(blockers), room)))
        if len(free) < REPAIR_FREE:
            slots = {slot for sid in missing for _room, slot in cells[sid]}
            around = [sid for sid, (_room, slot) in current.items() if slot in slots and sid not in free]
            free |= set(rnd.sample(around, min(len(around), REPAIR_FREE - len(free))))
        sub = submodel(inst, cells, current, free, partial=True)
        sub.hint(placed)
        seconds = min(REPAIR_ROUND_SECONDS, 0.5 * (deadline - time.perf_counter()))
        code, solver = sub.run(seconds, workers, seed=seed + rounds)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            placed = [a for a in placed if a["session"] not in free] + sub.assignments(solver)
        budget = min(REPAIR_ROUND_SECONDS, 0.5 * (deadline - time.perf_counter()))
        placed = construct(inst, cells, cost, budget=budget, seed=seed + rounds, start=placed)
    result.stats["repair_rounds"] = rounds
    if len(placed) == len(inst.sessions) and not violations(inst, placed):
        steps = [
            "constructed",
            "slot plan" if result.stats.get("slotted_start") else "",
            "repaired" if rounds else "",
        ]
        result.stats["start"] = " + ".join(step for step in steps if step)
        return placed
    return None


def _slots_first(inst, cells, placed, deadline, workers, seed, result) -> list[dict]:
    """A tight instance the constructive search left incomplete: the slots of every session first
    (``slots.slot_plan``, started from the slots of the sessions it placed), then the rooms within
    them (CP-SAT, as many placed as can be), then the rest on the whole grid by the constructive
    search; whichever start places more goes on to the repair rounds."""
    left = deadline - time.perf_counter()
    hint = {a["session"]: a["slot"] for a in placed}
    plan = slot_plan(inst, cells, seconds=SLOTS_SHARE * left, workers=workers, seed=seed, hint=hint)
    result.stats["slot_plan"] = plan is not None
    if plan is None:
        return placed
    slotted = _rooms_within(inst, cells, plan, REPAIR_ROUND_SECONDS, deadline, workers, seed)
    result.stats["slotted"] = len(slotted)
    result.stats["slotted_start"] = len(slotted) > len(placed)
    return slotted if len(slotted) > len(placed) else placed


def _priced_slots(inst, cells, result: Result, deadline: float, workers: int, seed: int, on_progress) -> None:
    """The cheapest slot plan (``slots.priced_plan``, started from the agenda's own slots) with its
    rooms found by CP-SAT, taken when it is cheaper than the agenda so far; its proven bound becomes
    the solver's (the search stops as optimal when an agenda meets it)."""
    current = {a["session"]: a["slot"] for a in result.assignments}
    plan, bound = priced_plan(
        inst,
        cells,
        functools.partial(cell_cost, inst),
        seconds=PRICED_SHARE * (deadline - time.perf_counter()),
        workers=workers,
        seed=seed,
        hint=current,
    )
    result.bound = max(result.bound or 0.0, float(bound))
    result.stats["priced_plan"] = "none" if plan is None else "kept" if plan == current else "found"
    if plan is None or plan == current or deadline - time.perf_counter() < 0.5:
        return
    found = _rooms_within(inst, cells, plan, PRICED_ROOMS_SECONDS, deadline, workers, seed)
    value = _objective(inst, found)
    if len(found) == len(inst.sessions) and value < (result.objective or 0) and not violations(inst, found):
        result.assignments, result.objective = found, value
        result.stats["priced_plan"] = "taken"
        if on_progress:
            on_progress(result.objective, result.bound or 0)


def _rooms_within(inst, cells, plan: dict[str, str], cap: float, deadline, workers, seed) -> list[dict]:
    """The rooms of a slot plan: as many sessions placed in their planned slots as can be (CP-SAT; the
    room runs may not fit every slot), the rest wherever the constructive search can put them; each
    step at most ``cap`` seconds and a share of the time left."""
    within = {sid: [c for c in options if c[1] == plan[sid]] for sid, options in cells.items()}
    rooms = _Model(inst, within, explain=False, partial=True)
    code, solver = rooms.run(min(cap, 0.3 * (deadline - time.perf_counter())), workers, seed=seed)
    placed = rooms.assignments(solver) if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else []
    if len(placed) == len(inst.sessions):
        return placed
    budget = min(cap, 0.3 * (deadline - time.perf_counter()))
    return construct(inst, cells, functools.partial(cell_cost, inst), budget=budget, seed=seed, start=placed)


def _blockers(inst, cells, current, missing) -> list[str]:
    """The placed sessions standing in the cells the ``missing`` ones could take (``Board.clashes``)."""
    board = Board(inst)
    for sid, cell in current.items():
        board.place(sid, cell)
    out: set[str] = set()
    for sid in missing:
        s = inst.sessions[sid]
        for cell in cells[sid]:
            direct, runs = board.clashes(s, cell)
            out |= direct
            for run in runs:
                out.update(run)
    return sorted(out)


def _whole(inst, cells, result: Result, started: float, seconds: float, workers: int, on_progress) -> None:
    model = _Model(inst, cells, explain=False)
    if result.assignments:
        model.hint(result.assignments)
    progress = _Progress(started, on_progress)
    small = len(model.x) <= SMALL_MODEL
    if small:
        code, solver = model.run(
            seconds, max(workers, len(SMALL_SUBSOLVERS)), progress, subsolvers=SMALL_SUBSOLVERS
        )
    else:
        code, solver = model.run(seconds, workers, progress)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if not result.assignments or solver.objective_value <= (result.objective or 0):
            result.assignments = model.assignments(solver)
            result.objective = int(solver.objective_value)
        if result.first_solution_seconds is None:
            result.first_solution_seconds = progress.first
        result.status = "optimal" if code == cp_model.OPTIMAL else "feasible"
        result.bound = solver.best_objective_bound
    elif code == cp_model.INFEASIBLE:
        result.status = "infeasible"
    elif code == cp_model.UNKNOWN and result.assignments:
        result.bound = solver.best_objective_bound


def _lower_bound(inst: Instance, cells) -> int:
    """Each session in its cheapest possible cell: what no agenda can beat (when the whole model was
    too big to bound it)."""
    return sum(min(cell_cost(inst, sid, r, t) for r, t in options) for sid, options in cells.items())


SMALL_MODEL = 30_000  # cell variables
# Heavy LP cuts, and objective shaving (can the objective be below its bound + k? a quick refutation
# raises the bound), close the bound of a small model: at 150 sessions proven optimal in 8-24 s in
# 8 of 8 runs, where "max_lp" + "core" proved it in 13-27 s in 5 of 6.
SMALL_SUBSOLVERS = ("max_lp", "objective_shaving")
LNS_ROUND_SECONDS = 2.0
WHOLE_SHARE = 0.3  # of the time left, on the whole model of a big instance that has a start
START_SHARE = 0.3  # of the time limit, for the first constructive search
REPAIR_FREE = 250  # sessions a repair round frees (the unplaced ones and sessions of their slots)
REPAIR_ROUND_SECONDS = 3.0
SLOTS_SHARE = 0.4  # of the time left, for the slot plan of an instance the first search left incomplete
PRICED_SHARE = 0.3  # of the time left after the start, for the cheapest slot plan and the bound
PRICED_ROOMS_SECONDS = 5.0  # for the rooms within the cheapest slot plan
PLACED_WEIGHT = 1_000_000  # a repair round: one more session placed outweighs any cost


class _Lns:
    """Large neighbourhood search: free a neighbourhood of the current agenda and let CP-SAT re-place
    it around everything else held where it is (``submodel``: only the free sessions are variables, so
    a round costs the same at 1,000 sessions as at 100). Neighbourhoods follow the agenda's structure:
    a few slots of one day, a band of rooms of similar size, one speaker's sessions and what shares
    their slots, a tag's clash group, the sessions that cost something with their slot neighbours, the
    sessions whose speakers are away from their preferred hours with those holding those hours, a
    random handful. Each kind is chosen by how often it improved; the size grows while rounds are
    solved to optimality and shrinks when they are not."""

    KINDS = ("day", "rooms", "speaker", "tag", "costly", "preferred", "random")

    def __init__(self, inst: Instance, result: Result, cells, workers: int, on_progress, seed: int = 0):
        self.inst, self.result, self.cells, self.workers = inst, result, cells, workers
        self.on_progress = on_progress
        self.rnd = random.Random(seed)  # noqa: S311  (search diversification, not security)
        self.size = max(10, min(120, len(inst.sessions) // 6))
        self.improved = self.rounds = 0
        self.score = dict.fromkeys(self.KINDS, 1.0)
        self.by_capacity = sorted(inst.rooms, key=lambda r: inst.rooms[r])
        self.slots_of = {sid: sorted({t for _room, t in options}) for sid, options in cells.items()}
        self.best_pref = {
            sid: min(preference_cost(inst, sid, t) for t in slots) for sid, slots in self.slots_of.items()
        }
        self.members: dict[str, dict[str, list[str]]] = {"speaker": {}, "tag": {}}
        for sid in sorted(inst.sessions):
            s = inst.sessions[sid]
            for p in s.speakers:
                self.members["speaker"].setdefault(p, []).append(sid)
            for t in s.tags:
                self.members["tag"].setdefault(t, []).append(sid)

    def _kind(self) -> str:
        total = sum(self.score.values())
        pick = self.rnd.random() * total
        for kind, weight in self.score.items():
            pick -= weight
            if pick <= 0:
                return kind
        return "random"

    def neighbourhood(self, kind: str, current: dict[str, tuple[str, str]]) -> set[str]:
        inst, rnd, size = self.inst, self.rnd, self.size
        if kind == "day":
            day = rnd.choice(list(inst.days().values()))
            per_slot = max(1, len(inst.rooms))
            slots = set(rnd.sample([t.id for t in day], min(len(day), max(2, size // per_slot))))
            return {sid for sid, (_room, slot) in current.items() if slot in slots}
        if kind == "rooms":  # neighbours in size: sessions can swap between them
            n = min(len(self.by_capacity), max(2, size * len(inst.rooms) // max(1, len(current))))
            i = rnd.randrange(max(1, len(self.by_capacity) - n + 1))
            rooms = set(self.by_capacity[i : i + n])
            return {sid for sid, (room, _slot) in current.items() if room in rooms}
        if kind in ("speaker", "tag"):
            members = self.members[kind]
            if not members:
                return self.neighbourhood("random", current)
            out: set[str] = set()
            # keys in a random order, each once: a few speakers (or tags) may hold fewer sessions
            # than the size asks for
            for key in rnd.sample(sorted(members), len(members)):
                if len(out) >= size // 2 or len(out) > len(current) // 2:
                    break
                out.update(sid for sid in members[key] if sid in current)
            slots = {current[sid][1] for sid in out}
            around = [sid for sid, (_room, slot) in current.items() if slot in slots and sid not in out]
            return out | set(rnd.sample(around, min(len(around), max(0, size - len(out)))))
        if kind == "preferred":  # speakers away from their preferred hours, and what holds those hours
            return self._preferred(current)
        if kind == "costly":
            costly = [sid for sid, cell in current.items() if cell_cost(inst, sid, *cell) > 0]
            if not costly:
                return self.neighbourhood("random", current)
            picked = rnd.sample(costly, min(len(costly), max(1, size // 4)))
            slots = {current[sid][1] for sid in picked}
            others = [sid for sid, (_room, slot) in current.items() if slot in slots and sid not in picked]
            return set(picked) | set(rnd.sample(others, min(len(others), max(0, size - len(picked)))))
        return set(rnd.sample(list(current), min(len(current), size)))

    def _preferred(self, current: dict[str, tuple[str, str]]) -> set[str]:
        """Sessions whose speakers could be nearer their preferred hours, and the sessions now in the
        slots they would rather have, so that the two can trade places."""
        inst, rnd, size = self.inst, self.rnd, self.size
        away = [
            sid for sid, cell in current.items() if preference_cost(inst, sid, cell[1]) > self.best_pref[sid]
        ]
        if not away:
            return self.neighbourhood("random", current)
        out: set[str] = set()
        by_slot: dict[str, list[str]] = {}
        for sid, (_room, slot) in current.items():
            by_slot.setdefault(slot, []).append(sid)
        for sid in rnd.sample(away, len(away)):
            if len(out) >= size:
                break
            now = preference_cost(inst, sid, current[sid][1])
            better = [t for t in self.slots_of[sid] if preference_cost(inst, sid, t) < now]
            out.add(sid)
            for t in rnd.sample(better, min(len(better), 2)):
                out.update(by_slot.get(t, ()))
        return out

    def run(self, deadline: float) -> None:
        inst, result = self.inst, self.result
        current = {a["session"]: (a["room"], a["slot"]) for a in result.assignments}
        while deadline - time.perf_counter() > 0.3:
            kind = self._kind()
            free = self.neighbourhood(kind, current)
            if not free:
                continue
            sub = submodel(inst, self.cells, current, free)
            sub.hint(result.assignments)
            seconds = min(deadline - time.perf_counter(), LNS_ROUND_SECONDS)
            code, solver = sub.run(seconds, self.workers, seed=self.rounds)
            self.rounds += 1
            self.size = (
                min(len(current), int(self.size * 1.1) + 1)
                if code == cp_model.OPTIMAL
                else max(5, int(self.size * 0.85))
            )
            before = sum(cell_cost(inst, sid, *current[sid]) for sid in free)
            self.score[kind] *= 0.95
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < before:
                moved = sub.assignments(solver)
                for a in moved:
                    current[a["session"]] = (a["room"], a["slot"])
                result.assignments = [{"session": k, "room": r, "slot": t} for k, (r, t) in current.items()]
                result.objective -= round(before - solver.objective_value)
                self.improved += 1
                self.score[kind] += 1.0
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
