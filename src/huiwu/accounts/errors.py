"""What this app's commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class InvalidCode(DomainError):
    code = "invalid_code"
    default_message = _("That code is not valid. Enter the 6-digit code your authenticator app shows now.")
