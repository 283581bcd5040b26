"""The suppliers' kickoff of a meeting: when, where, who attended (the meeting's suppliers and the team),
agenda and minutes; the responsibility split (each supplier's duties, proposed from what it was chosen
for, editable); action items that become the meeting's tasks with an owner and a deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import check_year, clean_fields
from huiwu.events.models import Meeting, Task
from huiwu.events.services.tasks import create_task
from huiwu.orgs.selectors import require_member

from ..enums import Category, Standing
from ..errors import Stale
from ..models import Candidate, Duty, Kickoff, Supplier

register_actions(
    {
        "suppliers.kickoff.saved": gettext_lazy("Supplier kickoff recorded"),
        "suppliers.duty.added": gettext_lazy("Supplier duty added"),
        "suppliers.duty.removed": gettext_lazy("Supplier duty removed"),
        "suppliers.kickoff.action": gettext_lazy("Kickoff action item added"),
    }
)

# DOMAIN.md's split (venue: build-up; AV: equipment test; catering: tea breaks), one line per category
DUTIES: dict[str, Any] = {
    Category.VENUE: gettext_lazy("Build-up and set-up of the rooms"),
    Category.AV: gettext_lazy("Equipment set-up and test before the start"),
    Category.CATERING: gettext_lazy("Tea breaks and meals, with food samples kept"),
    Category.DESIGN: gettext_lazy("Signage and printed materials, delivered and checked"),
    Category.TRANSLATION: gettext_lazy("Interpretation booths, receivers and interpreters"),
    Category.STREAMING: gettext_lazy("Live stream with a backup line"),
    Category.TRANSPORT: gettext_lazy("Guest pick-up and transfers"),
    Category.ETIQUETTE: gettext_lazy("Etiquette staff at reception and on stage"),
    Category.SECURITY: gettext_lazy("Security and bag checks at the entrances"),
    Category.PHOTOGRAPHY: gettext_lazy("Photography and video of every segment"),
}


def meeting_suppliers(meeting: Meeting) -> list[Supplier]:
    """The suppliers chosen or kept as backup for the meeting's needs."""
    ids = Candidate.objects.filter(need__meeting=meeting, standing__in=[Standing.CHOSEN, Standing.BACKUP])
    return list(Supplier.objects.filter(pk__in=ids.values("supplier_id")).order_by("name"))


@dataclass(frozen=True, kw_only=True)
class KickoffInput(RecordInput):
    held_at: dt.datetime
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    suppliers: list[Any] = field(default_factory=list)
    members: list[Any] = field(default_factory=list)


@transaction.atomic
def save_kickoff(
    *, meeting: Meeting, actor: User | None, data: KickoffInput, version: int | None = None
) -> Kickoff:
    """Record (or change) the kickoff: those attending are the meeting's suppliers and active members."""
    try:
        check_year(data.held_at)
    except ValidationError as exc:
        raise ValidationError({"held_at": exc.messages}) from None
    allowed = {s.pk for s in meeting_suppliers(meeting)}
    if any(getattr(s, "pk", None) not in allowed for s in data.suppliers):
        raise ValidationError(
            {"suppliers": gettext("Only the suppliers chosen or kept as backup for this meeting.")}
        )
    for member in data.members:
        require_member(meeting.org, member, field="members")
    fields = clean_fields(Kickoff, data.values(without=("suppliers", "members")))
    kickoff = Kickoff.objects.select_for_update().filter(meeting=meeting).first()
    if kickoff is None:
        kickoff = Kickoff(meeting=meeting)
    elif version is not None and kickoff.version != version:
        raise Stale()
    for name, value in fields.items():
        setattr(kickoff, name, value)
    kickoff.version += 1 if kickoff.pk else 0
    kickoff.full_clean(exclude=["meeting"])
    kickoff.save()
    kickoff.suppliers.set(data.suppliers)
    kickoff.members.set(data.members)
    log_action(
        "suppliers.kickoff.saved",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={
            "held_at": kickoff.held_at.isoformat(),
            "suppliers": len(data.suppliers),
            "members": len(data.members),
        },
    )
    return kickoff


@transaction.atomic
def propose_duties(*, meeting: Meeting, actor: User | None) -> list[Duty]:
    """Each chosen supplier's duty for what it was chosen for (not twice)."""
    chosen = Candidate.objects.filter(need__meeting=meeting, standing=Standing.CHOSEN).select_related(
        "need", "supplier"
    )
    made = []
    for c in chosen:
        text = str(DUTIES[c.need.category]) if c.need.category in DUTIES else c.need.title
        duty, created = Duty.objects.get_or_create(meeting=meeting, supplier=c.supplier, text=text)
        if created:
            made.append(duty)
    if made:
        log_action(
            "suppliers.duty.added",
            target=meeting,
            actor=actor,
            org=meeting.org,
            data={"duties": [f"{d.supplier.name}: {d.text}" for d in made]},
        )
    return made


@transaction.atomic
def add_duty(*, meeting: Meeting, actor: User | None, supplier: Supplier, text: str) -> Duty:
    if supplier.pk not in {s.pk for s in meeting_suppliers(meeting)}:
        raise ValidationError(
            {"supplier": gettext("Only the suppliers chosen or kept as backup for this meeting.")}
        )
    fields = clean_fields(Duty, {"text": text or ""})
    if not fields["text"]:
        raise ValidationError({"text": gettext("Say what the supplier answers for.")})
    try:
        with transaction.atomic():
            duty = Duty.objects.create(meeting=meeting, supplier=supplier, text=fields["text"])
    except IntegrityError:
        raise ValidationError({"text": gettext("This duty is listed already.")}) from None
    log_action(
        "suppliers.duty.added",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"duties": [f"{supplier.name}: {duty.text}"]},
    )
    return duty


@transaction.atomic
def remove_duty(*, duty: Duty, actor: User | None) -> None:
    meeting = duty.meeting
    log_action(
        "suppliers.duty.removed",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"duty": f"{duty.supplier.name}: {duty.text}"},
    )
    duty.delete()


@transaction.atomic
def add_action(*, kickoff: Kickoff, actor: User | None, title: str, owner: Any, due: dt.date) -> Task:
    """An action item of the kickoff: a task of the meeting with its owner (a member) and deadline."""
    meeting = kickoff.meeting
    require_member(meeting.org, owner, field="owner")
    if owner is None:
        raise ValidationError({"owner": gettext("Name who does it.")})
    try:
        check_year(due)
    except ValidationError as exc:
        raise ValidationError({"due": exc.messages}) from None
    if not (title or "").strip():
        raise ValidationError({"title": gettext("Say what is to be done.")})
    task = create_task(meeting=meeting, actor=actor, title=title, due=due, assignee=owner)
    kickoff.tasks.add(task)
    log_action(
        "suppliers.kickoff.action",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"task": task.pk, "title": task.title},
    )
    return task
