from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("Under 25")
    FROM_25 = "25-34", _("25-34")
    FROM_35 = "35-44", _("35-44")
    FROM_45 = "45-54", _("45-54")
    OVER_55 = "55+", _("55 and over")


class ProfileSurvey(models.Model):
    """The public attendee-profile questionnaire of a meeting (one link per meeting)."""

    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=40, unique=True)
    is_open = models.BooleanField(_("accepting answers"), default=True)
    interests = models.JSONField(
        _("interest options"), default=list, blank=True, help_text=_("One topic per line.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"survey of {self.meeting}"


class ProfileResponse(models.Model):
    survey = models.ForeignKey(ProfileSurvey, on_delete=models.CASCADE, related_name="responses")
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices)
    industry = models.CharField(_("industry"), max_length=100)
    role = models.CharField(_("your role"), max_length=100, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    comment = models.TextField(_("anything else we should know?"), blank=True, max_length=2000)
    source = models.CharField(max_length=64, blank=True)  # hashed address, for rate limits only
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.age_band} {self.industry}"
