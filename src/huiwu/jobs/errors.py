"""What this app's commands refuse, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError


class UnknownJobKind(DomainError):
    code = "unknown_job_kind"
    default_message = _("There is no such kind of job.")


class NotAWorkbook(DomainError):
    code = "not_a_workbook"
    status = 422
    default_message = _("Choose an Excel file (.xlsx, at most 5 MB).")
