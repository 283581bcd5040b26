from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import MeetingMode, MeetingType, Stage


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
    city = models.CharField(_("city"), max_length=100, blank=True)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), default=0)
    owner = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("project manager"),
    )

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="meeting_ends_after_start"
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.name
