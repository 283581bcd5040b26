"""What risk commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class Code(StrEnum):
    BAD_STEPS = "bad_steps"


class BadSteps(DomainError):
    """A contingency plan's steps: each with its words, an owner and a time limit in minutes."""

    code = Code.BAD_STEPS
    status = 422
    default_message = _("Write each step on its own line as: step | owner | minutes.")
