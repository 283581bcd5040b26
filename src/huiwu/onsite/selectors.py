"""Incident figures: per tier, the median time to respond and to resolve, and the share of incidents whose
every timer was met; for one meeting or for every meeting of the organisation. The timers in force."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from huiwu.standards.models import Rule
from huiwu.standards.selectors import catalogue_version, standards

from . import policies
from .enums import Tier
from .models import Incident, SlaPolicy


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


@dataclass(frozen=True)
class Timers:
    """The incident timers as the standards give them now (a meeting's override included)."""

    minutes: dict[str, dict[str, int | float]]
    update_every: int
    standards_version: int
    duty_manager: object | None
    rules: list[Rule]  # the catalogue's rows the timers come from (for the pages' links)


def timers_of(org, meeting=None) -> Timers:
    rules = standards(org, meeting=meeting)
    policy = SlaPolicy.objects.select_related("duty_manager").filter(org=org).first()
    return Timers(
        minutes=policies.table(rules),
        update_every=policies.update_every(rules),
        standards_version=catalogue_version(org),
        duty_manager=policy.duty_manager if policy else None,
        rules=list(Rule.objects.filter(org=org, key__in=policies.KEYS).order_by("key")),
    )
