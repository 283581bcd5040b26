"""What agenda commands refuse, each with a stable code (pages show the message, the API sends
``{"code", "message", "details"}``)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    SLOT_DAY = "slot_day"
    SLOT_END = "slot_end"
    SLOT_OVERLAP = "slot_overlap"
    BAD_SLOT = "bad_slot"
    BAD_ROOM = "bad_room"
    BAD_SPEAKER = "bad_speaker"
    BAD_MODULE = "bad_module"
    HALF_CELL = "half_cell"
    BREAKS_RULES = "breaks_rules"
    STALE = "stale"
    DECIDED = "decided"
    NOT_APPLIED = "not_applied"
    NOT_PUBLISHED = "not_published"
    NO_SESSIONS = "no_sessions"


class SlotDay(DomainError):
    code = Code.SLOT_DAY
    default_message = _("The day must be one of the meeting's days.")


class SlotEnd(DomainError):
    code = Code.SLOT_END
    default_message = _("A slot must end on the same day.")


class SlotOverlap(DomainError):
    code = Code.SLOT_OVERLAP
    default_message = _("The slots of a day must not overlap.")


class BadSlot(DomainError):
    code = Code.BAD_SLOT
    default_message = _("That slot belongs to another meeting.")


class BadRoom(DomainError):
    code = Code.BAD_ROOM
    default_message = _("That room is not in the chosen venue.")


class BadSpeaker(DomainError):
    code = Code.BAD_SPEAKER
    default_message = _("That speaker belongs to another meeting.")


class BadModule(DomainError):
    code = Code.BAD_MODULE
    default_message = _("That module belongs to another meeting.")


class HalfCell(DomainError):
    code = Code.HALF_CELL
    default_message = _("Choose both a room and a slot, or neither.")


class BreaksRules(DomainError):
    code = Code.BREAKS_RULES
    default_message = _("The agenda breaks its rules; nothing was changed.")


class StaleAgenda(Conflict):
    code = Code.STALE
    default_message = _("The agenda changed since; run the solver again.")


class AlreadyDecided(Conflict):
    code = Code.DECIDED
    default_message = _("This proposal was already decided.")


class NotApplied(Conflict):
    code = Code.NOT_APPLIED
    default_message = _("Only an applied proposal can be undone.")


class NotPublished(DomainError):
    code = Code.NOT_PUBLISHED
    default_message = _("This agenda is not published.")


class NoSessions(DomainError):
    code = Code.NO_SESSIONS
    default_message = _("Save at least one session of this agenda first.")
