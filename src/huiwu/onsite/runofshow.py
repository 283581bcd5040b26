"""Run-of-show arithmetic, pure: how far a cue is off its plan, and when the rest of the day will start.

A cue's deviation is its actual start minus its planned start (minutes); beyond the tolerance it is flagged
(the organisation's standard; DOMAIN.md: every segment within ±5 minutes of plan). The forecast walks a
room's cues of the day in order: a cue cannot start before its plan nor before the one before it ends
(actually, or as forecast: a live cue ends at the later of its planned end and now), so a delay flows on
until a gap absorbs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Plan:
    key: object
    track: object  # cues of one track (room) follow each other; other tracks are independent
    start: dt.datetime
    minutes: int
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None


def deviation(planned: dt.datetime, actual: dt.datetime | None) -> float | None:
    return None if actual is None else round((actual - planned).total_seconds() / 60, 1)


def off_plan(planned: dt.datetime, actual: dt.datetime | None, tolerance: dt.timedelta) -> bool:
    return actual is not None and abs(actual - planned) > tolerance


def forecast(cues: list[Plan], now: dt.datetime) -> dict[object, tuple[dt.datetime, dt.datetime]]:
    """key -> (expected start, expected end) for every cue."""
    out: dict[object, tuple[dt.datetime, dt.datetime]] = {}
    free_at: dict[object, dt.datetime] = {}
    for cue in sorted(cues, key=lambda c: (c.start, str(c.key))):
        length = dt.timedelta(minutes=cue.minutes)
        if cue.actual_start is not None:
            start = cue.actual_start
            end = cue.actual_end or max(start + length, now)
        else:
            start = max(cue.start, free_at.get(cue.track, cue.start), now if cue.start < now else cue.start)
            end = start + length
        out[cue.key] = (start, end)
        free_at[cue.track] = max(free_at.get(cue.track, end), end)
    return out
