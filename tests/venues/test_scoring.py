import math
from decimal import Decimal

import pytest

from huiwu.standards.selectors import defaults
from huiwu.venues.services.scoring import (
    Candidate,
    Thresholds,
    capacity_score,
    check_weights,
    evaluate,
    needed_capacity,
    transport_score,
)
from huiwu.venues.services.sizing import (
    Figures,
    check_in_lanes,
    erlang_c,
    staff_plan,
    tea_break_seats,
    time_in_check_in,
)

pytestmark = pytest.mark.unit

FIGURES = Figures.of(defaults())
THRESHOLDS = Thresholds.of(defaults())
SPARE = THRESHOLDS.spare

WEIGHTS = {"capacity": 25, "transport": 20, "facilities": 25, "atmosphere": 10, "cost": 20}
FULL_KIT = {
    "projector_4k": True,
    "projector_lumens": 6000,
    "sound_radius_m": 35,
    "wired_mics": 2,
    "wireless_mics": 4,
    "bandwidth_mbps": 1000,
    "network_redundant": True,
    "led_screen": True,
    "interpretation_booths": 0,
}
BARE = {k: (False if isinstance(v, bool) else 0) for k, v in FULL_KIT.items()}


def test_the_115_rule():
    assert needed_capacity(800, SPARE) == 920
    assert capacity_score(920, 800, SPARE)[2] is True
    assert capacity_score(919, 800, SPARE)[2] is False
    score, text, ok = capacity_score(1000, 800, SPARE)
    assert (score, ok) == (10.0, True)
    assert text == "容量 1,000 ≥ 1.15 × 800 = 920"


def test_an_oversized_hall_scores_less_but_not_below_five():
    assert capacity_score(2400, 800, SPARE)[0] == 5.0
    assert capacity_score(1500, 800, SPARE)[0] == 8.0


def test_transport_is_linear_between_30_and_120_minutes():
    assert transport_score(20)[0] == 10.0
    assert transport_score(75)[0] == 5.0
    assert transport_score(150)[0] == 0.0
    assert transport_score(None)[0] == 5.0


def test_evaluate_ranks_and_fails_the_small_room():
    cands = [
        Candidate("big", 1000, 40, FULL_KIT, 8, Decimal(100_000)),
        Candidate("cheap", 950, 90, BARE, 5, Decimal(50_000)),
        Candidate("small", 600, 10, FULL_KIT, 10, Decimal(30_000)),
    ]
    big, cheap, small = evaluate(cands, attendance=800, weights=WEIGHTS, thresholds=THRESHOLDS)
    assert small.passes is False and small.total == 0.0
    # cost is relative to the cheapest passing candidate (50,000), not the failing one
    assert cheap.scores["cost"] == 10.0 and big.scores["cost"] == 5.0
    assert big.scores["facilities"] == 10.0 and cheap.scores["facilities"] == 0.0
    # big: 25*10/10 + 20*(10*80/90)/10 + 25 + 10*0.8 + 20*0.5 = 25 + 17.8 + 25 + 8 + 10
    assert big.total == pytest.approx(85.8, abs=0.1)
    assert big.total > cheap.total


def test_weights_must_cover_five_dimensions_and_sum_to_100():
    assert check_weights(WEIGHTS) == WEIGHTS
    with pytest.raises(ValueError):
        check_weights({**WEIGHTS, "cost": 30})
    with pytest.raises(ValueError):
        check_weights({"capacity": 100})


def test_erlang_c_hand_computed_case():
    # Two lanes, offered load 1 (λ = 1/min, μ = 1/min): C = (1/2 · 2/1) / (1 + 1 + 1) = 1/3,
    # Wq = C / (cμ - λ) = 1/3 min, time in system = 1/3 + 1 = 4/3 min.
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert time_in_check_in(2, 1.0, 1.0) == pytest.approx(4 / 3)
    assert time_in_check_in(1, 2.0, 1.0) == math.inf


def test_check_in_lanes_for_the_reference_summit():
    # 800 people, 70% in the 30 minutes before start: λ = 18.67/min; 15 s per scan, μ = 4/min.
    lanes = check_in_lanes(800, FIGURES)
    assert lanes.arrivals_per_min == pytest.approx(18.667, abs=0.001)
    # a = λ/μ = 4.67: four lanes can never keep up; five keep the average near 0.9 minutes.
    assert lanes.lanes == 5
    assert lanes.minutes_in_system == pytest.approx(0.879, abs=0.001)
    assert time_in_check_in(4, lanes.arrivals_per_min, 0.25) == math.inf
    # Manual desks at 60 s a person need many more lanes for the same crowd.
    assert check_in_lanes(800, FIGURES, scan_seconds=60).lanes == 20


@pytest.mark.parametrize(
    "changes",
    [
        {"peak_minutes": 0.0},
        {"scan_seconds": 0.0},
        {"target_minutes": 0.0},
        {"target_minutes": 0.25 + 1e-9},  # just above a 15-second scan
        {"peak_share": 1.0, "peak_minutes": 1.0, "target_minutes": 100.0},
    ],
)
def test_check_in_lanes_end_whatever_the_organisations_figures(changes):
    import dataclasses

    lanes = check_in_lanes(100_000, dataclasses.replace(FIGURES, **changes))
    assert 1 <= lanes.lanes <= 100_000 and lanes.minutes_in_system < math.inf


def test_tea_break_and_staff():
    assert tea_break_seats(800, FIGURES) == 160
    plan = staff_plan(800, 6, FIGURES)
    assert plan == {
        "coordinator": 1,
        "venue_lead": 1,
        "tech_lead": 1,
        "reception": 6,
        "emergency": 4,
        "catering_lead": 1,
        "check_in_guides": 6,
    }
