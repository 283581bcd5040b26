import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from ..enums import Dimension, KPIKind, MeetingMode, MeetingType, Priority, Stage


class Meeting(TimeStampedModel):
    """One meeting an agency runs for a client, planned against its first day T."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="meetings")
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("client"),
    )
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    meeting_type = models.CharField(
        _("type"), max_length=30, choices=MeetingType.choices, default=MeetingType.SUMMIT
    )
    mode = models.CharField(_("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.ONSITE)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=Stage.INTAKE)
    start_date = models.DateField(_("day T (first day)"))
    end_date = models.DateField(_("last day"))
    version = models.PositiveIntegerField(default=1)  # bumped by every change: a stale edit is refused
    start_time = models.TimeField(_("start time"), default=dt.time(9, 0))
    end_time = models.TimeField(_("end time"), default=dt.time(18, 0))
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    city = models.CharField(_("city"), max_length=100, blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), default=0)
    budget_min = models.DecimalField(
        _("budget from (¥)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget to (¥)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    owner = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project manager"),
    )
    playbook = models.ForeignKey(
        "events.PlaybookTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_approved_at = models.DateTimeField(_("report approved"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)  # then read-only (``archived``)
    report_approved_by = models.ForeignKey(
        "clients.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="meeting_ends_after_start",
                violation_error_message=_("The last day cannot be before day T."),
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="meeting_budget_range_ordered",
                violation_error_message=_("The upper budget cannot be below the lower one."),
            ),
        ]
        indexes = [models.Index(fields=["org", "stage", "start_date"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.name

    # A meeting lasts at most this long, and day T lies within these years of today.
    MAX_DAYS = 31
    YEARS_BACK, YEARS_AHEAD = 10, 5

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before day T.")
        elif self.start_date and self.end_date:
            today = timezone.localdate()
            if not (
                today.replace(year=today.year - self.YEARS_BACK, day=1)
                <= self.start_date
                <= today.replace(year=today.year + self.YEARS_AHEAD, day=1)
            ):
                errors["start_date"] = _("Day T must lie within 10 years before and 5 years after today.")
            elif (self.end_date - self.start_date).days >= self.MAX_DAYS:
                errors["end_date"] = _("A meeting lasts at most 31 days.")
            same_day = self.start_date == self.end_date
            times = self.start_time is not None and self.end_time is not None
            if same_day and times and self.end_time <= self.start_time:
                errors["end_time"] = _("A one-day meeting ends after it starts.")
        if self.budget_min is not None and self.budget_max is not None and self.budget_max < self.budget_min:
            errors["budget_max"] = _("The upper budget cannot be below the lower one.")
        if self.timezone:
            try:
                zoneinfo.ZoneInfo(self.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                errors["timezone"] = _("Unknown time zone.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start_date, self.start_time, tzinfo=self.tz)

    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end_date, self.end_time, tzinfo=self.tz)


class KPI(models.Model):
    """A measurable target of the meeting: what, how much, in what unit, measured how."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="kpis")
    kind = models.CharField(_("KPI"), max_length=20, choices=KPIKind.choices, default=KPIKind.ATTENDANCE)
    name = models.CharField(_("name"), max_length=100, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    measured_by = models.CharField(_("how it is measured"), max_length=200, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=""), name="kpi_has_unit"),
            models.CheckConstraint(condition=Q(target__gte=0), name="kpi_target_not_negative"),
        ]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return f"{self.name or self.get_kind_display()}: {self.target} {self.unit}"

    @property
    def label(self) -> str:
        return self.name or str(self.get_kind_display())


class RequirementItem(TimeStampedModel):
    """One line of the requirement checklist: goal, scenario or special need; must or flexible."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="requirements")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    title = models.CharField(_("requirement"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices, default=Priority.MUST)
    requested_by = models.ForeignKey(
        "clients.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("asked for by"),
    )

    class Meta:
        ordering = ["dimension", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return self.title


class StageTransition(models.Model):
    """A move of the meeting from one stage to another, with what was missing and why it went ahead."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    to_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    missing = models.JSONField(default=list, blank=True)
    overridden = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.from_stage} → {self.to_stage}"
