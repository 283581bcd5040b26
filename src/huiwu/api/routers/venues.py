"""The venue catalogue and a meeting's venue: venues and rooms, holds and bookings (no double
booking), candidate venues scored on the five dimensions, the organisation's weights and the recorded
choice. Reads need VIEW, changes EDIT_MEETINGS, the weights MANAGE_ORG (as the pages)."""

from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require, scoped
from huiwu.orgs.enums import Perm
from huiwu.venues.models import Evaluation, Hold, Room, Venue
from huiwu.venues.selectors import scored_candidates
from huiwu.venues.services import availability, catalogue

from .. import lookups
from ..pagination import Pagination
from ..schemas.base import ErrorOut
from ..schemas.venues import (
    ChoiceIn,
    EvaluationIn,
    EvaluationOut,
    HoldIn,
    HoldOut,
    RoomIn,
    RoomOut,
    RoomPatch,
    VenueIn,
    VenueOut,
    VenuePatch,
    WeightsIO,
)

router = Router(tags=["venues"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _venue(request, venue_id: int, perm=Perm.VIEW) -> Venue:
    require(request.membership, perm)
    return get_scoped(Venue, request.org, pk=venue_id)


def _room(request, room_id: int, perm=Perm.VIEW) -> Room:
    require(request.membership, perm)
    return lookups.room(request, room_id)


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _set(changes: dict) -> dict:
    """A PATCH changes what it names; ``null`` clears only what may be empty."""
    nullable = {"airport_minutes", "rail_minutes", "ceiling_height"}
    return {k: v for k, v in changes.items() if v is not None or k in nullable}


# --- the catalogue ---


@router.get("/venues", response=list[VenueOut], summary="The venue catalogue")
@paginate(Pagination)
def list_venues(request, city: str = ""):
    require(request.membership, Perm.VIEW)
    rows = scoped(Venue, request.org)
    return rows.filter(city=city[:100]) if city else rows


@router.post("/venues", response={201: VenueOut, **ERRORS}, summary="Add a venue")
def add_venue(request, payload: VenueIn):
    require(request.membership, Perm.EDIT_MEETINGS)
    return Status(
        201,
        catalogue.save_venue(
            org=request.org, actor=request.user, data=catalogue.VenueInput(**payload.dict())
        ),
    )


@router.get("/venues/{venue_id}", response={200: VenueOut, **ERRORS})
def get_venue(request, venue_id: int):
    return _venue(request, venue_id)


@router.patch("/venues/{venue_id}", response={200: VenueOut, **ERRORS}, summary="Change a venue")
def change_venue(request, venue_id: int, payload: VenuePatch):
    venue = _venue(request, venue_id, Perm.EDIT_MEETINGS)
    data = catalogue.VenueInput.of(venue).but(**_set(payload.dict(exclude_unset=True)))
    return catalogue.save_venue(org=request.org, actor=request.user, venue=venue, data=data)


@router.get("/venues/{venue_id}/rooms", response={200: list[RoomOut], **ERRORS})
def list_rooms(request, venue_id: int):
    return list(_venue(request, venue_id).rooms.all())


@router.post("/venues/{venue_id}/rooms", response={201: RoomOut, **ERRORS}, summary="Add a room")
def add_room(request, venue_id: int, payload: RoomIn):
    venue = _venue(request, venue_id, Perm.EDIT_MEETINGS)
    return Status(
        201, catalogue.save_room(venue=venue, actor=request.user, data=catalogue.RoomInput(**payload.dict()))
    )


@router.get("/rooms/{room_id}", response={200: RoomOut, **ERRORS})
def get_room(request, room_id: int):
    return _room(request, room_id)


@router.patch("/rooms/{room_id}", response={200: RoomOut, **ERRORS}, summary="Change a room")
def change_room(request, room_id: int, payload: RoomPatch):
    room = _room(request, room_id, Perm.EDIT_MEETINGS)
    data = catalogue.RoomInput.of(room).but(**_set(payload.dict(exclude_unset=True)))
    return catalogue.save_room(venue=room.venue, actor=request.user, room=room, data=data)


@router.get("/rooms/{room_id}/holds", response={200: list[HoldOut], **ERRORS}, summary="The room's calendar")
def room_holds(request, room_id: int):
    room = _room(request, room_id)
    return list(Hold.objects.filter(room=room, meeting__org=request.org).order_by("start_date", "id"))


# --- a meeting's venue ---


@router.get("/meetings/{meeting_id}/holds", response={200: list[HoldOut], **ERRORS})
def meeting_holds(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    return list(Hold.objects.filter(meeting=meeting).order_by("start_date", "id"))


@router.post(
    "/meetings/{meeting_id}/holds",
    response={201: HoldOut, **ERRORS},
    summary="Hold or book a room for the meeting's days and build-up (a booked clash is a 409)",
)
def reserve(request, meeting_id: int, payload: HoldIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    room = _room(request, payload.room_id, Perm.EDIT_MEETINGS)
    hold = availability.reserve(room=room, meeting=meeting, kind=payload.kind, actor=request.user)
    return Status(201, hold)


@router.delete("/meetings/{meeting_id}/holds/{room_id}", response={204: None, **ERRORS}, summary="Release")
def release(request, meeting_id: int, room_id: int):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    room = _room(request, room_id, Perm.EDIT_MEETINGS)
    holds = list(Hold.objects.filter(room=room, meeting=meeting))
    if not holds:
        raise Http404
    for hold in holds:
        availability.release(hold=hold, actor=request.user)
    return Status(204, None)


def _evaluation_out(evaluation: Evaluation, score) -> dict:
    return {
        "id": evaluation.pk, "meeting_id": evaluation.meeting_id, "room_id": evaluation.room_id,
        "layout": evaluation.layout, "capacity": evaluation.room.capacity(evaluation.layout),
        "atmosphere_score": evaluation.atmosphere_score, "overtime_hours": evaluation.overtime_hours,
        "chosen": evaluation.chosen, "reason": evaluation.reason, "passes": score.passes,
        "total": score.total, "scores": score.scores,
        "explanations": {k: str(v) for k, v in score.explanations.items()},
    }  # fmt: skip


def _scored(meeting) -> list[dict]:
    weights = catalogue.weights_for(meeting.org)
    return [_evaluation_out(e, s) for e, s in scored_candidates(meeting, weights)]


@router.get(
    "/meetings/{meeting_id}/evaluations",
    response={200: list[EvaluationOut], **ERRORS},
    summary="Candidate venues scored on the five dimensions, best first",
)
def list_evaluations(request, meeting_id: int):
    return _scored(_meeting(request, meeting_id))


@router.post(
    "/meetings/{meeting_id}/evaluations", response={201: EvaluationOut, **ERRORS}, summary="Add a candidate"
)
def add_evaluation(request, meeting_id: int, payload: EvaluationIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    data = payload.dict()
    room = _room(request, data.pop("room_id"), Perm.EDIT_MEETINGS)
    candidate = catalogue.CandidateInput(room=room, **data)
    evaluation = catalogue.add_candidate(meeting=meeting, actor=request.user, data=candidate)
    return Status(201, next(e for e in _scored(meeting) if e["id"] == evaluation.pk))


@router.post(
    "/meetings/{meeting_id}/evaluations/{evaluation_id}/choose",
    response={200: EvaluationOut, **ERRORS},
    summary="Choose this venue, with the reason (a room failing the capacity rule cannot be chosen)",
)
def choose(request, meeting_id: int, evaluation_id: int, payload: ChoiceIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    evaluation = (
        Evaluation.objects.filter(meeting=meeting, pk=evaluation_id).select_related("meeting").first()
    )
    if evaluation is None:
        raise Http404
    catalogue.choose(evaluation=evaluation, actor=request.user, reason=payload.reason)
    return next(e for e in _scored(meeting) if e["id"] == evaluation.pk)


@router.get("/venue-weights", response={200: WeightsIO, **ERRORS}, summary="The five dimensions' weights, %")
def get_weights(request):
    require(request.membership, Perm.VIEW)
    return catalogue.weights_for(request.org)


@router.put("/venue-weights", response={200: WeightsIO, **ERRORS}, summary="Set the weights (sum 100)")
def set_weights(request, payload: WeightsIO):
    require(request.membership, Perm.MANAGE_ORG)
    return catalogue.set_weights(org=request.org, actor=request.user, weights=payload.dict())
