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
    SIGNER = "contract_signer"
    SIGNED_ALREADY = "contract_signed_already"
    CHANGED = "contract_changed_since_sent"
    LINK_EXPIRED = "contract_link_expired"
    CODE_WRONG = "contract_code_wrong"
    CODE_EXPIRED = "contract_code_expired"
    CODE_TOO_SOON = "contract_code_too_soon"
    CODE_LOCKED = "contract_code_locked"
    FORGED = "contract_signature_invalid"
    SCAN = "contract_scan"
    SHARES = "contract_shares"
    CURRENCY = "contract_currency"
    TOO_MUCH = "contract_amount_too_much"
    INVOICE_DUPLICATE = "contract_invoice_duplicate"
    DECIDED = "contract_adjustment_decided"


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


class SignerInvalid(DomainError):
    code = Code.SIGNER
    status = 422
    default_message = _(
        "The agency signs by a member with the finance role; the supplier by one of its portal people; "
        "the client by one of its contacts with an e-mail address."
    )


class SignedAlready(Conflict):
    code = Code.SIGNED_ALREADY
    default_message = _("This signature has been given already; a contract is signed once by each party.")


class ChangedSinceSent(Conflict):
    code = Code.CHANGED
    default_message = _(
        "The contract changed since it was sent to you: it must be sent again before it is signed."
    )


class LinkExpired(DomainError):
    code = Code.LINK_EXPIRED
    status = 410
    default_message = _("This signing link has expired: ask the agency for a new one.")


class CodeWrong(DomainError):
    code = Code.CODE_WRONG
    status = 422
    default_message = _("The code is not right: check the latest message and type it again.")


class CodeExpired(DomainError):
    code = Code.CODE_EXPIRED
    status = 422
    default_message = _("The code has expired or was never sent: ask for a new code.")


class CodeTooSoon(DomainError):
    code = Code.CODE_TOO_SOON
    status = 429
    default_message = _("A code was sent less than a minute ago: wait for it, or try again in a minute.")


class CodeLocked(DomainError):
    code = Code.CODE_LOCKED
    status = 429
    default_message = _("Too many wrong codes: ask for a new code.")


class SignatureInvalid(DomainError):
    """An uploaded "signed" PDF whose signatures do not hold: forged, altered, or not this contract."""

    code = Code.FORGED
    status = 422
    default_message = _(
        "This PDF's signatures do not hold: it was altered after signing, signed by a certificate that is "
        "not ours, or is not this contract. It was not accepted."
    )


class ScanInvalid(DomainError):
    code = Code.SCAN
    status = 422
    default_message = _("Upload the scanned copy as a PDF, JPEG or PNG file of at most 20 MB.")


class SharesInvalid(DomainError):
    code = Code.SHARES
    status = 422
    default_message = _("The milestones' shares must add up to 100%, each above 0 with two decimals at most.")


class CurrencyInvalid(DomainError):
    """A currency the contract is not in, or a currency other than the yuan without its rate."""

    code = Code.CURRENCY
    status = 422
    default_message = _("The amount's currency is not the contract's: record it in the contract's currency.")


class TooMuch(DomainError):
    code = Code.TOO_MUCH
    status = 422
    default_message = _("This is more than is left of the milestone.")


class InvoiceDuplicate(Conflict):
    code = Code.INVOICE_DUPLICATE
    default_message = _("This invoice number is already recorded for the contract.")


class Decided(Conflict):
    code = Code.DECIDED
    default_message = _("Someone decided this proposal a moment ago: look at it again.")
