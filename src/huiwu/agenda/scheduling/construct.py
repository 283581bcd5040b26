"""A complete agenda fast, on any feasible instance: place by difficulty, then repair by ejection.

Sessions are placed hardest first (plenaries, pins, then the fewest possible cells) into their cheapest
free cell. A session with no free cell left takes the cell whose occupants and rivals cost least to move
(the sessions it would clash with: same cell, a plenary, a shared speaker or tag, a rehearsal, a 90-minute
core run, two buffers side by side); those go back to the queue. Every ejection makes that session dearer
to eject again, and a session may not go straight back to the cell it was pushed out of, so the search
does not circle. Pinned sessions are never moved.

The answer is a list of assignments (all of them when it succeeded, within the time budget); the solver
checks it with the independent validator before trusting it.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from .instance import Instance, Session

Cell = tuple[str, str]  # (room, slot)


def core_windows(inst: Instance) -> list[list[str]]:
    """Minimal runs of back-to-back slots longer than the core-block limit: never all core (H9)."""
    out = []
    for slots in inst.days().values():
        chains: list[list] = []
        for slot in slots:
            if chains and chains[-1][-1].end == slot.start:
                chains[-1].append(slot)
            else:
                chains.append([slot])
        for chain in chains:
            for i in range(len(chain)):
                j = i
                while j < len(chain) and chain[j].end - chain[i].start <= inst.max_core_block:
                    j += 1
                if j < len(chain):
                    out.append([chain[k].id for k in range(i, j + 1)])
    return out


class Board:
    """Who is where, with the indexes that make "what would clash here" a handful of lookups."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.at: dict[Cell, str] = {}
        self.where: dict[str, Cell] = {}
        self.in_slot: dict[str, set[str]] = defaultdict(set)
        self.plenary_in: dict[str, set[str]] = defaultdict(set)
        self.busy: dict[tuple[str, str], set[str]] = defaultdict(set)  # (speaker, slot) -> sessions
        self.tagged: dict[tuple[str, str], set[str]] = defaultdict(set)  # (tag, slot) -> sessions
        self.prev: dict[str, str] = {}
        self.next: dict[str, str] = {}
        for a, b in inst.adjacent_pairs():
            self.prev[b.id], self.next[a.id] = a.id, b.id
        self.near: dict[str, list[str]] = defaultdict(list)  # slots within a rehearsal window
        for a, b in inst.rehearsal_pairs():
            self.near[a.id].append(b.id)
            self.near[b.id].append(a.id)
        self.windows: dict[str, list[list[str]]] = defaultdict(list)
        for window in core_windows(inst):
            for slot in window:
                self.windows[slot].append(window)

    def place(self, sid: str, cell: Cell) -> None:
        s, slot = self.inst.sessions[sid], cell[1]
        self.at[cell], self.where[sid] = sid, cell
        self.in_slot[slot].add(sid)
        if s.exclusive:
            self.plenary_in[slot].add(sid)
        for p in s.speakers:
            self.busy[p, slot].add(sid)
        for t in s.tags:
            self.tagged[t, slot].add(sid)

    def remove(self, sid: str) -> Cell:
        s = self.inst.sessions[sid]
        cell = self.where.pop(sid)
        slot = cell[1]
        del self.at[cell]
        self.in_slot[slot].discard(sid)
        self.plenary_in[slot].discard(sid)
        for p in s.speakers:
            self.busy[p, slot].discard(sid)
        for t in s.tags:
            self.tagged[t, slot].discard(sid)
        return cell

    def kind_at(self, room: str, slot: str | None) -> str | None:
        sid = self.at.get((room, slot)) if slot else None
        return self.inst.sessions[sid].kind if sid else None

    def clashes(self, s: Session, cell: Cell) -> tuple[set[str], list[list[str]]]:
        """What stands in the way of ``s`` taking ``cell``: the placed sessions that must all leave (the
        occupant, a plenary, a shared speaker or tag, a rehearsal, a buffer next door), and the core runs
        that would grow too long (one session of each must leave). Both empty: the cell is free."""
        room, slot = cell
        out: set[str] = set()
        if (occupant := self.at.get(cell)) is not None:
            out.add(occupant)
        out |= self.in_slot[slot] if s.exclusive else self.plenary_in[slot]
        inst = self.inst
        for p in s.speakers:
            out |= self.busy[p, slot]
            if slot in self.near and inst.slots[slot].day not in inst.rehearsal_days.get(p, ()):
                for other in self.near[slot]:
                    out |= self.busy[p, other]
        for t in s.tags:
            out |= self.tagged[t, slot]
        runs: list[list[str]] = []
        if s.kind == "buffer":
            if inst.no_adjacent_buffers:
                for n in (self.prev.get(slot), self.next.get(slot)):
                    if n and self.kind_at(room, n) == "buffer":
                        out.add(self.at[room, n])
        else:
            for window in self.windows.get(slot, ()):
                others = [self.at.get((room, w)) for w in window if w != slot]
                if all(o is not None and inst.sessions[o].kind == "core" for o in others):
                    runs.append([o for o in others if o is not None])
        out.discard(s.id)
        return out, runs

    def assignments(self) -> list[dict]:
        return [{"session": sid, "room": room, "slot": slot} for sid, (room, slot) in self.where.items()]


class _Repair:
    def __init__(self, inst: Instance, cells: dict[str, list[Cell]], cost, rnd: random.Random):
        self.inst, self.cells, self.cost, self.rnd = inst, cells, cost, rnd
        self.board = Board(inst)
        self.pinned = {sid for sid, options in cells.items() if len(options) == 1}
        self.weight: dict[str, float] = defaultdict(lambda: 1.0)
        self.tabu: dict[tuple[str, Cell], int] = {}
        self.step = 0
        self.top = max(inst.rooms.values(), default=1) or 1

    def _victims(self, direct: set[str], runs: list[list[str]]) -> set[str] | None:
        """Whom taking the cell pushes out: every direct clash and the lightest movable session of each
        run not already broken. None when that would move a pinned session."""
        if direct & self.pinned:
            return None
        out = set(direct)
        for run in runs:
            if out.intersection(run):
                continue
            movable = [o for o in run if o not in self.pinned]
            if not movable:
                return None
            out.add(min(movable, key=lambda o: (self.weight[o], o)))
        return out

    def _choose(self, sid: str, s: Session, options: list[Cell], *, tabu: bool):
        """The cell to take, and whom it pushes out: a free cell when there is one (the tightest room,
        then the objective), else the one whose victims weigh least."""
        board, rnd = self.board, self.rnd
        best, best_price, victims = None, None, set()
        for cell in options:
            direct, runs = board.clashes(s, cell)
            if not direct and not runs:
                spare = (self.inst.rooms[cell[0]] - s.audience) / self.top
                price = 1e-3 * spare + 1e-6 * self.cost(sid, *cell)
                pushed: set[str] | None = set()
            else:
                if tabu and self.tabu.get((sid, cell), 0) > self.step:
                    continue
                pushed = self._victims(direct, runs)
                if pushed is None:
                    continue
                price = 1.0 + sum(self.weight[o] for o in pushed) + rnd.random() * 0.3
            if best_price is None or price < best_price:
                best, best_price, victims = cell, price, pushed
        return best, victims

    def run(self, order: list[str], deadline: float) -> list[str]:
        """Place every session of ``order``; the ones still unplaced at the deadline."""
        queue = list(reversed(order))  # a stack: the hardest on top
        board, sessions, rnd = self.board, self.inst.sessions, self.rnd
        self.best = dict(board.where)
        while queue:
            if len(board.where) > len(self.best):
                self.best = dict(board.where)
            if time.perf_counter() > deadline:
                return queue
            self.step += 1
            sid = queue.pop()
            s = sessions[sid]
            options = self.cells[sid]
            if len(options) > 400:
                options = rnd.sample(options, 400)
            best, victims = self._choose(sid, s, options, tabu=True)
            if best is None:  # every cell is tabu (or the sample unlucky): the least bad one anyway
                best, victims = self._choose(sid, s, self.cells[sid], tabu=False)
            if best is None:  # every cell would move a pinned session: a pin makes it impossible
                return [sid, *queue]
            for o in victims:
                self.tabu[o, board.remove(o)] = self.step + 7 + rnd.randrange(5)
                self.weight[o] += 1.0
            board.place(sid, best)
            queue.extend(sorted(victims, key=lambda o: -len(self.cells[o])))
        return []


def construct(
    inst: Instance,
    cells: dict[str, list[Cell]],
    cost,
    *,
    budget: float,
    seed: int = 0,
    start: list[dict] | None = None,
) -> list[dict]:
    """An agenda of every session when one is found within ``budget`` seconds, else the most complete
    one reached. ``cost(sid, room, slot)`` orders the free cells (the objective's share of the cell).
    ``start``: a partial agenda that keeps every rule, to complete."""
    deadline = time.perf_counter() + budget
    rnd = random.Random(seed)  # noqa: S311  (search diversification, not security)
    repair = _Repair(inst, cells, cost, rnd)
    for a in start or ():
        repair.board.place(a["session"], (a["room"], a["slot"]))
    order = sorted(
        (sid for sid in inst.sessions if sid not in repair.board.where),
        key=lambda sid: (
            len(cells[sid]) != 1,  # pins first: they never move
            not inst.sessions[sid].exclusive,  # then plenaries: each takes a whole slot
            len(cells[sid]),
            -len(inst.sessions[sid].speakers),
            -inst.sessions[sid].audience,
        ),
    )
    if not repair.run(order, deadline):
        return repair.board.assignments()
    return [{"session": sid, "room": room, "slot": slot} for sid, (room, slot) in repair.best.items()]
