"""What the budget commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    SHARES = "budget_shares"
    AMOUNT = "budget_amount"
    CURRENCY = "budget_currency"
    STALE = "budget_stale"
    EXISTS = "budget_exists"
    LINE = "budget_line"


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
