"""The organisation's catalogue of service standards: one row a rule, every change kept with the
catalogue version it made, and a meeting's overrides for its client."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import Anchor, Area, Kind, Unit


class Catalogue(models.Model):
    """An organisation's catalogue; ``version`` grows by one with every change of a rule or override
    (a report names the version it used, and ``selectors.values_at`` gives back any version)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="standards")
    version = models.PositiveIntegerField(default=1)
    stamp = models.CharField(max_length=32)  # new and random with every change: processes' copies compare it

    def __str__(self) -> str:
        return f"{self.org} v{self.version}"


class Rule(models.Model):
    """One figure of the standards, as the organisation holds it now."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="standard_rules")
    key = models.CharField(_("key"), max_length=80)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices, blank=True)
    low = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    enabled = models.BooleanField(_("in force"), default=True)
    variant = models.CharField(_("variant"), max_length=10, blank=True)
    version = models.PositiveIntegerField(default=1)  # the rule's own: an edit of an older one is refused
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["area", "key"]
        constraints = [
            models.UniqueConstraint(fields=["org", "key"], name="standard_rule_key_once"),
            models.CheckConstraint(
                condition=models.Q(low__isnull=True)
                | models.Q(high__isnull=True)
                | models.Q(low__lte=models.F("high")),
                name="standard_rule_low_not_above_high",
            ),
        ]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.key


class RuleChange(TimeStampedModel):
    """A rule's values before and after one change, with the reason: the catalogue's history."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="changes")
    meeting = models.ForeignKey(
        "events.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # set for a change of that meeting's override
    catalogue_version = models.PositiveIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)  # None: the override was removed
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-catalogue_version", "-id"]
        indexes = [models.Index(fields=["rule", "catalogue_version"])]


class Override(TimeStampedModel):
    """A meeting's own figure for a rule, for its client ("this client wants the hall at 23 °C")."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="standard_overrides")
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="overrides")
    low = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    enabled = models.BooleanField(_("in force"), default=True)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["rule__area", "rule__key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "rule"], name="standard_override_once"),
            models.CheckConstraint(
                condition=models.Q(low__isnull=True)
                | models.Q(high__isnull=True)
                | models.Q(low__lte=models.F("high")),
                name="standard_override_low_not_above_high",
            ),
        ]
        verbose_name = _("override")
        verbose_name_plural = _("overrides")

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.rule_id}"


class Identity(models.Model):
    """The organisation's visual identity as its pages, badges and signage use it: checked against the
    standards (text on its background ≥ ``visual.contrast``, signage text ≥ ``visual.signage_font``)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="identity")
    primary = models.CharField(_("brand colour"), max_length=7, default="#1d4ed8")
    on_primary = models.CharField(_("text on the brand colour"), max_length=7, default="#ffffff")
    text = models.CharField(_("text colour"), max_length=7, default="#111827")
    background = models.CharField(_("background colour"), max_length=7, default="#ffffff")
    signage_font = models.PositiveSmallIntegerField(_("signage text size (pt)"), default=36)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"identity of {self.org}"
