"""What the live interaction refuses, each with a stable code. A refused vote changes nothing."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError, Forbidden


class Code(StrEnum):
    NOT_ALLOWED = "interaction_not_allowed"
    ROOM = "interaction_room"
    POLL_INVALID = "interaction_poll_invalid"
    POLL_CLOSED = "interaction_poll_closed"
    POLL_STATE = "interaction_poll_state"
    CHOICE = "interaction_choice"
    VOTED = "interaction_voted"
    PARTICIPANT = "interaction_participant"
    FLOOD = "interaction_flood"
    STALE = "interaction_stale"
    BUSY = "interaction_busy"


class NotAllowed(Forbidden):
    code = Code.NOT_ALLOWED
    default_message = _("Only the meeting's planners run its live interaction.")


class RoomInvalid(DomainError):
    code = Code.ROOM
    status = 422
    default_message = _("The live interaction's settings are not valid.")


class PollInvalid(DomainError):
    code = Code.POLL_INVALID
    status = 422
    default_message = _("The poll is not complete.")


class PollClosed(Conflict):
    code = Code.POLL_CLOSED
    default_message = _("This poll is not open for votes.")


class PollState(Conflict):
    code = Code.POLL_STATE
    default_message = _("The poll cannot do that in its present state.")


class ChoiceInvalid(DomainError):
    code = Code.CHOICE
    status = 422
    default_message = _("That is not one of the poll's answers.")


class Voted(Conflict):
    code = Code.VOTED
    default_message = _("You have already voted in this poll.")


class ParticipantInvalid(DomainError):
    code = Code.PARTICIPANT
    status = 403
    default_message = _("Join the meeting's interaction first (scan its QR code or enter its code).")


class Flood(DomainError):
    code = Code.FLOOD
    status = 429
    default_message = _("Too many votes in a short time. Wait a moment and try again.")


class Stale(Conflict):
    code = Code.STALE
    default_message = _("Someone changed this in the meantime. Reload and try again.")


class Busy(DomainError):
    code = Code.BUSY
    status = 503
    default_message = _("Votes are arriving faster than they can be kept. Try again in a moment.")


class PrizeInvalid(DomainError):
    code = "interaction_prize_invalid"
    status = 422
    default_message = _("The prize is not complete.")


class PoolEmpty(Conflict):
    code = "interaction_pool_empty"
    default_message = _("Nobody may win this prize yet: no one in its pool.")


class PoolChanged(Conflict):
    code = "interaction_pool_changed"
    default_message = _("The frozen pool no longer matches its published hash: the draw is refused.")


class AlreadyDrawn(Conflict):
    code = "interaction_already_drawn"
    default_message = _("This prize has been drawn already.")


class NotFrozen(Conflict):
    code = "interaction_not_frozen"
    default_message = _("Freeze the pool and commit the seed before drawing.")


class NoOneLeft(Conflict):
    code = "interaction_no_one_left"
    default_message = _("Everyone in the pool has been drawn: nobody is left to draw again.")


class WinnerDecided(Conflict):
    code = "interaction_winner_decided"
    default_message = _("This winner has already been confirmed or drawn again.")


class QuestionInvalid(DomainError):
    code = "interaction_question_invalid"
    status = 422
    default_message = _("The question is not valid.")
