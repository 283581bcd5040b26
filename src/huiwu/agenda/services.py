"""Writes on the agenda: grid, sessions, speakers, moves, the solver's answer, publishing and change notices.

Every write is atomic and audited; the grid is told to redraw after commit (``agenda.changed``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core import realtime, uploads
from huiwu.core.audit import log_action, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.text import clean_fields
from huiwu.notifications.services import notify
from huiwu.orgs.selectors import require_member
from huiwu.venues.models import Evaluation, Room
from huiwu.webhooks.services import emit

from .checks import minutes, room_capacity
from .enums import ModuleKind, Role, SessionFormat, SessionKind, SessionType, WindowKind
from .errors import (
    AlreadyDecided,
    BadModule,
    BadRoom,
    BadSlot,
    BadSpeaker,
    BreaksRules,
    HalfCell,
    NoSessions,
    NotApplied,
    NotPublished,
    SlotDay,
    SlotEnd,
    SlotOverlap,
    StaleAgenda,
)
from .models import (
    Agenda,
    AgendaRules,
    Follower,
    Module,
    Proposal,
    ProposalStatus,
    Session,
    SessionSpeaker,
    Slot,
    Speaker,
    SpeakerWindow,
)
from .scheduling.instance import InstanceError, parse
from .scheduling.validator import violations
from .selectors import rules_for

register_actions(
    {
        "agenda.slot.created": _("added a time slot"),
        "agenda.slot.deleted": _("removed a time slot"),
        "agenda.session.created": _("added a session"),
        "agenda.session.changed": _("changed a session"),
        "agenda.session.moved": _("moved a session"),
        "agenda.session.deleted": _("removed a session"),
        "agenda.speaker.created": _("added a speaker"),
        "agenda.speaker.changed": _("changed a speaker"),
        "agenda.speaker.deleted": _("removed a speaker"),
        "agenda.module.created": _("added an agenda module"),
        "agenda.proposed": _("received a proposed agenda"),
        "agenda.scheduled": _("applied a proposed agenda"),
        "agenda.schedule.undone": _("undid a proposed agenda"),
        "agenda.proposal.discarded": _("discarded a proposed agenda"),
        "agenda.published": _("published the agenda"),
        "agenda.hours.changed": _("changed the venue hours of the agenda"),
        "agenda.rules.changed": _("changed the agenda rules"),
    }
)

# DOMAIN.md: 45-minute core segments in pairs (90 minutes at most), a 30-minute buffer between, lunch.
DEFAULT_GRID = [
    ("09:00", 45),
    ("09:45", 45),
    ("10:30", 30),
    ("11:00", 45),
    ("11:45", 45),
    ("14:00", 45),
    ("14:45", 45),
    ("15:30", 30),
    ("16:00", 45),
    ("16:45", 45),
]


def agenda_of(meeting) -> Agenda:
    return Agenda.objects.get_or_create(meeting=meeting)[0]


def venue_rooms(meeting) -> list[Room]:
    """The rooms of the chosen venue (stage 2: the venue chosen by evaluation)."""
    chosen = Evaluation.objects.filter(meeting=meeting, chosen=True).select_related("room__venue").first()
    if chosen is None:
        return []
    return list(chosen.room.venue.rooms.order_by("-theatre", "name"))


def _changed(meeting) -> None:
    realtime.publish(
        f"org:{meeting.org_id}",
        {"type": "agenda.changed", "meeting": meeting.pk},
        coalesce=f"agenda:{meeting.pk}",
    )


def _meeting_days(meeting) -> list[dt.date]:
    days: list[dt.date] = []
    day = meeting.start_date
    while day <= meeting.end_date and len(days) < 31:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def add_default_grid(*, meeting, actor) -> int:
    """The standard grid on every day of the meeting (slots already there are kept)."""
    created = 0
    for day in _meeting_days(meeting):
        for start, duration in DEFAULT_GRID:
            t = dt.time.fromisoformat(start)
            _slot, new = Slot.objects.get_or_create(
                meeting=meeting, date=day, start=t, defaults={"duration": duration}
            )
            created += new
    if created:
        log_action(
            "agenda.slot.created", target=meeting, actor=actor, org=meeting.org, data={"slots": created}
        )
        transaction.on_commit(lambda: _changed(meeting))
    return created


@transaction.atomic
def set_hours(*, meeting, actor, opens, closes) -> Agenda:
    agenda = Agenda.objects.select_for_update().get(pk=agenda_of(meeting).pk)
    agenda.opens, agenda.closes = opens, closes
    agenda.save(update_fields=["opens", "closes"])
    log_action(
        "agenda.hours.changed",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"opens": opens, "closes": closes},
    )
    transaction.on_commit(lambda: _changed(meeting))
    return agenda


@transaction.atomic
def add_slot(*, meeting, actor, date, start, duration) -> Slot:
    if not (meeting.start_date <= date <= meeting.end_date):
        raise SlotDay()
    begin = minutes(start)
    if begin + duration > 24 * 60:
        raise SlotEnd()
    for other in Slot.objects.select_for_update().filter(meeting=meeting, date=date).order_by():
        if begin < other.end_minutes and other.start_minutes < begin + duration:
            raise SlotOverlap(
                gettext("The slot overlaps %(slot)s; the slots of a day must not overlap.") % {"slot": other}
            )
    slot = Slot.objects.create(meeting=meeting, date=date, start=start, duration=duration)
    log_action("agenda.slot.created", target=slot, actor=actor, org=meeting.org)
    transaction.on_commit(lambda: _changed(meeting))
    return slot


@transaction.atomic
def delete_slot(*, slot, actor) -> None:
    meeting = slot.meeting
    log_action("agenda.slot.deleted", target=slot, actor=actor, org=meeting.org)
    slot.delete()  # its sessions go back to the tray (slot set to null)
    transaction.on_commit(lambda: _changed(meeting))


def _check_cell(meeting, room, slot) -> None:
    if slot is not None and slot.meeting_id != meeting.pk:
        raise BadSlot()
    if room is not None and room.pk not in {r.pk for r in venue_rooms(meeting)}:
        raise BadRoom()


def _set_people(session, speakers, moderators) -> None:
    SessionSpeaker.objects.filter(session=session).delete()
    for role, people in ((Role.MODERATOR, moderators), (Role.SPEAKER, speakers)):
        for person in people:
            if person.meeting_id != session.meeting_id:
                raise BadSpeaker()
            SessionSpeaker.objects.update_or_create(session=session, speaker=person, defaults={"role": role})


@dataclass(frozen=True, kw_only=True)
class SessionInput(RecordInput):
    """A session of the agenda: what, how long, where and when (or in the tray), who speaks."""

    title: str
    title_en: str = ""
    module: Module | None = None  # of the same meeting
    session_type: str = SessionType.TALK
    kind: str = SessionKind.CORE
    duration: int = 45
    audience: int = 0
    room: Room | None = None  # a room of the meeting's venue
    slot: Slot | None = None  # a slot of the same meeting
    pinned: bool = False
    plenary: bool | None = None  # None: by its type and module (Session.plenary_by_default)
    owner: Any = None  # a member of the organisation
    format: str = SessionFormat.ONSITE
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    description: str = ""
    description_en: str = ""
    speakers: Sequence[Speaker] = ()  # of the same meeting
    moderators: Sequence[Speaker] = ()

    @classmethod
    def of(cls, obj: Any) -> SessionInput:
        roles = list(obj.roles.select_related("speaker"))
        names = [f.name for f in dataclass_fields(cls) if f.name not in ("speakers", "moderators")]
        return cls(
            **{name: getattr(obj, name) for name in names},
            speakers=[r.speaker for r in roles if r.role == Role.SPEAKER],
            moderators=[r.speaker for r in roles if r.role == Role.MODERATOR],
        )


@transaction.atomic
def save_session(*, meeting, actor, session: Session | None = None, data: SessionInput) -> Session:
    _check_cell(meeting, data.room, data.slot)
    if data.module is not None and data.module.meeting_id != meeting.pk:
        raise BadModule()
    require_member(meeting.org, data.owner, field="owner")
    fields = data.values(without=("speakers", "moderators"))
    if data.plenary is None:
        fields["plenary"] = Session.plenary_by_default(data.session_type, data.module)
    creating = session is None
    if session is None:
        session = Session(meeting=meeting)
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    _set_people(session, data.speakers, data.moderators)
    log_action(
        "agenda.session.created" if creating else "agenda.session.changed",
        target=session,
        actor=actor,
        org=meeting.org,
    )
    transaction.on_commit(lambda: _changed(meeting))
    return session


@transaction.atomic
def move_session(*, session, actor, room=None, slot=None) -> Session:
    """Into the (room, slot) cell, or back to the tray when both are None."""
    meeting = session.meeting
    if (room is None) != (slot is None):
        raise HalfCell()
    _check_cell(meeting, room, slot)
    session = Session.objects.select_for_update(of=("self",)).order_by().get(pk=session.pk)
    before = {"room": session.room_id, "slot": session.slot_id}
    session.room, session.slot = room, slot
    session.save(update_fields=["room", "slot", "updated_at"])
    log_action(
        "agenda.session.moved",
        target=session,
        actor=actor,
        org=meeting.org,
        data={"from": before, "to": {"room": room.pk if room else None, "slot": slot.pk if slot else None}},
    )
    transaction.on_commit(lambda: _changed(meeting))
    return session


@transaction.atomic
def delete_session(*, session, actor) -> None:
    meeting = session.meeting
    log_action("agenda.session.deleted", target=session, actor=actor, org=meeting.org)
    session.delete()
    transaction.on_commit(lambda: _changed(meeting))


@dataclass(frozen=True, kw_only=True)
class ModuleInput(RecordInput):
    """A module of the agenda (DOMAIN.md: opening, main forum, parallel forums, workshops, meals, gala)."""

    name: str
    kind: str = ModuleKind.MAIN_FORUM
    name_en: str = ""
    owner: Any = None  # a member of the organisation
    format: str = ""
    order: int = 0


@transaction.atomic
def save_module(*, meeting, actor, data: ModuleInput) -> Module:
    require_member(meeting.org, data.owner, field="owner")
    module = Module(meeting=meeting, **data.values())
    module.full_clean()
    module.save()
    log_action("agenda.module.created", target=module, actor=actor, org=meeting.org)
    return module


@dataclass(frozen=True, kw_only=True)
class SpeakerInput(RecordInput):
    """A speaker, their travel and rehearsal, and the times they cannot or would rather speak."""

    name: str
    name_en: str = ""
    title: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    bio: str = ""
    bio_en: str = ""
    photo: Any = ""  # an upload (checked by its content), the stored file, or "" for none
    travel: str = ""
    rehearsal_date: dt.date | None = None
    rehearsal_start: dt.time | None = None
    windows: Sequence[tuple[str, dt.date, dt.time, dt.time]] = ()  # (kind, day, start, end)

    @classmethod
    def of(cls, obj: Any) -> SpeakerInput:
        names = [f.name for f in dataclass_fields(cls) if f.name != "windows"]
        windows = [(w.kind, w.date, w.start, w.end) for w in obj.windows.all()]
        return cls(**{name: getattr(obj, name) for name in names}, windows=windows)


@transaction.atomic
def save_speaker(*, meeting, actor, speaker: Speaker | None = None, data: SpeakerInput) -> Speaker:
    """The windows replace the speaker's windows. Names and texts follow the project's text policy
    (core/text.py). A rehearsal has a day and a start, or neither."""
    if (data.rehearsal_date is None) != (data.rehearsal_start is None):
        field_name = "rehearsal_start" if data.rehearsal_date else "rehearsal_date"
        raise ValidationError({field_name: _("Give both the rehearsal day and its start, or neither.")})
    windows = data.windows
    fields = clean_fields(Speaker, data.values(without=("windows",)))
    creating = speaker is None
    if speaker is None:
        speaker = Speaker(meeting=meeting)
    for name, value in fields.items():
        if name == "photo" and isinstance(value, UploadedFile):
            uploads.accept_image(value)  # checked by content and size, stored under a name of ours
        setattr(speaker, name, value)
    speaker.full_clean()
    speaker.save()
    speaker.windows.all().delete()
    SpeakerWindow.objects.bulk_create(
        SpeakerWindow(speaker=speaker, kind=k, date=d, start=s, end=e) for k, d, s, e in windows
    )
    log_action(
        "agenda.speaker.created" if creating else "agenda.speaker.changed",
        target=speaker,
        actor=actor,
        org=meeting.org,
    )
    transaction.on_commit(lambda: _changed(meeting))
    return speaker


@transaction.atomic
def delete_speaker(*, speaker, actor) -> None:
    """Remove a speaker; their sessions stay, without them."""
    meeting = speaker.meeting
    log_action("agenda.speaker.deleted", target=speaker, actor=actor, org=meeting.org)
    speaker.delete()
    transaction.on_commit(lambda: _changed(meeting))


@dataclass(frozen=True, kw_only=True)
class RulesInput(RecordInput):
    """The organisation's agenda settings and the solver's weights (the thresholds are service standards)."""

    no_adjacent_buffers: bool = True
    comfort_percent: int = 80
    weight_crowding: int = 1
    weight_preference: int = 20
    weight_change: int = 50


@transaction.atomic
def save_rules(*, org, actor, data: RulesInput) -> AgendaRules:
    rules = AgendaRules.objects.select_for_update().get_or_create(org=org)[0]
    for name, value in data.values().items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    log_action("agenda.rules.changed", target=rules, actor=actor, org=org)
    return rules


# ---- the solver's instance and answer ---------------------------------------------------------------


def build_instance(meeting, *, replan_all: bool = False) -> dict:
    """The meeting's agenda as `conf-agenda-instance` v1. Placed sessions stay where they are unless
    ``replan_all``; pinned ones always stay. The published cells let a re-plan change as little as it can."""
    rules = rules_for(meeting)
    agenda = agenda_of(meeting)
    rooms = venue_rooms(meeting)
    slots = list(Slot.objects.filter(meeting=meeting))
    opens, closes = minutes(agenda.opens), minutes(agenda.closes)
    days: dict[dt.date, list] = {}
    earliest = opens + rules.tech_ready_minutes  # tech must be ready that long before the first session
    for slot in slots:  # slots outside the venue hours, or too early for the tech set-up, are not offered
        if earliest <= slot.start_minutes and slot.end_minutes <= closes:
            days.setdefault(slot.date, []).append(slot)
    published = {int(k): v for k, v in (agenda.snapshot.get("cells") or {}).items() if agenda.published_at}
    sessions = list(Session.objects.filter(meeting=meeting).prefetch_related("roles").order_by("pk"))
    speakers = list(Speaker.objects.filter(meeting=meeting).prefetch_related("windows"))

    def window(w):
        return {
            "day": f"D{w.date:%Y%m%d}",
            "start": w.start.strftime("%H:%M"),
            "end": w.end.strftime("%H:%M"),
        }

    day_ids = {f"D{d:%Y%m%d}" for d in days}
    doc_sessions = []
    for s in sessions:
        keep = s.pinned or (not replan_all and s.placed)
        pinned = {"room": f"R{s.room_id}", "slot": f"T{s.slot_id}"} if keep and s.placed else None
        item = {
            "id": f"S{s.pk}",
            "title": s.title,
            "type": s.session_type,
            "kind": s.kind,
            "duration": s.duration,
            "audience": s.audience,
            "speakers": [f"P{r.speaker_id}" for r in s.roles.all()],
            "tags": list(s.tags),
            "pinned": pinned,
        }
        if s.plenary:  # an extension of v1 (other tools ignore it): every room of its slot stays free
            item["exclusive"] = True
        if s.pk in published:
            item["published"] = {"room": f"R{published[s.pk][0]}", "slot": f"T{published[s.pk][1]}"}
        doc_sessions.append(item)
    return {
        "format": "conf-agenda-instance",
        "version": 1,
        "name": f"meeting-{meeting.pk}",
        "params": {
            "max_core_block_minutes": rules.max_core_block_minutes,
            "rehearsal_minutes": rules.rehearsal_minutes,
            "no_adjacent_buffers": rules.no_adjacent_buffers,
            "comfort_ratio": rules.comfort_percent / 100,
            "weights": {
                "crowding": rules.weight_crowding,
                "speaker_preference": rules.weight_preference,
                "change": rules.weight_change,
            },
        },
        "rooms": [  # a room without seats hosts no session
            {"id": f"R{r.pk}", "name": r.name, "capacity": cap} for r in rooms if (cap := room_capacity(r))
        ],
        "days": [
            {
                "id": f"D{d:%Y%m%d}",
                "date": d.isoformat(),
                "slots": [
                    {"id": f"T{t.pk}", "start": t.start.strftime("%H:%M"), "duration": t.duration}
                    for t in sorted(day, key=lambda t: t.start)
                ],
            }
            for d, day in sorted(days.items())
        ],
        "sessions": doc_sessions,
        "speakers": [
            {
                "id": f"P{p.pk}",
                "name": p.name,
                "rehearsal_days": [f"D{p.rehearsal_date:%Y%m%d}"]
                if p.rehearsal_date and p.rehearsal_start
                else [],
                "unavailable": [
                    window(w)
                    for w in p.windows.all()
                    if w.kind == WindowKind.UNAVAILABLE and f"D{w.date:%Y%m%d}" in day_ids
                ],
                "preferred": [
                    window(w)
                    for w in p.windows.all()
                    if w.kind == WindowKind.PREFERRED and f"D{w.date:%Y%m%d}" in day_ids
                ],
            }
            for p in speakers
        ],
    }


def _cells(meeting, *, lock: bool = False) -> dict[str, list]:
    """Every session's cell now: ``{"<session id>": [room id | None, slot id | None]}``."""
    rows = Session.objects.filter(meeting=meeting).order_by()
    if lock:
        rows = rows.select_for_update(of=("self",))
    return {str(pk): [room, slot] for pk, room, slot in rows.values_list("pk", "room_id", "slot_id")}


def _pk(value, prefix: str) -> int | None:
    text = value if isinstance(value, str) else ""
    return int(text[1:]) if text[:1] == prefix and text[1:].isdecimal() and len(text) < 20 else None


@transaction.atomic
def propose(*, meeting, actor, assignments: list[dict], source: str = "solver", objective=None,
            optimal: bool = False) -> Proposal:  # fmt: skip
    """Keep a whole agenda (``conf-agenda-solution`` assignments) as a proposal when it keeps every
    hard rule; nothing moves until someone applies it. DomainError ``breaks_rules`` lists what not."""
    try:
        broken = violations(parse(build_instance(meeting, replan_all=True)), assignments)
    except InstanceError as exc:
        broken = exc.problems
    if broken:
        raise BreaksRules(details={"problems": broken[:20]})
    before = _cells(meeting)
    after = {}
    for a in assignments:
        sid, room, slot = _pk(a["session"], "S"), _pk(a["room"], "R"), _pk(a["slot"], "T")
        if before.get(str(sid)) != [room, slot]:
            after[str(sid)] = [room, slot]
    proposal = Proposal.objects.create(
        meeting=meeting, source=source, before=before, after=after, objective=objective, optimal=optimal,
        created_by=actor,
    )  # fmt: skip
    log_action("agenda.proposed", target=meeting, actor=actor, org=meeting.org, data={"moves": len(after)})
    return proposal


def _locked(proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("meeting__org").get(pk=proposal.pk)


def _move_cells(meeting, cells: dict[str, list]) -> None:
    rooms = {r.pk: r for r in venue_rooms(meeting)}
    slots = {t.pk: t for t in Slot.objects.filter(meeting=meeting)}
    for sid, (room, slot) in cells.items():
        if (room is not None and room not in rooms) or (slot is not None and slot not in slots):
            raise StaleAgenda()
        Session.objects.filter(pk=int(sid), meeting=meeting).update(
            room_id=room, slot_id=slot, updated_at=timezone.now()
        )


@transaction.atomic
def apply_proposal(*, proposal, actor) -> int:
    """Put the proposed agenda in place, if the agenda is still the one it was made from."""
    proposal = _locked(proposal)
    meeting = proposal.meeting
    if proposal.status != ProposalStatus.PROPOSED:
        raise AlreadyDecided()
    if _cells(meeting, lock=True) != proposal.before:
        raise StaleAgenda(gettext("The agenda changed since this proposal was made; run the solver again."))
    _move_cells(meeting, proposal.after)
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.APPLIED, actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    Proposal.objects.filter(meeting=meeting, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.STALE
    )
    log_action(
        "agenda.scheduled", target=meeting, actor=actor, org=meeting.org, data={"moved": len(proposal.after)}
    )
    transaction.on_commit(lambda: _changed(meeting))
    return len(proposal.after)


@transaction.atomic
def undo_proposal(*, proposal, actor) -> int:
    """Put the sessions an applied proposal moved back where they were, unless one was moved since."""
    proposal = _locked(proposal)
    meeting = proposal.meeting
    if proposal.status != ProposalStatus.APPLIED:
        raise NotApplied()
    now = _cells(meeting, lock=True)
    if any(now.get(sid) != cell for sid, cell in proposal.after.items()):
        raise StaleAgenda(gettext("Sessions were moved by hand since; undo is no longer possible."))
    _move_cells(meeting, {sid: proposal.before[sid] for sid in proposal.after})
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.UNDONE, actor, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(
        "agenda.schedule.undone",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"moved": len(proposal.after)},
    )
    transaction.on_commit(lambda: _changed(meeting))
    return len(proposal.after)


@transaction.atomic
def discard_proposal(*, proposal, actor) -> None:
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise AlreadyDecided()
    proposal.status, proposal.decided_by, proposal.decided_at = (
        ProposalStatus.DISCARDED,
        actor,
        timezone.now(),
    )
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    log_action("agenda.proposal.discarded", target=proposal.meeting, actor=actor, org=proposal.meeting.org)


# ---- publishing ---------------------------------------------------------------------------------------


def snapshot(meeting) -> dict:
    """What the public pages show: sessions with their times, rooms and people; the speakers."""
    sessions = (
        Session.objects.filter(meeting=meeting, slot__isnull=False, room__isnull=False)
        .select_related("slot", "room", "module")
        .prefetch_related("roles__speaker")
        .order_by("slot__date", "slot__start", "room__name")
    )
    speakers = {}
    rows = []
    for s in sessions:
        assert s.slot is not None and s.room is not None  # the query keeps placed sessions only
        people = []
        for r in s.roles.all():
            p = r.speaker
            people.append({"id": p.pk, "role": r.role})
            speakers[p.pk] = {
                "id": p.pk,
                "name": p.name,
                "name_en": p.name_en,
                "title": p.title,
                "organisation": p.organisation,
                "bio": p.bio,
                "bio_en": p.bio_en,
                "photo": bool(p.photo),  # served by the public page's own route
            }
        start = s.slot.start_minutes
        rows.append(
            {
                "id": s.pk,
                "title": s.title,
                "title_en": s.title_en,
                "type": s.session_type,
                "kind": s.kind,
                "module": s.module.name if s.module else "",
                "module_en": (s.module.name_en or s.module.name) if s.module else "",
                "date": s.slot.date.isoformat(),
                "start": f"{start // 60:02d}:{start % 60:02d}",
                "end": f"{(start + s.duration) // 60:02d}:{(start + s.duration) % 60:02d}",
                "room": s.room.name,
                "room_id": s.room_id,
                "format": s.format,
                "languages": list(s.languages),
                "tags": list(s.tags),
                "description": s.description,
                "description_en": s.description_en,
                "people": people,
            }
        )
    return {
        "meeting": {
            "name": meeting.name,
            "theme": meeting.theme,
            "city": meeting.city,
            "timezone": meeting.timezone,
        },
        "sessions": rows,
        "speakers": {str(k): v for k, v in speakers.items()},
        "cells": {str(s.pk): [s.room_id, s.slot_id] for s in sessions},
    }


def _what_changed(old: dict, new: dict) -> dict[int, str]:
    """Session id → how it changed ("moved", "renamed", "cancelled") between two snapshots."""
    before = {s["id"]: s for s in old.get("sessions") or []}
    after = {s["id"]: s for s in new.get("sessions") or []}
    out = {}
    for pk, s in before.items():
        n = after.get(pk)
        if n is None:
            out[pk] = "cancelled"
        elif (s["date"], s["start"], s["end"], s["room"]) != (n["date"], n["start"], n["end"], n["room"]):
            out[pk] = "moved"
        elif s["title"] != n["title"] or s["title_en"] != n["title_en"]:
            out[pk] = "renamed"
    return out


@transaction.atomic
def publish(*, meeting, actor) -> dict[int, str]:
    """Publish the agenda as it stands; tell speakers and followers of every session that changed."""
    agenda = Agenda.objects.select_for_update().get(pk=agenda_of(meeting).pk)
    old = agenda.snapshot if agenda.published_at else {}
    new = snapshot(meeting)
    changes = _what_changed(old, new)
    agenda.snapshot, agenda.published_at, agenda.version = new, timezone.now(), agenda.version + 1
    agenda.save(update_fields=["snapshot", "published_at", "version"])
    log_action(
        "agenda.published",
        target=meeting,
        actor=actor,
        org=meeting.org,
        data={"version": agenda.version, "changed": len(changes)},
    )
    if changes:
        _tell_about_changes(agenda, old, new, changes, actor)
    emit(meeting.org_id, "agenda.published", {
        "meeting": {"id": meeting.pk, "name": meeting.name}, "version": agenda.version,
        "changed_sessions": sorted(changes), "public_url": settings.SITE_URL
        + reverse("agenda_public:agenda", kwargs={"token": agenda.public_token}),
    })  # fmt: skip
    return changes


def _describe(change: str, s: dict, n: dict | None) -> str:
    if change == "cancelled":
        return gettext("“%(t)s” (%(d)s %(s)s) is cancelled.") % {
            "t": s["title"],
            "d": s["date"],
            "s": s["start"],
        }
    assert n is not None  # only a cancellation has no new state
    if change == "moved":
        return gettext("“%(t)s” now takes place on %(d)s at %(s)s in %(r)s.") % {
            "t": n["title"],
            "d": n["date"],
            "s": n["start"],
            "r": n["room"],
        }
    return gettext("“%(old)s” is now called “%(t)s”.") % {"old": s["title"], "t": n["title"]}


def _tell_about_changes(agenda, old, new, changes, actor) -> None:
    meeting = agenda.meeting
    before = {s["id"]: s for s in old["sessions"]}
    after = {s["id"]: s for s in new["sessions"]}
    public = f"{settings.SITE_URL}{reverse('agenda_public:agenda', kwargs={'token': agenda.public_token})}"
    subject_lines: dict[str, list[str]] = {}  # e-mail → lines
    speakers = {p.pk: p for p in Speaker.objects.filter(meeting=meeting)}
    followers: dict[int, list[str]] = {}
    rows = Follower.objects.filter(agenda=agenda, sessions__pk__in=list(changes)).values_list(
        "sessions__pk", "email"
    )
    for pk, email in rows:
        followers.setdefault(pk, []).append(email)
    with translation.override(settings.LANGUAGE_CODE):
        for pk, change in changes.items():
            line = _describe(change, before[pk], after.get(pk))
            for person in before[pk]["people"]:
                p = speakers.get(person["id"])
                if p and p.email:
                    subject_lines.setdefault(p.email, []).append(line)
            for email in followers.get(pk, []):
                subject_lines.setdefault(email, []).append(line)
        subject = gettext("Agenda changed: %(m)s") % {"m": meeting.name}
    owners = {
        s.owner for s in Session.objects.filter(pk__in=changes, owner__isnull=False).select_related("owner")
    }
    for owner in owners:
        if owner != actor:
            notify(
                user=owner,
                org=meeting.org,
                title=subject,
                body=gettext("%(n)s sessions changed in the published agenda.") % {"n": len(changes)},
                url=reverse("agenda:grid", kwargs={"org": meeting.org.slug, "meeting": meeting.pk}),
            )

    def send():
        for email, lines in subject_lines.items():
            send_mail(subject, "\n".join([*lines, "", public]), None, [email], fail_silently=True)

    transaction.on_commit(send)


@transaction.atomic
def follow(*, agenda, email: str, session_ids: list[int]) -> Follower:
    """Save sessions for ``email`` (a person on the public page) and tell them of changes to those."""
    if not agenda.published_at:
        raise NotPublished()
    published = {s["id"] for s in agenda.snapshot.get("sessions") or []}
    chosen = [pk for pk in session_ids if pk in published]
    if not chosen:
        raise NoSessions()
    follower, _created = Follower.objects.get_or_create(agenda=agenda, email=email.strip().lower())
    follower.sessions.add(*Session.objects.filter(meeting=agenda.meeting, pk__in=chosen))
    return follower
