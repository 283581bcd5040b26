"""The solver as a background job: progress is the best agenda so far; the answer is a proposal, shown
before/after and applied only when someone confirms it."""

from __future__ import annotations

import time

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.events.models import Meeting
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import services
from .models import Session
from .scheduling.instance import InstanceError, parse

MAX_SECONDS = 300

RULE_NAMES = {
    "H2 room": _("one session per room at a time"),
    "H3": _("the session fits its slot"),
    "H4": _("the room seats the expected audience"),
    "H5": _("speakers are available"),
    "H6 speaker": _("no speaker in two places"),
    "H7 tag": _("sessions sharing a tag are never at the same time"),
    "H8": _("pinned sessions stay"),
    "H9 core block": _("core sessions in a row stay within the limit"),
    "H10 buffers": _("no two buffers back to back"),
    "H11 plenary": _("nothing runs at the same time as a plenary or a meal"),
    "R1 rehearsal": _("speakers have time to rehearse before each session"),
}


def explain(meeting, conflict_sets: list[dict]) -> list[str]:
    titles = {
        f"S{pk}": title for pk, title in Session.objects.filter(meeting=meeting).values_list("pk", "title")
    }
    lines = []
    for c in conflict_sets:
        rules = "; ".join(str(RULE_NAMES.get(r, r)) for r in c["rules"])
        names = "、".join(f"“{titles.get(s, s)}”" for s in c["sessions"][:12])
        if names:
            lines.append(
                gettext("These sessions cannot all be placed: %(s)s. Rules in conflict: %(r)s.")
                % {"s": names, "r": rules}
            )
        else:
            lines.append(gettext("These rules cannot all hold: %(r)s.") % {"r": rules})
    return lines


@job_kind("agenda_schedule", label=_("Agenda: automatic scheduling"), perm=Perm.EDIT_MEETINGS)
def schedule(job, progress):
    meeting = Meeting.objects.get(pk=job.params["meeting"], org=job.org)
    limit = max(1, min(int(job.params.get("time_limit", 30)), MAX_SECONDS))
    link = reverse("agenda:grid", kwargs={"org": meeting.org.slug, "meeting": meeting.pk})
    doc = services.build_instance(meeting, replan_all=bool(job.params.get("replan_all")))
    if not doc["rooms"] or not doc["days"]:
        return {
            "link": link,
            "problems": [gettext("Choose the venue and lay out the time grid before scheduling.")],
        }
    try:
        inst = parse(doc)
    except InstanceError as exc:
        return {"link": link, "problems": exc.problems}
    started = time.monotonic()
    progress(0, limit, gettext("Building the model…"))

    def on_progress(objective, bound):
        done = min(limit, int(time.monotonic() - started))
        progress(
            done,
            limit,
            gettext(
                "best agenda so far: %(o)s penalty points for wishes not met (no plan can score below %(b)s)"
            )
            % {"o": int(objective), "b": int(bound)},
        )

    from .scheduling.solver import solve  # OR-Tools (and pandas) loaded when a solve runs

    result = solve(inst, time_limit=limit, on_progress=on_progress)
    progress(limit, limit, "")
    if result.status in ("optimal", "feasible"):
        proposal = services.propose(
            meeting=meeting,
            actor=job.created_by,
            assignments=result.assignments,
            objective=result.objective,
            optimal=result.status == "optimal",
        )
        summary = gettext(
            "A proposal: %(n)s sessions would be placed or moved; %(o)s penalty points for wishes not met"
            " (%(q)s). Nothing changes until you apply it."
        ) % {
            "n": len(proposal.after),
            "o": result.objective,
            "q": gettext("no better plan exists")
            if result.status == "optimal"
            else gettext("best found in the time limit"),
        }
        link = reverse("agenda:proposal", kwargs={"org": meeting.org.slug, "proposal": proposal.pk})
        return {"link": link, "summary": summary, "status": result.status, "objective": result.objective,
                "proposal": proposal.pk, "link_label": gettext("See the proposal")}  # fmt: skip
    if result.status == "infeasible":
        return {"link": link, "status": "infeasible", "problems": explain(meeting, result.conflict_sets)}
    return {
        "link": link,
        "status": result.status,
        "problems": [gettext("No agenda was found in %(s)s seconds; allow more time.") % {"s": limit}],
    }
