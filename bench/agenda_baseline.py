"""The baseline the agenda solver is measured against: a plain CP-SAT model of the same rules.

One boolean per possible (session, room, slot) cell, the rules stated on them directly, the same
objective, 2 workers, no start, no neighbourhood search: what anyone would write first. Run as
``python -m bench.agenda_baseline <instance.json> <seconds> <out.json>`` (its own process, so that its
peak memory is its own); it writes the assignments and the time of its first agenda.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from huiwu.agenda.scheduling.instance import load


def solve(inst, seconds: float, workers: int = 2) -> dict:
    started = time.perf_counter()
    m = cp_model.CpModel()
    x = {}
    for s in inst.sessions.values():
        for slot in inst.slots.values():
            if s.duration > slot.duration or (s.pin_slot and slot.id != s.pin_slot):
                continue
            if any(
                d == slot.day and a < slot.end and slot.start < b
                for p in s.speakers
                for d, a, b in inst.unavailable.get(p) or []
            ):
                continue
            for room, cap in inst.rooms.items():
                if s.audience <= cap and (not s.pin_room or room == s.pin_room):
                    x[s.id, room, slot.id] = m.new_bool_var("")
    by_session, by_cell, by_slot = defaultdict(list), defaultdict(list), defaultdict(list)
    for (sid, room, slot), v in x.items():
        by_session[sid].append(v)
        by_cell[room, slot].append((sid, v))
        by_slot[slot].append((sid, v))
    for sid in inst.sessions:
        m.add_exactly_one(by_session[sid])
    for items in by_cell.values():
        m.add_at_most_one(v for _sid, v in items)
    for items in by_slot.values():  # H6 speakers, H7 tags, H11 plenaries
        people, topics = defaultdict(list), defaultdict(list)
        for sid, v in items:
            for p in inst.sessions[sid].speakers:
                people[p].append(v)
            for t in inst.sessions[sid].tags:
                topics[t].append(v)
        for vs in [*people.values(), *topics.values()]:
            if len(vs) > 1:
                m.add_at_most_one(vs)
        plenary = [v for sid, v in items if inst.sessions[sid].exclusive]
        for p in plenary:
            others = [v for _sid, v in items if v is not p]
            m.add(sum(others) == 0).only_enforce_if(p)
    slots_of_day = defaultdict(list)
    for slot in inst.slots.values():
        slots_of_day[slot.day].append(slot)
    for day_slots in slots_of_day.values():
        day_slots.sort(key=lambda t: t.start)

    def of_kind(room, slot, kind):
        return [v for sid, v in by_cell.get((room, slot), []) if inst.sessions[sid].kind == kind]

    for day_slots in slots_of_day.values():
        for i in range(len(day_slots)):  # H9: every run of back-to-back slots over the limit
            for j in range(i + 1, len(day_slots)):
                run = day_slots[i : j + 1]
                if any(a.end != b.start for a, b in itertools.pairwise(run)):
                    break
                if run[-1].end - run[0].start <= inst.max_core_block:
                    continue
                for room in inst.rooms:
                    parts = [of_kind(room, t.id, "core") for t in run]
                    if all(parts):
                        m.add(sum(itertools.chain(*parts)) <= len(run) - 1)
                break
        if inst.no_adjacent_buffers:  # H10
            for a, b in itertools.pairwise(day_slots):
                if a.end == b.start:
                    for room in inst.rooms:
                        vs = of_kind(room, a.id, "buffer") + of_kind(room, b.id, "buffer")
                        if len(vs) > 1:
                            m.add_at_most_one(vs)
        if inst.rehearsal > 0:  # R1: a speaker rehearses in the minutes before each session
            for a, b in itertools.combinations(day_slots, 2):
                if not a.end > b.start - inst.rehearsal:
                    continue
                for p in {p for sid, _v in by_slot[b.id] for p in inst.sessions[sid].speakers}:
                    if b.day in inst.rehearsal_days.get(p, set()):
                        continue
                    vs = [v for sid, v in by_slot[a.id] + by_slot[b.id] if p in inst.sessions[sid].speakers]
                    if len(vs) > 1:
                        m.add_at_most_one(vs)
    terms = []
    for (sid, room, slot), v in x.items():
        s, t = inst.sessions[sid], inst.slots[slot]
        cost = inst.w_crowding * max(0, s.audience - math.floor(inst.comfort_ratio * inst.rooms[room]))
        for p in s.speakers:
            prefs = inst.preferred.get(p) or []
            if prefs and not any(d == t.day and a <= t.start and t.end <= b for d, a, b in prefs):
                cost += inst.w_preference
        if cost:
            terms.append(cost * v)
    m.minimize(sum(terms))

    class First(cp_model.CpSolverSolutionCallback):
        first = None

        def on_solution_callback(self):
            if self.first is None:
                self.first = time.perf_counter() - started

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    first = First()
    code = solver.solve(m, first)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "status": solver.status_name(code).lower(),
        "first_solution_seconds": first.first,
        "best_bound": solver.best_objective_bound if found else None,
        "variables": len(x),
        "assignments": [
            {"session": sid, "room": room, "slot": slot}
            for (sid, room, slot), v in x.items()
            if solver.value(v)
        ]
        if found
        else [],
    }


if __name__ == "__main__":
    path, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    result = solve(load(path), seconds)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
