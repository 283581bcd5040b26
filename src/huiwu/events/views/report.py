from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm

from ..forms import ApprovalForm
from ..services import report as report_services
from .meetings import _meeting


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def report_approve(request, meeting: int):
    obj = _meeting(request, meeting)
    form = ApprovalForm(request.POST, meeting=obj)
    if form.is_valid():
        try:
            report_services.approve_report(
                meeting=obj, contact=form.cleaned_data["approved_by"], actor=request.user
            )
            messages.success(request, _("The client's approval is recorded."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose the client contact who approved the report."))
    return redirect("reports:requirements", org=request.org.slug, meeting=obj.pk)
