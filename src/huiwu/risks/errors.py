"""What risk commands refuse, each with a stable code."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class Code(StrEnum):
    BAD_STEPS = "bad_steps"
    OWNER_NOT_MEMBER = "owner_not_member"


class BadSteps(DomainError):
    """A contingency plan's steps: each with its words, an owner and a time limit in minutes."""

    code = Code.BAD_STEPS
    status = 422
    default_message = _("Write each step on its own line as: step | owner | minutes.")


class OwnerNotMember(DomainError):
    code = Code.OWNER_NOT_MEMBER
    status = 422
    default_message = _("The owner of a risk is a member of the organisation.")
