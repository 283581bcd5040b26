"""Wrap-up after the meeting: each KPI's actual with where it came from and the explanation of its variance,
and the count of equipment and materials within 2 h of the end with the venue's restoration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel


class Source(models.TextChoices):
    ENTERED = "entered", _("entered by hand")
    CHECKIN = "checkin", _("check-ins")
    FEEDBACK = "feedback", _("survey and calls")
    ZONE = "zone", _("a zone's scans")


class Result(models.Model):
    """A KPI's actual in the review: the figure (in the KPI's unit), where it came from, why it differs."""

    kpi = models.OneToOneField("events.KPI", on_delete=models.CASCADE, related_name="result")
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)
    source = models.CharField(_("from"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    explanation = models.TextField(_("explanation"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(actual__gte=0), name="wrapup_actual_not_negative")]
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.actual}"


class ItemState(models.TextChoices):
    UNCOUNTED = "uncounted", _("not counted yet")
    REUSABLE = "reusable", _("reusable")
    DAMAGED = "damaged", _("damaged")
    LOST = "lost", _("lost")
    RETURNED = "returned", _("returned to the supplier")


class Count(TimeStampedModel):
    """The count of equipment and materials after the end (due ``wrap_up.inventory`` hours after it), and
    the venue restored as agreed, signed off with the venue's person."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField("events.Meeting", on_delete=models.CASCADE, related_name="count")
    due_at = models.DateTimeField(_("due"))
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_with = models.CharField(_("venue's person"), max_length=100, blank=True)
    restoration_note = models.TextField(_("restoration"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self) -> str:
        return f"{self.meeting_id}"


class CountItem(models.Model):
    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    source = models.CharField(max_length=40, blank=True)  # the checklist it came from
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ItemState.choices, default=ItemState.UNCOUNTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("counted item")
        verbose_name_plural = _("counted items")

    def __str__(self) -> str:
        return self.name
