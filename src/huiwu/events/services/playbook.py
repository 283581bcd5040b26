"""The playbook: templates of tasks against day T, their instances on meetings, moving T.

Due dates: a task is due ``offset`` units from its anchor (T, or the meeting's last day).
Calendar days and working days give a date, due at the end of the working day (18:00 in the
meeting's time zone); minutes count from the start (or end) moment of the meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.workdays import add_workdays
from huiwu.orgs.enums import Role
from huiwu.orgs.models import Organization

from ..enums import OPEN_STATUSES, Anchor, OffsetUnit
from ..errors import DependencyCycle
from ..models import Meeting, PlaybookTemplate, Task, TemplateTask
from ..signals import playbook_figures
from .default_playbook import DEFAULT_TASKS, FOLLOWS

END_OF_DAY = dt.time(18, 0)

register_actions(
    {
        "events.playbook.created": _("created the playbook template"),
        "events.playbook.changed": _("changed the playbook template"),
        "events.meeting.tasks_created": _("planned the meeting's tasks"),
        "events.meeting.rescheduled": _("moved day T"),
    }
)


def compute_due(meeting: Meeting, *, anchor: str, offset: int, unit: str) -> dt.datetime:
    """When a task ``offset`` ``unit`` from ``anchor`` of ``meeting`` is due (aware datetime)."""
    if unit == OffsetUnit.MINUTES:
        base = meeting.starts_at() if anchor == Anchor.START else meeting.ends_at()
        return base + dt.timedelta(minutes=offset)
    day = meeting.start_date if anchor == Anchor.START else meeting.end_date
    day = add_workdays(day, offset) if unit == OffsetUnit.WORKDAYS else day + dt.timedelta(days=offset)
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=meeting.tz)


def check_no_cycle(edges: dict[Any, set[Any]]) -> None:
    """Raise :class:`DependencyCycle` if ``edges`` (node → the nodes it depends on) has a cycle."""
    state: dict[object, int] = {}  # 1 visiting, 2 done

    def visit(node, path):
        state[node] = 1
        for dep in edges.get(node, ()):
            if state.get(dep) == 1:
                raise DependencyCycle(details={"cycle": [str(n) for n in [*path, node, dep]]})
            if state.get(dep) is None:
                visit(dep, [*path, node])
        state[node] = 2

    for node in list(edges):
        if state.get(node) is None:
            visit(node, [])


@transaction.atomic
def standard_offsets(org: Organization) -> dict[str, tuple[int, str]]:
    """The offsets of the service standards the default playbook's tasks follow, as the organisation's
    catalogue holds them (asked of the app that keeps it: ``events.signals.playbook_figures``)."""
    keys = sorted(set(FOLLOWS.values()))
    found: dict[str, tuple[int, str]] = {}
    for _receiver, answer in playbook_figures.send(sender=PlaybookTemplate, org=org, keys=keys):
        found.update(cast(dict[str, tuple[int, str]], answer))
    missing = set(keys) - set(found)
    if missing:  # a defect of the installation: the standards app is not loaded
        raise ImproperlyConfigured(f"no figures for the playbook: {sorted(missing)}")
    return found


def _written(key: str, offset: int | None, unit: str | None) -> tuple[int, str]:
    if offset is None or unit is None:
        raise ImproperlyConfigured(
            f"the default playbook's task {key!r} has no offset and follows no standard"
        )
    return offset, unit


def create_default_playbook(*, org: Organization, actor=None) -> PlaybookTemplate:
    """The organisation's default template (all meeting types), from DOMAIN.md's stages."""
    existing = PlaybookTemplate.objects.filter(org=org, meeting_type="").first()
    if existing is not None:
        return existing
    template = PlaybookTemplate.objects.create(org=org, name=gettext("Default playbook (all stages)"))
    figures = standard_offsets(org)
    by_key: dict[str, TemplateTask] = {}
    for position, (key, title, stage, anchor, written, per, role, deliverable, checklist, _deps) in enumerate(
        DEFAULT_TASKS
    ):
        offset, unit = figures[FOLLOWS[key]] if key in FOLLOWS else _written(key, written, per)
        by_key[key] = TemplateTask.objects.create(
            template=template,
            key=key,
            title=gettext(title),
            stage=stage,
            anchor=anchor,
            offset=offset,
            unit=unit,
            role=role,
            deliverable=gettext(deliverable) if deliverable else "",
            checklist=[gettext(item) for item in checklist],
            position=position,
        )
    check_no_cycle({key: set(row[9]) for row in DEFAULT_TASKS for key in [row[0]]})
    for row in DEFAULT_TASKS:
        if row[9]:
            by_key[row[0]].depends_on.set([by_key[k] for k in row[9]])
    log_action("events.playbook.created", target=template, actor=actor, org=org)
    return template


def template_for(meeting: Meeting) -> PlaybookTemplate:
    """The template of the meeting's type, else the organisation's default (created if missing)."""
    specific = PlaybookTemplate.objects.filter(org=meeting.org, meeting_type=meeting.meeting_type).first()
    return specific or create_default_playbook(org=meeting.org)


def compress_for_lead_time(
    dues: list[dt.datetime], *, now: dt.datetime, starts: dt.datetime
) -> list[dt.datetime]:
    """Due dates for a plan that starts late: a meeting created six days before T cannot do what was
    due at T-60. The tasks already past are spread, in their order, between two hours from now and
    the first task still ahead (or T); every task still ahead keeps its date. Pure."""
    late = sorted((d, i) for i, d in enumerate(dues) if d < now)
    if not late or starts <= now:  # on time, or a meeting recorded after the fact: dates as planned
        return list(dues)
    ahead = [d for d in dues if d >= now]
    begin = now + dt.timedelta(hours=2)
    end = min([*ahead, starts]) if ahead or starts > now else begin
    end = max(end, begin)
    out = list(dues)
    for rank, (_due, i) in enumerate(late, start=1):
        out[i] = begin + (end - begin) * rank / (len(late) + 1)
    return out


def people_for_roles(meeting: Meeting, actor=None) -> dict[str, Any]:
    """Who does a role's tasks: the meeting's owner for the project manager's (else the first project
    manager, else whoever created the meeting), the organisation's first active member in each other
    role. Roles nobody holds stay unassigned (shown as gaps)."""
    from huiwu.orgs.enums import Role
    from huiwu.orgs.models import Membership

    people: dict[str, object] = {}
    for m in (
        Membership.objects.filter(org_id=meeting.org_id, is_active=True).select_related("user").order_by("id")
    ):
        people.setdefault(m.role, m.user)
    if meeting.owner_id:
        people[Role.PROJECT_MANAGER] = meeting.owner
    elif actor is not None and getattr(actor, "is_authenticated", False):
        people.setdefault(Role.PROJECT_MANAGER, actor)
    return people


@transaction.atomic
def instantiate_playbook(
    *, meeting: Meeting, actor=None, template: PlaybookTemplate | None = None, now: dt.datetime | None = None
) -> list[Task]:
    """Create the meeting's tasks from its template, with due dates, roles and dependencies.

    Tasks go to the people in their roles (``people_for_roles``). When the meeting is created too
    late for the plan, the tasks already past are compressed into the time left
    (``compress_for_lead_time``) instead of starting overdue; they count as moved by hand."""
    template = template or template_for(meeting)
    rows = list(template.tasks.prefetch_related("depends_on"))
    now = now or timezone.now()
    planned = [compute_due(meeting, anchor=row.anchor, offset=row.offset, unit=row.unit) for row in rows]
    dues = compress_for_lead_time(planned, now=now, starts=meeting.starts_at())
    people = people_for_roles(meeting, actor) if meeting.starts_at() > now else {}
    tasks = Task.objects.bulk_create(
        [
            Task(
                org=meeting.org,
                meeting=meeting,
                template_task=row,
                title=row.title,
                stage=row.stage,
                anchor=row.anchor,
                offset=row.offset,
                unit=row.unit,
                due_at=due,
                rescheduled=due != plan,
                assignee=people.get(row.role),
                duration_days=row.duration_days,
                role=row.role,
                deliverable=row.deliverable,
                checklist=[{"text": item, "done": False} for item in row.checklist],
            )
            for row, plan, due in zip(rows, planned, dues, strict=True)
        ]
    )
    by_template = {t.template_task_id: t for t in tasks}
    through = Task.depends_on.through
    through.objects.bulk_create(
        [
            through(from_task_id=by_template[row.pk].pk, to_task_id=by_template[dep.pk].pk)
            for row in rows
            for dep in row.depends_on.all()
            if dep.pk in by_template
        ]
    )
    Meeting.objects.filter(pk=meeting.pk).update(playbook=template)
    compressed = sum(1 for plan, due in zip(planned, dues, strict=True) if plan != due)
    log_action(
        "events.meeting.tasks_created",
        target=meeting,
        actor=actor,
        data={"tasks": len(tasks), "compressed": compressed},
    )
    return tasks


@transaction.atomic
def reschedule_meeting_tasks(*, meeting: Meeting, old: Meeting, actor=None) -> int:
    """After T (or the end, or the times) moved from ``old`` to ``meeting``: move every open task.

    Tasks still on their template offset are recomputed (so working days stay working days);
    tasks someone rescheduled by hand keep their distance and shift by T's calendar days.
    Done and skipped tasks keep their dates. Returns the number of tasks moved.
    """
    delta_days = (meeting.start_date - old.start_date).days
    moved = []
    for task in Task.objects.select_for_update().filter(meeting=meeting, status__in=OPEN_STATUSES):
        if task.rescheduled or task.offset is None:
            new_due = task.due_at + dt.timedelta(days=delta_days)
        else:
            new_due = compute_due(meeting, anchor=task.anchor, offset=task.offset, unit=task.unit)
        if new_due != task.due_at:
            task.due_at = new_due
            task.reminded_soon_at = task.reminded_overdue_at = None
            moved.append(task)
    Task.objects.bulk_update(moved, ["due_at", "reminded_soon_at", "reminded_overdue_at"])
    if old.start_date != meeting.start_date:
        log_action(
            "events.meeting.rescheduled",
            target=meeting,
            actor=actor,
            changes={"start_date": [old.start_date.isoformat(), meeting.start_date.isoformat()]},
            data={"tasks_moved": len(moved)},
        )
    return len(moved)


@transaction.atomic
def copy_playbook(*, template: PlaybookTemplate, meeting_type: str, name: str, actor) -> PlaybookTemplate:
    """A copy of ``template`` for one meeting type, to be edited for that type's needs."""
    copy = PlaybookTemplate(org=template.org, name=name, meeting_type=meeting_type)
    copy.full_clean()
    copy.save()
    rows = list(template.tasks.prefetch_related("depends_on"))
    new = {}
    for row in rows:
        new[row.pk] = TemplateTask.objects.create(
            template=copy,
            key=row.key,
            title=row.title,
            stage=row.stage,
            anchor=row.anchor,
            offset=row.offset,
            unit=row.unit,
            duration_days=row.duration_days,
            role=row.role,
            deliverable=row.deliverable,
            checklist=list(row.checklist),
            position=row.position,
        )
    for row in rows:
        new[row.pk].depends_on.set([new[d.pk] for d in row.depends_on.all()])
    log_action(
        "events.playbook.created",
        target=copy,
        actor=actor,
        org=template.org,
        data={"copied_from": template.name},
    )
    return copy


@dataclass(frozen=True, kw_only=True)
class TemplateTaskInput(RecordInput):
    """A task of a playbook template: when it falls (an offset from T or the last day, in days, working
    days or minutes), who does it, what it delivers, what it waits for."""

    title: str
    stage: int
    anchor: str = Anchor.START
    offset: int
    unit: str = OffsetUnit.DAYS
    duration_days: int = 1
    role: str = Role.PROJECT_MANAGER
    deliverable: str = ""
    checklist: list[str] = field(default_factory=list)
    depends_on: Sequence[TemplateTask] = ()  # tasks of the same template
    key: str = ""  # a new task's key (made from the title when empty); a task keeps its key


TEMPLATE_TASK_FIELDS = [
    f.name for f in dataclass_fields(TemplateTaskInput) if f.name not in ("depends_on", "key")
]


@transaction.atomic
def save_template_task(
    *, template: PlaybookTemplate, actor, task: TemplateTask | None = None, data: TemplateTaskInput
) -> TemplateTask:
    """Add or change a template task; its dependencies must stay within the template and acyclic."""
    depends_on = [d for d in data.depends_on if d.template_id == template.pk]
    fields = data.values(without=("depends_on", "key"))
    if task is None:
        key = data.key or _new_key(template)
        position = (template.tasks.aggregate(m=models.Max("position"))["m"] or 0) + 1
        task = TemplateTask(template=template, key=key, position=position, **fields)
        before = {}
    else:
        before = {f: getattr(task, f) for f in TEMPLATE_TASK_FIELDS}
        for name, value in fields.items():
            setattr(task, name, value)
    edges: dict[Any, set[Any]] = {
        t.pk: set(t.depends_on.values_list("pk", flat=True)) for t in template.tasks.all()
    }
    edges[task.pk or "new"] = {d.pk for d in depends_on}
    check_no_cycle(edges)
    task.full_clean(exclude=["template"])
    task.save()
    task.depends_on.set(depends_on)
    changes = {
        k: [str(before.get(k)), str(getattr(task, k))]
        for k in TEMPLATE_TASK_FIELDS
        if before.get(k) != getattr(task, k)
    }
    log_action(
        "events.playbook.changed",
        target=template,
        actor=actor,
        org=template.org,
        changes=changes,
        data={"task": task.title},
    )
    return task


@transaction.atomic
def delete_template_task(*, task: TemplateTask, actor) -> None:
    template = task.template
    log_action(
        "events.playbook.changed",
        target=template,
        actor=actor,
        org=template.org,
        data={"removed": task.title},
    )
    task.delete()


def _new_key(template: PlaybookTemplate) -> str:
    n = template.tasks.count() + 1
    while template.tasks.filter(key=f"task-{n}").exists():
        n += 1
    return f"task-{n}"
