"""The shared run sheet: every supplier duty with its time, place, the supplier's responsible person and
phone, the team's counterpart and radio channel, and the emergency contacts everyone shares.

It is built from the responsibility split (``suppliers.Duty``), the run-of-show (``Cue``: a duty goes
with the day's cue of its kind — AV with "tech ready", catering with each tea-break restock, …) and the
team (``Post``: the counterpart by the supplier's category). The draft is edited line by line; a
published version (``SheetVersion``) is a copy of the lines and contacts as sent, with what changed for
each supplier since the version before; each supplier concerned is told, and acknowledges the version
it was sent (``Acknowledgement``, time-stamped). A change after publishing is announced by publishing
again."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, override

from huiwu.accounts.models import User
from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_fields
from huiwu.events.models import Meeting
from huiwu.notifications.services import notify
from huiwu.suppliers.enums import Category, Standing
from huiwu.suppliers.models import Candidate, Contact, Duty, PortalUser, Supplier
from huiwu.suppliers.services.kickoff import DUTIES

from .enums import Category as IncidentCategory
from .enums import PostRole, Tier
from .errors import (
    SheetEmpty,
    SheetLineInvalid,
    SheetNoCues,
    SheetNoDuties,
    SheetNotYours,
    SheetOutdated,
    SheetUnchanged,
)
from .models import Acknowledgement, Cue, Post, SheetLine, SheetVersion

register_actions(
    {
        "onsite.sheet.built": gettext_lazy("Run sheet built from the duties and the run-of-show"),
        "onsite.sheet.line": gettext_lazy("Run sheet line saved"),
        "onsite.sheet.line_removed": gettext_lazy("Run sheet line removed"),
        "onsite.sheet.published": gettext_lazy("Run sheet published"),
        "onsite.sheet.acknowledged": gettext_lazy("Run sheet acknowledged by a supplier"),
    }
)


@dataclass(frozen=True)
class At:
    """Where a category's duty sits in the day: with the cues of ``kind``, ``lead`` minutes before the
    cue starts, until it ends; the team's post that is the supplier's counterpart."""

    kind: str
    lead: int
    post: str


# DOMAIN.md stage 2/4: build-up before tech ready, equipment tested by tech ready, tea breaks restocked, …
AT: dict[str, At] = {
    Category.VENUE: At("tech", 90, PostRole.VENUE),
    Category.AV: At("tech", 60, PostRole.TECH),
    Category.TRANSLATION: At("tech", 45, PostRole.TECH),
    Category.STREAMING: At("tech", 60, PostRole.TECH),
    Category.CATERING: At("restock", 30, PostRole.CATERING),
    Category.DESIGN: At("doors", 90, PostRole.COORDINATOR),
    Category.ETIQUETTE: At("checkin", 30, PostRole.RECEPTION),
    Category.TRANSPORT: At("checkin", 60, PostRole.RECEPTION),
    Category.SECURITY: At("doors", 60, PostRole.EMERGENCY),
    Category.PHOTOGRAPHY: At("doors", 30, PostRole.COORDINATOR),
}
FALLBACK_KIND = "briefing"  # a duty of no known kind: with the morning briefing


def _tz(meeting: Meeting) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(meeting.timezone)


def _changed(meeting: Meeting) -> None:
    realtime.publish(f"org:{meeting.org_id}", {"type": "runsheet.changed", "meeting": meeting.pk},
                     coalesce=f"runsheet:{meeting.pk}")  # fmt: skip


def sheet_suppliers(meeting: Meeting) -> list[Supplier]:
    """The suppliers a line may name: those with a duty at the meeting, or chosen or kept as backup."""
    chosen = Candidate.objects.filter(need__meeting=meeting, standing__in=[Standing.CHOSEN, Standing.BACKUP])
    with_duty = Duty.objects.filter(meeting=meeting)
    return list(
        Supplier.objects.filter(org=meeting.org)
        .filter(
            pk__in=[
                *chosen.values_list("supplier_id", flat=True),
                *with_duty.values_list("supplier_id", flat=True),
            ]
        )
        .order_by("name")
    )


def _category(duty: Duty, chosen_for: dict[int, list[str]]) -> str | None:
    """The category a duty serves: the one whose standard duty it is, else the first the supplier was
    chosen for at this meeting, else its first category of all."""
    cats = chosen_for.get(duty.supplier_id) or list(duty.supplier.categories)
    for cat in cats:
        if str(DUTIES.get(cat, "")) == duty.text:
            return cat
    return cats[0] if cats else None


def _lead_contact(supplier: Supplier) -> Contact | None:
    contacts = list(supplier.contacts.all())  # emergency contacts first (the model's order)
    return contacts[0] if contacts else None


@transaction.atomic
def build(*, meeting: Meeting, actor: User | None) -> int:
    """Make (or move) a line per duty and day from the run-of-show; lines edited by hand stay as they
    are. Returns how many lines were made or changed. Idempotent."""
    duties = list(Duty.objects.filter(meeting=meeting).select_related("supplier"))
    if not duties:
        raise SheetNoDuties()
    cues = list(Cue.objects.filter(meeting=meeting).exclude(operation="").select_related("room"))
    if not cues:
        raise SheetNoCues()
    chosen_for: dict[int, list[str]] = {}
    for c in Candidate.objects.filter(need__meeting=meeting, standing=Standing.CHOSEN).select_related("need"):
        chosen_for.setdefault(c.supplier_id, []).append(c.need.category)
    posts: dict[str, Post] = {}
    for p in (
        Post.objects.filter(meeting=meeting).exclude(role=PostRole.SUPPLIER).select_related("member", "crew")
    ):
        if p.filled:
            posts.setdefault(p.role, p)
    by_kind: dict[str, list[Cue]] = {}
    for cue in sorted(cues, key=lambda c: c.start):
        by_kind.setdefault(cue.operation.split(":")[0], []).append(cue)
    venue = venue_name(meeting)
    contacts: dict[int, Contact | None] = {}
    existing = {line.key: line for line in SheetLine.objects.filter(meeting=meeting).exclude(key="")}
    wanted: set[str] = set()
    made = 0
    for duty in duties:
        cat = _category(duty, chosen_for)
        at = AT.get(cat or "", At(FALLBACK_KIND, 15, PostRole.COORDINATOR))
        its = by_kind.get(at.kind) or by_kind.get(FALLBACK_KIND) or []
        if duty.supplier_id not in contacts:
            contacts[duty.supplier_id] = _lead_contact(duty.supplier)
        contact = contacts[duty.supplier_id]
        counterpart = posts.get(at.post) or posts.get(PostRole.COORDINATOR)
        for cue in its:
            key = f"duty:{duty.pk}:{cue.operation}"[:80]
            wanted.add(key)
            start = cue.start - dt.timedelta(minutes=at.lead)
            fields: dict[str, Any] = {
                "supplier": duty.supplier, "cue": cue, "task": duty.text, "starts_at": start,
                "ends_at": cue.start + dt.timedelta(minutes=cue.minutes),
                "place": (cue.room.name if cue.room else venue)[:200],
                "person": contact.name if contact else "", "phone": contact.mobile if contact else "",
                "counterpart": (f"{counterpart} · {counterpart.who}" if counterpart else "")[:100],
                "radio": counterpart.radio if counterpart else "",
            }  # fmt: skip
            line = existing.get(key)
            if line is None:
                SheetLine.objects.create(org=meeting.org, meeting=meeting, key=key, **fields)
                made += 1
            elif not line.edited and any(getattr(line, k) != v for k, v in fields.items()):
                SheetLine.objects.filter(pk=line.pk).update(**fields, updated_at=timezone.now())
                made += 1
    gone = [line.pk for key, line in existing.items() if key not in wanted and not line.edited]
    made += SheetLine.objects.filter(pk__in=gone).delete()[0]
    log_action("onsite.sheet.built", target=meeting, actor=actor, org=meeting.org, data={"lines": made})
    _changed(meeting)
    return made


def venue_name(meeting: Meeting) -> str:
    from huiwu.venues.models import Evaluation

    chosen = Evaluation.objects.filter(meeting=meeting, chosen=True).select_related("room__venue").first()
    return chosen.room.venue.name if chosen else ""


@dataclass(frozen=True, kw_only=True)
class SheetLineInput(RecordInput):
    """A line as the page and the API send it."""

    supplier: Any = None  # one of the meeting's suppliers, or none: the team's own line
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    task: str
    person: str = ""
    phone: str = ""
    counterpart: str = ""
    radio: str = ""


@transaction.atomic
def save_line(
    *, meeting: Meeting, actor: User | None, data: SheetLineInput, line: SheetLine | None = None
) -> SheetLine:
    """Add a line, or change one (a built line changed by hand is no longer moved by a rebuild)."""
    if data.supplier is not None and data.supplier.pk not in {s.pk for s in sheet_suppliers(meeting)}:
        raise SheetLineInvalid(
            gettext("Choose a supplier of this meeting (with a duty, chosen or kept as backup)."),
            details={"field": "supplier"},
        )
    if data.starts_at is None or data.ends_at is None:
        raise SheetLineInvalid(gettext("Give the start and the end."), details={"field": "starts_at"})
    if data.ends_at <= data.starts_at:
        raise SheetLineInvalid(gettext("A line ends after it starts."), details={"field": "ends_at"})
    if data.ends_at - data.starts_at > dt.timedelta(hours=24):
        raise SheetLineInvalid(gettext("A line lasts at most 24 hours."), details={"field": "ends_at"})
    if not (data.task or "").strip():
        raise SheetLineInvalid(gettext("Say what is to be done."), details={"field": "task"})
    fields = clean_fields(SheetLine, data.values(without=("supplier",)))
    fields["supplier"] = data.supplier
    if line is None:
        line = SheetLine.objects.create(org=meeting.org, meeting=meeting, **fields)
    else:
        for k, v in fields.items():
            setattr(line, k, v)
        line.edited = True
        line.save()
    log_action("onsite.sheet.line", target=line, actor=actor, org=meeting.org, data={"meeting": meeting.pk})
    _changed(meeting)
    return line


@transaction.atomic
def remove_line(*, line: SheetLine, actor: User | None) -> None:
    meeting = line.meeting
    log_action(
        "onsite.sheet.line_removed", target=line, actor=actor, org=meeting.org, data={"task": line.task}
    )
    line.delete()
    _changed(meeting)


def shared_contacts(meeting: Meeting, suppliers: list[Supplier]) -> list[dict[str, Any]]:
    """Whom everyone on the sheet may call: the team's coordinator, emergency and lead posts (radio
    channels), one emergency contact per supplier on the sheet, the venue, the public numbers."""
    from .team import EMERGENCY_NUMBERS

    rows: list[dict[str, Any]] = []
    for p in (
        Post.objects.filter(meeting=meeting).exclude(role=PostRole.SUPPLIER).select_related("member", "crew")
    ):
        if p.filled and p.role != PostRole.CHECKIN:
            rows.append({"who": p.who, "what": str(p), "phone": p.phone, "radio": p.radio})
    for s in suppliers:
        contact = _lead_contact(s)
        if contact is not None:
            rows.append({"who": contact.name, "what": s.name, "phone": contact.mobile, "radio": ""})
    for number, label in EMERGENCY_NUMBERS:
        rows.append({"who": str(label), "what": "", "phone": number, "radio": ""})
    return rows


def _snapshot(line: SheetLine, tz: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {
        "id": line.pk, "supplier": line.supplier_id,
        "supplier_name": line.supplier.name if line.supplier else "",
        "starts_at": line.starts_at.astimezone(tz).isoformat(),
        "ends_at": line.ends_at.astimezone(tz).isoformat(),
        "place": line.place, "task": line.task, "person": line.person, "phone": line.phone,
        "counterpart": line.counterpart, "radio": line.radio,
    }  # fmt: skip


COMPARED = ("starts_at", "ends_at", "place", "task", "person", "phone", "counterpart", "radio")


def _hm(iso: str) -> str:
    return formats.date_format(dt.datetime.fromisoformat(iso), "m-d H:i")


def changes_between(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What changed for each supplier (key: its id, "" for the team's lines), in words."""
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    found: dict[str, list[str]] = {}

    def add(row: dict[str, Any], text: str) -> None:
        found.setdefault(str(row["supplier"] or ""), []).append(text)

    for pk, row in new.items():
        was = old.get(pk)
        if was is None:
            add(row, gettext("New: %(at)s %(task)s") % {"at": _hm(row["starts_at"]), "task": row["task"]})
        elif moved := [k for k in COMPARED if was.get(k) != row.get(k)]:
            what = "; ".join(
                f"{_hm(was[k])} → {_hm(row[k])}"
                if k in ("starts_at", "ends_at")
                else f"{was[k] or '—'} → {row[k] or '—'}"
                for k in moved
            )
            add(row, gettext("Changed: %(task)s (%(what)s)") % {"task": row["task"], "what": what})
            if was["supplier"] != row["supplier"]:
                add(was, gettext("No longer yours: %(task)s") % {"task": was["task"]})
    for pk, row in old.items():
        if pk not in new:
            add(row, gettext("Removed: %(at)s %(task)s") % {"at": _hm(row["starts_at"]), "task": row["task"]})
    return found


def latest(meeting: Meeting) -> SheetVersion | None:
    return SheetVersion.objects.filter(meeting=meeting).order_by("-number").first()


@transaction.atomic
def publish(*, meeting: Meeting, actor: User | None, note: str = "") -> SheetVersion:
    """Publish the draft as the next version; tell each supplier concerned (its portal users, in the
    app and by e-mail): the first time that the sheet is there, later what changed for it."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one publisher at a time
    tz = _tz(meeting)
    lines = [
        _snapshot(line, tz)
        for line in SheetLine.objects.filter(meeting=meeting)
        .select_related("supplier")
        .order_by("starts_at", "id")
    ]
    if not lines:
        raise SheetEmpty()
    previous = latest(meeting)
    changes = changes_between(previous.lines if previous else [], lines)
    if previous is not None and not changes:
        raise SheetUnchanged()
    ids = sorted({row["supplier"] for row in lines if row["supplier"]})
    suppliers = list(Supplier.objects.filter(pk__in=ids).order_by("name"))
    note = clean_fields(SheetVersion, {"note": note})["note"]
    number = (previous.number if previous else 0) + 1
    try:
        with transaction.atomic():
            version = SheetVersion.objects.create(
                org=meeting.org, meeting=meeting, number=number, published_at=timezone.now(),
                published_by=actor, note=note, lines=lines, contacts=shared_contacts(meeting, suppliers),
                changes=changes,
            )  # fmt: skip
    except IntegrityError:
        raise SheetUnchanged(gettext("Someone published this run sheet a moment ago.")) from None
    version.suppliers.set(suppliers)
    log_action("onsite.sheet.published", target=meeting, actor=actor, org=meeting.org,
               data={"version": number, "lines": len(lines)})  # fmt: skip
    concerned = [s for s in suppliers if previous is None or str(s.pk) in changes]
    _announce(meeting, version, concerned, first=previous is None)
    _changed(meeting)
    return version


def _announce(meeting: Meeting, version: SheetVersion, suppliers: list[Supplier], *, first: bool) -> None:
    access = PortalUser.objects.filter(supplier__in=suppliers, revoked_at__isnull=True).select_related("user")
    for pu in access:
        user = pu.user
        url = reverse("portal:meeting", kwargs={"supplier": pu.supplier_id, "meeting": meeting.pk})
        with override(user.language or None):
            words = {"meeting": meeting.name, "n": version.number}
            if first:
                title = gettext("%(meeting)s: the run sheet is published (version %(n)s)") % words
                body = gettext("Read your part and acknowledge it.")
            else:
                title = gettext("%(meeting)s: the run sheet changed (version %(n)s)") % words
                body = "\n".join(version.changes.get(str(pu.supplier_id), []))
        notify(user=user, title=title, body=body, url=url, email=True)


@dataclass(frozen=True)
class SupplierSheet:
    """What a supplier sees of a meeting's run sheet: the newest version it has a part in, its lines,
    what changed for it, its acknowledgement, and whether a newer version left it out."""

    version: SheetVersion
    lines: list[dict[str, Any]]
    changes: list[str]
    ack: Acknowledgement | None
    outdated: bool


def supplier_sheet(meeting: Meeting, supplier: Supplier) -> SupplierSheet | None:
    version = SheetVersion.objects.filter(meeting=meeting, suppliers=supplier).order_by("-number").first()
    if version is None:
        return None
    newest = latest(meeting)
    return SupplierSheet(
        version=version,
        lines=part_for(version, supplier),
        changes=version.changes.get(str(supplier.pk), []) if version.number > 1 else [],
        ack=version.acknowledgements.filter(supplier=supplier).select_related("user").first(),
        outdated=newest is not None and newest.pk != version.pk,
    )


def part_for(version: SheetVersion, supplier: Supplier) -> list[dict[str, Any]]:
    """A supplier's own lines of a version."""
    return [row for row in version.lines if row["supplier"] == supplier.pk]


@transaction.atomic
def acknowledge(
    *, version: SheetVersion, supplier: Supplier, user: User, now: dt.datetime | None = None
) -> Acknowledgement:
    """The supplier's "received": of the latest version only, once (a second one keeps the first time)."""
    if not version.suppliers.filter(pk=supplier.pk).exists():
        raise SheetNotYours()
    newest = latest(version.meeting)
    if newest is not None and newest.pk != version.pk:
        raise SheetOutdated()
    done = Acknowledgement.objects.filter(version=version, supplier=supplier).first()
    if done is not None:
        return done
    ack = Acknowledgement.objects.create(
        version=version, supplier=supplier, user=user, at=now or timezone.now()
    )
    log_action("onsite.sheet.acknowledged", target=version.meeting, actor=user, org=version.meeting.org,
               data={"version": version.number, "supplier": supplier.pk})  # fmt: skip
    _changed(version.meeting)
    return ack


def acknowledgements(version: SheetVersion) -> list[dict[str, Any]]:
    """Each supplier of a version with its acknowledgement (or none yet)."""
    acks = {a.supplier_id: a for a in version.acknowledgements.select_related("user")}
    return [{"supplier": s, "ack": acks.get(s.pk)} for s in version.suppliers.order_by("name")]


# the incident category of a supplier's report on the day, by the supplier's category
INCIDENT_CATEGORY: dict[str, str] = {
    Category.VENUE: IncidentCategory.VENUE,
    Category.AV: IncidentCategory.EQUIPMENT,
    Category.STREAMING: IncidentCategory.EQUIPMENT,
    Category.TRANSLATION: IncidentCategory.EQUIPMENT,
    Category.CATERING: IncidentCategory.CATERING,
    Category.SECURITY: IncidentCategory.SAFETY,
    Category.ETIQUETTE: IncidentCategory.GUEST,
    Category.TRANSPORT: IncidentCategory.GUEST,
}


@dataclass(frozen=True)
class Reported:
    """What a supplier's report became: an incident (on the meeting's days) or a task (before)."""

    incident: Any = None
    task: Any = None


def report_problem(
    *, meeting: Meeting, supplier: Supplier, user: User, text: str, place: str = "", request_key: str = "",
    now: dt.datetime | None = None,
) -> Reported:  # fmt: skip
    """A supplier reports a status or a problem: on the meeting's days it is a general incident
    attributed to the supplier (its timers start now); before, a task for the meeting's owner, due the
    next day."""
    from huiwu.events.services.tasks import create_task
    from huiwu.suppliers.errors import ReportEmpty

    from .services import report

    text = (text or "").strip()
    if not text:
        raise ReportEmpty(details={"field": "text"})
    if len(text) > 2000:
        raise ReportEmpty(gettext("Keep the report under 2,000 characters."), details={"field": "text"})
    now = now or timezone.now()
    today = now.astimezone(_tz(meeting)).date()
    title = f"{supplier.name}: {text}"[:200]
    if meeting.start_date <= today <= meeting.end_date:
        category = next(
            (INCIDENT_CATEGORY[c] for c in supplier.categories if c in INCIDENT_CATEGORY), "other"
        )
        incident = report(
            meeting=meeting, actor=user, tier=Tier.GENERAL, title=title, category=category, description=text,
            location=place, now=now, request_key=request_key, supplier=supplier,
        )  # fmt: skip
        return Reported(incident=incident)
    with transaction.atomic():
        task = create_task(
            meeting=meeting, actor=user, title=title, due=today + dt.timedelta(days=1), assignee=meeting.owner
        )
    return Reported(task=task)
