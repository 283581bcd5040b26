"""What risk commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class Code(StrEnum):
    BAD_STEPS = "bad_steps"
    REGISTER_EMPTY = "risk_register_empty"
    REPORT_INCOMPLETE = "risk_report_incomplete"


class BadSteps(DomainError):
    """A contingency plan's steps: each with its words, an owner and a time limit in minutes."""

    code = Code.BAD_STEPS
    status = 422
    default_message = _("Write each step on its own line as: step | owner | minutes.")


class RegisterEmpty(DomainError):
    """A risk assessment report needs risks to assess."""

    code = Code.REGISTER_EMPTY
    status = 422
    default_message = _("The risk register is empty: add the meeting's risks before issuing the report.")


class ReportIncomplete(DomainError):
    """Every open risk of an issued report names its measure, its owner and its deadline (DOMAIN.md)."""

    code = Code.REPORT_INCOMPLETE
    status = 422
    default_message = _(
        "Every open risk needs a measure, an owner and a deadline before the report is issued."
    )

    def __init__(self, risks: list[str]) -> None:
        named = ", ".join(risks[:5]) + (" …" if len(risks) > 5 else "")
        super().__init__(format_lazy("{} ({})", self.default_message, named), details={"risks": risks})
