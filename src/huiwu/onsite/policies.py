"""Incident timers: drawn from the service standards, the timers of an incident, escalation.

Pure: no database, the clock is a parameter. Every timer counts from the report. The figures are the
catalogue's (``standards``), the meeting's override included, copied onto an incident when it is reported:

* respond: ``incident.respond`` (every tier; 3 minutes in document 000, 5 in 001: a choice of variant);
* decide: ``incident.decide`` (10 minutes, document 001) for important and major incidents, when in force;
* resolve: ``incident.general_fixed`` (10), ``incident.important_fixed`` (20: the documents give none, so
  Huiwu's default lies between the two), ``incident.major_fixed`` (30 in 000, 20 in 001);
* a major incident's update to the client every ``incident.major_updates`` (30) minutes.

Escalation: level 1 (the meeting's coordinator) when a timer lapses; level 2 (the organisation's duty manager)
when a second timer lapses, or one stays lapsed for as long again as it allowed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from huiwu.standards.selectors import Standard

from .enums import Stage, Tier

RESPOND = "incident.respond"
DECIDE = "incident.decide"
DECIDE_TIERS = (Tier.IMPORTANT, Tier.MAJOR)
RESOLVE = {
    Tier.GENERAL: "incident.general_fixed",
    Tier.IMPORTANT: "incident.important_fixed",
    Tier.MAJOR: "incident.major_fixed",
}
UPDATES = "incident.major_updates"
KEYS = (RESPOND, DECIDE, *RESOLVE.values(), UPDATES)


def _minutes(rule: Standard) -> int | float:
    value = rule.minutes()
    return int(value) if value.is_integer() else value


def table(rules: Mapping[str, Standard]) -> dict[str, dict[str, int | float]]:
    """The timers {tier: {stage: minutes}} the standards give (a rule not in force sets no timer)."""
    out: dict[str, dict[str, int | float]] = {}
    for tier in Tier:
        stages: dict[str, int | float] = {}
        decide = DECIDE if tier in DECIDE_TIERS else None
        for stage, key in ((Stage.RESPOND, RESPOND), (Stage.DECIDE, decide), (Stage.RESOLVE, RESOLVE[tier])):
            if key is not None and rules[key].enabled:
                stages[stage.value] = _minutes(rules[key])
        out[tier.value] = stages
    return out


def update_every(rules: Mapping[str, Standard]) -> int:
    """Minutes between the updates a major incident owes the client (0: none asked for)."""
    rule = rules[UPDATES]
    return max(1, math.ceil(rule.minutes())) if rule.enabled else 0


@dataclass(frozen=True)
class Timer:
    stage: str
    minutes: int | float
    due_at: dt.datetime
    done_at: dt.datetime | None

    def lapsed(self, now: dt.datetime) -> bool:
        return (self.done_at or now) > self.due_at

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage

    def remaining(self, now: dt.datetime) -> float:
        """Seconds left (negative: overdue); for a finished stage, what was left when it finished."""
        return (self.due_at - (self.done_at or now)).total_seconds()


def timers(
    minutes: dict, tier: str, reported_at: dt.datetime, done: dict[str, dt.datetime | None]
) -> list[Timer]:
    return [
        Timer(stage, m, reported_at + dt.timedelta(minutes=m), done.get(stage))
        for stage, m in minutes[tier].items()
    ]


def running(items: list[Timer]) -> Timer | None:
    """The first stage not finished yet (what the countdown shows)."""
    return next((t for t in items if t.done_at is None), None)


def escalation_level(items: list[Timer], now: dt.datetime) -> int:
    """0 on time; 1 a timer lapsed (the coordinator); 2 two lapsed, or one long overdue (the duty manager)."""
    late = [t for t in items if t.done_at is None and t.lapsed(now)]
    late_done = [t for t in items if t.done_at is not None and t.lapsed(now)]
    if not late:
        return 0
    long_overdue = any(-t.remaining(now) >= t.minutes * 60 for t in late)
    return 2 if long_overdue or len(late) + len(late_done) >= 2 else 1


def met(items: list[Timer]) -> bool | None:
    """Whether every timer was met (None while a stage is still open)."""
    if any(t.done_at is None for t in items):
        return None
    return not any(t.done_at > t.due_at for t in items)
