"""The agenda of a meeting: read it with its rule problems, move a session, run the solver, publish."""

from django.http import Http404
from django.urls import reverse
from ninja import Router, Status

from huiwu.agenda import services
from huiwu.agenda.checks import room_capacity
from huiwu.agenda.models import Session, Slot
from huiwu.agenda.selectors import checked_sessions
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_job
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.venues.models import Room

from ..schemas.agenda import AgendaOut, MoveIn, PublishOut, ScheduleIn, SessionOut
from ..schemas.base import ErrorOut
from ..schemas.jobs import JobOut

router = Router(tags=["agenda"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _session_out(s: Session) -> dict:
    return {
        "id": s.pk,
        "title": s.title,
        "title_en": s.title_en,
        "session_type": s.session_type,
        "kind": s.kind,
        "duration": s.duration,
        "audience": s.audience,
        "room_id": s.room_id,
        "slot_id": s.slot_id,
        "pinned": s.pinned,
        "tags": list(s.tags),
        "speaker_ids": [r.speaker_id for r in s.roles.all()],
    }


@router.get(
    "/meetings/{meeting_id}/agenda",
    response={200: AgendaOut, **ERRORS},
    summary="The agenda and its rule checks",
)
def get_agenda(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    agenda = services.agenda_of(meeting)
    sessions, problems = checked_sessions(meeting, agenda)
    public = (
        reverse("agenda_public:agenda", kwargs={"token": agenda.public_token})
        if agenda.published_at
        else None
    )
    return {
        "published_at": agenda.published_at,
        "version": agenda.version,
        "public_url": public,
        "rooms": [
            {"id": r.pk, "name": r.name, "capacity": room_capacity(r)} for r in services.venue_rooms(meeting)
        ],
        "slots": [
            {"id": t.pk, "date": t.date, "start": t.start.strftime("%H:%M"), "duration": t.duration}
            for t in Slot.objects.filter(meeting=meeting)
        ],
        "sessions": [_session_out(s) for s in sorted(sessions, key=lambda s: s.pk)],
        "problems": [
            {"code": p.code, "message": p.message, "sessions": sorted(p.sessions)} for p in problems
        ],
    }


@router.post(
    "/meetings/{meeting_id}/agenda/sessions/{session_id}/move",
    response={200: SessionOut, **ERRORS},
    summary="Move a session into a (room, slot) cell, or back to the tray with both null",
)
def move_session(request, meeting_id: int, session_id: int, payload: MoveIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    session = Session.objects.filter(meeting=meeting, pk=session_id).first()
    if session is None:
        raise Http404
    room = slot = None
    if payload.room_id is not None:
        room = Room.objects.filter(pk=payload.room_id, venue__org=request.org).first()
        if room is None:
            raise Http404
    if payload.slot_id is not None:
        slot = Slot.objects.filter(pk=payload.slot_id, meeting=meeting).first()
        if slot is None:
            raise Http404
    moved = services.move_session(session=session, actor=request.user, room=room, slot=slot)
    return _session_out(Session.objects.prefetch_related("roles").get(pk=moved.pk))


@router.post(
    "/meetings/{meeting_id}/agenda/schedule",
    response={202: JobOut, **ERRORS},
    summary="Run the solver as a background job (follow it at /jobs/{id})",
)
def schedule(request, meeting_id: int, payload: ScheduleIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    job = start_job(
        membership=request.membership,
        kind="agenda_schedule",
        params={"meeting": meeting.pk, "replan_all": payload.replan_all, "time_limit": payload.time_limit},
    )
    return Status(202, job)


@router.post(
    "/meetings/{meeting_id}/agenda/publish",
    response={200: PublishOut, **ERRORS},
    summary="Publish the agenda",
)
def publish(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    changes = services.publish(meeting=meeting, actor=request.user)
    return {"version": services.agenda_of(meeting).version, "changed_sessions": sorted(changes)}
