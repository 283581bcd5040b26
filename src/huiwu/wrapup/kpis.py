"""The KPI review: each KPI's actual against its target, entered by hand or taken from what the product
measured — attendance from the check-ins, satisfaction (of 10) and NPS from the survey and the calls, a
zone's participation from its gate's scans (the share of those who came who were scanned there) —, in the
KPI's own unit, with the variance and the explanation. ``record_actual`` is the one writer of a KPI's
actual."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.checkin.models import CheckIn, Gate, Scan, ScanStatus
from huiwu.core.audit import log_action, register_actions
from huiwu.core.money import amount_of
from huiwu.core.text import clean_text
from huiwu.events.enums import KPIKind
from huiwu.events.models import KPI, Meeting
from huiwu.feedback import satisfaction
from huiwu.interaction.models import Participant
from huiwu.orgs.models import Membership

from .errors import ActualInvalid, Stale, UnitMismatch
from .models import Result, Source
from .permits import planner

register_actions({"wrapup.kpi.actual": gettext_lazy("KPI actual recorded")})


@dataclass(frozen=True)
class Suggestion:
    value: Decimal
    source: str
    note: str


def _unit(text: str) -> str:
    return "".join(str(text or "").split()).lower()


def came(meeting: Meeting) -> int:
    """How many people checked in (each once, whatever the days and gates)."""
    return CheckIn.objects.filter(meeting=meeting).values("attendee_id").distinct().count()


def zone_gate(kpi: KPI) -> Gate | None:
    """The meeting's gate whose name the KPI names (e.g. the gate "AI 互动区" for "AI 互动区参与率")."""
    name = kpi.name or ""
    gates = sorted(Gate.objects.filter(meeting_id=kpi.meeting_id), key=lambda g: -len(g.name))
    return next((g for g in gates if g.name and g.name in name), None)


def suggest(kpi: KPI, figures: satisfaction.Figures | None = None) -> Suggestion | None:
    """What the product measured for ``kpi``, or None (leads and the rest are entered)."""
    meeting = kpi.meeting
    if kpi.kind in (KPIKind.WATCH_TIME, KPIKind.ONLINE_VIEWS):
        return _online(kpi)
    if kpi.kind == KPIKind.ATTENDANCE:
        return Suggestion(Decimal(came(meeting)), Source.CHECKIN, gettext("people who checked in"))
    if kpi.kind == KPIKind.SATISFACTION or "nps" in (kpi.name or "").lower():
        found = figures or satisfaction.figures(meeting)
        if kpi.kind == KPIKind.SATISFACTION and found.satisfaction is not None:
            note = gettext("of 10, %(n)s answers") % {"n": found.satisfaction_answers}
            return Suggestion(found.satisfaction, Source.FEEDBACK, note)
        if kpi.kind != KPIKind.SATISFACTION and found.nps.score is not None:
            return Suggestion(Decimal(found.nps.score), Source.FEEDBACK, gettext("NPS, %(n)s answers") % {
                "n": found.nps.answers})  # fmt: skip
        return None
    gate = zone_gate(kpi)
    if gate is not None and "%" in kpi.unit:
        total = came(meeting)
        if not total:
            return None
        there = (
            Scan.objects.filter(
                gate=gate, status__in=(ScanStatus.ACCEPTED, ScanStatus.ALREADY), attendee__isnull=False
            )
            .values("attendee_id")
            .distinct()
            .count()
        )
        share = (Decimal(there) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        note = gettext("%(n)s of %(total)s who came were scanned at %(gate)s") % {
            "n": there, "total": total, "gate": gate.name}  # fmt: skip
        return Suggestion(share, Source.ZONE, note)
    return None


def _online(kpi: KPI) -> Suggestion | None:
    """Watch time per person who watched (hours, from the players' heartbeats) and the people who
    watched, from the meeting's live interaction."""
    from huiwu.interaction.models import Live
    from huiwu.interaction.presence import figures as live_figures

    live = Live.objects.filter(meeting_id=kpi.meeting_id).values_list("pk", flat=True).first()
    if live is None:
        return None
    watched = Participant.objects.filter(live_id=live, watch_seconds__gt=0).count()
    if not watched:
        return None  # nobody watched the stream through the interaction: nothing measured
    if kpi.kind == KPIKind.WATCH_TIME:
        hours = Decimal(str(live_figures(live)["watch_hours"]))
        unit = (kpi.unit or "").lower()
        value = hours * 60 if ("min" in unit or "分" in unit) else hours
        return Suggestion(value, Source.LIVE, gettext("watch time per person who watched the stream"))
    return Suggestion(Decimal(watched), Source.LIVE, gettext("people who watched the stream"))


def variance(kpi: KPI) -> tuple[Decimal, Decimal | None] | None:
    """The actual minus the target, and that in percent of the target."""
    if kpi.actual is None:
        return None
    diff = kpi.actual - kpi.target
    share = (diff * 100 / kpi.target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if kpi.target else None
    return diff, share


@transaction.atomic
def record_actual(
    *, kpi: KPI, membership: Membership | None, actual: Any, unit: str, explanation: str = "",
    source: str = Source.ENTERED, version: int = 0,
) -> Result:  # fmt: skip
    """The KPI's actual, in the KPI's unit (another unit is refused, not converted), two decimals, not
    negative, with the explanation of the variance; against the result's version seen (0: none yet)."""
    meeting = kpi.meeting
    membership = planner(membership, meeting)
    if _unit(unit) != _unit(kpi.unit):
        raise UnitMismatch(
            gettext("%(kpi)s is measured in %(unit)s.") % {"kpi": kpi.label, "unit": kpi.unit},
            details={"field": "unit"},
        )
    value = amount_of(actual)
    if value is None:
        raise ActualInvalid(details={"field": "actual"})
    if source not in Source.values:
        raise ActualInvalid(details={"field": "source"})
    try:
        words = clean_text(explanation, max_length=2000, multiline=True)
    except ValidationError as exc:
        raise ActualInvalid(" ".join(exc.messages), details={"field": "explanation"}) from None
    locked = KPI.objects.select_for_update().get(pk=kpi.pk)
    found = Result.objects.filter(kpi=locked).first()
    now = timezone.now()
    if found is None:
        if version:
            raise Stale()
        found = Result.objects.create(kpi=locked, actual=value, source=source, explanation=words,
                                      recorded_by=membership.user, recorded_at=now)  # fmt: skip
    else:
        changed = Result.objects.filter(pk=found.pk, version=version).update(
            actual=value, source=source, explanation=words, recorded_by=membership.user, recorded_at=now,
            version=F("version") + 1,
        )  # fmt: skip
        if not changed:
            raise Stale()
        found.refresh_from_db()
    KPI.objects.filter(pk=locked.pk).update(actual=value)
    kpi.actual = value
    log_action("wrapup.kpi.actual", target=meeting, actor=membership.user, org=meeting.org,
               data={"kpi": kpi.pk, "actual": str(value), "unit": kpi.unit, "source": source})  # fmt: skip
    return found
