from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm

from ..forms import ApprovalForm
from ..services import report as report_services
from .meetings import _meeting


@org_view()
def report_page(request, meeting: int):
    obj = _meeting(request, meeting)
    context = report_services.report_context(obj)
    context["approval_form"] = ApprovalForm(meeting=obj)
    return render(request, "events/report.html", context)


@org_view()
def report_pdf(request, meeting: int):
    obj = _meeting(request, meeting)
    pdf = report_services.render_pdf(obj)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="requirement-analysis-{obj.pk}.pdf"'
    return response


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
    return redirect("events:report", org=request.org.slug, meeting=obj.pk)
