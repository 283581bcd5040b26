"""A greedy agenda: the session with the fewest free cells first, into its cheapest free cell.

It gives the solver a starting point (a hint) and, when it places every session, a valid agenda
within a fraction of a second. A few shuffled passes are tried and the one that places most wins.
"""

from __future__ import annotations

import random
import time

from .instance import Instance


class _Grid:
    def __init__(self, inst: Instance):
        self.inst = inst
        self.kind: dict[tuple[str, str], str] = {}
        self.busy: set[tuple[str, str]] = set()  # (speaker or tag, slot)
        self.used: set[str] = set()  # slots holding a session
        self.plenary: set[str] = set()  # slots holding a plenary: nothing else goes there
        self.prev: dict[str, str] = {}
        self.next: dict[str, str] = {}
        for a, b in inst.adjacent_pairs():
            self.prev[b.id], self.next[a.id] = a.id, b.id
        self.near: dict[str, list[str]] = {}  # slots within the rehearsal window before or after
        for a, b in inst.rehearsal_pairs():
            self.near.setdefault(a.id, []).append(b.id)
            self.near.setdefault(b.id, []).append(a.id)

    def fits(self, s, room: str, slot: str) -> bool:
        if (room, slot) in self.kind or slot in self.plenary or (s.exclusive and slot in self.used):
            return False
        if any((p, slot) in self.busy for p in s.speakers) or any((t, slot) in self.busy for t in s.tags):
            return False
        day = self.inst.slots[slot].day
        for p in s.speakers:
            if day not in self.inst.rehearsal_days.get(p, ()) and any(
                (p, other) in self.busy for other in self.near.get(slot, ())
            ):
                return False
        if s.kind == "buffer":
            if not self.inst.no_adjacent_buffers:
                return True
            return all(
                self.kind.get((room, n)) != "buffer" for n in (self.prev.get(slot), self.next.get(slot)) if n
            )
        first = last = slot
        while (p := self.prev.get(first)) and self.kind.get((room, p)) == "core":
            first = p
        while (n := self.next.get(last)) and self.kind.get((room, n)) == "core":
            last = n
        slots = self.inst.slots
        return slots[last].end - slots[first].start <= self.inst.max_core_block

    def place(self, s, room: str, slot: str) -> None:
        self.kind[room, slot] = s.kind
        self.used.add(slot)
        if s.exclusive:
            self.plenary.add(slot)
        self.busy.update((p, slot) for p in s.speakers)
        self.busy.update((t, slot) for t in s.tags)


def _pass(inst: Instance, cells, cost, order, rnd) -> list[dict]:
    grid = _Grid(inst)
    placed = []
    for sid in order:
        s = inst.sessions[sid]
        options = [(cost(sid, room, slot) + rnd.random() * 0.5, room, slot) for room, slot in cells[sid]]
        for _c, room, slot in sorted(options):
            if grid.fits(s, room, slot):
                grid.place(s, room, slot)
                placed.append({"session": sid, "room": room, "slot": slot})
                break
    return placed


def greedy(
    inst: Instance, cells: dict[str, list[tuple[str, str]]], budget: float | None = None, seed: int = 0
) -> list[dict]:
    from .solver import cell_cost  # the objective, one definition

    top = max(inst.rooms.values(), default=1) or 1
    costs: dict[tuple[str, str, str], float] = {}

    def cost(sid, room, slot):
        key = (sid, room, slot)
        if key not in costs:  # spare seats are kept for the sessions still to come
            costs[key] = (
                cell_cost(inst, sid, room, slot) + (inst.rooms[room] - inst.sessions[sid].audience) / top
            )
        return costs[key]

    rnd = random.Random(seed)  # noqa: S311  (search diversification, not security)
    if budget is None:
        budget = 0.1 + len(inst.sessions) / 1000
    deadline = time.perf_counter() + budget
    # plenaries first (each takes a whole slot), then the session with the fewest cells
    order = sorted(
        inst.sessions,
        key=lambda sid: (not inst.sessions[sid].exclusive, len(cells[sid]), -inst.sessions[sid].audience),
    )
    best: list[dict] = []
    while True:
        placed = _pass(inst, cells, cost, order, rnd)
        if len(placed) > len(best):
            best = placed
        if len(best) == len(inst.sessions) or time.perf_counter() > deadline:
            return best
        missing = set(order) - {a["session"] for a in placed}
        # the ones left out go first next time, the rest keep a shuffled hardest-first order
        rest = [sid for sid in order if sid not in missing]
        rnd.shuffle(rest)
        rest.sort(key=lambda sid: (not inst.sessions[sid].exclusive, len(cells[sid]) // 8))
        order = sorted(missing, key=lambda sid: len(cells[sid])) + rest
