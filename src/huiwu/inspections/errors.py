"""What inspection commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class Code(StrEnum):
    VALUE_REQUIRED = "inspection_value_required"
    ANSWER_REQUIRED = "inspection_answer_required"
    UNIT_MISMATCH = "inspection_unit_mismatch"
    STALE = "inspection_stale"
    TOO_MANY_PHOTOS = "inspection_too_many_photos"


class ValueRequired(DomainError):
    """A measured item needs its number."""

    code = Code.VALUE_REQUIRED
    status = 422
    default_message = _("Enter the measured value, a number.")


class AnswerRequired(DomainError):
    code = Code.ANSWER_REQUIRED
    status = 422
    default_message = _("Answer yes or no.")


class UnitMismatch(DomainError):
    """A value is recorded in the unit of its rule."""

    code = Code.UNIT_MISMATCH
    status = 422
    default_message = _("Measure in the unit of the standard.")


class Stale(DomainError):
    code = Code.STALE
    status = 409
    default_message = _("Someone checked this item in the meantime: reload and check again.")


class TooManyPhotos(DomainError):
    code = Code.TOO_MANY_PHOTOS
    status = 422
    default_message = _("At most six photos per item.")
