"""Reads of the risk register."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.http import Http404

from .enums import RiskStatus
from .models import Plan, Risk


def risk_in(org, pk: int) -> Risk:
    """A risk of one of ``org``'s meetings (another organisation's is not found)."""
    row = Risk.objects.select_related("meeting").filter(pk=pk, meeting__org=org).first()
    if row is None:
        raise Http404
    return row


def plan_in(org, pk: int) -> Plan:
    """A contingency plan of one of ``org``'s meetings."""
    row = Plan.objects.select_related("risk__meeting").filter(pk=pk, risk__meeting__org=org).first()
    if row is None:
        raise Http404
    return row


def register_of(meeting) -> QuerySet[Risk]:
    """The meeting's risks, the worst first: by score (likelihood × impact), then by impact."""
    return (
        meeting.risks.select_related("owner")
        .prefetch_related("plans__drills")
        .annotate(rank=F("likelihood") * F("impact"))
        .order_by("-rank", "-impact", "id")
    )


def is_overdue(risk: Risk, today: dt.date) -> bool:
    """Its deadline or review date has passed and it is still open."""
    return bool(risk.review_date and risk.review_date < today and risk.status == RiskStatus.OPEN)
