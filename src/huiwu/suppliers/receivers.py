"""The suppliers answer the lower apps: the tiers follow the catalogue, a feasibility gap a supplier closes
opens a need, and the stage gate lists the critical needs without a chosen supplier or a backup."""

from django.dispatch import receiver
from django.utils.translation import gettext

from huiwu.events.enums import Stage
from huiwu.events.services.gates import Missing
from huiwu.events.signals import gate_checked
from huiwu.standards.signals import catalogue_changed
from huiwu.venues.signals import supplier_needed

from . import selectors
from .enums import Category, NeedSource
from .services import recompute_all
from .services.selection import NeedInput, add_need, derived_needs

GAP_CATEGORY = {"interpretation": Category.TRANSLATION, "streaming": Category.STREAMING}


@receiver(catalogue_changed, dispatch_uid="suppliers.tiers_follow_the_catalogue")
def tiers_follow_the_catalogue(sender, org_id: int, **kwargs) -> None:
    recompute_all(org_id=org_id)


@receiver(supplier_needed, dispatch_uid="suppliers.need_from_a_gap")
def need_from_a_gap(sender, *, meeting, kind: str, text: str, actor, **kwargs) -> None:
    """The need the requirements ask of that category (e.g. "interpretation for 4 languages"), else one
    named by the gap."""
    category = GAP_CATEGORY.get(kind)
    if category is None:
        return
    asked = [d for d in derived_needs(meeting) if d.category == category]
    for d in asked or [None]:
        data = (
            NeedInput(category=category, title=d.title, quantity=d.quantity, unit=d.unit)
            if d is not None
            else NeedInput(category=category, title=text[:200])
        )
        add_need(meeting=meeting, actor=actor, data=data, source=NeedSource.FEASIBILITY)


@receiver(gate_checked, dispatch_uid="suppliers.critical_needs_in_gate")
def critical_needs_in_gate(sender, *, meeting, **kwargs) -> list[Missing]:
    if meeting.stage not in (Stage.PLANNING, Stage.CONTRACTS):
        return []
    from django.urls import reverse

    url = reverse("suppliers:meeting", kwargs={"org": meeting.org.slug, "meeting": meeting.pk})
    return [Missing("check", gap.text, url) for gap in selectors.gaps(meeting)] or (
        []
        if meeting.supplier_needs.exists()
        else [Missing("check", gettext("No supplier needs listed for this meeting"), url)]
    )
