"""Preparation checklists (DOMAIN.md stage 4): materials with spares by T-3, equipment tested and tech ready
2 h before the start, each speaker's rehearsal 30 min before the segment, the morning briefing 1 h before,
catering batches with food samples kept. Items are ticked with who and when; a checklist is signed off once
every item is done; a due checklist not signed is overdue."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huiwu.core.text import clean_text
from huiwu.standards.selectors import standards

from .enums import ChecklistKind
from .errors import ChecklistIncomplete, ChecklistItem, ChecklistSigned, Stale
from .models import Checklist

ITEMS = {
    ChecklistKind.MATERIALS: [
        gettext_lazy("Badges, lanyards and name cards counted (with 10% spares)"),
        gettext_lazy("Printed agendas, signage and backdrops checked against the proofs"),
        gettext_lazy("Gifts and delegate kits packed and counted"),
    ],
    ChecklistKind.EQUIPMENT: [
        gettext_lazy("Microphones (wired and wireless) tested, spare batteries ready"),
        gettext_lazy("Projectors / LED wall and every presentation tested"),
        gettext_lazy("Sound, lights, interpretation headsets and the stream tested"),
        gettext_lazy("Network and backup power checked"),
    ],
    ChecklistKind.REHEARSAL: [
        gettext_lazy("Speaker arrived"),
        gettext_lazy("Slides loaded and clicker tested"),
        gettext_lazy("Microphone fitted and level checked"),
        gettext_lazy("Walk-on, position and timing agreed"),
    ],
    ChecklistKind.BRIEFING: [
        gettext_lazy("Flow of the day gone through"),
        gettext_lazy("Rehearsed incidents: main microphone fails, speaker late"),
        gettext_lazy("Roll call: every post present, radios checked"),
    ],
    ChecklistKind.CATERING: [
        gettext_lazy("Batch delivered at the agreed temperature"),
        gettext_lazy("Food sample of each dish kept (48 h, labelled)"),
        gettext_lazy("Dietary needs served separately and labelled"),
    ],
}


def _items(kind) -> list[dict]:
    return [
        {"text": str(t), "done_by": None, "done_by_name": "", "done_at": None, "note": ""}
        for t in ITEMS[kind]
    ]


@transaction.atomic
def create_defaults(*, meeting) -> int:
    """The meeting's checklists from its dates and its placed sessions (idempotent)."""
    from huiwu.agenda.models import Session

    tz = zoneinfo.ZoneInfo(meeting.timezone)
    sessions = list(
        Session.objects.filter(meeting=meeting, slot__isnull=False)
        .select_related("slot")
        .prefetch_related("speakers")
    )
    starts = sorted(dt.datetime.combine(s.slot.date, s.slot.start, tzinfo=tz) for s in sessions)
    first = starts[0] if starts else dt.datetime.combine(meeting.start_date, dt.time(9), tzinfo=tz)
    rules = standards(meeting.org, meeting=meeting)
    materials_day = meeting.start_date - rules["materials.verified"].duration()
    tech_ready, briefing = (first - rules[key].duration() for key in ("timing.tech_ready", "onsite.briefing"))
    wanted = [
        ("materials", ChecklistKind.MATERIALS, _("Materials and spares"),
         dt.datetime.combine(materials_day, dt.time(18), tzinfo=tz)),
        ("equipment", ChecklistKind.EQUIPMENT, _("Equipment and tech ready"), tech_ready),
        ("briefing", ChecklistKind.BRIEFING, _("Morning briefing"), briefing),
        ("catering:lunch", ChecklistKind.CATERING, _("Lunch batch"),
         dt.datetime.combine(meeting.start_date, dt.time(11, 30), tzinfo=tz)),
    ]  # fmt: skip
    for s in sessions:
        if s.speakers.exists():
            start = dt.datetime.combine(s.slot.date, s.slot.start, tzinfo=tz)
            title = _("Rehearsal: %(session)s") % {"session": s.title}
            due = start - rules["timing.speaker_rehearsal"].duration()
            wanted.append((f"rehearsal:{s.pk}", ChecklistKind.REHEARSAL, title[:200], due))
    made = 0
    for key, kind, title, due in wanted:
        _row, created = Checklist.objects.get_or_create(
            meeting=meeting, key=key,
            defaults={"org": meeting.org, "kind": kind, "title": title, "due_at": due, "items": _items(kind)},
        )  # fmt: skip
        made += created
    return made


def tick(
    *, checklist: Checklist, index: int, actor, done: bool, version: int, note: str = "", now=None
) -> Checklist:
    """Tick (or untick) one item with who and when; refused on a signed checklist or a stale version."""
    now = now or timezone.now()
    try:
        note = clean_text(note, max_length=200)
    except ValidationError as exc:
        raise ValidationError({"note": exc.messages}) from None
    with transaction.atomic():
        row = (
            Checklist.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .order_by()
            .get(pk=checklist.pk)
        )
        if row.version != version:
            raise Stale
        if row.signed_at:
            raise ChecklistSigned()
        if not 0 <= index < len(row.items):
            raise ChecklistItem(details={"field": "index"})
        item = row.items[index]
        if done:
            local = now.astimezone(zoneinfo.ZoneInfo(row.meeting.timezone))
            item.update(done_by=actor.pk, done_by_name=actor.name, done_at=local.isoformat(), note=note[:200])
        else:
            item.update(done_by=None, done_by_name="", done_at=None, note="")
        row.version += 1  # the row is locked: one write carries the tick and the new version
        row.save(update_fields=["items", "version", "updated_at"])
    return row


def sign(*, checklist: Checklist, actor, now=None) -> Checklist:
    now = now or timezone.now()
    with transaction.atomic():
        row = Checklist.objects.select_for_update(of=("self",)).order_by().get(pk=checklist.pk)
        if row.signed_at:
            return row
        if any(not i.get("done_at") for i in row.items):
            raise ChecklistIncomplete()
        row.signed_by, row.signed_at = actor, now
        row.save(update_fields=["signed_by", "signed_at", "updated_at"])
    return row


def overdue(checklist: Checklist, now) -> bool:
    return checklist.signed_at is None and checklist.due_at < now
