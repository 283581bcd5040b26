"""What the budget commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError, Forbidden


class Code(StrEnum):
    SHARES = "budget_shares"
    AMOUNT = "budget_amount"
    CURRENCY = "budget_currency"
    STALE = "budget_stale"
    EXISTS = "budget_exists"
    LINE = "budget_line"
    NOT_ALLOWED = "budget_not_allowed"
    REVIEW_OPEN = "budget_review_open"
    REVIEW_CLOSED = "budget_review_closed"
    DECISION = "budget_decision"
    DECIDED = "budget_decided"
    UNDECIDED = "budget_undecided"
    REVISION = "budget_revision"
    REVISION_PENDING = "budget_revision_pending"
    SCENARIO = "budget_scenario"


class SharesInvalid(DomainError):
    code = Code.SHARES
    status = 422
    default_message = _("The categories' shares must add up to 100%, each with two decimals at most.")


class AmountInvalid(DomainError):
    code = Code.AMOUNT
    status = 422
    default_message = _(
        "Give an amount in yuan with two decimals at most, below a trillion; negative only on a credit line."
    )


class CurrencyInvalid(DomainError):
    code = Code.CURRENCY
    status = 422
    default_message = _("A budget in another currency than the yuan needs its rate to the yuan.")


class Stale(Conflict):
    code = Code.STALE
    default_message = _("Someone saved this a moment ago: look at it again, then repeat your change.")


class Exists(Conflict):
    code = Code.EXISTS
    default_message = _("This meeting has its budget already.")


class LineInvalid(DomainError):
    code = Code.LINE
    status = 422
    default_message = _("A line belongs to one of this budget's categories, with a name and a quantity.")


class NotAllowed(Forbidden):
    code = Code.NOT_ALLOWED
    default_message = _("The budget is changed and reviewed by finance or the meeting's project manager.")


class ReviewOpen(Conflict):
    code = Code.REVIEW_OPEN
    default_message = _("A review of this budget is open already: finish it first.")


class ReviewClosed(Conflict):
    code = Code.REVIEW_CLOSED
    default_message = _("This review is signed off: open the next one.")


class DecisionInvalid(DomainError):
    code = Code.DECISION
    status = 422
    default_message = _(
        "A decision is for a line over its plan, with what it needs (a reason, a backup, an amount)."
    )


class Decided(Conflict):
    code = Code.DECIDED
    default_message = _("This line is decided in this review already.")


class Undecided(Conflict):
    code = Code.UNDECIDED
    default_message = _("Every line over its plan needs a decision before the review is signed off.")


class RevisionInvalid(DomainError):
    code = Code.REVISION
    status = 422
    default_message = _("A revision has a reason; its approval names the client's person and the day.")


class RevisionPending(Conflict):
    code = Code.REVISION_PENDING
    default_message = _("A revision awaits the client's approval: record it (or its answer) first.")


class ScenarioInvalid(DomainError):
    code = Code.SCENARIO
    status = 422
    default_message = _("A scenario has a name and an attendance from 1 to 1,000,000 people.")
