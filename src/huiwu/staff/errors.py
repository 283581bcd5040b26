"""What the staff commands refuse, each with a stable code (pages show the message at the field named in
``details["field"]``; the API sends ``{"code", "message", "details"}``)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    CERTIFICATE_DATES = "certificate_dates"
    DETAIL_REQUIRED = "certificate_detail_required"
    TRAINING_HOURS = "training_hours"
    TRAINING_AHEAD = "training_in_the_future"
    ON_STAFF = "already_on_staff"
    STALE = "staff_stale"


class CertificateDates(DomainError):
    """A certificate expiring on or before the day it was issued is a typo."""

    code = Code.CERTIFICATE_DATES
    status = 422
    default_message = _("A certificate expires after the day it was issued.")


class DetailRequired(DomainError):
    """A vendor certification names its vendor; a language certificate, the language."""

    code = Code.DETAIL_REQUIRED
    status = 422
    default_message = _("Name the vendor or the language of this certificate.")


class TrainingHours(DomainError):
    code = Code.TRAINING_HOURS
    status = 422
    default_message = _("Give the training's hours: more than 0 and at most 200.")


class TrainingAhead(DomainError):
    """Training is recorded once it was given: its hours count for the year it was taken."""

    code = Code.TRAINING_AHEAD
    status = 422
    default_message = _("Record a training once it has taken place.")


class OnStaff(Conflict):
    code = Code.ON_STAFF
    default_message = _("This member has a staff record already.")


class Stale(Conflict):
    code = Code.STALE
    default_message = _("Someone changed this record a moment ago: look at it again, then repeat.")
