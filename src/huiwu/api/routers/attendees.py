"""Attendees of a meeting: list (masked), add, change, see personal data in full (audited),
change the status, re-issue the badge."""

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from huiwu.attendees import services
from huiwu.attendees.models import Attendee
from huiwu.attendees.selectors import filtered
from huiwu.attendees.validation import (
    clean_name,
    clean_text,
    display_mobile,
    normalise_email,
    normalise_id_number,
    normalise_mobile,
    normalise_travel_number,
    travel_mode,
)
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..pagination import Pagination
from ..schemas.attendees import AttendeeIn, AttendeeOut, AttendeePatch, RevealIn, RevealOut, StatusIn
from ..schemas.base import ErrorOut

router = Router(tags=["attendees"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
TEXT_LIMITS = {
    "organisation": 200,
    "title": 100,
    "custom_category": 40,
    "allergies": 200,
    "diet_note": 200,
    "accessibility": 200,
    "hotel": 200,
    "table_number": 20,
}


class AttendeeFilters(Schema):
    q: str = ""
    category: str = ""
    status: str = ""
    rsvp: str = ""
    tag: str = ""


def _out(a: Attendee) -> dict:
    return {
        **{
            f: getattr(a, f)
            for f in AttendeeOut.model_fields
            if hasattr(a, f) and f not in ("mobile_masked",)
        },
        "mobile_masked": services.masked(a, "mobile"),
        "email_masked": services.masked(a, "email"),
        "id_number_masked": services.masked(a, "id_number"),
        "e_badge": reverse("attendees_public:badge", kwargs={"token": a.token}),
    }


def _clean(data: dict) -> dict:
    """The same checks as the pages and the import; a problem is a 422 naming the field."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for field, value in data.items():
        try:
            if field == "name":
                out[field] = clean_name(value)
            elif field == "mobile":
                out[field] = normalise_mobile(value)
            elif field == "email":
                out[field] = normalise_email(value)
            elif field == "id_number":
                out[field] = normalise_id_number(value)
            elif field in ("arrival_number", "departure_number"):
                out[field] = normalise_travel_number(value)
                out[field.replace("_number", "_mode")] = travel_mode(out[field])
            elif field in TEXT_LIMITS:
                out[field] = clean_text(value, max_length=TEXT_LIMITS[field])
            elif field == "tags":
                out[field] = list(
                    dict.fromkeys(t for t in (clean_text(t, max_length=30) for t in value) if t)
                )
            elif field in ("diets", "services"):
                out[field] = list(dict.fromkeys(value))
            else:
                out[field] = value
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return out


@router.get("/meetings/{meeting_id}/attendees", response=list[AttendeeOut], summary="Attendees (masked)")
@paginate(Pagination)
def list_attendees(request, meeting_id: int, filters: Query[AttendeeFilters]):
    require(request.membership, Perm.VIEW)
    meeting = get_scoped(Meeting, request.org, pk=meeting_id)
    return [_out(a) for a in filtered(meeting, filters.dict()).order_by("name", "id")]


@router.post("/meetings/{meeting_id}/attendees", response={201: AttendeeOut, **ERRORS})
def create_attendee(request, meeting_id: int, payload: AttendeeIn):
    require(request.membership, Perm.EDIT_MEETINGS)
    meeting = get_scoped(Meeting, request.org, pk=meeting_id)
    data = _clean(payload.dict())
    attendee = services.save_attendee(
        meeting=meeting, actor=request.user, data=services.AttendeeInput(**data)
    )
    return Status(201, _out(attendee))


@router.get("/attendees/{attendee_id}", response={200: AttendeeOut, **ERRORS})
def get_attendee(request, attendee_id: int):
    require(request.membership, Perm.VIEW)
    return _out(get_scoped(Attendee, request.org, pk=attendee_id))


@router.patch("/attendees/{attendee_id}", response={200: AttendeeOut, **ERRORS})
def update_attendee(request, attendee_id: int, payload: AttendeePatch):
    require(request.membership, Perm.EDIT_MEETINGS)
    attendee = get_scoped(Attendee.objects.select_related("meeting"), request.org, pk=attendee_id)
    data = _clean({k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None})
    attendee = services.save_attendee(
        meeting=attendee.meeting,
        actor=request.user,
        data=services.AttendeeInput.of(attendee).but(**data),
        attendee=attendee,
    )
    return _out(attendee)


@router.post(
    "/attendees/{attendee_id}/reveal",
    response={200: RevealOut, **ERRORS},
    summary="One personal field in full (audited)",
)
def reveal(request, attendee_id: int, payload: RevealIn):
    require(request.membership, Perm.VIEW_PERSONAL)
    attendee = get_scoped(Attendee, request.org, pk=attendee_id)
    value = services.reveal(attendee=attendee, membership=request.membership, field=payload.field)
    return {"field": payload.field, "value": display_mobile(value) if payload.field == "mobile" else value}


@router.post("/attendees/{attendee_id}/status", response={200: AttendeeOut, **ERRORS})
def set_status(request, attendee_id: int, payload: StatusIn):
    require(request.membership, Perm.EDIT_MEETINGS)
    attendee = get_scoped(Attendee, request.org, pk=attendee_id)
    return _out(services.set_status(attendee=attendee, status=payload.status, actor=request.user))


@router.post("/attendees/{attendee_id}/badge/reissue", response={200: AttendeeOut, **ERRORS})
def reissue_badge(request, attendee_id: int):
    require(request.membership, Perm.EDIT_MEETINGS)
    attendee = get_scoped(Attendee, request.org, pk=attendee_id)
    return _out(services.reissue_badge(attendee=attendee, actor=request.user))
