from __future__ import annotations

from django.db.models import Count

from huiwu.orgs.access import scoped
from huiwu.standards.selectors import standards

from .models import Evaluation, Venue
from .services.scoring import Candidate, Score, Thresholds, evaluate

FACILITY_FIELDS = [
    "projector_4k",
    "projector_lumens",
    "sound_radius_m",
    "wired_mics",
    "wireless_mics",
    "bandwidth_mbps",
    "network_redundant",
    "led_screen",
    "interpretation_booths",
]


def venues_for_org(org):
    return scoped(Venue, org).annotate(room_count=Count("rooms")).order_by("city", "name")


def scored_candidates(meeting, weights: dict) -> list[tuple[Evaluation, Score]]:
    """The meeting's candidate venues with their five-dimension scores, best first (failing last)."""
    rows = list(Evaluation.objects.filter(meeting=meeting).select_related("room__venue"))
    days = (meeting.end_date - meeting.start_date).days + 1
    candidates = []
    for e in rows:
        venue = e.room.venue
        hubs = [m for m in (venue.airport_minutes, venue.rail_minutes) if m is not None]
        candidates.append(
            Candidate(
                key=e.pk,
                capacity=e.room.capacity(e.layout),
                hub_minutes=min(hubs) if hubs else None,
                facilities={f: getattr(e.room, f) for f in FACILITY_FIELDS},
                atmosphere=e.atmosphere_score,
                cost=venue.cost_for(days, e.overtime_hours),
            )
        )
    thresholds = Thresholds.of(standards(meeting.org, meeting=meeting))
    found = evaluate(
        candidates, attendance=meeting.expected_attendance, weights=weights, thresholds=thresholds
    )
    scores = {s.key: s for s in found}
    pairs = [(e, scores[e.pk]) for e in rows]
    pairs.sort(key=lambda p: (not p[0].chosen, not p[1].passes, -p[1].total))
    return pairs
