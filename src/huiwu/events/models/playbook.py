from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel
from huiwu.orgs.enums import Role

from ..enums import Anchor, MeetingType, OffsetUnit, Stage, TaskStatus


class PlaybookTemplate(TimeStampedModel):
    """An organisation's plan of tasks against day T, for every meeting or for one type."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="playbooks")
    name = models.CharField(_("name"), max_length=200)
    meeting_type = models.CharField(
        _("for meeting type"),
        max_length=30,
        choices=MeetingType.choices,
        blank=True,
        help_text=_("Empty: the default for every type without a template of its own."),
    )

    class Meta:
        ordering = ["meeting_type", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "meeting_type"],
                name="one_playbook_per_type",
                violation_error_message=_("This organisation already has a template for this meeting type."),
            )
        ]
        verbose_name = _("playbook template")
        verbose_name_plural = _("playbook templates")

    def __str__(self) -> str:
        return self.name


class TemplateTask(models.Model):
    """A task of a template: when it is due relative to T (or the end), who does it, what it yields."""

    template = models.ForeignKey(PlaybookTemplate, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    anchor = models.CharField(_("counted"), max_length=10, choices=Anchor.choices, default=Anchor.START)
    offset = models.IntegerField(_("offset"), help_text=_("Negative: before. For example -15 means T-15."))
    unit = models.CharField(_("unit"), max_length=10, choices=OffsetUnit.choices, default=OffsetUnit.DAYS)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), default=1)
    role = models.CharField(
        _("responsible role"), max_length=30, choices=Role.choices, default=Role.PROJECT_MANAGER
    )
    deliverable = models.CharField(_("deliverable"), max_length=200, blank=True)
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("depends on")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="template_task_key_unique")]
        verbose_name = _("template task")
        verbose_name_plural = _("template tasks")

    def __str__(self) -> str:
        return self.title

    # A plan reaches at most 400 days either side of its anchor (T-60 is the usual start).
    MAX_OFFSET_DAYS = 400

    def clean(self) -> None:
        limit = self.MAX_OFFSET_DAYS * (24 * 60 if self.unit == OffsetUnit.MINUTES else 1)
        if self.offset is not None and abs(self.offset) > limit:
            raise ValidationError(
                {
                    "offset": _("At most %(days)s days before or after: give a number from -%(n)s to %(n)s.")
                    % {"days": self.MAX_OFFSET_DAYS, "n": limit}
                }
            )


class Task(TimeStampedModel):
    """A piece of work on a meeting, due at a moment computed from T (and moved with it)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="tasks")
    meeting = models.ForeignKey(
        "events.Meeting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("meeting"),
    )
    template_task = models.ForeignKey(
        TemplateTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=Stage.INTAKE)
    anchor = models.CharField(_("counted"), max_length=10, choices=Anchor.choices, default=Anchor.START)
    offset = models.IntegerField(_("offset"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=OffsetUnit.choices, default=OffsetUnit.DAYS)
    due_at = models.DateTimeField(_("due"), db_index=True)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), default=1)
    # True once someone moved the due date by hand: moving T then shifts it by the same days
    # instead of recomputing it from the template offset.
    rescheduled = models.BooleanField(default=False)
    role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    deliverable = models.CharField(_("deliverable"), max_length=200, blank=True)
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("depends on")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    reminded_soon_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["org", "status", "due_at"]),
            models.Index(fields=["meeting", "stage"]),
            models.Index(fields=["assignee", "status", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False) | ~Q(status="done"),
                name="done_task_has_completion_time",
            )
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (TaskStatus.TODO, TaskStatus.DOING)


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


def attachment_path(instance, filename: str) -> str:
    return f"tasks/{instance.task.org_id}/{instance.task_id}/{filename}"


class TaskAttachment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
