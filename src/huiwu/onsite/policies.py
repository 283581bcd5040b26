"""SLA policies for incidents: the two of DOMAIN.md as presets, the timers of an incident, escalation.

Pure: no database, the clock is a parameter. Every timer counts from the report.

* "000": any fault answered within 3 minutes; general fixed within 10, major within 30; the document names no
  figure for important incidents, so the preset uses 20 (between the two; the organisation edits it).
* "001": the on-site team responds within 5 minutes, the decision team decides within 10, the execution team
  completes within 20 (read as deadlines from the report).

Escalation: level 1 (the meeting's coordinator) when a timer lapses; level 2 (the organisation's duty manager)
when a second timer lapses, or one stays lapsed for as long again as it allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .enums import Stage, Tier

PRESETS: dict[str, dict[str, Any]] = {
    "000": {
        "label": _("Respond 3 min; fix general 10, important 20, major 30 min; major: update every 30 min"),
        "minutes": {
            Tier.GENERAL: {Stage.RESPOND: 3, Stage.RESOLVE: 10},
            Tier.IMPORTANT: {Stage.RESPOND: 3, Stage.RESOLVE: 20},
            Tier.MAJOR: {Stage.RESPOND: 3, Stage.RESOLVE: 30},
        },
        "update_every": 30,
    },
    "001": {
        "label": _("Respond 5 min, decide 10 min, execute 20 min; major: update every 30 min"),
        "minutes": {
            tier: {Stage.RESPOND: 5, Stage.DECIDE: 10, Stage.RESOLVE: 20}
            for tier in (Tier.GENERAL, Tier.IMPORTANT, Tier.MAJOR)
        },
        "update_every": 30,
    },
}
DEFAULT_PRESET = "000"
MAX_MINUTES = 24 * 60


class PolicyError(ValueError):
    """A policy table that cannot be used; ``str()`` says why."""


def clean_minutes(table: dict) -> dict[str, dict[str, int]]:
    """Check a policy table {tier: {stage: minutes}}: known tiers and stages, whole minutes 1..1440, every
    tier with a respond and a resolve timer, the timers in stage order."""
    if not isinstance(table, dict) or set(table) != {t.value for t in Tier}:
        raise PolicyError(_("Give timers for the three tiers: general, important, major."))
    order = [s.value for s in Stage]
    out: dict[str, dict[str, int]] = {}
    for tier, stages in table.items():
        if not isinstance(stages, dict) or not set(stages) <= set(order):
            raise PolicyError(_("Unknown stage: use respond, decide and resolve."))
        if Stage.RESPOND not in stages or Stage.RESOLVE not in stages:
            raise PolicyError(_("Every tier needs a respond and a resolve time."))
        clean = {}
        for stage in order:
            if stage in stages:
                value = stages[stage]
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
                    raise PolicyError(_("Minutes are whole numbers from 1 to 1440."))
                clean[stage] = value
        values = list(clean.values())
        if values != sorted(values):
            raise PolicyError(_("Timers count from the report: respond ≤ decide ≤ resolve."))
        out[str(tier)] = clean
    return out


@dataclass(frozen=True)
class Timer:
    stage: str
    minutes: int
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
