"""Inspections of a meeting's venue, rooms, catering and equipment against the service standards: each
item a rule of the catalogue, checked on a phone with a measured value or a yes/no, photos as evidence,
who and when, and the result by the rule as it stood when checked (the catalogue version kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel
from huiwu.onsite.enums import PostRole

from .enums import Kind, Result


class Inspection(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(_("inspection"), max_length=20, choices=Kind.choices)
    room = models.ForeignKey(
        "venues.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    post = models.CharField(_("done by"), max_length=20, choices=PostRole.choices)
    due_at = models.DateTimeField(_("due"))

    class Meta:
        ordering = ["due_at", "kind", "place", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "place"], name="inspection_once_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.place}"


class Item(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("standard"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    measured = models.BooleanField(default=True)  # a value to measure, else a yes/no
    value = models.DecimalField(_("measured"), max_digits=14, decimal_places=4, null=True, blank=True)
    answer = models.BooleanField(_("yes/no"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.PENDING)
    # the rule as it stood when checked: its figures, unit and catalogue version
    unit = models.CharField(max_length=10, blank=True)
    low = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    rule_kind = models.CharField(max_length=10, blank=True)
    standards_version = models.PositiveIntegerField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # what a failure opened: a task before the day, an incident on it
    task = models.ForeignKey(
        "events.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident = models.ForeignKey(
        "onsite.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)  # bumped by each check: a stale form is refused

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "key"], name="inspection_item_once")]

    def __str__(self) -> str:
        return self.key


class Photo(models.Model):
    """Evidence for an item: an image, checked by content and size, stored under a name of ours."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(_("photo"), upload_to="inspections/%Y/%m/")
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return self.file.name
