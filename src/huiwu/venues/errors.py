"""What venue commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    UNKNOWN_ROOM = "unknown_room"
    ROOM_TAKEN = "room_taken"
    ALREADY_CANDIDATE = "already_candidate"
    FAILS_CAPACITY_RULE = "fails_capacity_rule"
    REASON_REQUIRED = "reason_required"
    BAD_WEIGHTS = "bad_weights"


class RoomTaken(Conflict):
    code = Code.ROOM_TAKEN
    default_message = _("The room is already booked for another meeting on some of these days.")


class AlreadyCandidate(Conflict):
    code = Code.ALREADY_CANDIDATE
    default_message = _("This room in this layout is already a candidate.")


class FailsCapacityRule(DomainError):
    code = Code.FAILS_CAPACITY_RULE
    status = 422
    default_message = _(
        "This room is too small for the meeting: it fails the capacity rule (the attendance and its spare)."
    )


class ReasonRequired(DomainError):
    code = Code.REASON_REQUIRED
    status = 422
    default_message = _("Give a reason for the choice.")


class BadWeights(DomainError):
    code = Code.BAD_WEIGHTS
    status = 422
    default_message = _("Give a weight of 0 to 100 for each of the five dimensions, summing to 100.")


class UnknownRoom(DomainError):
    code = Code.UNKNOWN_ROOM
    status = 422
    default_message = _("Choose a room of this organisation's venues.")


def require_room_of(org_id: int, room, *, field: str = "room") -> None:
    """A candidate, a cue or a session names a room of one of the organisation's own venues."""
    if room is not None and room.venue.org_id != org_id:
        raise UnknownRoom(details={"field": field})
