"""What this app's commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class DuplicateAttendee(DomainError):
    code = "duplicate_attendee"
    status = 409
    default_message = _("Someone with this mobile number or e-mail is already on this meeting's list.")


class DuplicateIdNumber(DuplicateAttendee):
    code = "duplicate_id_number"
    default_message = _("Someone with this ID card number is already on this meeting's list.")


class RegistrationClosed(DomainError):
    code = "registration_closed"
    default_message = _("Registration for this meeting is closed.")


class RegistrationFull(DomainError):
    code = "registration_full"
    default_message = _("All places are taken.")


class AlreadyReceived(DomainError):
    """A public registration for someone already on the list. The answer says nothing about who is
    on the list (anyone can type a mobile number): the person on file gets their link again."""

    code = "already_received"
    status = 200
    default_message = _(
        "Thank you, we have your registration. If you had registered before, your e-badge link has been "
        "sent again to the e-mail address you gave then."
    )


class TooManyRegistrations(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many registrations from this address: try again in an hour.")
