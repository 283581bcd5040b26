"""What the wrap-up commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError, Forbidden


class ActualInvalid(DomainError):
    code = "wrapup_actual_invalid"
    status = 422
    default_message = _("Give the actual as a number of at most two decimals, not negative.")


class UnitMismatch(DomainError):
    code = "wrapup_unit_mismatch"
    status = 422
    default_message = _("The actual is in another unit than the KPI's.")


class Stale(Conflict):
    code = "wrapup_stale"
    default_message = _("Someone changed this since you opened it: reload it and try again.")


class CountInvalid(DomainError):
    code = "wrapup_count_invalid"
    status = 422
    default_message = _("The count cannot be saved as it is.")


class NotAllowed(Forbidden):
    code = "wrapup_not_allowed"
    default_message = _("The wrap-up is done by the meeting's planners and project manager.")


class NotEnded(DomainError):
    code = "wrapup_not_ended"
    status = 409
    default_message = _("The meeting has not ended yet.")


class ReportInvalid(DomainError):
    code = "wrapup_report_invalid"
    status = 422
    default_message = _("The summary report cannot be saved as it is.")


class ReportAccepted(Conflict):
    code = "wrapup_report_accepted"
    default_message = _("The client accepted the summary report: it is no longer changed.")


class FollowUpInvalid(DomainError):
    code = "wrapup_follow_up_invalid"
    status = 422
    default_message = _("The follow-up cannot be saved as it is.")


class RetroInvalid(DomainError):
    code = "wrapup_retro_invalid"
    status = 422
    default_message = _("The retrospective cannot be saved as it is.")


class LessonDecided(Conflict):
    code = "wrapup_lesson_decided"
    default_message = _("This lesson was decided already.")


class NotOwner(Forbidden):
    code = "wrapup_not_owner"
    default_message = _(
        "Only those who may change the organisation's standards and playbook decide on a lesson."
    )


class AlreadyErased(Conflict):
    code = "wrapup_already_erased"
    default_message = _("This person's data was erased already.")


class NotPersonal(Forbidden):
    code = "wrapup_not_personal"
    default_message = _(
        "Only those who may see personal data handle a person's request "
        "(erasing: also manage the organisation)."
    )


class PersonInvalid(DomainError):
    code = "wrapup_person_invalid"
    status = 422
    default_message = _("Give the person's mobile number, e-mail address or ID number.")
