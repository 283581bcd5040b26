"""Generate `conf-agenda-instance` v1 instances with a planted feasible agenda (for tests and benches).

Each day has the same grid: 45-minute core slots in pairs separated by 30-minute buffer slots, and a
lunch gap, so a full grid already keeps the 90-minute and adjacent-buffer rules. Sessions are placed
into a random subset of cells first; capacities, speakers, tags and unavailability are then drawn so
that the planted agenda keeps every hard rule. The solver is not told where anything was planted.
"""

from __future__ import annotations

import datetime as dt
import random

GRID = [
    ("09:00", 45),
    ("09:45", 45),
    ("10:30", 30),
    ("11:00", 45),
    ("11:45", 45),
    ("14:00", 45),
    ("14:45", 45),
    ("15:30", 30),
    ("16:00", 45),
    ("16:45", 45),
]
SIZES = {"S": (40, 4, 1), "M": (150, 8, 2), "L": (400, 15, 3), "XL": (1000, 30, 4)}


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def generate(size: str = "M", seed: int = 1) -> dict:
    n_sessions, n_rooms, n_days = SIZES[size]
    rnd = random.Random(seed)  # noqa: S311  (reproducible test data, not security)
    rooms = [
        {
            "id": f"R{r + 1:02d}",
            "name": f"Room {r + 1}",
            "capacity": rnd.choice([60, 100, 150, 250, 400, 900]),
        }
        for r in range(n_rooms)
    ]
    days, cells = [], []
    for d in range(n_days):
        did = f"D{d + 1}"
        slots = []
        for t, (start, dur) in enumerate(GRID):
            sid = f"{did}T{t + 1:02d}"
            slots.append({"id": sid, "start": start, "duration": dur})
            cells += [(room, did, sid, start, dur) for room in rooms]
        days.append(
            {"id": did, "date": (dt.date(2030, 6, 3) + dt.timedelta(days=d)).isoformat(), "slots": slots}
        )
    if n_sessions > len(cells):
        raise ValueError("more sessions than cells")
    planted = rnd.sample(cells, n_sessions)
    n_speakers = max(4, n_sessions // 2)
    speakers = [
        {"id": f"P{p + 1:04d}", "name": f"Speaker {p + 1:04d}", "unavailable": [], "preferred": []}
        for p in range(n_speakers)
    ]
    busy: dict[str, set[str]] = {}  # slot -> speakers already there
    tagged: dict[str, set[str]] = {}  # slot -> tags already there
    sessions = []
    for i, (room, did, slot, start, dur) in enumerate(planted):
        kind = "buffer" if dur == 30 else "core"
        sid = f"S{i + 1:04d}"
        spk = []
        if kind == "core":
            for _ in range(rnd.choice([1, 1, 2])):
                free = [p["id"] for p in speakers if p["id"] not in busy.setdefault(slot, set())]
                if free:
                    pick = rnd.choice(free)
                    busy[slot].add(pick)
                    spk.append(pick)
        tags = []
        topic = f"topic:{rnd.randrange(max(3, n_sessions // 6)):02d}"
        if kind == "core" and topic not in tagged.setdefault(slot, set()) and rnd.random() < 0.5:
            tagged[slot].add(topic)
            tags.append(topic)
        audience = int(room["capacity"] * rnd.uniform(0.2, 1.0))
        sessions.append(
            {
                "id": sid,
                "title": f"Talk {sid}",
                "type": "talk" if kind == "core" else "tea-break",
                "kind": kind,
                "duration": dur if rnd.random() < 0.7 else dur - 15 if dur > 30 else dur,
                "audience": audience,
                "speakers": spk,
                "tags": tags,
                "pinned": None,
                "_planted": (did, start, dur),
            }
        )
    speaking: dict[str, list[tuple[str, int, int]]] = {}
    for s in sessions:
        for p in s["speakers"]:
            day, start, dur = s["_planted"]
            speaking.setdefault(p, []).append((day, int(start[:2]) * 60 + int(start[3:]), dur))
    for p in speakers:
        mine = speaking.get(p["id"], [])
        if rnd.random() < 0.3:  # a half day away that does not touch the planted talks
            day = rnd.choice(days)["id"]
            window = (9 * 60, 12 * 60 + 30) if rnd.random() < 0.5 else (14 * 60, 17 * 60 + 30)
            if not any(d == day and s < window[1] and window[0] < s + dur for d, s, dur in mine):
                p["unavailable"].append({"day": day, "start": _hhmm(window[0]), "end": _hhmm(window[1])})
        if mine and rnd.random() < 0.4:
            day, start, dur = rnd.choice(mine)
            p["preferred"].append(
                {"day": day, "start": _hhmm(max(0, start - 60)), "end": _hhmm(start + dur + 60)}
            )
    for s in sessions:
        del s["_planted"]
    return {
        "format": "conf-agenda-instance",
        "version": 1,
        "name": f"{size}-seed{seed}",
        "size": size,
        "seed": seed,
        "params": {
            "max_core_block_minutes": 90,
            "no_adjacent_buffers": True,
            "comfort_ratio": 0.8,
            "weights": {"crowding": 1, "speaker_preference": 20},
        },
        "rooms": rooms,
        "days": days,
        "sessions": sessions,
        "speakers": speakers,
    }
