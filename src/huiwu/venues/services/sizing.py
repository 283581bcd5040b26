"""Figures derived from attendance and the chosen venue, each with its explanation.

Check-in lanes use an M/M/c queue (Erlang C): people arrive at rate λ during the peak (a share of
attendance in the 30 minutes before the start), each lane serves μ = 1 / scan time, and we want the
average time at check-in (waiting + being served) at or below the target (3 minutes, DOMAIN.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits, for ``servers`` lanes and load ``a = λ/μ`` (needs a < servers)."""
    a, c = offered_load, servers
    if a >= c:
        return 1.0
    term = 1.0
    total = 1.0  # k = 0
    for k in range(1, c):
        term *= a / k
        total += term
    top = term * a / c * (c / (c - a))  # a^c / c! * c / (c - a)
    return top / (total + top)


def time_in_check_in(servers: int, arrivals_per_min: float, service_min: float) -> float:
    """Average minutes from joining the queue to leaving the desk (infinite when overloaded)."""
    mu = 1 / service_min
    a = arrivals_per_min / mu
    if a >= servers:
        return math.inf
    wait = erlang_c(servers, a) / (servers * mu - arrivals_per_min)
    return wait + service_min


@dataclass(frozen=True)
class Lanes:
    lanes: int
    arrivals_per_min: float
    minutes_in_system: float


def check_in_lanes(
    attendance: int,
    *,
    peak_share: float = 0.7,
    peak_minutes: int = 30,
    scan_seconds: float = 15,
    target_minutes: float = 3,
) -> Lanes:
    """The fewest lanes that keep the average check-in at or below ``target_minutes``."""
    rate = attendance * peak_share / peak_minutes
    service = scan_seconds / 60
    lanes = max(1, math.ceil(rate * service))
    while time_in_check_in(lanes, rate, service) > target_minutes:
        lanes += 1
    return Lanes(lanes=lanes, arrivals_per_min=rate, minutes_in_system=time_in_check_in(lanes, rate, service))


def tea_break_seats(attendance: int) -> int:
    """Seats in the tea-break area: 20% of attendance (the case review's lesson)."""
    return math.ceil(attendance * 0.2)


BASE_TEAM = {  # DOMAIN.md stage 4: the team for a meeting of up to 300 people
    "coordinator": 1,
    "venue_lead": 1,
    "tech_lead": 1,
    "reception": 2,
    "emergency": 2,
    "catering_lead": 1,
}


def staff_plan(attendance: int, lanes: int) -> dict[str, int]:
    """The default team, with reception and emergency scaled per 300 people, plus a guide per lane."""
    blocks = max(1, math.ceil(attendance / 300))
    plan = dict(BASE_TEAM)
    plan["reception"] = 2 * blocks
    plan["emergency"] = 2 * max(1, math.ceil(attendance / 500))
    plan["check_in_guides"] = lanes
    return plan
