"""Inspections: generated from the catalogue and the chosen venue, checked item by item on a phone.

``generate`` makes a meeting's inspections (idempotent: a rule newly in force adds its item, checked items
stay). ``record`` checks one item: a measured value in the rule's unit or a yes/no, photos as evidence,
the note; the result is the rule's as it stands for the meeting at that moment (override included, the
catalogue version kept). A failure opens a task for the responsible post, due within
``inspection.fix_within``, or, on a day of the meeting, a general incident; a later pass closes the task
(an incident is told, and resolved by its own flow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.accounts.models import User
from huiwu.core import realtime, uploads
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.events.enums import OPEN_STATUSES, TaskStatus
from huiwu.events.models import Meeting, Task
from huiwu.events.services.tasks import TaskInput, create_task, update_task
from huiwu.onsite import services as onsite
from huiwu.onsite.enums import Category, IncidentStatus
from huiwu.onsite.models import Incident, Post
from huiwu.standards.enums import Kind as RuleKind
from huiwu.standards.selectors import Standard, label, standard, standards
from huiwu.standards.services import parse_figure
from huiwu.venues.models import Evaluation, Hold, Room

from .enums import Kind, Result
from .errors import AnswerRequired, Stale, TooManyPhotos, UnitMismatch, ValueRequired
from .models import Inspection, Item, Photo
from .sections import SECTIONS

register_actions(
    {
        "inspections.generated": _("generated the inspections"),
        "inspections.item.checked": _("checked an inspection item"),
    }
)

MAX_PHOTOS = 6
YES_NO = (RuleKind.FLAG, RuleKind.DEADLINE)  # asked as "done?", not measured
CATEGORY = {
    Kind.VENUE_SAFETY: Category.SAFETY,
    Kind.ENVIRONMENT: Category.VENUE,
    Kind.CATERING: Category.CATERING,
    Kind.TECHNICAL: Category.EQUIPMENT,
    Kind.NETWORK: Category.VENUE,
    Kind.SAFETY: Category.SAFETY,
    Kind.TIMING: Category.SPEAKER,
}


def _changed(meeting: Meeting) -> None:
    realtime.publish(
        f"org:{meeting.org_id}",
        {"type": "inspections.changed", "meeting": meeting.pk},
        coalesce=f"inspections:{meeting.pk}",
    )


def venue_rooms(meeting: Meeting) -> tuple[str, list[Room]]:
    """The chosen venue's name ("" when none is chosen) and the rooms of it the meeting uses: the chosen
    room and those held or booked for the meeting."""
    chosen = Evaluation.objects.filter(meeting=meeting, chosen=True).select_related("room__venue").first()
    if chosen is None:
        return "", []
    venue = chosen.room.venue
    held = Room.objects.filter(venue=venue, holds__in=Hold.objects.filter(meeting=meeting)).distinct()
    rooms = {chosen.room.pk: chosen.room, **{r.pk: r for r in held}}
    return venue.name, sorted(rooms.values(), key=lambda r: (r.pk != chosen.room.pk, r.name))


@transaction.atomic
def generate(*, meeting: Meeting, actor: User | None) -> list[Inspection]:
    """The meeting's inspections from its standards in force and its chosen venue's rooms."""
    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    rules = standards(meeting.org, meeting=meeting)
    venue, rooms = venue_rooms(meeting)
    ready_at = meeting.starts_at() - rules["timing.tech_ready"].duration()
    made: list[Inspection] = []
    for section in SECTIONS:
        keys = [k for k in section.keys if rules[k].enabled]
        if not keys:
            continue
        whole = venue or gettext("the venue")
        places: list[tuple[Room | None, str]] = [(None, whole)]
        if section.per_room and rooms:
            places = [(room, f"{venue} · {room.name}") for room in rooms]
        due = meeting.starts_at() if section.kind == Kind.TIMING else ready_at
        for room, place in places:
            inspection, _created = Inspection.objects.update_or_create(
                meeting=meeting,
                kind=section.kind,
                place=place[:200],
                defaults={"org": meeting.org, "room": room, "post": section.post, "due_at": due},
            )
            have = set(inspection.items.values_list("key", flat=True))
            Item.objects.bulk_create(
                Item(inspection=inspection, key=key, position=n, measured=rules[key].kind not in YES_NO)
                for n, key in enumerate(keys)
                if key not in have
            )
            made.append(inspection)
    log_action("inspections.generated", target=meeting, actor=actor, data={"inspections": len(made)})
    _changed(meeting)
    return made


def _responsible(inspection: Inspection) -> User | None:
    """The member holding the inspection's post on the meeting's team, else the meeting's owner."""
    post = (
        Post.objects.filter(meeting=inspection.meeting, role=inspection.post, member__isnull=False)
        .select_related("member")
        .order_by("id")
        .first()
    )
    return post.member if post else inspection.meeting.owner


def _reading(item: Item) -> str:
    if not item.measured:
        return gettext("yes") if item.answer else gettext("no")
    value = format(Decimal(item.value or 0).normalize(), "f")
    return f"{value} {item.unit}".strip()


def _follow_up(item: Item, rule: Standard, actor: User | None, now: dt.datetime) -> None:
    """A failure's follow-up, unless one is still open: an incident on a day of the meeting, else a task."""
    inspection, meeting = item.inspection, item.inspection.meeting
    if _open_task(item) is not None or _open_incident(item) is not None:
        return
    what = {
        "what": label(item.key), "place": inspection.place, "reading": _reading(item),
        "standard": rule.describe(),
    }  # fmt: skip
    title = gettext("Inspection failed: %(what)s at %(place)s (%(reading)s; standard %(standard)s)") % what
    today = now.astimezone(meeting.tz).date()
    if meeting.start_date <= today <= meeting.end_date:
        item.incident = onsite.report(
            meeting=meeting,
            actor=actor,
            tier="general",
            title=title[:200],
            category=CATEGORY[Kind(inspection.kind)],
            location=inspection.place,
            now=now,
        )
    else:
        fix = standard(meeting.org, "inspection.fix_within", meeting=meeting).duration()
        due = min(today + dt.timedelta(days=max(1, fix.days)), meeting.start_date - dt.timedelta(days=1))
        item.task = create_task(
            meeting=meeting,
            actor=actor,
            title=title[:200],
            due=max(due, today),
            assignee=_responsible(inspection),
        )
    item.save(update_fields=["task", "incident"])


def _passed_again(item: Item, actor: User | None, now: dt.datetime) -> None:
    """A pass after a failure: its task is done; its incident hears of it."""
    task = _open_task(item)
    if task is not None:
        update_task(task=task, actor=actor, data=TaskInput.of(task).but(status=TaskStatus.DONE))
    incident = _open_incident(item)
    if incident is not None:
        text = gettext("Inspected again: %(reading)s, within the standard.") % {"reading": _reading(item)}
        onsite.add_update(incident=incident, actor=actor, text=text, now=now)


def _open_task(item: Item) -> Task | None:
    task = item.task
    return task if task is not None and task.status in OPEN_STATUSES else None


def _open_incident(item: Item) -> Incident | None:
    incident = item.incident
    done = (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)
    return incident if incident is not None and incident.status not in done else None


@transaction.atomic
def record(
    *,
    item: Item,
    actor: User | None,
    version: int,
    value: Any = None,
    answer: bool | None = None,
    unit: str = "",
    note: str = "",
    photos: Sequence[Any] = (),
    now: dt.datetime | None = None,
) -> Item:
    """Check one item (``version``: the item's version the inspector saw; an older one is ``Stale``)."""
    now = now or timezone.now()
    if len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(details={"field": "photos"})
    for photo in photos:
        uploads.accept_image(photo)  # type: ignore[no-untyped-call]  # by content and size, our name
    note = clean_fields(Item, {"note": note or ""})["note"]
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("inspection__meeting__org", "inspection__meeting__owner", "task", "incident")
        .get(pk=item.pk)
    )
    if item.version != version:
        raise Stale()
    if item.photos.count() + len(photos) > MAX_PHOTOS:
        raise TooManyPhotos(details={"field": "photos"})
    meeting = item.inspection.meeting
    rule = standard(meeting.org, item.key, meeting=meeting)
    failed_before = item.result == Result.FAIL
    if item.measured:
        number = parse_figure(value, field="value")
        if number is None:
            raise ValueRequired(details={"field": "value"})
        if unit and unit != rule.unit:
            raise UnitMismatch(details={"field": "unit", "unit": rule.unit})
        item.value, item.answer = number, None
        passed = rule.holds(number)
    else:
        if answer is None:
            raise AnswerRequired(details={"field": "answer"})
        item.value, item.answer = None, bool(answer)
        passed = bool(answer) or not rule.enabled
    item.result = Result.PASS if passed else Result.FAIL
    item.unit, item.low, item.high, item.rule_kind = rule.unit, rule.low, rule.high, rule.kind
    item.standards_version = rule.version
    item.checked_by, item.checked_at, item.note = actor, now, note
    item.version += 1
    item.save()
    for photo in photos:
        Photo.objects.create(item=item, file=photo, taken_by=actor, taken_at=now)
    if not passed:
        _follow_up(item, rule, actor, now)
    elif failed_before:
        _passed_again(item, actor, now)
    log_action(
        "inspections.item.checked",
        target=meeting,
        actor=actor,
        data={
            "key": item.key,
            "place": item.inspection.place,
            "result": item.result,
            "reading": _reading(item),
        },
    )
    _changed(meeting)
    return item
