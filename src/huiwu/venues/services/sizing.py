"""Figures derived from attendance and the chosen venue, each with its explanation.

Check-in lanes use an M/M/c queue (Erlang C): people arrive at rate λ during the peak (a share of
attendance in the minutes before the start), each lane serves μ = 1 / scan time, and we want the
average time at check-in (waiting + being served) at or below the target. Every figure (the peak, the
target, the tea-break share, the team) is the organisation's standard (``Figures.of``), DOMAIN.md's by
default: a 30-minute peak, 3 minutes, 20% of attendance in seats, the team of stage 4.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from huiwu.standards.selectors import Standard


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits, for ``servers`` lanes and load ``a = λ/μ`` (needs a < servers).
    By Erlang B's recursion, B(k) = a·B(k-1) / (k + a·B(k-1)), then C = c·B / (c - a·(1 - B)): no
    factorial or power, so thousands of lanes stay finite."""
    a, c = offered_load, servers
    if a >= c:
        return 1.0
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a * (1 - b))


def time_in_check_in(servers: int, arrivals_per_min: float, service_min: float) -> float:
    """Average minutes from joining the queue to leaving the desk (infinite when overloaded)."""
    mu = 1 / service_min
    a = arrivals_per_min / mu
    if a >= servers:
        return math.inf
    wait = erlang_c(servers, a) / (servers * mu - arrivals_per_min)
    return wait + service_min


TEAM = ("coordinator", "venue_lead", "tech_lead", "reception", "emergency", "catering_lead")


@dataclass(frozen=True)
class Figures:
    """The standards sizing works from."""

    spare: float  # capacity against attendance
    tea_share: float
    peak_share: float
    peak_minutes: float
    scan_seconds: float
    target_minutes: float
    team: dict[str, int]  # the base team (DOMAIN.md's stage 4)
    reception_block: int  # attendees per reception pair
    emergency_block: int  # attendees per emergency group

    @classmethod
    def of(cls, rules: Mapping[str, Standard]) -> Figures:
        """From an organisation's standards (``standards.selectors.standards``, or ``defaults()``)."""
        return cls(
            spare=rules["venue.capacity_spare"].number(),
            tea_share=rules["venue.tea_break_seats"].number() / 100,
            peak_share=rules["checkin.peak_share"].number() / 100,
            peak_minutes=rules["checkin.peak"].minutes(),
            scan_seconds=rules["checkin.scan_seconds"].duration().total_seconds(),
            target_minutes=rules["checkin.minutes_per_person"].minutes(),
            team={role: int(rules[f"team.{role}"].figure) for role in TEAM},
            reception_block=max(1, int(rules["team.reception_block"].figure)),
            emergency_block=max(1, int(rules["team.emergency_block"].figure)),
        )

    def seats_needed(self, attendance: int) -> int:
        """The capacity a room needs for ``attendance`` (the spare kept)."""
        return math.ceil(attendance * self.spare - 1e-9)


@dataclass(frozen=True)
class Lanes:
    lanes: int
    arrivals_per_min: float
    minutes_in_system: float


def check_in_lanes(
    attendance: int,
    figures: Figures,
    *,
    peak_share: float | None = None,
    peak_minutes: float | None = None,
    scan_seconds: float | None = None,
) -> Lanes:
    """The fewest lanes that keep the average check-in at or below the target; the peak and the scan
    time are the standards' unless given (a page's "what if")."""
    share = figures.peak_share if peak_share is None else peak_share
    minutes = figures.peak_minutes if peak_minutes is None else peak_minutes
    rate = max(0, attendance) * share / max(minutes, 1.0)  # a peak shorter than a minute is a minute
    service = max(figures.scan_seconds if scan_seconds is None else scan_seconds, 1.0) / 60
    lanes = max(1, math.ceil(rate * service))
    if figures.target_minutes > service:
        # more lanes bring the time towards the scan itself, so a target above it is met in the end
        while time_in_check_in(lanes, rate, service) > figures.target_minutes:
            lanes += 1
    else:  # a target no lane can meet (the scan alone takes longer): the lanes that keep up
        lanes = max(1, math.floor(rate * service) + 1)
    return Lanes(lanes=lanes, arrivals_per_min=rate, minutes_in_system=time_in_check_in(lanes, rate, service))


def tea_break_seats(attendance: int, figures: Figures) -> int:
    """Seats in the tea-break area: a share of attendance (20%: the case review's lesson)."""
    return math.ceil(attendance * figures.tea_share - 1e-9)


def staff_plan(attendance: int, lanes: int, figures: Figures) -> dict[str, int]:
    """The on-site team: the base team, a reception pair more per reception block of attendees
    started and an emergency group more per emergency block, and a check-in guide per lane. The one
    statement of the team's size (the on-site team's posts are made from it)."""
    plan = dict(figures.team)
    plan["reception"] = figures.team["reception"] * max(1, math.ceil(attendance / figures.reception_block))
    plan["emergency"] = figures.team["emergency"] * max(1, math.ceil(attendance / figures.emergency_block))
    plan["check_in_guides"] = lanes
    return plan
