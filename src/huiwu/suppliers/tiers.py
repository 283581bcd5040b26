"""A supplier's tier by the organisation's rules (pure: no database).

DOMAIN.md: tier A needs at least ``supplier.tier_a_cases`` cases of meetings of the same level and an
equipment failure rate of at most ``supplier.tier_a_failure_rate``. "The same level" is the meeting's
size: a case counts for a meeting of N people when it served at least N. So a supplier's standing tier
A holds "for meetings up to L people", L being its k-th largest case (k the cases asked), and for one
meeting the tier is judged at that meeting's attendance. Tier B is the organisation's own (cases of any
size, a failure rate, a score; product defaults in the catalogue); everyone else is C. A past service
score (``supplier.tier_a_score``/``tier_b_score``, the weighted mean of the team's ratings) is asked
only of a supplier that has been rated. A rule not in force is not asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from .enums import Tier

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Bar:
    """What one tier asks; ``None``: that rule is not in force."""

    cases: int | None
    failure_rate: Decimal | None  # percent, at most
    score: Decimal | None  # of 5, at least


@dataclass(frozen=True)
class Rules:
    a: Bar
    b: Bar


@dataclass(frozen=True)
class Record:
    """What a supplier has shown: each case's attendance, equipment supplied and failed, its score."""

    attendances: Sequence[int]
    units: int = 0
    failed: int = 0
    score: Decimal | None = None  # the mean of its ratings' weighted scores; None: never rated
    ratings: int = 0

    @property
    def failure_rate(self) -> Decimal | None:
        """Failed units per hundred supplied; ``None`` when it supplied no equipment (a caterer)."""
        if self.units <= 0:
            return None
        return (Decimal(self.failed) * HUNDRED / Decimal(self.units)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Verdict:
    tier: str
    cases: int  # all cases
    level: int | None  # tier A holds for meetings up to this many people (standing tier)
    counted: int  # cases of the level asked (for one meeting: of at least its attendance)
    failure_rate: Decimal | None
    score: Decimal | None
    short: tuple[str, ...] = field(default=())  # what keeps it from the tier above: cases, failures, score
    attendance: int | None = None  # the meeting size it was judged for, if any

    def basis(self) -> dict[str, object]:
        """What the supplier record keeps (JSON) to explain the tier later."""
        return {
            "cases": self.cases,
            "level": self.level,
            "counted": self.counted,
            "failure_rate": None if self.failure_rate is None else str(self.failure_rate),
            "score": None if self.score is None else str(self.score),
            "short": list(self.short),
        }


def _failures_ok(record: Record, bar: Bar) -> bool:
    if bar.failure_rate is None:
        return True
    if record.units <= 0:
        return record.failed == 0  # failures on record without the units supplied: not shown to be low
    rate = record.failure_rate
    return rate is not None and rate <= bar.failure_rate


def _score_ok(record: Record, bar: Bar) -> bool:
    return bar.score is None or record.score is None or record.score >= bar.score


def _misses(record: Record, bar: Bar, counted: int) -> tuple[str, ...]:
    missing = []
    if bar.cases is not None and counted < bar.cases:
        missing.append("cases")
    if not _failures_ok(record, bar):
        missing.append("failures")
    if not _score_ok(record, bar):
        missing.append("score")
    return tuple(missing)


def judge(record: Record, rules: Rules, *, attendance: int | None = None) -> Verdict:
    """The tier of ``record``: standing (``attendance`` None: the level is its k-th largest case) or for
    a meeting of ``attendance`` people (cases of at least that size count)."""
    sizes = sorted((a for a in record.attendances if a > 0), reverse=True)
    need = rules.a.cases
    level: int | None
    if attendance is not None:
        counted, level = sum(1 for a in sizes if a >= attendance), attendance
    elif need is None or need <= 0:
        counted, level = len(sizes), (sizes[0] if sizes else None)
    elif len(sizes) >= need:
        level = sizes[need - 1]
        counted = sum(1 for a in sizes if a >= level)
    else:
        counted, level = len(sizes), None
    verdict = Verdict(
        tier=Tier.A,
        cases=len(sizes),
        level=level,
        counted=counted,
        failure_rate=record.failure_rate,
        score=record.score,
        attendance=attendance,
    )
    short_of_a = _misses(record, rules.a, counted)
    if not short_of_a:
        return verdict
    b_short = _misses(record, rules.b, len(sizes))
    if not b_short:
        return replace(verdict, tier=Tier.B, level=None, short=short_of_a)
    return replace(verdict, tier=Tier.C, level=None, short=b_short)
