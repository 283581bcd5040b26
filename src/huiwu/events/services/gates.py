"""Stage gates: what must be done before a meeting moves to its next stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions

from ..enums import OPEN_STATUSES, Stage
from ..errors import GateNotPassed, InvalidStage
from ..models import Meeting, StageTransition
from ..signals import gate_checked

register_actions({"events.meeting.stage_changed": _("moved the meeting to another stage")})


@dataclass(frozen=True)
class Missing:
    kind: str  # "task" or "check"
    text: str
    url: str = ""


def missing_for(meeting: Meeting) -> list[Missing]:
    """What is still open before ``meeting`` can leave its current stage."""
    out: list[Missing] = []
    if meeting.stage == Stage.INTAKE:
        if not meeting.requirements.exists():
            out.append(Missing("check", gettext("The requirement checklist is empty.")))
        if not meeting.kpis.exists():
            out.append(Missing("check", gettext("No measurable KPI has been set.")))
        if meeting.report_approved_at is None:
            out.append(
                Missing("check", gettext("The client has not approved the Requirement Analysis Report."))
            )
    for _receiver, found in gate_checked.send(sender=Meeting, meeting=meeting):
        out.extend(cast(list[Missing], found))  # each receiver answers its list
    for task in meeting.tasks.filter(stage__lte=meeting.stage, status__in=OPEN_STATUSES).order_by("due_at"):
        out.append(
            Missing(
                "task", task.title, reverse("tasks:detail", kwargs={"org": meeting.org.slug, "task": task.pk})
            )
        )
    return out


@transaction.atomic
def move_stage(*, meeting: Meeting, to_stage: int, actor, reason: str = "") -> StageTransition:
    """Move forward one stage (through the gate, or past it with a reason) or back to any stage."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if to_stage not in Stage.values or to_stage == meeting.stage or to_stage > meeting.stage + 1:
        raise InvalidStage()
    missing = missing_for(meeting) if to_stage > meeting.stage else []
    reason = reason.strip()
    if missing and not reason:
        raise GateNotPassed(details={"missing": [m.text for m in missing]})
    transition = StageTransition.objects.create(
        meeting=meeting,
        from_stage=meeting.stage,
        to_stage=to_stage,
        missing=[m.text for m in missing],
        overridden=bool(missing),
        reason=reason,
        actor=actor,
    )
    log_action(
        "events.meeting.stage_changed",
        target=meeting,
        actor=actor,
        changes={"stage": [meeting.stage, to_stage]},
        data={"overridden": bool(missing), "reason": reason, "missing": len(missing)},
    )
    meeting.stage = to_stage
    meeting.save(update_fields=["stage", "updated_at"])
    return transition
