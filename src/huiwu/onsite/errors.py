"""What on-site commands refuse, each with a stable code (pages show the message, the API sends
``{"code", "message", "details"}``)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    STALE = "stale"
    INCIDENT_CLOSED = "incident_closed"
    INCIDENT_RESOLVED = "incident_resolved"
    NOT_RESOLVED = "incident_not_resolved"
    CAUSE_REQUIRED = "cause_required"
    INCIDENT_INCOMPLETE = "incident_incomplete"
    BUSY = "incident_number_busy"
    PLAN_OF_ANOTHER_MEETING = "plan_of_another_meeting"
    UPDATE_EMPTY = "update_empty"
    CUE_TIMES = "cue_times"
    CUE_TRANSITION = "cue_transition"
    CHECKLIST_SIGNED = "checklist_signed"
    CHECKLIST_ITEM = "checklist_item"
    CHECKLIST_INCOMPLETE = "checklist_incomplete"
    UNQUALIFIED = "post_unqualified"
    REASON_REQUIRED = "post_reason_required"
    SHEET_NO_DUTIES = "sheet_no_duties"
    SHEET_NO_CUES = "sheet_no_cues"
    SHEET_EMPTY = "sheet_empty"
    SHEET_UNCHANGED = "sheet_unchanged"
    SHEET_OUTDATED = "sheet_outdated"
    SHEET_NOT_YOURS = "sheet_not_yours"
    SHEET_LINE = "sheet_line"


class Stale(Conflict):
    """A change based on a version someone changed since (a cue, a checklist): refused, nothing lost."""

    code = Code.STALE
    default_message = _("Someone changed this a moment ago: look at it again, then repeat.")


class IncidentClosed(Conflict):
    code = Code.INCIDENT_CLOSED
    default_message = _("This incident is closed: its record can no longer change.")


class IncidentResolved(Conflict):
    code = Code.INCIDENT_RESOLVED
    default_message = _("This incident is resolved already.")


class NotResolved(Conflict):
    code = Code.NOT_RESOLVED
    default_message = _("Resolve the incident before closing it.")


class CauseRequired(DomainError):
    code = Code.CAUSE_REQUIRED
    status = 422
    default_message = _("A major incident is closed with its cause (for the Major Incident Report).")


class IncidentIncomplete(DomainError):
    """A report without a tier, a category or a title anyone can act on."""

    code = Code.INCIDENT_INCOMPLETE
    status = 422
    default_message = _("Say in a few words what happened.")


class NumberBusy(Conflict):
    code = Code.BUSY
    default_message = _("Too many reports at once: send it again.")


class PlanOfAnotherMeeting(DomainError):
    code = Code.PLAN_OF_ANOTHER_MEETING
    status = 422
    default_message = _("Choose a contingency plan of this meeting.")


class UpdateEmpty(DomainError):
    code = Code.UPDATE_EMPTY
    status = 422
    default_message = _("Write the update.")


class CueTimes(DomainError):
    code = Code.CUE_TIMES
    status = 422
    default_message = _("Give the start and the end.")


class CueTransition(DomainError):
    code = Code.CUE_TRANSITION
    status = 422
    default_message = _("A cue cannot change to this status.")


class ChecklistSigned(Conflict):
    code = Code.CHECKLIST_SIGNED
    default_message = _("This checklist is signed off: it can no longer change.")


class ChecklistItem(DomainError):
    code = Code.CHECKLIST_ITEM
    status = 422
    default_message = _("No such item.")


class ChecklistIncomplete(DomainError):
    code = Code.CHECKLIST_INCOMPLETE
    status = 422
    default_message = _("Tick every item before signing off.")


class Unqualified(DomainError):
    """Someone lacks the post's qualifications and the organisation refuses it
    (``personnel.refuse_unqualified``); ``details["missing"]`` names each item."""

    code = Code.UNQUALIFIED
    status = 422
    default_message = _("This person lacks what the post requires.")

    def __init__(self, *, who: str, missing: list, field: str):
        words = {"who": who, "missing": "; ".join(m.text for m in missing)}
        super().__init__(
            _("%(who)s lacks what this post requires: %(missing)s.") % words,
            details={"field": field, "missing": [{"key": m.key, "text": m.text} for m in missing]},
        )


class ReasonRequired(DomainError):
    """The organisation allows an unqualified assignment with a reason, and none was given."""

    code = Code.REASON_REQUIRED
    status = 422
    default_message = _("Give the reason to assign someone without the post's qualifications.")

    def __init__(self, *, who: str, missing: list):
        words = {"who": who, "missing": "; ".join(m.text for m in missing)}
        super().__init__(
            _("%(who)s lacks what this post requires (%(missing)s): give the reason to assign them anyway.")
            % words,
            details={
                "field": "unqualified_reason",
                "missing": [{"key": m.key, "text": m.text} for m in missing],
            },
        )


class SheetNoDuties(DomainError):
    code = Code.SHEET_NO_DUTIES
    status = 422
    default_message = _(
        "No supplier has a duty at this meeting yet: set the responsibility split at the kickoff."
    )


class SheetNoCues(DomainError):
    code = Code.SHEET_NO_CUES
    status = 422
    default_message = _("The run-of-show has no cues yet: build it from the agenda first.")


class SheetEmpty(DomainError):
    code = Code.SHEET_EMPTY
    status = 422
    default_message = _("The run sheet has no lines to publish.")


class SheetUnchanged(Conflict):
    code = Code.SHEET_UNCHANGED
    default_message = _("Nothing changed since the version last published.")


class SheetOutdated(Conflict):
    """An acknowledgement of a version a newer one replaced."""

    code = Code.SHEET_OUTDATED
    default_message = _("A newer version of the run sheet was published: read it, then acknowledge it.")


class SheetNotYours(DomainError):
    """A supplier acknowledging a version it has no part in."""

    code = Code.SHEET_NOT_YOURS
    status = 404
    default_message = _("This run sheet has no part for your company.")


class SheetLineInvalid(DomainError):
    code = Code.SHEET_LINE
    status = 422
    default_message = _("Check the line.")
