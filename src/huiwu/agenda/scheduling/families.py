"""Hard instance families for tests and the bench, each with a planted feasible agenda.

The first generator (``generator.py``) leaves most cells empty, gives a speaker one or two talks and
rarely a window: everything looks fast on it. These families push one rule each to its limit, the way
real agendas do, and ``mixed`` pushes all of them at once (the shape of the instances a solver must not
fail on: fuller rooms, more shared speakers, narrower speaker windows):

- ``full``: ≥ 90% of the cells hold a session, audiences close to the seats of their planted room;
- ``panels``: many panels of three to five speakers drawn from a small pool;
- ``narrow``: each speaker is available only around their planted talks (the rest of the meeting away);
- ``pinned``: a third of the sessions pinned to their cell;
- ``rooms``: two large rooms and many small ones, audiences that need the large ones;
- ``long``: long days of back-to-back 45-minute slots, so the 90-minute core-block rule and the
  no-two-buffers rule decide where every break goes;
- ``mixed``: full rooms, panels, narrow windows, tags, a plenary a day and the 30-minute rehearsal rule.

``fill`` counts the cells a session may take: a plenary holds its slot alone, so that slot's cells in
the other rooms do not count. ``STRESS`` families are for the bench only: ``packed`` is ``mixed`` with
its rooms laid out as if the plenary slot could be filled, so ~98% of the usable cells hold a session
(no slack at all for rooms, speakers and tags together); the targets are stated for ≥ 90%.

Everything is drawn so that the planted agenda keeps every hard rule; the solver is not told where
anything was planted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from dataclasses import dataclass

FAMILIES = ("full", "panels", "narrow", "pinned", "rooms", "long", "mixed")
STRESS = ("packed",)
# (start, minutes): core pairs around a buffer slot, lunch
STANDARD_GRID = [(540, 45), (585, 45), (630, 30), (660, 45), (705, 45)]
STANDARD_GRID += [(s + 300, m) for s, m in STANDARD_GRID]
LONG_GRID = [(480 + 45 * i, 45) for i in range(14)]  # 08:00-18:30 back to back


@dataclass
class _Shape:
    fill: float = 0.6  # share of the cells that hold a session
    tight: bool = False  # audiences close to the planted room's seats
    panel_share: float = 0.1  # core sessions with 3-5 speakers
    speakers_per_session: float = 0.5  # size of the speaker pool, per session
    narrow: bool = False
    pinned: float = 0.0
    rooms: str = "mixed"  # mixed | skewed
    grid: str = "standard"  # standard | long
    tags: float = 0.5
    plenary: bool = False
    rehearsal: int = 0
    booked: bool = False  # the fill is a floor (fully booked rooms), not a ceiling
    count_plenary_cells: bool = False  # lay out rooms as if the plenary slot's cells could be filled


SHAPES = {
    "full": _Shape(fill=0.9, tight=True, booked=True),
    "panels": _Shape(panel_share=0.5, speakers_per_session=0.25),
    "narrow": _Shape(narrow=True, speakers_per_session=0.3),
    "pinned": _Shape(fill=0.8, pinned=0.33),
    "rooms": _Shape(fill=0.75, rooms="skewed", tight=True),
    "long": _Shape(fill=0.85, grid="long"),
    "mixed": _Shape(
        fill=0.9,
        booked=True,
        tight=True,
        panel_share=0.35,
        speakers_per_session=0.3,
        narrow=True,
        tags=0.7,
        plenary=True,
        rehearsal=30,
    ),
}
SHAPES["packed"] = dataclasses.replace(SHAPES["mixed"], booked=False, count_plenary_cells=True)


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _layout(n_sessions: int, shape: _Shape) -> tuple[int, int, list[tuple[int, int]]]:
    """(rooms, days, grid) holding ``n_sessions`` at the shape's fill of the cells a session may take."""
    grid = LONG_GRID if shape.grid == "long" else STANDARD_GRID
    cells = math.ceil(n_sessions / shape.fill)
    days = max(1, min(5, round(n_sessions / 150) or 1))
    fillable = len(grid) - (1 if shape.plenary and not shape.count_plenary_cells else 0)
    rooms = max(3, math.ceil(cells / (days * fillable)))
    fewer = math.floor(cells / (days * fillable))
    if shape.booked and fewer >= 3 and n_sessions <= 0.96 * fewer * days * fillable:
        rooms = fewer  # the fill is at least the shape's (a little slack left on small instances)
    return rooms, days, grid


def _kinds(rnd: random.Random, grid, shape: _Shape) -> list[str | None]:
    """The kind planted in each slot of one room's day ('core', 'buffer' or None), keeping H9 and H10."""
    if shape.grid != "long":
        return ["buffer" if minutes == 30 else "core" for _start, minutes in grid]
    out: list[str | None] = []
    run = 0  # core minutes back to back
    for _start, minutes in grid:
        if run + minutes > 90:
            kind = "buffer" if out and out[-1] != "buffer" else None
        elif out and out[-1] == "buffer":
            kind = "core"
        else:
            kind = "core" if rnd.random() < 0.8 else "buffer"
        out.append(kind)
        run = run + minutes if kind == "core" else 0
    return out


def generate_family(family: str, n_sessions: int, seed: int = 1) -> dict:
    shape = SHAPES[family]
    rnd = random.Random(seed * 7919 + len(family))  # noqa: S311  (reproducible test data)
    n_rooms, n_days, grid = _layout(n_sessions, shape)
    if shape.rooms == "skewed":
        caps = [rnd.choice([800, 1000]) for _ in range(2)]
        caps += [rnd.choice([50, 60, 80, 100, 120]) for _ in range(n_rooms - 2)]
    else:
        caps = [rnd.choice([60, 100, 150, 250, 400, 900]) for _ in range(n_rooms)]
    rooms = [{"id": f"R{r + 1:02d}", "name": f"Room {r + 1}", "capacity": caps[r]} for r in range(n_rooms)]
    days, cells = [], []  # cells: (room index, day id, slot id, start, minutes, kind)
    plenary_slots = set()
    for d in range(n_days):
        did = f"D{d + 1}"
        day_slots = []
        for t, (start, minutes) in enumerate(grid):
            day_slots.append({"id": f"{did}T{t + 1:02d}", "start": _hhmm(start), "duration": minutes})
        days.append({"id": did, "date": (dt.date(2031, 3, 3) + dt.timedelta(days=d)).isoformat(),
                     "slots": day_slots})  # fmt: skip
        if shape.plenary:
            plenary_slots.add(f"{did}T01")
        for r in range(n_rooms):
            for t, kind in enumerate(_kinds(rnd, grid, shape)):
                if kind is not None:
                    start, minutes = grid[t]
                    cells.append((r, did, f"{did}T{t + 1:02d}", start, minutes, kind))
    # a plenary holds its slot alone: the largest room, nothing else in that slot
    cells = [c for c in cells if c[2] not in plenary_slots]
    big = max(range(n_rooms), key=lambda r: caps[r])
    planted_cells = []
    for slot in sorted(plenary_slots):
        did = slot.split("T")[0]
        planted_cells.append((big, did, slot, grid[0][0], grid[0][1], "core", True))
    n_rest = min(len(cells), max(0, n_sessions - len(planted_cells)))
    planted_cells += [(*c, False) for c in rnd.sample(cells, n_rest)]
    slot_of = {s["id"]: (d["id"], i) for d in days for i, s in enumerate(d["slots"])}
    n_speakers = max(6, int(n_sessions * shape.speakers_per_session))
    speakers = [{"id": f"P{p + 1:04d}", "name": f"Speaker {p + 1:04d}", "unavailable": [], "preferred": []}
                for p in range(n_speakers)]  # fmt: skip
    busy: dict[tuple[str, str], bool] = {}  # (speaker, slot)
    tagged: set[tuple[str, str]] = set()
    n_topics = max(3, n_sessions // 10)
    sessions, speaking, planted = [], {}, []

    def free_for(p: str, slot: str) -> bool:
        if busy.get((p, slot)):
            return False
        if shape.rehearsal:  # R1: not in the slot just before or after (rehearsal before each talk)
            did, i = slot_of[slot]
            for j in (i - 1, i + 1):
                if 0 <= j < len(grid) and busy.get((p, f"{did}T{j + 1:02d}")):
                    a, b = sorted((i, j))
                    if grid[a][0] + grid[a][1] > grid[b][0] - shape.rehearsal:
                        return False
        return True

    for n, (r, did, slot, start, minutes, kind, plenary) in enumerate(planted_cells):
        sid = f"S{n + 1:04d}"
        spk: list[str] = []
        if kind == "core":
            count = rnd.randint(3, 5) if rnd.random() < shape.panel_share else rnd.choice([1, 1, 2])
            pool = [sp["id"] for sp in rnd.sample(speakers, min(len(speakers), 40))]
            for p in pool:
                if len(spk) == count:
                    break
                if free_for(p, slot):
                    busy[p, slot] = True
                    spk.append(p)
                    speaking.setdefault(p, []).append((did, start, minutes))
        tags = []
        topic = f"topic:{rnd.randrange(n_topics):02d}"
        if kind == "core" and (topic, slot) not in tagged and rnd.random() < shape.tags:
            tagged.add((topic, slot))
            tags.append(topic)
        cap = caps[r]
        audience = int(cap * (rnd.uniform(0.75, 1.0) if shape.tight else rnd.uniform(0.2, 1.0)))
        session = {
            "id": sid, "title": f"Talk {sid}", "kind": kind,
            "type": "talk" if kind == "core" else "tea-break",
            "duration": minutes if rnd.random() < 0.7 or minutes <= 30 else minutes - 15,
            "audience": audience, "speakers": spk, "tags": tags,
            "pinned": {"room": rooms[r]["id"], "slot": slot} if rnd.random() < shape.pinned else None,
        }  # fmt: skip
        if plenary:
            session["exclusive"] = True
            session["audience"] = int(cap * 0.9)
        sessions.append(session)
        planted.append({"session": sid, "room": rooms[r]["id"], "slot": slot})
    for sp in speakers:
        mine = speaking.get(sp["id"], [])
        if shape.narrow:
            _narrow_windows(sp, mine, days, grid)
        elif rnd.random() < 0.3:
            day = rnd.choice(days)["id"]
            window = (9 * 60, 12 * 60 + 30) if rnd.random() < 0.5 else (14 * 60, 17 * 60 + 30)
            if not any(d == day and s < window[1] and window[0] < s + m for d, s, m in mine):
                sp["unavailable"].append({"day": day, "start": _hhmm(window[0]), "end": _hhmm(window[1])})
        if mine and rnd.random() < 0.4:
            day, start, minutes = rnd.choice(mine)
            sp["preferred"].append({"day": day, "start": _hhmm(max(0, start - 60)),
                                    "end": _hhmm(min(24 * 60 - 1, start + minutes + 60))})  # fmt: skip
    rnd.shuffle(sessions)  # the order says nothing about the planted agenda
    return {
        "format": "conf-agenda-instance",
        "version": 1,
        "name": f"{family}-{n_sessions}-seed{seed}",
        "params": {
            "max_core_block_minutes": 90,
            "no_adjacent_buffers": True,
            "comfort_ratio": 0.8,
            "rehearsal_minutes": shape.rehearsal,
            "weights": {"crowding": 1, "speaker_preference": 20},
        },
        "rooms": rooms,
        "days": days,
        "sessions": sessions,
        "speakers": speakers,
        "_planted": planted,  # for tests: proof that the instance is feasible (the solver never reads it)
    }


def _narrow_windows(sp: dict, mine: list[tuple[str, int, int]], days: list[dict], grid) -> None:
    """Away all meeting long except from 45 minutes before their first planted talk of a day to 45
    minutes after their last one (a speaker with no talk is away everywhere but one morning)."""
    first, last = grid[0][0], grid[-1][0] + grid[-1][1]
    talks: dict[str, list[tuple[int, int]]] = {}
    for day, start, minutes in mine:
        talks.setdefault(day, []).append((start, start + minutes))
    for d in days:
        spans = talks.get(d["id"])
        if not spans and not mine and d is days[0]:
            spans = [(first, first + 180)]
        if not spans:
            sp["unavailable"].append({"day": d["id"], "start": _hhmm(first), "end": _hhmm(last)})
            continue
        open_from = max(first, min(a for a, _b in spans) - 45)
        open_to = min(last, max(b for _a, b in spans) + 45)
        if open_from > first:
            sp["unavailable"].append({"day": d["id"], "start": _hhmm(first), "end": _hhmm(open_from)})
        if open_to < last:
            sp["unavailable"].append({"day": d["id"], "start": _hhmm(open_to), "end": _hhmm(last)})
