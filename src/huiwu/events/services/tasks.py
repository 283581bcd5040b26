"""Work on tasks: assign, progress, reschedule, comment, attach, and remind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core import realtime, uploads
from huiwu.core.audit import diff, log_action, register_actions, snapshot
from huiwu.core.inputs import RecordInput
from huiwu.core.records import refuse_nulls
from huiwu.core.text import clean_fields
from huiwu.notifications.services import in_language, notify
from huiwu.orgs.selectors import require_member

from ..enums import OPEN_STATUSES, Stage, TaskStatus
from ..errors import EmptyComment, NoSuchItem, WaitingForDependencies
from ..models import Task, TaskAttachment, TaskComment

register_actions(
    {
        "events.task.created": _("created the task"),
        "events.task.changed": _("changed the task"),
        "events.task.rescheduled": _("rescheduled the task"),
        "events.task.commented": _("commented"),
        "events.task.attached": _("attached a file"),
    }
)


@dataclass(frozen=True, kw_only=True)
class TaskInput(RecordInput):
    """What the task page and the API change on a task (its due date moves by ``reschedule_task``)."""

    title: str
    status: str = TaskStatus.TODO
    assignee: Any = None  # a member of the organisation
    deliverable: str = ""
    stage: int = Stage.INTAKE
    role: str = ""


@transaction.atomic
def update_task(*, task: Task, actor, data: TaskInput) -> Task:
    """Change a task. Finishing it needs its dependencies finished (or marked not needed)."""
    fields = data.values()
    refuse_nulls(Task, fields)
    fields = clean_fields(Task, fields)
    require_member(task.org, data.assignee, field="assignee")
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = snapshot(task, list(fields))
    if fields.get("status") == TaskStatus.DONE and task.status != TaskStatus.DONE:
        waiting = list(task.depends_on.filter(status__in=OPEN_STATUSES).values_list("title", flat=True))
        if waiting:
            raise WaitingForDependencies(details={"waiting_for": waiting})
    for name, value in fields.items():
        setattr(task, name, value)
    if task.status == TaskStatus.DONE and task.completed_at is None:
        task.completed_at = timezone.now()
    elif task.status != TaskStatus.DONE:
        task.completed_at = None
    task.full_clean(exclude=["org", "meeting", "template_task", "assignee"])
    task.save()
    changes = diff(before, snapshot(task, list(fields)))
    if changes:
        log_action("events.task.changed", target=task, actor=actor, changes=changes)
        _changed(task)
    new_assignee = fields.get("assignee")
    if "assignee" in changes and new_assignee is not None and new_assignee != actor:
        _tell(new_assignee, task, lambda: gettext("You have a new task: %(title)s") % {"title": task.title})
    return task


def due_date_of(task: Task) -> dt.date:
    """The day a task is due where the meeting happens (a task due 07:00 Beijing time is due that
    day, not the UTC day before)."""
    tz = task.meeting.tz if task.meeting else timezone.get_current_timezone()
    return timezone.localtime(task.due_at, tz).date()


@transaction.atomic
def reschedule_task(*, task: Task, actor, due: dt.date | dt.datetime) -> Task:
    """Move a task by hand (a drag in the Gantt chart). Moving T later shifts it, not resets it."""
    clean_fields(Task, {"due_at": due})
    task = Task.objects.select_for_update().get(pk=task.pk)
    old = task.due_at
    if isinstance(due, dt.datetime):
        new = due
    else:
        tz = task.meeting.tz if task.meeting else timezone.get_current_timezone()
        new = dt.datetime.combine(due, timezone.localtime(old, tz).time(), tzinfo=tz)
    if new == old:
        return task
    task.due_at, task.rescheduled = new, True
    task.reminded_soon_at = task.reminded_overdue_at = None
    task.save(
        update_fields=["due_at", "rescheduled", "reminded_soon_at", "reminded_overdue_at", "updated_at"]
    )
    log_action(
        "events.task.rescheduled",
        target=task,
        actor=actor,
        changes={"due_at": [old.isoformat(), new.isoformat()]},
    )
    _changed(task)
    return task


@transaction.atomic
def set_checklist_item(*, task: Task, actor, index: int, done: bool) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not 0 <= index < len(task.checklist):
        raise NoSuchItem()
    task.checklist[index]["done"] = bool(done)
    task.save(update_fields=["checklist", "updated_at"])
    log_action(
        "events.task.changed",
        target=task,
        actor=actor,
        changes={f"checklist[{index}]": [not done, bool(done)]},
    )
    return task


@transaction.atomic
def add_comment(*, task: Task, actor, body: str) -> TaskComment:
    body = body.strip()
    if not body:
        raise EmptyComment()
    comment = TaskComment.objects.create(task=task, author=actor, body=body)
    log_action("events.task.commented", target=task, actor=actor, data={"comment": body[:200]})
    if task.assignee and task.assignee != actor:
        _tell(
            task.assignee,
            task,
            lambda: gettext("%(name)s commented on %(title)s") % {"name": actor, "title": task.title},
        )
    return comment


@transaction.atomic
def add_attachment(*, task: Task, actor, upload) -> TaskAttachment:
    name = uploads.accept_document(upload)  # size checked; stored under a name of ours
    attachment = TaskAttachment.objects.create(
        task=task, file=upload, name=name, size=upload.size, uploaded_by=actor
    )
    log_action("events.task.attached", target=task, actor=actor, data={"file": name})
    return attachment


def _changed(task: Task) -> None:
    """Open pages of the meeting's tasks redraw their lists (the meeting workspace), once it commits."""
    realtime.publish(
        f"org:{task.org_id}",
        {"type": "tasks.changed", "meeting": task.meeting_id},
        coalesce=f"tasks:{task.meeting_id}",
    )


def task_url(task: Task) -> str:
    return reverse("tasks:detail", kwargs={"org": task.org.slug, "task": task.pk})


def _tell(user, task: Task, title) -> None:
    notify(user=user, org=task.org, title=in_language(user, title), url=task_url(task), email=True)


SOON = dt.timedelta(hours=48)


def send_task_reminders(*, at: dt.datetime | None = None) -> dict[str, int]:
    """Notify assignees of tasks due within 48 hours and of overdue tasks, once each.

    Runs from the scheduled job; safe to run often (each reminder is marked as sent).
    """
    at = at or timezone.now()
    sent = {"soon": 0, "overdue": 0}
    base = Task.objects.filter(status__in=OPEN_STATUSES, assignee__isnull=False).select_related(
        "org", "assignee"
    )
    for task in base.filter(due_at__gt=at, due_at__lte=at + SOON, reminded_soon_at__isnull=True):
        with transaction.atomic():
            if Task.objects.filter(pk=task.pk, reminded_soon_at__isnull=True).update(reminded_soon_at=at):
                _tell(
                    task.assignee,
                    task,
                    lambda t=task: (
                        gettext("Due soon: %(title)s (%(due)s)")
                        % {"title": t.title, "due": timezone.localtime(t.due_at).strftime("%Y-%m-%d %H:%M")}
                    ),
                )
                sent["soon"] += 1
    for task in base.filter(due_at__lte=at, reminded_overdue_at__isnull=True):
        with transaction.atomic():
            if Task.objects.filter(pk=task.pk, reminded_overdue_at__isnull=True).update(
                reminded_overdue_at=at
            ):
                _tell(task.assignee, task, lambda t=task: gettext("Overdue: %(title)s") % {"title": t.title})
                sent["overdue"] += 1
    return sent


@transaction.atomic
def create_task(*, meeting, actor, title: str, due: dt.date, assignee=None, stage: int | None = None) -> Task:
    """A task added by hand (or from a conversation's follow-up), due at the end of ``due``."""
    from .playbook import END_OF_DAY

    fields = clean_fields(Task, {"title": title, "due_at": due})
    task = Task.objects.create(
        org=meeting.org,
        meeting=meeting,
        title=fields["title"],
        stage=stage or meeting.stage,
        due_at=dt.datetime.combine(due, END_OF_DAY, tzinfo=meeting.tz),
        rescheduled=True,  # no template offset: moving T shifts it by the same days
        assignee=assignee,
    )
    log_action("events.task.created", target=task, actor=actor, data={"title": title})
    _changed(task)
    if assignee is not None and assignee != actor:
        _tell(assignee, task, lambda: gettext("You have a new task: %(title)s") % {"title": task.title})
    return task
