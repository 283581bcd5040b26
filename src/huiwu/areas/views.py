"""Overview pages of the areas: the organisation's meetings in the stages the area serves, with a link
to the area's page per meeting. An area whose tools are not built yet (reports)
is listed here with ``built=False``: it has no page and no menu entry until it is.
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
    built: bool = True
    index: tuple[str, object] | None = None  # the organisation-wide page of the area: (url name, title)


AREAS = {
    a.slug: a
    for a in [
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
            "onsite:command",
        ),
        Area(
            "standards",
            _("Standards"),
            _(
                "Service standards for personnel, venue, technical, timing, safety and green rules, "
                "held as data and checked automatically."
            ),
            tuple(Stage.values),
            "standards:meeting",
            index=("standards:catalogue", _("Service standards")),
        ),
        Area(
            "reports",
            _("Reports"),
            _("KPI review, summary and satisfaction reports, de-identified archive and retrospective."),
            (Stage.WRAPUP,),
            "wrapup:summary",
            index=("wrapup:archives", _("Archive")),
        ),
    ]
}


@org_view()
def area_overview(request, area: str):
    spec = AREAS.get(area)
    if spec is None or not spec.built:
        raise Http404
    meetings = meetings_for_org(request.org).filter(stage__in=spec.stages)
    return render(request, "areas/overview.html", {"area": spec, "meetings": meetings})
