"""What this app's commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class GateNotPassed(DomainError):
    code = "gate_not_passed"
    status = 409
    default_message = _("Some things are still missing. Give a reason to go ahead anyway.")


class InvalidStage(DomainError):
    code = "invalid_stage"
    status = 422
    default_message = _("A meeting moves one stage forward at a time, or back to any earlier stage.")


class SurveyClosed(DomainError):
    code = "survey_closed"
    status = 410
    default_message = _("This questionnaire is closed. Thank you for your interest.")


class TooManyAnswers(DomainError):
    code = "too_many_answers"
    status = 429
    default_message = _("Too many answers from your network. Please try again in an hour.")


class StaleMeeting(Conflict):
    code = "stale_version"
    default_message = _("Someone changed this meeting a moment ago: reload it, then make your change again.")


class WaitingForDependencies(Conflict):
    code = "waiting_for_dependencies"
    default_message = _("This task waits for other tasks that are not finished yet.")


class DependencyCycle(DomainError):
    code = "dependency_cycle"
    status = 422
    default_message = _("These dependencies go round in a circle. A task cannot wait for itself.")


class NoSuchItem(DomainError):
    code = "no_such_item"
    default_message = _("There is no such checklist item.")


class EmptyComment(DomainError):
    code = "empty_comment"
    status = 422
    default_message = _("Write something first.")


class MeetingArchived(Conflict):
    code = "meeting_archived"
    default_message = _("The meeting is archived: its records are read-only.")
