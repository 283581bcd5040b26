"""What the supplier commands refuse, each with a stable code (pages show the message at the field named
in ``details["field"]``; the API sends ``{"code", "message", "details"}``)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    CREDIT_CODE = "supplier_credit_code_invalid"
    DUPLICATE = "supplier_duplicate"
    CATEGORY = "supplier_category_required"
    CASE_AHEAD = "supplier_case_in_the_future"
    DOCUMENT_DATES = "supplier_document_dates"
    FAILURE_CASE = "supplier_failure_case"
    RATING_EARLY = "supplier_rating_before_meeting"
    RATING_SCORES = "supplier_rating_scores"
    RATED = "supplier_already_rated"
    WEIGHTS = "supplier_weights"
    REASON = "supplier_reason_required"
    BLACKLISTED = "supplier_blacklisted"
    STALE = "supplier_stale"


class CreditCodeInvalid(DomainError):
    """Not 18 characters of the code's alphabet, or the check character does not match (a typo)."""

    code = Code.CREDIT_CODE
    status = 422
    default_message = _(
        "This is not a valid unified social credit code: 18 characters, the last one a check character."
    )


class Duplicate(Conflict):
    code = Code.DUPLICATE
    default_message = _("A supplier with this unified social credit code is on record already.")


class CategoryRequired(DomainError):
    code = Code.CATEGORY
    status = 422
    default_message = _("Choose at least one category the supplier delivers.")


class CaseAhead(DomainError):
    code = Code.CASE_AHEAD
    status = 422
    default_message = _("A case is a meeting already served: its year cannot be in the future.")


class DocumentDates(DomainError):
    code = Code.DOCUMENT_DATES
    status = 422
    default_message = _("A document expires after the day it was issued, and was issued on a past day.")


class FailureCase(DomainError):
    code = Code.FAILURE_CASE
    status = 422
    default_message = _("Choose one of this supplier's cases, or none.")


class RatingEarly(DomainError):
    code = Code.RATING_EARLY
    status = 422
    default_message = _("A supplier is rated once the meeting has taken place.")


class RatingScores(DomainError):
    code = Code.RATING_SCORES
    status = 422
    default_message = _("Rate every dimension with a whole number from 1 to 5.")


class Rated(Conflict):
    code = Code.RATED
    default_message = _("This supplier has been rated for this meeting already.")


class Weights(DomainError):
    code = Code.WEIGHTS
    status = 422
    default_message = _("Give every dimension a whole percentage; together they make 100.")


class ReasonRequired(DomainError):
    code = Code.REASON
    status = 422
    default_message = _("Give the reason: it is kept in the audit trail.")


class Blacklisted(Conflict):
    code = Code.BLACKLISTED
    default_message = _("This supplier is blacklisted.")


class Stale(Conflict):
    code = Code.STALE
    default_message = _("Someone changed this supplier a moment ago: look at it again, then repeat.")
