"""Meeting pages: the pipeline board, the workspace, editing (moving T), checklist and KPIs, the gate."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.clients.models import CommunicationLog
from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
from huiwu.core.forms import save_form
from huiwu.core.workdays import calendar_known
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from .. import selectors, services
from ..enums import Stage
from ..forms import KPIForm, MeetingForm, PipelineFilterForm, RequirementForm, StageForm
from ..models import Meeting
from ..services import gates
from ..services.meetings import KPIInput, RequirementInput, delete_child, save_kpi, save_requirement


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(
        Meeting.objects.select_related("client", "owner", "report_approved_by"), request.org, pk=meeting
    )


@org_view()
def meeting_board(request):
    form = PipelineFilterForm(request.GET or None, org=request.org)
    filters = form.cleaned_data if form.is_valid() else {}
    columns = selectors.pipeline(request.org, **{k: v for k, v in filters.items() if v})
    return render(request, "events/board.html", {"columns": columns, "form": form})


@org_view()
def meeting_detail(request, meeting: int):
    obj = _meeting(request, meeting)
    overdue, this_week = selectors.overdue_and_this_week(obj)
    context = {
        "meeting": obj,
        "progress": selectors.stage_progress(obj),
        "kpis": obj.kpis.all(),
        "overdue": overdue,
        "this_week": this_week,
        "gantt": selectors.gantt_rows(obj),
        "communications": CommunicationLog.objects.filter(meeting=obj).select_related("created_by")[:10],
        "calendar_known": calendar_known(obj.start_date.year) and calendar_known(obj.end_date.year),
        "history": history_for(obj, limit=15),
    }
    return render(request, "events/workspace.html", context)


@org_view()
def due_tasks(request, meeting: int):
    """The workspace's overdue and next-seven-days cards, fetched again when the meeting's tasks change."""
    overdue, this_week = selectors.overdue_and_this_week(_meeting(request, meeting))
    return render(request, "events/partials/_due_cards.html", {"overdue": overdue, "this_week": this_week})


@org_view(Perm.EDIT_MEETINGS)
def meeting_edit(request, meeting: int | None = None):
    obj = _meeting(request, meeting) if meeting else None
    form = MeetingForm(request.POST or None, instance=obj, org=request.org)
    if obj is None:
        form.instance.org = request.org
    saved = save_form(
        form,
        lambda data: (
            services.create_meeting(
                org=request.org,
                actor=request.user,
                request_key=form.cleaned_data["form_key"],
                data=services.MeetingInput.parse(data),
            )
            if obj is None
            else services.update_meeting(
                meeting=obj,
                actor=request.user,
                version=form.cleaned_data["version"],
                data=services.MeetingInput.of(obj).but(**data),
            )
        ),
    )
    if saved is not None:
        messages.success(request, _("Meeting saved."))
        return redirect("events:detail", org=request.org.slug, meeting=saved.pk)
    return render(
        request, "events/edit.html", {"form": form, "meeting": obj}, status=400 if form.errors else 200
    )


@org_view()
def meeting_tasks(request, meeting: int):
    obj = _meeting(request, meeting)
    tasks = selectors.tasks_for_meeting(obj)
    by_stage = [{"stage": s, "tasks": [t for t in tasks if t.stage == s.value]} for s in Stage]
    return render(request, "events/tasks.html", {"meeting": obj, "by_stage": by_stage})


@org_view()
def meeting_requirements(request, meeting: int):
    obj = _meeting(request, meeting)
    can_edit = can(request.membership, Perm.EDIT_MEETINGS)
    req_form = RequirementForm(meeting=obj, prefix="req")
    kpi_form = KPIForm(prefix="kpi")
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if "req-title" in request.POST:
            req_form = RequirementForm(request.POST, meeting=obj, prefix="req")
            if save_form(
                req_form,
                lambda d: save_requirement(meeting=obj, actor=request.user, data=RequirementInput.parse(d)),
            ):
                return redirect("events:requirements", org=request.org.slug, meeting=obj.pk)
        else:
            kpi_form = KPIForm(request.POST, prefix="kpi")
            if save_form(
                kpi_form, lambda d: save_kpi(meeting=obj, actor=request.user, data=KPIInput.parse(d))
            ):
                return redirect("events:requirements", org=request.org.slug, meeting=obj.pk)
    context = {
        "meeting": obj,
        "requirements": obj.requirements.select_related("requested_by"),
        "kpis": obj.kpis.all(),
        "req_form": req_form,
        "kpi_form": kpi_form,
        "can_edit": can_edit,
    }
    has_errors = bool(req_form.errors or kpi_form.errors)
    return render(request, "events/requirements.html", context, status=400 if has_errors else 200)


def _delete_row(request, meeting: int, rows: str, pk: int, prefix: str):
    """Remove one requirement or KPI of the meeting (404 unless it belongs to this meeting)."""
    obj = _meeting(request, meeting)
    row = getattr(obj, rows).filter(pk=pk).first()
    if row is None:
        raise Http404
    delete_child(obj=row, actor=request.user, prefix=prefix)
    return redirect("events:requirements", org=request.org.slug, meeting=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def requirement_delete(request, meeting: int, item: int):
    return _delete_row(request, meeting, "requirements", item, "requirement")


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def kpi_delete(request, meeting: int, kpi: int):
    return _delete_row(request, meeting, "kpis", kpi, "kpi")


@org_view(Perm.EDIT_MEETINGS)
def meeting_stage(request, meeting: int):
    obj = _meeting(request, meeting)
    next_stage = obj.stage + 1 if obj.stage < Stage.WRAPUP else obj.stage
    form = StageForm(request.POST or None, initial={"to_stage": next_stage})
    if request.method == "POST" and form.is_valid():
        try:
            gates.move_stage(meeting=obj, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("The meeting is now in: %(stage)s") % {"stage": Stage(form.cleaned_data["to_stage"]).label},
            )
            return redirect("events:detail", org=request.org.slug, meeting=obj.pk)
    context = {
        "meeting": obj,
        "missing": gates.missing_for(obj),
        "form": form,
        "transitions": obj.transitions.select_related("actor")[:10],
    }
    return render(request, "events/stage.html", context, status=400 if form.errors else 200)
