from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import LEVELS, Category, RiskStatus

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(TimeStampedModel):
    """A risk of one meeting: how likely, how bad, who owns it, what reduces it."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("hazard"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1-5)"), choices=LEVELS, validators=ONE_TO_FIVE, default=3
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1-5)"), choices=LEVELS, validators=ONE_TO_FIVE, default=3
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    mitigation = models.TextField(_("measure"), blank=True)
    review_date = models.DateField(_("deadline / review date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    suggested = models.BooleanField(default=False)

    class Meta:
        ordering = ["-likelihood", "-impact", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_levels_1_to_5",
            ),
        ]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Plan(TimeStampedModel):
    """A contingency plan (Plan B): when it starts, the steps with owners and time limits."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("plan"), max_length=200)
    trigger = models.CharField(_("trigger"), max_length=300)
    steps = models.JSONField(_("steps"), default=list, blank=True)  # [{"text", "owner", "minutes"}]
    resources = models.TextField(_("resources"), blank=True)
    notify = models.CharField(_("who must be told"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contingency plan")

    def __str__(self) -> str:
        return self.title


class Drill(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="drills")
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300)
    findings = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.held_on}"


class RiskRule(models.Model):
    """When a new meeting matches, suggest this risk. An organisation edits its own rule table."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="risk_rules")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("hazard"), max_length=200)
    mitigation = models.TextField(_("measure"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), choices=LEVELS, default=3)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), choices=LEVELS, default=3)
    meeting_types = models.JSONField(
        _("meeting types"), default=list, blank=True, help_text=_("Empty: every type.")
    )
    modes = models.JSONField(_("modes"), default=list, blank=True, help_text=_("Empty: every mode."))
    months = models.JSONField(_("months"), default=list, blank=True, help_text=_("Empty: all year."))
    cities = models.JSONField(_("cities"), default=list, blank=True, help_text=_("Empty: every city."))
    min_attendance = models.PositiveIntegerField(_("from attendance"), default=0)
    when_requirement_mentions = models.JSONField(
        _("when a requirement mentions"),
        default=list,
        blank=True,
        help_text=_("Words such as 外宾, 户外; empty: always."),
    )

    class Meta:
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.title

    def meeting_type_labels(self) -> list[str]:
        from huiwu.events.enums import MeetingType

        return [str(MeetingType(v).label) if v in MeetingType.values else v for v in self.meeting_types]

    def mode_labels(self) -> list[str]:
        from huiwu.events.enums import MeetingMode

        return [str(MeetingMode(v).label) if v in MeetingMode.values else v for v in self.modes]


class BackupConfirmation(models.Model):
    """The client confirmed the backup plan (due by T-3)."""

    meeting = models.OneToOneField(
        "events.Meeting", on_delete=models.CASCADE, related_name="backup_confirmation"
    )
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"backup plan of {self.meeting}"


class IssuedReport(models.Model):
    """A risk assessment report as it was issued to the client (due by T-15): the PDF kept as sent, with
    the catalogue version it was drawn against. The first one meets the watched deadline."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="issued_reports")
    number = models.PositiveIntegerField(_("issue"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    standards_version = models.PositiveIntegerField(_("service standards version"))
    risks = models.PositiveIntegerField(_("risks"))
    file = models.FileField(_("PDF"), upload_to="risk-reports/%Y/", max_length=200)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="issued_report_number_unique")
        ]
        verbose_name = _("issued risk report")
        verbose_name_plural = _("issued risk reports")

    def __str__(self) -> str:
        return f"risk report {self.number} of {self.meeting}"


class DeadlineAlert(models.Model):
    """One alert sent about a watched deadline (``deadlines.watch``): at most one per meeting, deadline,
    due date and state, however often the watch runs and however many processes run it."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    due_on = models.DateField()
    state = models.CharField(max_length=20)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key", "due_on", "state"], name="deadline_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.state} for {self.meeting_id}"
