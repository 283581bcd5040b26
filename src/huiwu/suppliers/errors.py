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
    WRONG_CATEGORY = "supplier_wrong_category"
    CANDIDATE = "supplier_already_candidate"
    PRICE = "supplier_quote_price"
    QUOTE_DATES = "supplier_quote_dates"
    QUOTE_LINES = "supplier_quote_lines"
    QUOTE_ANSWERED = "supplier_quote_answered"
    NOT_READY = "supplier_not_ready_to_choose"
    CHOSEN = "supplier_chosen_not_backup"
    PORTAL_ALREADY = "supplier_portal_already"
    REPORT_EMPTY = "supplier_report_empty"


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


class WrongCategory(DomainError):
    code = Code.WRONG_CATEGORY
    status = 422
    default_message = _("This supplier does not deliver what the need asks.")


class AlreadyCandidate(Conflict):
    code = Code.CANDIDATE
    default_message = _("This supplier is a candidate for this need already.")


class Price(DomainError):
    """A unit price is money: not negative, at most two decimals (fen)."""

    code = Code.PRICE
    status = 422
    default_message = _("Give every unit price in yuan, 0 or more, with at most two decimals.")


class QuoteDates(DomainError):
    code = Code.QUOTE_DATES
    status = 422
    default_message = _("A quote is issued on a past day and valid until that day or later.")


class QuoteLines(DomainError):
    code = Code.QUOTE_LINES
    status = 422
    default_message = _("List what is asked: each line an item and a quantity above 0 (at most 200 lines).")


class QuoteAnswered(Conflict):
    code = Code.QUOTE_ANSWERED
    default_message = _("This quote has been answered already: request a new one.")


class NotReady(DomainError):
    """A supplier is chosen once its qualification review is complete, its on-site trial passed (or
    marked not needed, with the reason), a quote answered and still valid, with the reason of the choice."""

    code = Code.NOT_READY
    status = 422
    default_message = _("Not ready to be chosen: %(missing)s.")

    def __init__(self, missing: list[str]):
        super().__init__(
            _("Not ready to be chosen: %(missing)s.") % {"missing": "; ".join(missing)},
            details={"missing": missing},
        )


class ChosenNotBackup(Conflict):
    code = Code.CHOSEN
    default_message = _("The chosen supplier cannot be its own backup: choose another candidate.")


class PortalAlready(Conflict):
    code = Code.PORTAL_ALREADY
    default_message = _("This person can already sign in to the portal for this supplier.")


class ReportEmpty(DomainError):
    code = Code.REPORT_EMPTY
    status = 422
    default_message = _("Say in a few words what the problem or the status is.")
