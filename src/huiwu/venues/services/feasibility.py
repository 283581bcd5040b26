"""Feasibility: the meeting's requirements against the chosen venue; every gap becomes a task, and a
gap a supplier closes (interpretation, a stream) opens the suppliers' search for it (``signals``).

Requirements are free text, so needs are recognised by words in Chinese and English (同传 /
interpretation, 无障碍 / accessible, 直播 / streaming, 户外 / outdoor). The capacity spare, the network
a stream needs and the venue's share of the budget (DOMAIN.md's example split: venue 40%) are the
organisation's standards, the meeting's where its client asked for others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from huiwu.events.languages import languages
from huiwu.standards.selectors import standard, standards

from ..models import Evaluation
from ..signals import supplier_needed
from .scoring import Thresholds, needed_capacity

NEEDS = {
    "interpretation": ("同传", "翻译", "口译", "interpret", "translat"),
    "accessibility": ("无障碍", "轮椅", "accessib", "wheelchair"),
    "streaming": ("直播", "stream", "live broadcast"),
    "outdoor": ("户外", "室外", "outdoor"),
}


# gaps a supplier closes: the kind of gap → the kind of need the suppliers open a search for
SUPPLIER_GAPS = {"interpretation": "interpretation", "equipment": "streaming"}


@dataclass(frozen=True)
class Gap:
    kind: str
    text: str


def _needs(meeting) -> set[str]:
    text = " ".join(f"{r.title} {r.detail}" for r in meeting.requirements.all()).lower()
    return {need for need, words in NEEDS.items() if any(w in text for w in words)}


def _spoken(meeting) -> list[str]:
    """The languages the interpretation requirements name, all together."""
    words = NEEDS["interpretation"]
    texts = [f"{r.title} {r.detail}" for r in meeting.requirements.all()]
    return languages(" ".join(t for t in texts if any(w in t.lower() for w in words)))


def gaps_for(meeting) -> list[Gap]:
    chosen = Evaluation.objects.filter(meeting=meeting, chosen=True).select_related("room__venue").first()
    if chosen is None:
        return [Gap("venue", gettext("No venue has been chosen yet."))]
    room, venue = chosen.room, chosen.room.venue
    rules = standards(meeting.org, meeting=meeting)
    limits = Thresholds.of(rules)
    gaps: list[Gap] = []
    need = needed_capacity(meeting.expected_attendance, limits.spare)
    if room.capacity(chosen.layout) < need:
        gaps.append(
            Gap(
                "capacity",
                gettext("%(room)s seats %(cap)s but %(need)s are needed (%(spare)s × attendance).")
                % {
                    "room": room,
                    "cap": room.capacity(chosen.layout),
                    "need": need,
                    "spare": f"{limits.spare.normalize():f}",
                },
            )
        )
    needs = _needs(meeting)
    if "interpretation" in needs and room.interpretation_booths == 0:
        gaps.append(
            Gap(
                "interpretation",
                gettext(
                    "Interpretation is required but %(room)s has no booths: find an interpretation supplier."
                )
                % {"room": room},
            )
        )
    elif "interpretation" in needs and room.interpretation_languages:
        spoken = _spoken(meeting)
        offered = languages(" ".join(room.interpretation_languages))
        if len(spoken) > len(offered) or {n for n in spoken if not n.startswith("#")} - set(offered):
            text = gettext(
                "Interpretation is required in %(n)s languages but %(room)s offers %(m)s (%(offered)s): "
                "find an interpretation supplier."
            )
            values = {"n": len(spoken), "room": room, "m": len(offered), "offered": "、".join(offered)}
            gaps.append(Gap("interpretation", text % values))
    if "accessibility" in needs and not (venue.step_free and venue.accessible_toilets):
        gaps.append(
            Gap(
                "accessibility",
                gettext(
                    "Accessibility is required but %(venue)s lacks a step-free route or accessible toilets."
                )
                % {"venue": venue},
            )
        )
    if "streaming" in needs and (room.bandwidth_mbps < limits.bandwidth_mbps or not room.network_redundant):
        gaps.append(
            Gap(
                "equipment",
                gettext(
                    "Live streaming needs ≥ %(need)s Mbps with a redundant line; %(room)s has %(mbps)s Mbps."
                )
                % {
                    "room": room,
                    "mbps": room.bandwidth_mbps,
                    "need": f"{limits.bandwidth_mbps.normalize():f}",
                },
            )
        )
    if "outdoor" in needs and not venue.indoor_backup:
        gaps.append(
            Gap(
                "weather",
                gettext("There are outdoor parts but %(venue)s has no indoor backup space.")
                % {"venue": venue},
            )
        )
    if meeting.budget_max:
        days = (meeting.end_date - meeting.start_date).days + 1
        cost = venue.cost_for(days, chosen.overtime_hours)
        percent = rules["budget.venue_share"].figure
        if cost > meeting.budget_max * percent / 100:
            text = gettext(
                "The venue costs ¥%(cost)s, more than %(percent)s%% of the budget ceiling (¥%(share)s)."
            )
            values = {
                "cost": f"{cost:,.0f}",
                "share": f"{meeting.budget_max * percent / 100:,.0f}",
                "percent": f"{percent.normalize():f}",
            }
            gaps.append(Gap("budget", text % values))
    return gaps


@transaction.atomic
def gaps_to_tasks(*, meeting, actor) -> int:
    """One task per open gap (not twice for the same gap); returns how many were created."""
    from huiwu.events.services.tasks import create_task

    existing = set(meeting.tasks.values_list("title", flat=True))
    # closed before the contracts are drawn up (the standards' stage window), and not before three days
    contracts = standard(meeting.org, "stage.contracts_start", meeting=meeting).duration()
    due = max(timezone.localdate() + dt.timedelta(days=3), meeting.start_date - contracts)
    due = min(due, meeting.start_date)
    created = 0
    for gap in gaps_for(meeting):
        title = gettext("Close the gap: %(gap)s") % {"gap": gap.text}
        if title[:200] not in existing:
            create_task(meeting=meeting, actor=actor, title=title[:200], due=due, stage=min(meeting.stage, 2))
            created += 1
        if gap.kind in SUPPLIER_GAPS:
            kind = SUPPLIER_GAPS[gap.kind]
            supplier_needed.send(sender=Evaluation, meeting=meeting, kind=kind, text=gap.text, actor=actor)
    return created
