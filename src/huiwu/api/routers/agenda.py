"""The agenda of a meeting: read it with its rule problems, move a session, run the solver, publish."""

from django.http import Http404
from django.urls import reverse
from ninja import Router, Status

from huiwu.agenda import services
from huiwu.agenda.checks import room_capacity
from huiwu.agenda.models import Proposal, Session, Slot
from huiwu.agenda.selectors import checked_sessions, proposal_rows
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_job
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.venues.models import Room

from ..schemas.agenda import AgendaOut, MoveIn, ProposalOut, PublishOut, ScheduleIn, SessionOut
from ..schemas.base import ErrorOut
from ..schemas.jobs import JobOut

router = Router(tags=["agenda"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
DECIDE_ERRORS = {**ERRORS, 409: ErrorOut}


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
        "plenary": s.plenary,
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


def _proposal(request, meeting_id: int, proposal_id: int, perm=Perm.VIEW) -> Proposal:
    meeting = _meeting(request, meeting_id, perm)
    row = Proposal.objects.select_related("meeting").filter(pk=proposal_id, meeting=meeting).first()
    if row is None:
        raise Http404
    return row


def _proposal_out(row: Proposal) -> dict:
    rows, problems = proposal_rows(row)
    return {
        "id": row.pk,
        "status": row.status,
        "source": row.source,
        "objective": row.objective,
        "optimal": row.optimal,
        "moves": [
            {
                "session_id": r["session"].pk,
                "before_room_id": r["before"][0].pk if r["before"][0] else None,
                "before_slot_id": r["before"][1].pk if r["before"][1] else None,
                "room_id": r["after"][0].pk if r["after"][0] else None,
                "slot_id": r["after"][1].pk if r["after"][1] else None,
            }
            for r in rows
        ],
        "problems": [p.message for p in problems],
    }


@router.get(
    "/meetings/{meeting_id}/agenda/proposals/{proposal_id}",
    response={200: ProposalOut, **ERRORS},
    summary="A proposed agenda (the solver job's result): what would move",
)
def get_proposal(request, meeting_id: int, proposal_id: int):
    return _proposal_out(_proposal(request, meeting_id, proposal_id))


@router.post(
    "/meetings/{meeting_id}/agenda/proposals/{proposal_id}/apply",
    response={200: ProposalOut, **DECIDE_ERRORS},
    summary="Put a proposed agenda in place (409 when the agenda changed since)",
)
def apply_proposal(request, meeting_id: int, proposal_id: int):
    row = _proposal(request, meeting_id, proposal_id, Perm.EDIT_MEETINGS)
    services.apply_proposal(proposal=row, actor=request.user)
    row.refresh_from_db()
    return _proposal_out(row)


@router.post(
    "/meetings/{meeting_id}/agenda/proposals/{proposal_id}/undo",
    response={200: ProposalOut, **DECIDE_ERRORS},
    summary="Put back the sessions an applied proposal moved (409 when moved by hand since)",
)
def undo_proposal(request, meeting_id: int, proposal_id: int):
    row = _proposal(request, meeting_id, proposal_id, Perm.EDIT_MEETINGS)
    services.undo_proposal(proposal=row, actor=request.user)
    row.refresh_from_db()
    return _proposal_out(row)
