"""Reads of a meeting's inspections."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from huiwu.events.models import Meeting
from huiwu.orgs.models import Organization
from huiwu.standards.selectors import describe, label

from .enums import Result
from .models import Inspection, Item, Photo


def inspection_in(org: Organization, pk: int) -> Inspection:
    """An inspection of one of ``org``'s meetings (another organisation's is not found)."""
    row = Inspection.objects.select_related("meeting").filter(pk=pk, meeting__org=org).first()
    if row is None:
        raise Http404
    return row


def item_in(org: Organization, pk: int) -> Item:
    found = Item.objects.select_related("inspection__meeting")
    row = found.filter(pk=pk, inspection__meeting__org=org).first()
    if row is None:
        raise Http404
    return row


def photo_in(org: Organization, pk: int) -> Photo:
    row = Photo.objects.filter(pk=pk, item__inspection__meeting__org=org).first()
    if row is None:
        raise Http404
    return row


def of_meeting(meeting: Meeting) -> QuerySet[Inspection]:
    """The meeting's inspections with their items (each with its photos, who checked it and what its
    failure opened)."""
    items = Item.objects.select_related("checked_by", "task", "incident").prefetch_related("photos")
    return meeting.inspections.prefetch_related(Prefetch("items", queryset=items))


@dataclass(frozen=True)
class Progress:
    items: int
    checked: int
    failed: int

    @property
    def done(self) -> bool:
        return self.items > 0 and self.checked == self.items


def progress(inspection: Inspection) -> Progress:
    items = list(inspection.items.all())
    return Progress(
        items=len(items),
        checked=sum(1 for i in items if i.result != Result.PENDING),
        failed=sum(1 for i in items if i.result == Result.FAIL),
    )


def open_failures(meeting: Meeting) -> list[Item]:
    """Items whose last check failed, the earliest first (the command centre's alerts)."""
    return list(
        Item.objects.filter(inspection__meeting=meeting, result=Result.FAIL)
        .select_related("inspection", "task", "incident")
        .order_by("checked_at", "id")
    )


def wording(item: Item) -> dict[str, str]:
    """What an item checks and, once checked, the standard it was checked against, as people read it."""
    rule = describe(item.rule_kind, item.unit, item.low, item.high) if item.rule_kind else ""
    return {"label": label(item.key), "rule": rule}
