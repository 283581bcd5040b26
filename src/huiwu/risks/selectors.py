"""Reads of the risk register."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from .enums import RiskStatus
from .models import Risk


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
