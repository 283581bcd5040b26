"""The reports' pages: the Requirement Analysis Report (page and PDF)."""

from django.http import HttpResponse
from django.shortcuts import render

from huiwu.events.forms import ApprovalForm
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view

from . import requirements


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(
        Meeting.objects.select_related("client", "owner", "report_approved_by"), request.org, pk=meeting
    )


@org_view()
def report_page(request, meeting: int):
    obj = _meeting(request, meeting)
    context = requirements.report_context(obj)
    context["approval_form"] = ApprovalForm(meeting=obj)
    return render(request, "reports/requirements.html", context)


@org_view()
def report_pdf(request, meeting: int):
    obj = _meeting(request, meeting)
    pdf = requirements.render_pdf(obj)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="requirement-analysis-{obj.pk}.pdf"'
    return response
