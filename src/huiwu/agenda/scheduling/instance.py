"""Read and check a `conf-agenda-instance` v1 document into plain, indexed data."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
MAX_SESSIONS = 5000


class InstanceError(ValueError):
    """The instance cannot be read; ``problems`` lists what is wrong, one sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems[:10]))


def minutes(hhmm: str) -> int:
    if not isinstance(hhmm, str) or len(hhmm) != 5 or hhmm[2] != ":":
        raise ValueError(f"time {hhmm!r} is not HH:MM")
    h, m = int(hhmm[:2]), int(hhmm[3:])
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"time {hhmm!r} is not HH:MM")
    return h * 60 + m


@dataclass(frozen=True)
class Slot:
    id: str
    day: str
    day_index: int
    start: int
    end: int

    @property
    def duration(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Session:
    id: str
    kind: str
    duration: int
    audience: int
    speakers: tuple[str, ...]
    tags: tuple[str, ...]
    pin_room: str | None
    pin_slot: str | None
    # extension of v1 (other tools ignore it): a plenary or a meal; nothing else at the same time
    exclusive: bool = False


@dataclass
class Instance:
    name: str
    max_core_block: int
    no_adjacent_buffers: bool
    comfort_ratio: float
    w_crowding: int
    w_preference: int
    rooms: dict[str, int]  # id -> capacity
    slots: dict[str, Slot]
    sessions: dict[str, Session]
    unavailable: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    preferred: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    # Re-planning (an extension of v1, ignored by other tools): the published cell of a session, and
    # what moving it away costs.
    previous: dict[str, tuple[str, str]] = field(default_factory=dict)
    w_change: int = 50
    # Rehearsal (extension; 0 = off): a speaker is free for this many minutes before each session,
    # except on the days they have a rehearsal slot of their own.
    rehearsal: int = 0
    rehearsal_days: dict[str, set[str]] = field(default_factory=dict)

    def rehearsal_pairs(self) -> list[tuple[Slot, Slot]]:
        """(a, b) of one day where a overlaps the rehearsal window just before b starts."""
        if self.rehearsal <= 0:
            return []
        pairs = []
        for slots in self.days().values():
            for b in slots:
                pairs += [(a, b) for a in slots if a.start < b.start and a.end > b.start - self.rehearsal]
        return pairs

    def days(self) -> dict[str, list[Slot]]:
        out: dict[str, list[Slot]] = {}
        for s in self.slots.values():
            out.setdefault(s.day, []).append(s)
        return {d: sorted(v, key=lambda s: s.start) for d, v in out.items()}

    def adjacent_pairs(self) -> list[tuple[Slot, Slot]]:
        pairs = []
        for slots in self.days().values():
            pairs += [(a, b) for a, b in itertools.pairwise(slots) if a.end == b.start]
        return pairs

    def overlaps(self, windows: list[tuple[str, int, int]], slot: Slot) -> bool:
        return any(d == slot.day and start < slot.end and slot.start < end for d, start, end in windows)

    def inside_any(self, windows: list[tuple[str, int, int]], slot: Slot) -> bool:
        return any(d == slot.day and start <= slot.start and slot.end <= end for d, start, end in windows)


def load(path: str | Path) -> Instance:
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise InstanceError([f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InstanceError([f"the file is not valid JSON: {exc}"]) from exc
    return parse(data)


def parse(data) -> Instance:
    """The instance, or InstanceError listing what is wrong; any wrongly typed value is an error too."""
    try:
        return _parse(data)
    except InstanceError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
        raise InstanceError([f"a value has the wrong type or form ({type(exc).__name__}: {exc})"]) from exc


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parse(data) -> Instance:
    problems: list[str] = []
    if not isinstance(data, dict) or data.get("format") != "conf-agenda-instance" or data.get("version") != 1:
        raise InstanceError(["not a conf-agenda-instance version 1 document"])
    params = data.get("params") or {}
    weights = params.get("weights") or {}
    rooms: dict[str, int] = {}
    for r in data.get("rooms") or []:
        rid, cap = r.get("id"), r.get("capacity")
        if not isinstance(rid, str):
            problems.append(f"room {rid!r}: needs a string id")
        elif not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
            problems.append(f"room {rid}: capacity must be a whole number of seats ≥ 1 (got {cap!r})")
        elif rid in rooms:
            problems.append(f"room {rid}: duplicate id")
        else:
            rooms[rid] = cap
    slots: dict[str, Slot] = {}
    for di, day in enumerate(data.get("days") or []):
        did = day.get("id")
        previous_end = None
        for s in sorted(day.get("slots") or [], key=lambda s: str(s.get("start"))):
            try:
                start, dur = minutes(s.get("start")), int(s.get("duration"))
            except (TypeError, ValueError) as exc:
                problems.append(f"slot {s.get('id')!r}: {exc}")
                continue
            sid = s.get("id")
            if not isinstance(sid, str) or not isinstance(did, str):
                problems.append(f"slot {sid!r}: needs a string id on a day with a string id")
            elif dur <= 0 or start + dur > 24 * 60:
                problems.append(f"slot {sid}: duration must be positive and end the same day")
            elif sid in slots:
                problems.append(f"slot {sid}: duplicate id")
            elif previous_end is not None and start < previous_end:
                problems.append(f"slot {sid}: overlaps the previous slot of day {did}")
            else:
                slots[sid] = Slot(sid, did, di, start, start + dur)
                previous_end = start + dur
    sessions: dict[str, Session] = {}
    previous: dict[str, tuple[str, str]] = {}
    speaker_ids = {p.get("id") for p in data.get("speakers") or []}
    for s in data.get("sessions") or []:
        sid = s.get("id")
        pinned = s.get("pinned") or {}
        if not isinstance(pinned, dict):
            problems.append(f"session {sid!r}: pinned must be null or {{room, slot}}")
            continue
        try:
            session = Session(
                id=sid,
                kind=s.get("kind"),
                duration=int(s.get("duration")),
                audience=int(s.get("audience", 0)),
                speakers=tuple(s.get("speakers") or ()),
                tags=tuple(s.get("tags") or ()),
                pin_room=pinned.get("room"),
                pin_slot=pinned.get("slot"),
                exclusive=s.get("exclusive", False),
            )
        except (TypeError, ValueError, AttributeError):
            problems.append(f"session {sid!r}: duration and audience must be integers")
            continue
        if not isinstance(sid, str):
            problems.append(f"session {sid!r}: needs a string id")
            continue
        if not 1 <= session.duration <= 24 * 60:
            problems.append(f"session {sid}: duration must be 1 to 1440 minutes (got {session.duration})")
        if session.audience < 0:
            problems.append(f"session {sid}: audience must be ≥ 0 (got {session.audience})")
        if not _strings(s.get("speakers") or []) or not _strings(s.get("tags") or []):
            problems.append(f"session {sid}: speakers and tags must be lists of strings")
            continue
        if any(v is not None and not isinstance(v, str) for v in (session.pin_room, session.pin_slot)):
            problems.append(f"session {sid}: pinned room and slot must be ids or null")
            continue
        if not isinstance(session.exclusive, bool):
            problems.append(f"session {sid}: exclusive must be true or false")
        if session.kind not in ("core", "buffer"):
            problems.append(f"session {sid}: kind must be core or buffer")
        if sid in sessions:
            problems.append(f"session {sid}: duplicate id")
        for p in session.speakers:
            if p not in speaker_ids:
                problems.append(f"session {sid}: unknown speaker {p}")
        if session.pin_room is not None and session.pin_room not in rooms:
            problems.append(f"session {sid}: pinned to unknown room {session.pin_room}")
        if session.pin_slot is not None and session.pin_slot not in slots:
            problems.append(f"session {sid}: pinned to unknown slot {session.pin_slot}")
        sessions[sid] = session
        published = s.get("published")
        if isinstance(published, dict) and published.get("room") in rooms and published.get("slot") in slots:
            previous[sid] = (published["room"], published["slot"])
    if len(sessions) > MAX_SESSIONS:
        problems.append(f"more than {MAX_SESSIONS} sessions")
    unavailable, preferred = {}, {}
    day_ids = {s.day for s in slots.values()}
    for p in data.get("speakers") or []:
        for key, target in (("unavailable", unavailable), ("preferred", preferred)):
            windows = []
            for w in p.get(key) or []:
                try:
                    windows.append((w["day"], minutes(w["start"]), minutes(w["end"])))
                except (KeyError, TypeError, ValueError):
                    problems.append(f"speaker {p.get('id')}: a {key} window is not {{day, start, end}}")
                    continue
                if w["day"] not in day_ids:
                    problems.append(f"speaker {p.get('id')}: {key} window on unknown day {w['day']}")
            target[p.get("id")] = windows
    if problems:
        raise InstanceError(problems)
    return Instance(
        name=str(data.get("name", "")),
        max_core_block=int(params.get("max_core_block_minutes", 90)),
        no_adjacent_buffers=bool(params.get("no_adjacent_buffers", True)),
        comfort_ratio=float(params.get("comfort_ratio", 0.8)),
        w_crowding=int(weights.get("crowding", 1)),
        w_preference=int(weights.get("speaker_preference", 20)),
        rooms=rooms,
        slots=slots,
        sessions=sessions,
        unavailable=unavailable,
        preferred=preferred,
        previous=previous,
        w_change=int(weights.get("change", 50)),
        rehearsal=int(params.get("rehearsal_minutes", 0) or 0),
        rehearsal_days={
            p.get("id"): set(p.get("rehearsal_days") or [])
            for p in data.get("speakers") or []
            if p.get("rehearsal_days")
        },
    )
