"""What happened, as the wrap-up reads it: the facts a summary report is drafted from and a
retrospective's causes rest on — the incidents, the feedback themes, the budget lines and categories
over their plan, the failed inspections —, each with a stable reference (``kind:ref``) and a label."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from huiwu.budgets.models import Budget
from huiwu.budgets.selectors import sheet
from huiwu.events.models import Meeting
from huiwu.feedback import satisfaction
from huiwu.inspections.enums import Result as InspectionResult
from huiwu.inspections.models import Item
from huiwu.onsite.enums import Tier
from huiwu.onsite.models import Incident
from huiwu.standards.selectors import label as rule_label

from .models import Evidence


@dataclass(frozen=True)
class Fact:
    kind: str  # an Evidence value
    ref: str
    label: str
    serious: bool = False  # an incident above the general tier

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref}"


def incidents(meeting: Meeting) -> list[Fact]:
    rows = Incident.objects.filter(meeting=meeting).order_by("number")
    return [
        Fact(
            Evidence.INCIDENT,
            str(i.pk),
            f"#{i.number} {i.get_tier_display()}: {i.title}",
            serious=i.tier != Tier.GENERAL,
        )
        for i in rows
    ]


def themes(meeting: Meeting, found: satisfaction.Figures | None = None) -> list[Fact]:
    """The themes of the comments (the survey's and the station's), the most frequent first."""
    found = found or satisfaction.figures(meeting)
    total = sum(n for _t, n in found.themes) or 1
    out = []
    for name, n in found.themes:
        if not name:
            continue
        share = Decimal(n * 100 / total).quantize(Decimal("1"))
        words = {"theme": name, "n": n, "share": share}
        out.append(Fact(Evidence.THEME, name, gettext("%(theme)s: %(n)s comments (%(share)s%%)") % words))
    return out


def variances(meeting: Meeting) -> list[Fact]:
    """The budget's categories forecast over their plan."""
    budget = Budget.objects.filter(meeting=meeting).first()
    if budget is None:
        return []
    figures = sheet(budget)
    out = []
    for category in figures.order:
        f = figures.categories[category.pk]
        if f.variance > 0:
            words = {"name": category.name, "over": f"{f.variance:,.2f}", "share": f.variance_share}
            out.append(
                Fact(
                    Evidence.VARIANCE,
                    str(category.pk),
                    gettext("%(name)s over its plan by ¥%(over)s (%(share)s%%)") % words,
                )
            )
    return out


def failed_inspections(meeting: Meeting) -> list[Fact]:
    rows = Item.objects.filter(inspection__meeting=meeting, result=InspectionResult.FAIL).select_related(
        "inspection"
    )
    return [Fact(Evidence.INSPECTION, str(i.pk), f"{i.inspection.place}: {rule_label(i.key)}") for i in rows]


def all_of(meeting: Meeting, found: satisfaction.Figures | None = None) -> dict[str, list[Fact]]:
    return {
        Evidence.INCIDENT: incidents(meeting),
        Evidence.THEME: themes(meeting, found),
        Evidence.VARIANCE: variances(meeting),
        Evidence.INSPECTION: failed_inspections(meeting),
    }


def find(meeting: Meeting, key: str) -> Fact | None:
    """The fact ``kind:ref`` of the meeting, or None (another meeting's is not found)."""
    kind, _sep, ref = key.partition(":")
    if kind not in Evidence.values or not kind:
        return None
    return next((f for f in all_of(meeting)[kind] if f.ref == ref), None)
