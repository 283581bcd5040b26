"""Incident figures: per tier, the median time to respond and to resolve, and the share of incidents whose
every timer was met; for one meeting or for every meeting of the organisation."""

from __future__ import annotations

import statistics

from . import policies
from .enums import Tier
from .models import Incident


def figures(incidents) -> list[dict]:
    rows = []
    by_tier: dict[str, list[Incident]] = {t.value: [] for t in Tier}
    for incident in incidents:
        by_tier.setdefault(incident.tier, []).append(incident)
    for tier in Tier:
        items = by_tier[tier.value]
        respond = [(i.responded_at - i.reported_at).total_seconds() / 60 for i in items if i.responded_at]
        resolve = [(i.resolved_at - i.reported_at).total_seconds() / 60 for i in items if i.resolved_at]
        judged = [policies.met(i.timers()) for i in items]
        finished = [m for m in judged if m is not None]
        rows.append(
            {
                "tier": tier.value,
                "label": str(tier.label),
                "count": len(items),
                "open": sum(1 for i in items if i.resolved_at is None),
                "respond_minutes": round(statistics.median(respond), 1) if respond else None,
                "resolve_minutes": round(statistics.median(resolve), 1) if resolve else None,
                "sla_met": round(100 * sum(finished) / len(finished)) if finished else None,
            }
        )
    return rows


def for_meeting(meeting) -> list[dict]:
    return figures(Incident.objects.filter(meeting=meeting))


def for_org(org) -> list[dict]:
    return figures(Incident.objects.filter(org=org))
