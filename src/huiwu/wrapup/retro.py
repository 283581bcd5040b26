"""The retrospective: a session across departments after the meeting; a fishbone whose causes sit on
its six bones (people, method, equipment, materials, measurement, environment), each resting on a fact
of the meeting where there is one (an incident, a feedback theme, a budget variance, a failed
inspection: ``facts``); actions — tasks of the meeting with an owner and a deadline, tracked to done —;
and lessons proposed as a change of the organisation's standards (a rule's new figure) or playbook (a
new task), applied only when one who may change them accepts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.errors import DomainError
from huiwu.core.text import clean_text
from huiwu.events.enums import Stage
from huiwu.events.models import Meeting
from huiwu.events.services.playbook import TemplateTaskInput, save_template_task, template_for
from huiwu.events.services.tasks import create_task
from huiwu.orgs.models import Membership
from huiwu.orgs.selectors import is_member
from huiwu.standards.enums import Kind
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, parse_figure, update_rule

from . import facts
from .errors import LessonDecided, RetroInvalid, Stale
from .models import Action, Bone, Cause, Lesson, LessonKind, LessonStatus, Retro
from .permits import ended, owner, planner

register_actions(
    {
        "wrapup.retro.saved": gettext_lazy("Retrospective changed"),
        "wrapup.retro.cause": gettext_lazy("Cause added to the fishbone"),
        "wrapup.retro.action": gettext_lazy("Action of the retrospective"),
        "wrapup.retro.lesson": gettext_lazy("Lesson proposed"),
        "wrapup.retro.decided": gettext_lazy("Lesson decided"),
    }
)


def _text(value: Any, limit: int, field: str, *, multiline: bool = False) -> str:
    try:
        return clean_text(value, max_length=limit, multiline=multiline)
    except ValidationError as exc:
        raise RetroInvalid(" ".join(exc.messages), details={"field": field}) from None


@transaction.atomic
def start(*, meeting: Meeting, membership: Membership | None) -> Retro:
    who = planner(membership, meeting)
    ended(meeting)
    try:
        with transaction.atomic():
            made = Retro.objects.create(org=meeting.org, meeting=meeting, held_on=timezone.localdate())
    except IntegrityError:
        return Retro.objects.get(meeting=meeting)
    log_action("wrapup.retro.saved", target=meeting, actor=who.user, org=meeting.org, data={"made": True})
    return made


@transaction.atomic
def save(
    *,
    retro: Retro,
    membership: Membership | None,
    held_on: dt.date | None,
    departments: Any,
    problem: Any,
    notes: Any,
    version: int,
) -> Retro:
    who = planner(membership, retro.meeting)
    fields = {
        "held_on": held_on,
        "departments": _text(departments, 300, "departments"),
        "problem": _text(problem, 300, "problem"),
        "notes": _text(notes, 10_000, "notes", multiline=True),
    }
    if held_on is not None and held_on < retro.meeting.end_date:
        raise RetroInvalid(
            gettext("The retrospective is held after the meeting."), details={"field": "held_on"}
        )
    row = Retro.objects.select_for_update().get(pk=retro.pk)
    if row.version != version:
        raise Stale()
    for name, value in fields.items():
        setattr(row, name, value)
    row.version += 1
    row.save()
    log_action("wrapup.retro.saved", target=row.meeting, actor=who.user, org=row.org)
    return row


@transaction.atomic
def add_cause(
    *, retro: Retro, membership: Membership | None, bone: str, text: Any, evidence: str = ""
) -> Cause:
    """A cause on a bone; ``evidence`` a fact of this meeting as ``kind:ref`` (``facts``), or none."""
    who = planner(membership, retro.meeting)
    if bone not in Bone.values:
        raise RetroInvalid(gettext("Choose the bone of the fishbone."), details={"field": "bone"})
    words = _text(text, 300, "text")
    fact = None
    if evidence:
        fact = facts.find(retro.meeting, evidence)
        if fact is None:
            raise RetroInvalid(gettext("That fact is not of this meeting."), details={"field": "evidence"})
    if not words and fact is None:
        raise RetroInvalid(gettext("Say what the cause was."), details={"field": "text"})
    made = Cause.objects.create(
        retro=retro,
        bone=bone,
        text=words or (fact.label[:300] if fact else ""),
        evidence=fact.kind if fact else "",
        evidence_ref=fact.ref[:100] if fact else "",
        evidence_label=fact.label[:300] if fact else "",
    )
    log_action(
        "wrapup.retro.cause",
        target=retro.meeting,
        actor=who.user,
        org=retro.org,
        data={"bone": bone, "evidence": fact.kind if fact else ""},
    )
    return made


@transaction.atomic
def remove_cause(*, cause: Cause, membership: Membership | None) -> None:
    who = planner(membership, cause.retro.meeting)
    log_action(
        "wrapup.retro.cause",
        target=cause.retro.meeting,
        actor=who.user,
        org=cause.retro.org,
        data={"removed": cause.pk},
    )
    cause.delete()


@transaction.atomic
def add_action(
    *,
    retro: Retro,
    membership: Membership | None,
    title: Any,
    assignee: Any,
    due: dt.date | None,
    cause: Cause | None = None,
) -> Action:
    """An action with its owner (a member) and deadline (not past): a task of the meeting."""
    who = planner(membership, retro.meeting)
    words = _text(title, 200, "title")
    if not words:
        raise RetroInvalid(gettext("Say what is to be done."), details={"field": "title"})
    if assignee is None or not is_member(retro.org, assignee):
        raise RetroInvalid(gettext("Choose the owner among the members."), details={"field": "assignee"})
    if due is None or due < timezone.localdate():
        raise RetroInvalid(gettext("Give a deadline from today on."), details={"field": "due"})
    if cause is not None and cause.retro_id != retro.pk:
        raise RetroInvalid(details={"field": "cause"})
    task = create_task(
        meeting=retro.meeting, actor=who.user, title=words, due=due, assignee=assignee, stage=Stage.WRAPUP
    )
    made = Action.objects.create(retro=retro, cause=cause, task=task)
    log_action(
        "wrapup.retro.action", target=retro.meeting, actor=who.user, org=retro.org, data={"task": task.pk}
    )
    return made


@transaction.atomic
def propose(
    *,
    retro: Retro,
    membership: Membership | None,
    text: Any,
    kind: str,
    rule_key: str = "",
    low: Any = None,
    high: Any = None,
    task_title: Any = "",
    task_stage: Any = None,
    task_offset: Any = None,
    cause: Cause | None = None,
) -> Lesson:
    """A lesson as a proposed change: a rule of the catalogue with its new figure, or a task added to
    the playbook of this meeting's type (its stage and its day counted from T)."""
    who = planner(membership, retro.meeting)
    words = _text(text, 300, "text")
    if not words:
        raise RetroInvalid(gettext("Say what was learnt."), details={"field": "text"})
    if cause is not None and cause.retro_id != retro.pk:
        raise RetroInvalid(details={"field": "cause"})
    lesson = Lesson(org=retro.org, retro=retro, cause=cause, text=words, kind=kind, proposed_by=who.user)
    if kind == LessonKind.STANDARD:
        rule = Rule.objects.filter(org=retro.org, key=str(rule_key)).first()
        if rule is None:
            raise RetroInvalid(gettext("Choose a rule of the catalogue."), details={"field": "rule"})
        try:
            lesson.low, lesson.high = parse_figure(low, field="low"), parse_figure(high, field="high")
        except DomainError as exc:
            raise RetroInvalid(exc.message, details=exc.details) from None
        needs: dict[str, tuple[str, ...]] = {
            Kind.MAXIMUM: ("high",),
            Kind.RANGE: ("low", "high"),
            Kind.FLAG: (),
        }
        needed = needs.get(rule.kind, ("low",))
        if any(getattr(lesson, f) is None for f in needed):
            raise RetroInvalid(gettext("Give the rule's new figure."), details={"field": needed[0]})
        if (lesson.low, lesson.high) == (rule.low, rule.high) or not needed:
            raise RetroInvalid(gettext("That is the rule's figure already."), details={"field": "low"})
        lesson.rule, lesson.rule_version = rule, rule.version
    elif kind == LessonKind.PLAYBOOK:
        title = _text(task_title, 200, "task_title")
        if not title:
            raise RetroInvalid(gettext("Name the playbook's new task."), details={"field": "task_title"})
        stage = int(task_stage) if str(task_stage).isdecimal() else -1
        if stage not in Stage.values:
            raise RetroInvalid(gettext("Choose the stage."), details={"field": "task_stage"})
        raw = str(task_offset if task_offset is not None else "").strip()
        if not raw.lstrip("-").isdecimal() or abs(int(raw)) > 365:
            raise RetroInvalid(
                gettext("Give the day as days from T (-365 to 365)."), details={"field": "task_offset"}
            )
        lesson.template = template_for(retro.meeting)
        lesson.task_title, lesson.task_stage, lesson.task_offset = title, stage, int(raw)
    else:
        raise RetroInvalid(details={"field": "kind"})
    lesson.save()
    log_action(
        "wrapup.retro.lesson",
        target=retro.meeting,
        actor=who.user,
        org=retro.org,
        data={"lesson": lesson.pk, "kind": kind, "rule": rule_key or None},
    )
    return lesson


@transaction.atomic
def decide(*, lesson: Lesson, membership: Membership | None, accept: bool, reason: Any = "") -> Lesson:
    """Accepted — the change applied to the catalogue (refused when the rule changed since it was
    proposed) or the playbook — or declined with a reason; once."""
    who = owner(membership, lesson.org_id)
    words = _text(reason, 300, "reason")
    row = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if row.status != LessonStatus.PROPOSED:
        raise LessonDecided()
    if not accept and not words:
        raise RetroInvalid(gettext("Say why it is declined."), details={"field": "reason"})
    meeting = row.retro.meeting
    why = words or gettext("Lesson of %(meeting)s: %(lesson)s") % {
        "meeting": meeting.name,
        "lesson": row.text,
    }
    if accept and row.kind == LessonKind.STANDARD and row.rule is not None:
        rule = row.rule
        if rule.version != row.rule_version:
            raise Stale(gettext("The rule changed since the lesson was proposed: propose it again."))
        update_rule(
            rule=rule,
            actor=who.user,
            reason=why[:300],
            version=rule.version,
            data=FigureInput(low=row.low, high=row.high, unit=rule.unit, enabled=True),
        )
    elif accept and row.kind == LessonKind.PLAYBOOK and row.template is not None:
        save_template_task(
            template=row.template,
            actor=who.user,
            data=TemplateTaskInput(
                title=row.task_title,
                stage=row.task_stage or Stage.WRAPUP,
                offset=row.task_offset or 0,
                deliverable=row.text[:200],
            ),
        )
    row.status = LessonStatus.ACCEPTED if accept else LessonStatus.DECLINED
    row.decided_by, row.decided_at, row.reason = who.user, timezone.now(), words
    row.save()
    log_action(
        "wrapup.retro.decided",
        target=meeting,
        actor=who.user,
        org=row.org,
        data={"lesson": row.pk, "accepted": bool(accept)},
    )
    return row
