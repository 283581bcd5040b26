"""What the contract commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import Conflict, DomainError


class Code(StrEnum):
    UNKNOWN_VARIABLE = "contract_unknown_variable"
    STALE = "contract_stale"
    DUPLICATE = "contract_duplicate"
    TEMPLATE_CLAUSES = "contract_template_clauses"


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
