"""What standards commands refuse, each with a stable code (pages show the message, the API sends
``{"code", "message", "details"}``); ``details["field"]`` names the field at fault."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError, NotFound


class Code(StrEnum):
    STALE = "standard_stale"
    UNKNOWN = "standard_unknown"
    BAD_RANGE = "standard_bad_range"
    FIGURE_MISSING = "standard_figure_missing"
    FIGURE_INVALID = "standard_figure_invalid"
    UNIT = "standard_unit"
    VARIANT = "standard_variant"
    REASON = "standard_reason_required"
    NO_OVERRIDE = "standard_no_override"
    COLOUR = "standard_colour_invalid"
    BELOW_STANDARD = "visual_below_standard"


class Stale(Conflict):
    """An edit made on an older version of the rule: refused, nothing changed."""

    code = Code.STALE
    default_message = _("Someone changed this standard a moment ago: look at it again, then repeat.")


class UnknownStandard(NotFound):
    code = Code.UNKNOWN
    default_message = _("There is no such standard in the catalogue.")


class BadRange(DomainError):
    code = Code.BAD_RANGE
    status = 422
    default_message = _("The minimum is above the maximum.")


class FigureMissing(DomainError):
    code = Code.FIGURE_MISSING
    status = 422
    default_message = _("This kind of standard needs its figure.")


class FigureInvalid(DomainError):
    code = Code.FIGURE_INVALID
    status = 422
    default_message = _("Enter a number.")


class UnitMismatch(DomainError):
    code = Code.UNIT
    status = 422
    default_message = _("This unit does not measure what the standard measures.")


class UnknownVariant(DomainError):
    code = Code.VARIANT
    status = 422
    default_message = _("The source documents give no such variant of this standard.")


class ReasonRequired(DomainError):
    code = Code.REASON
    status = 422
    default_message = _("Say why the standard changes (kept in its history).")


class NoOverride(NotFound):
    code = Code.NO_OVERRIDE
    default_message = _("This meeting has no figure of its own for this standard.")


class ColourInvalid(DomainError):
    code = Code.COLOUR
    status = 422
    default_message = _("A colour like #1d4ed8.")


class BelowStandard(DomainError):
    """The visual identity (or a badge) falls short of the standards: each failure named in ``details``."""

    code = Code.BELOW_STANDARD
    status = 422
    default_message = _("This does not meet the service standards.")
