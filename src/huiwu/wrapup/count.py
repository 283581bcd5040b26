"""The count after the end: the items of the meeting's materials and equipment checklists (and any added)
each counted with its state — reusable, damaged, lost, returned to the supplier —, due
``wrap_up.inventory`` hours after the end (overdue flagged), signed off once every item is counted; the
venue's restoration recorded with the venue's person."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.events.models import Meeting
from huiwu.onsite.enums import ChecklistKind
from huiwu.onsite.models import Checklist
from huiwu.orgs.models import Membership
from huiwu.standards.selectors import standards

from .errors import CountInvalid, Stale
from .models import Count, CountItem, ItemState
from .permits import planner

register_actions(
    {
        "wrapup.count.made": gettext_lazy("Count after the meeting started"),
        "wrapup.count.item": gettext_lazy("Item counted"),
        "wrapup.count.signed": gettext_lazy("Count signed off"),
        "wrapup.count.restored": gettext_lazy("Venue restoration recorded"),
    }
)

DEFAULT_HOURS = 2


def due_at(meeting: Meeting) -> dt.datetime:
    rule = standards(meeting.org, meeting=meeting).get("wrap_up.inventory")
    hours = rule.duration() if rule is not None and rule.enabled else dt.timedelta(hours=DEFAULT_HOURS)
    return meeting.ends_at() + hours


def overdue(count: Count, now: dt.datetime | None = None) -> bool:
    return count.signed_off_at is None and count.due_at < (now or timezone.now())


@transaction.atomic
def start(*, meeting: Meeting, membership: Membership | None) -> Count:
    """The count, with every item of the materials and equipment checklists (once)."""
    who = planner(membership, meeting)
    try:
        with transaction.atomic():
            count = Count.objects.create(org=meeting.org, meeting=meeting, due_at=due_at(meeting))
    except IntegrityError:
        return Count.objects.get(meeting=meeting)
    n = 0
    for checklist in Checklist.objects.filter(
        meeting=meeting, kind__in=(ChecklistKind.MATERIALS, ChecklistKind.EQUIPMENT)
    ).order_by("due_at", "id"):
        for item in checklist.items:
            text = str(item.get("text", "")).strip()[:200]
            if text:
                CountItem.objects.create(count=count, position=n, name=text, source=checklist.kind)
                n += 1
    log_action("wrapup.count.made", target=meeting, actor=who.user, org=meeting.org, data={"items": n})
    return count


def _text(value: str, limit: int, field: str) -> str:
    try:
        return clean_text(value, max_length=limit)
    except ValidationError as exc:
        raise CountInvalid(" ".join(exc.messages), details={"field": field}) from None


@transaction.atomic
def add_item(*, count: Count, membership: Membership | None, name: str, quantity: int = 1) -> CountItem:
    who = planner(membership, count.meeting)
    if count.signed_off_at is not None:
        raise CountInvalid(gettext("The count is signed off."))
    text = _text(name, 200, "name")
    if not text:
        raise CountInvalid(gettext("Name the item."), details={"field": "name"})
    if not 1 <= int(quantity) <= 1_000_000:
        raise CountInvalid(gettext("A quantity from 1 to 1,000,000."), details={"field": "quantity"})
    last = count.items.aggregate(m=Max("position"))["m"]
    made = CountItem.objects.create(count=count, position=(last or 0) + 1, name=text, quantity=int(quantity))
    log_action("wrapup.count.item", target=count.meeting, actor=who.user, org=count.org,
               data={"item": made.pk, "name": text, "added": True})  # fmt: skip
    return made


@transaction.atomic
def count_item(
    *, item: CountItem, membership: Membership | None, state: str, note: str = "", version: int
) -> CountItem:
    """An item's state as counted, against the version seen."""
    count = item.count
    who = planner(membership, count.meeting)
    if count.signed_off_at is not None:
        raise CountInvalid(gettext("The count is signed off."))
    if state not in ItemState.values or state == ItemState.UNCOUNTED:
        raise CountInvalid(gettext("Choose the item's state."), details={"field": "state"})
    words = _text(note, 300, "note")
    if state in (ItemState.DAMAGED, ItemState.LOST) and not words:
        raise CountInvalid(gettext("Say what happened to it."), details={"field": "note"})
    changed = CountItem.objects.filter(pk=item.pk, version=version).update(
        state=state, note=words, counted_by=who.user, counted_at=timezone.now(), version=F("version") + 1
    )
    if not changed:
        raise Stale()
    item.refresh_from_db()
    log_action("wrapup.count.item", target=count.meeting, actor=who.user, org=count.org,
               data={"item": item.pk, "name": item.name, "state": state})  # fmt: skip
    return item


@transaction.atomic
def sign_off(*, count: Count, membership: Membership | None) -> Count:
    who = planner(membership, count.meeting)
    locked = Count.objects.select_for_update().get(pk=count.pk)
    if locked.signed_off_at is not None:
        return locked
    left = locked.items.filter(state=ItemState.UNCOUNTED).count()
    if left:
        raise CountInvalid(gettext("%(n)s items are not counted yet.") % {"n": left})
    locked.signed_off_at, locked.signed_off_by = timezone.now(), who.user
    locked.version += 1
    locked.save(update_fields=["signed_off_at", "signed_off_by", "version", "updated_at"])
    log_action("wrapup.count.signed", target=locked.meeting, actor=who.user, org=locked.org,
               data={"late": locked.signed_off_at > locked.due_at})  # fmt: skip
    return locked


@transaction.atomic
def record_restoration(
    *, count: Count, membership: Membership | None, venue_person: str, note: str = ""
) -> Count:
    """The venue restored as agreed, confirmed with the venue's person."""
    who = planner(membership, count.meeting)
    person = _text(venue_person, 100, "venue_person")
    if not person:
        raise CountInvalid(
            gettext("Name the venue's person who confirmed it."), details={"field": "venue_person"}
        )
    try:
        words = clean_text(note, max_length=2000, multiline=True)
    except ValidationError as exc:
        raise CountInvalid(" ".join(exc.messages), details={"field": "note"}) from None
    Count.objects.filter(pk=count.pk).update(restored_at=timezone.now(), restored_with=person,
                                             restoration_note=words, version=F("version") + 1)  # fmt: skip
    count.refresh_from_db()
    log_action("wrapup.count.restored", target=count.meeting, actor=who.user, org=count.org,
               data={"with": person})  # fmt: skip
    return count
