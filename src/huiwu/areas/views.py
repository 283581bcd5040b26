"""Overview pages of the areas whose full tools are still being built.

Each area shows the organisation's meetings that are in the stages the area serves, so the
navigation is useful today; the area's own records replace this as each area is built.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from huiwu.events.enums import Stage
from huiwu.events.selectors import meetings_for_org
from huiwu.orgs.access import org_view


@dataclass(frozen=True)
class Area:
    slug: str
    title: object
    summary: object
    stages: tuple[int, ...]
    link: str = ""  # the per-meeting page of an area that is built


AREAS = {
    a.slug: a
    for a in [
        Area(
            "suppliers",
            _("Suppliers"),
            _("Suppliers in tiers A/B/C, qualification review, kickoff with a shared run sheet."),
            (Stage.PLANNING, Stage.CONTRACTS),
        ),
        Area(
            "attendees",
            _("Attendees"),
            _("Registration, invitations, guest profiles, e-badges and special needs."),
            (Stage.PLANNING, Stage.CONTRACTS, Stage.ONSITE),
            "attendees:list",
        ),
        Area(
            "onsite",
            _("On-site"),
            _(
                "Staff roles, morning briefing, check-in at every gate, run-of-show and incidents "
                "with SLA timers."
            ),
            (Stage.ONSITE,),
        ),
        Area(
            "standards",
            _("Standards"),
            _(
                "Service standards for personnel, venue, technical, timing, safety and green rules, "
                "held as data and checked automatically."
            ),
            tuple(Stage.values),
        ),
        Area(
            "reports",
            _("Reports"),
            _("KPI review, summary and satisfaction reports, de-identified archive and retrospective."),
            (Stage.WRAPUP,),
        ),
    ]
}


@org_view()
def area_overview(request, area: str):
    spec = AREAS.get(area)
    if spec is None:
        raise Http404
    meetings = meetings_for_org(request.org).filter(stage__in=spec.stages)
    return render(request, "areas/overview.html", {"area": spec, "meetings": meetings})
