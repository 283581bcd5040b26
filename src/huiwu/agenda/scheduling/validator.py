"""Check a solution against every hard rule (H0-H11) and compute its objective.

Written apart from the solver on purpose: it reads only the instance and the assignments.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from .instance import Instance


def crowding(instance: Instance, audience: int, capacity: int) -> int:
    return max(0, audience - math.floor(instance.comfort_ratio * capacity))


def objective(instance: Instance, assignments: list[dict]) -> int:
    total = 0
    for a in assignments:
        s, slot = instance.sessions[a["session"]], instance.slots[a["slot"]]
        total += instance.w_crowding * crowding(instance, s.audience, instance.rooms[a["room"]])
        for p in s.speakers:
            prefs = instance.preferred.get(p) or []
            if prefs and not instance.inside_any(prefs, slot):
                total += instance.w_preference
    return total


def violations(instance: Instance, assignments: list[dict]) -> list[str]:
    out: list[str] = []
    placed = []
    for a in assignments:
        ids = [a.get(k) for k in ("session", "room", "slot")] if isinstance(a, dict) else [None]
        if not all(isinstance(i, str) for i in ids) or (
            ids[0] not in instance.sessions or ids[1] not in instance.rooms or ids[2] not in instance.slots
        ):
            out.append(f"H0 unknown id in {a}")
        else:
            placed.append(a)
    count = defaultdict(int)
    for a in placed:
        count[a["session"]] += 1
    for sid in instance.sessions:
        if count[sid] != 1:
            out.append(f"H1 session {sid} assigned {count[sid]} times")
    cells = [(instance.sessions[a["session"]], a["room"], instance.slots[a["slot"]]) for a in placed]
    for s, room, slot in cells:
        if s.duration > slot.duration:
            out.append(f"H3 {s.id} lasts {s.duration} min in a {slot.duration}-min slot")
        if s.audience > instance.rooms[room]:
            out.append(f"H4 {s.id} audience {s.audience} > room {room} capacity {instance.rooms[room]}")
        for p in s.speakers:
            if instance.overlaps(instance.unavailable.get(p) or [], slot):
                out.append(f"H5 speaker {p} unavailable for {s.id} in {slot.id}")
        if s.pin_room and room != s.pin_room:
            out.append(f"H8 {s.id} pinned to room {s.pin_room}")
        if s.pin_slot and slot.id != s.pin_slot:
            out.append(f"H8 {s.id} pinned to slot {s.pin_slot}")
    for (s1, r1, t1), (s2, r2, t2) in combinations(cells, 2):
        if t1.day != t2.day or not (t1.start < t2.end and t2.start < t1.end):
            continue
        if r1 == r2:
            out.append(f"H2 {s1.id} and {s2.id} share room {r1} at the same time")
        if s1.exclusive or s2.exclusive:
            plenary, other = (s1, s2) if s1.exclusive else (s2, s1)
            out.append(f"H11 {other.id} runs at the same time as the plenary {plenary.id}")
        if set(s1.speakers) & set(s2.speakers):
            out.append(f"H6 {s1.id} and {s2.id} share a speaker at the same time")
        if set(s1.tags) & set(s2.tags):
            out.append(f"H7 {s1.id} and {s2.id} share a tag at the same time")
    if instance.rehearsal > 0:
        slot_of = {s.id: slot for s, _room, slot in cells}
        before = {(a.id, b.id) for a, b in instance.rehearsal_pairs()}
        for (s1, _r1, t1), (s2, _r2, t2) in combinations(cells, 2):
            if (t1.id, t2.id) not in before and (t2.id, t1.id) not in before:
                continue
            later = s2 if (t1.id, t2.id) in before else s1
            for p in set(s1.speakers) & set(s2.speakers):
                if slot_of[later.id].day not in instance.rehearsal_days.get(p, set()):
                    out.append(
                        f"R1 speaker {p} has no {instance.rehearsal} min to rehearse before {later.id}"
                    )
    kind_at = {(room, slot.id): s.kind for s, room, slot in cells}
    for room in instance.rooms:
        for slots in instance.days().values():
            run: list = []
            for slot in [*slots, None]:
                extends = (
                    slot is not None
                    and kind_at.get((room, slot.id)) == "core"
                    and (not run or run[-1].end == slot.start)
                )
                if extends:
                    run.append(slot)
                    continue
                if run and run[-1].end - run[0].start > instance.max_core_block:
                    out.append(
                        f"H9 room {room}: core run {run[0].id}–{run[-1].id} spans "
                        f"{run[-1].end - run[0].start} min"
                    )
                run = [slot] if slot is not None and kind_at.get((room, slot.id)) == "core" else []
    if instance.no_adjacent_buffers:
        for a, b in instance.adjacent_pairs():
            for room in instance.rooms:
                if kind_at.get((room, a.id)) == "buffer" and kind_at.get((room, b.id)) == "buffer":
                    out.append(f"H10 room {room}: buffers in adjacent slots {a.id}, {b.id}")
    return out
