"""The five-dimension venue evaluation (五维评估): pure functions, each score explained.

Every score is 0-10; the total is the weighted sum on 0-100. Capacity is also a hard rule:
a room whose capacity in the chosen layout is below the spare factor × expected attendance (1.15 in
DOMAIN.md) fails, whatever its other scores. The factor and the technical thresholds are the
organisation's standards (``Thresholds.of``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from huiwu.standards.selectors import Standard

from ..enums import Dimension


@dataclass(frozen=True)
class Thresholds:
    """The standards a venue is scored against."""

    spare: Decimal  # capacity against attendance
    resolution_k: Decimal
    lumens: Decimal
    sound_radius_m: Decimal
    bandwidth_mbps: Decimal

    @classmethod
    def of(cls, rules: Mapping[str, Standard]) -> Thresholds:
        return cls(
            spare=rules["venue.capacity_spare"].figure,
            resolution_k=rules["tech.projector_resolution"].figure,
            lumens=rules["tech.projector_brightness"].figure,
            sound_radius_m=rules["tech.sound_radius"].figure,
            bandwidth_mbps=rules["tech.bandwidth"].figure,
        )


@dataclass
class Candidate:
    key: object
    capacity: int
    hub_minutes: int | None
    facilities: dict  # the room's equipment, by field name
    atmosphere: int
    cost: Decimal


@dataclass
class Score:
    key: object
    scores: dict[str, float] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    total: float = 0.0
    passes: bool = True


def needed_capacity(attendance: int, spare: Decimal) -> int:
    return math.ceil(spare * attendance)


def capacity_score(capacity: int, attendance: int, spare: Decimal) -> tuple[float, str, bool]:
    need = needed_capacity(attendance, spare)
    ok = capacity >= need
    text = _("capacity %(cap)s %(op)s %(spare)s × %(n)s = %(need)s") % {
        "cap": f"{capacity:,}",
        "op": "≥" if ok else "<",
        "spare": f"{spare.normalize():f}",
        "n": f"{attendance:,}",
        "need": f"{need:,}",
    }
    if not ok:
        return 0.0, text, False
    # Right-sized rooms score best; a hall far too big feels empty and costs more.
    roomy = 1.5 * attendance
    score = 10.0 if capacity <= roomy else max(5.0, 10.0 * roomy / capacity)
    return round(score, 1), text, True


def transport_score(minutes: int | None) -> tuple[float, str]:
    if minutes is None:
        return 5.0, _("travel time to the airport or rail station unknown")
    score = 10.0 if minutes <= 30 else 0.0 if minutes >= 120 else 10.0 * (120 - minutes) / 90
    return round(score, 1), _("%(m)s minutes to the nearest hub") % {"m": minutes}


# Equipment checked against the technical standards, with its points (total 10).
FACILITY_CHECKS = [
    ("projector_4k", 2, lambda f, t: f["projector_4k"] and t.resolution_k <= 4),
    ("projector_lumens", 2, lambda f, t: f["projector_lumens"] >= t.lumens),
    ("sound_radius_m", 2, lambda f, t: f["sound_radius_m"] >= t.sound_radius_m),
    ("mics", 1, lambda f, t: f["wired_mics"] > 0 and f["wireless_mics"] > 0),
    ("bandwidth_mbps", 1, lambda f, t: f["bandwidth_mbps"] >= t.bandwidth_mbps),
    ("network_redundant", 1, lambda f, t: f["network_redundant"]),
    ("stage", 1, lambda f, t: f["led_screen"] or f["interpretation_booths"] > 0),
]


def facilities_score(facilities: dict, thresholds: Thresholds) -> tuple[float, str]:
    met = [name for name, _points, check in FACILITY_CHECKS if check(facilities, thresholds)]
    score = sum(points for name, points, _check in FACILITY_CHECKS if name in met)
    labels = {
        "projector_4k": _("%(k)sK projector") % {"k": f"{thresholds.resolution_k.normalize():f}"},
        "projector_lumens": _("≥ %(lm)s lm") % {"lm": f"{thresholds.lumens.normalize():f}"},
        "sound_radius_m": _("sound ≥ %(m)s m") % {"m": f"{thresholds.sound_radius_m.normalize():f}"},
        "mics": _("wired + wireless mics"),
        "bandwidth_mbps": _("≥ %(mbps)s Mbps") % {"mbps": f"{thresholds.bandwidth_mbps.normalize():f}"},
        "network_redundant": _("redundant network"),
        "stage": _("LED screen or interpretation booths"),
    }
    missing = [str(labels[name]) for name, _p, _c in FACILITY_CHECKS if name not in met]
    text = _("meets %(met)s of %(all)s technical checks") % {"met": len(met), "all": len(FACILITY_CHECKS)}
    if missing:
        text += _("; missing: %(list)s") % {"list": "、".join(missing)}
    return float(score), text


def evaluate(
    candidates: list[Candidate], *, attendance: int, weights: dict[str, int], thresholds: Thresholds
) -> list[Score]:
    """Score every candidate; cost is relative to the cheapest candidate that passes."""
    need = needed_capacity(attendance, thresholds.spare)
    passing_costs = [c.cost for c in candidates if c.capacity >= need and c.cost > 0]
    cheapest = min(passing_costs) if passing_costs else None
    out = []
    for c in candidates:
        s = Score(key=c.key)
        cap, s.explanations[Dimension.CAPACITY], s.passes = capacity_score(
            c.capacity, attendance, thresholds.spare
        )
        s.scores[Dimension.CAPACITY] = cap
        s.scores[Dimension.TRANSPORT], s.explanations[Dimension.TRANSPORT] = transport_score(c.hub_minutes)
        s.scores[Dimension.FACILITIES], s.explanations[Dimension.FACILITIES] = facilities_score(
            c.facilities, thresholds
        )
        s.scores[Dimension.ATMOSPHERE] = float(min(max(c.atmosphere, 0), 10))
        s.explanations[Dimension.ATMOSPHERE] = _("judged %(n)s of 10") % {"n": c.atmosphere}
        if cheapest is None or c.cost <= 0:
            s.scores[Dimension.COST] = 5.0 if c.cost <= 0 else 0.0
        else:
            s.scores[Dimension.COST] = round(float(10 * cheapest / c.cost) if c.cost > cheapest else 10.0, 1)
        s.explanations[Dimension.COST] = _(
            "total ¥%(cost)s incl. build-up days, overtime, cleaning and power"
        ) % {"cost": f"{c.cost:,.0f}"}
        s.total = round(sum(weights[d] * s.scores[d] / 10 for d in Dimension.values), 1) if s.passes else 0.0
        out.append(s)
    return out


def check_weights(weights: dict) -> dict[str, int]:
    """Weights for all five dimensions, whole percents, summing to 100 (else ValueError)."""
    try:
        clean = {d: int(weights[d]) for d in Dimension.values}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("weights for all five dimensions are needed") from exc
    if any(v < 0 for v in clean.values()) or sum(clean.values()) != 100:
        raise ValueError("weights must be positive and sum to 100")
    return clean
