from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.orgs.access import org_view
from huiwu.orgs.enums import Perm

from .enums import JobStatus
from .selectors import job_for
from .services import start_job


@org_view(Perm.RUN_JOBS)
@require_POST
def job_start(request):
    try:
        job = start_job(membership=request.membership, kind=request.POST.get("kind", ""))
    except DomainError as exc:
        return render(request, "jobs/error.html", {"error": exc.message}, status=exc.status)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.VIEW)
def job_detail(request, job: int):
    """The job's progress; a finished job whose result says ``forward`` goes on to its link (a step
    of a flow, such as reading an uploaded list before its columns are mapped)."""
    obj = job_for(request.membership, job)
    result = obj.result or {}
    if obj.status == JobStatus.DONE and result.get("forward") and result.get("link"):
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = result["link"]
            return response
        return redirect(result["link"])
    template = "jobs/partials/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": obj})


@org_view(Perm.VIEW)
def job_download(request, job: int):
    obj = job_for(request.membership, job)
    if not obj.result_file:
        raise Http404
    path = (Path(settings.MEDIA_ROOT) / obj.result_file).resolve()
    if not path.is_file() or Path(settings.MEDIA_ROOT).resolve() not in path.parents:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
