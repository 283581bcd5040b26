"""What the contract commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    UNKNOWN_VARIABLE = "contract_unknown_variable"
    STALE = "contract_stale"
    DUPLICATE = "contract_duplicate"
    TEMPLATE_CLAUSES = "contract_template_clauses"
    INCOMPLETE = "contract_incomplete"
    STATE = "contract_state"
    PARTY = "contract_party"
    QUOTE = "contract_quote"
    APPROVER = "contract_approver"
    AMOUNT = "contract_amount"


class UnknownVariable(DomainError):
    code = Code.UNKNOWN_VARIABLE
    status = 422
    default_message = _("The text uses a variable no contract can fill.")

    def __init__(self, names: list[str]):
        words = ", ".join("{{ %s }}" % n for n in names)  # noqa: UP031  (the braces are the syntax shown)
        super().__init__(
            _("Unknown variables: %(names)s. Use one of the variables listed.") % {"names": words},
            details={"field": "text", "names": names},
        )


class Stale(Conflict):
    code = Code.STALE
    default_message = _("Someone changed this clause a moment ago: look at it again, then repeat.")


class Duplicate(Conflict):
    code = Code.DUPLICATE
    default_message = _("The organisation already has one with this name.")


class TemplateClauses(DomainError):
    code = Code.TEMPLATE_CLAUSES
    status = 422
    default_message = _("Choose the template's clauses from your library, each once.")


class Incomplete(DomainError):
    """The contract cannot be drawn: some variables of its clauses have no value here."""

    code = Code.INCOMPLETE
    status = 422
    default_message = _("Some of the template's variables have no value for this contract.")

    def __init__(self, names: list[str]):
        super().__init__(
            _("No value for %(names)s: complete the meeting or choose the accepted quote.")
            % {"names": ", ".join(names)},
            details={"names": names},
        )


class WrongState(Conflict):
    """What the contract's state does not allow (a change after it left the draft, …)."""

    code = Code.STATE
    default_message = _("The contract's state does not allow this.")


class PartyInvalid(DomainError):
    code = Code.PARTY
    status = 422
    default_message = _("A contract is with one of the meeting's chosen suppliers, or with its client.")


class QuoteInvalid(DomainError):
    code = Code.QUOTE
    status = 422
    default_message = _("Choose the supplier's answered quote for this meeting.")


class ApproverInvalid(DomainError):
    code = Code.APPROVER
    status = 403
    default_message = _("This approval is for the finance role or the meeting's project manager.")


class Amount(DomainError):
    code = Code.AMOUNT
    status = 422
    default_message = _("Give an amount in yuan: not negative, two decimals at most.")
