"""The check-in figures of one meeting day, for the gates page and its live updates.

Checked in / expected by category and by gate, scans per 5 minutes per gate, the arrival curve,
the estimated time at each lane against the target (the organisation's standard; 3 minutes in
DOMAIN.md), and who has not arrived.

The queue estimate: λ = the gate's scans per minute over the last 10 minutes, c = its paired
scanners (at least one), the service time by kind of lane; the M/M/c time in the system from
``venues.services.sizing``. A lane at capacity shows its throughput, not the people still outside,
so an overloaded lane reads as "over target", never as a made-up number of minutes.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import Counter, defaultdict

from django.db.models import Count

from huiwu.attendees.enums import Category, Status
from huiwu.attendees.models import Attendee
from huiwu.standards.selectors import standard
from huiwu.venues.services.sizing import time_in_check_in

from .models import CheckIn, Device, Gate, GateKind, Scan, ScanStatus

BUCKET = dt.timedelta(minutes=5)
RATE_WINDOW = dt.timedelta(minutes=10)
SERVICE_SECONDS = {GateKind.FAST: 15, GateKind.MANUAL: 60, GateKind.VIP: 90, GateKind.CUSTOM: 30}
NOT_ARRIVED_SHOWN = 100


def meeting_today(meeting, now: dt.datetime) -> dt.date:
    return now.astimezone(zoneinfo.ZoneInfo(meeting.timezone)).date()


def day_bounds(meeting, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def not_arrived(meeting, day: dt.date):
    """Confirmed attendees with no check-in on ``day``."""
    arrived = CheckIn.objects.filter(meeting=meeting, day=day).values("attendee_id")
    return Attendee.objects.filter(meeting=meeting, status=Status.CONFIRMED).exclude(pk__in=arrived)


def figures(meeting, day: dt.date, now: dt.datetime) -> dict:
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    start, end = day_bounds(meeting, day)
    expected = dict(
        Attendee.objects.filter(meeting=meeting, status=Status.CONFIRMED)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    checkins = list(
        CheckIn.objects.filter(meeting=meeting, day=day).values_list("gate_id", "attendee__category", "at")
    )
    arrived = Counter(category for _g, category, _at in checkins)
    by_gate = Counter(gate_id for gate_id, _c, _at in checkins)
    labels = dict(Category.choices)
    categories = [
        {
            "category": c,
            "label": str(labels.get(c, c)),
            "expected": expected.get(c, 0),
            "arrived": arrived.get(c, 0),
        }
        for c in labels
        if expected.get(c) or arrived.get(c)
    ]
    scans = list(
        Scan.objects.filter(meeting=meeting, scanned_at__gte=start, scanned_at__lt=end)
        .exclude(reason="exit")
        .values_list("gate_id", "scanned_at", "status")
    )
    gates = list(Gate.objects.filter(meeting=meeting))
    scanners = Counter(
        Device.objects.filter(
            gate__meeting=meeting, revoked_at__isnull=True, paired_at__isnull=False
        ).values_list("gate_id", flat=True)
    )
    recent = Counter(g for g, at, status in scans if at >= now - RATE_WINDOW and status != ScanStatus.INVALID)
    target = standard(meeting.org, "checkin.minutes_per_person", meeting=meeting).minutes()
    lanes = []
    for g in gates:
        rate = recent.get(g.pk, 0) / (RATE_WINDOW.total_seconds() / 60)
        servers = max(1, scanners.get(g.pk, 0))
        minutes = time_in_check_in(servers, rate, SERVICE_SECONDS[g.kind] / 60) if rate else 0.0
        lanes.append(
            {
                "id": g.pk,
                "name": g.name,
                "kind": str(g.get_kind_display()),
                "open": g.is_active,
                "admitted": by_gate.get(g.pk, 0),
                "per_minute": round(rate, 1),
                "scanners": servers,
                "minutes": None if math.isinf(minutes) else round(minutes, 1),
                "over_target": math.isinf(minutes) or minutes > target,
            }
        )
    # scans per 5 minutes per gate and the arrival curve, from the first scan of the day to now
    first = min([at for _g, at, _s in scans] + [at for _g, _c, at in checkins], default=None)
    buckets: list[dt.datetime] = []
    if first is not None:
        t = first.astimezone(tz).replace(minute=first.astimezone(tz).minute // 5 * 5, second=0, microsecond=0)
        last = min(now, end)
        while t <= last and len(buckets) < 24 * 12:
            buckets.append(t)
            t += BUCKET
    index = {b: i for i, b in enumerate(buckets)}

    def slot(at: dt.datetime) -> int | None:
        local = at.astimezone(tz)
        return index.get(local.replace(minute=local.minute // 5 * 5, second=0, microsecond=0))

    per_gate: dict[int, list[int]] = defaultdict(lambda: [0] * len(buckets))
    for gate_id, at, _status in scans:
        i = slot(at)
        if i is not None:
            per_gate[gate_id][i] += 1
    arrivals = [0] * len(buckets)
    for _g, _c, at in checkins:
        i = slot(at)
        if i is not None:
            arrivals[i] += 1
    curve, total = [], 0
    for n in arrivals:
        total += n
        curve.append(total)
    expected_total = sum(expected.values())
    return {
        "meeting": meeting.pk,
        "day": day.isoformat(),
        "expected": expected_total,
        "checked_in": len(checkins),
        "not_arrived": max(0, expected_total - sum(arrived.get(c, 0) for c in expected)),
        "flagged": Scan.objects.filter(meeting=meeting, flagged=True, reviewed_at__isnull=True).count(),
        "categories": categories,
        "gates": lanes,
        "times": [b.strftime("%H:%M") for b in buckets],
        "per_gate": [{"name": g.name, "values": per_gate[g.pk]} for g in gates if g.pk in per_gate],
        "curve": curve,
        "target_minutes": target,
    }
