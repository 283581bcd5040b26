"""The risk register of a meeting: heat map, risks, plans, drills, the report and its PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.forms import add_domain_error, add_errors, refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import deadlines, selectors, services
from .forms import BackupForm, DrillForm, PlanForm, RiskForm, RiskRuleForm
from .models import IssuedReport, Risk, RiskRule


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(Meeting.objects.select_related("client"), request.org, pk=meeting)


def _risk(request, risk: int) -> Risk:
    return selectors.risk_in(request.org, risk)


@org_view()
def register(request, meeting: int):
    obj = _meeting(request, meeting)
    form = RiskForm(request.POST or None, org=request.org)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            try:
                services.add_risk(
                    meeting=obj, actor=request.user, data=services.RiskInput(**form.cleaned_data)
                )
            except ValidationError as exc:
                add_errors(form, exc)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Risk added."))
                return redirect("risks:register", org=request.org.slug, meeting=obj.pk)
    risks = list(selectors.register_of(obj))
    today = timezone.localdate()
    for r in risks:  # one form per risk and plan, each with its own element ids
        r.overdue = selectors.is_overdue(r, today)
        r.plan_form = PlanForm(auto_id=f"plan{r.pk}_%s")
        for p in r.plans.all():
            p.drill_form = DrillForm(auto_id=f"drill{p.pk}_%s")
    context = {
        "meeting": obj,
        "risks": risks,
        "grid": services.heat_map(risks),
        "form": form,
        "backup_form": BackupForm(meeting=obj),
        "backup": getattr(obj, "backup_confirmation", None),
        "deadlines": deadlines.of_meeting(obj),
        "issued": list(obj.issued_reports.select_related("issued_by")),
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
    }
    return render(request, "risks/register.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def suggest(request, meeting: int):
    obj = _meeting(request, meeting)
    added = services.suggest_risks(meeting=obj, actor=request.user)
    messages.success(request, _("%(n)s risks suggested.") % {"n": len(added)})
    return redirect("risks:register", org=request.org.slug, meeting=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
def risk_edit(request, risk: int):
    row = _risk(request, risk)
    form = RiskForm(request.POST or None, instance=row, org=request.org)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            submit(
                form,
                lambda: services.change_risk(
                    risk=row, actor=request.user, data=services.RiskInput(**form.cleaned_data)
                ),
            )
            is not None
        )
    ):
        messages.success(request, _("Risk saved."))
        return redirect("risks:register", org=request.org.slug, meeting=row.meeting_id)
    return render(request, "risks/edit.html", {"form": form, "risk": row}, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def plan_add(request, risk: int):
    row = _risk(request, risk)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            steps = services.parse_steps(data.pop("steps_text"))
            services.add_plan(risk=row, actor=request.user, data=services.PlanInput(steps=steps, **data))
            messages.success(request, _("Plan added."))
        except (DomainError, ValidationError) as exc:
            messages.error(request, refusal(exc))
    else:
        messages.error(request, _("The plan needs a title, a trigger and its steps."))
    return redirect("risks:register", org=request.org.slug, meeting=row.meeting_id)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def drill_add(request, plan: int):
    row = selectors.plan_in(request.org, plan)
    form = DrillForm(request.POST)
    if form.is_valid():
        try:
            services.add_drill(plan=row, actor=request.user, data=services.DrillInput(**form.cleaned_data))
        except ValidationError as exc:
            messages.error(request, refusal(exc))
        else:
            messages.success(request, _("Drill recorded."))
    else:
        messages.error(request, _("A drill needs its date and participants."))
    return redirect("risks:register", org=request.org.slug, meeting=row.risk.meeting_id)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def backup_confirm(request, meeting: int):
    obj = _meeting(request, meeting)
    form = BackupForm(request.POST, meeting=obj)
    if form.is_valid():
        try:
            services.confirm_backup_plan(
                meeting=obj, contact=form.cleaned_data["contact"], actor=request.user
            )
            messages.success(request, _("The client's confirmation is recorded."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose the client contact who confirmed the backup plan."))
    return redirect("risks:register", org=request.org.slug, meeting=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def report_issue(request, meeting: int):
    obj = _meeting(request, meeting)
    try:
        issue = services.issue_report(meeting=obj, actor=request.user)
    except DomainError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("Risk assessment report issue %(n)s is issued.") % {"n": issue.number})
    return redirect("risks:register", org=request.org.slug, meeting=obj.pk)


@org_view()
def issued_pdf(request, meeting: int, number: int):
    obj = _meeting(request, meeting)
    issue = get_object_or_404(IssuedReport, meeting=obj, number=number)
    name = f"risk-assessment-{obj.pk}-{number}.pdf"
    response = FileResponse(issue.file.open("rb"), content_type="application/pdf", filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view()
def report_pdf(request, meeting: int):
    obj = _meeting(request, meeting)
    response = HttpResponse(services.report_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="risk-assessment-{obj.pk}.pdf"'
    return response


@org_view()
def rules(request):
    services.seed_rules(org=request.org)
    form = RiskRuleForm(request.POST or None)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        data = services.RuleInput.parse(form.cleaned_data) if form.is_valid() else None
        if data and submit(form, lambda: services.save_rule(org=request.org, actor=request.user, data=data)):
            messages.success(request, _("Rule added."))
            return redirect("risks:rules", org=request.org.slug)
    context = {
        "rules": RiskRule.objects.filter(org=request.org),
        "form": form,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
    }
    return render(request, "risks/rules.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
def rule_edit(request, rule: int):
    row = get_scoped(RiskRule, request.org, pk=rule)
    form = RiskRuleForm(request.POST or None, instance=row)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.delete_rule(rule=row, actor=request.user)
            messages.success(request, _("Rule removed."))
            return redirect("risks:rules", org=request.org.slug)
        data = services.RuleInput.parse(form.cleaned_data) if form.is_valid() else None
        if data and submit(
            form, lambda: services.save_rule(org=request.org, actor=request.user, rule=row, data=data)
        ):
            messages.success(request, _("Rule saved."))
            return redirect("risks:rules", org=request.org.slug)
    return render(
        request, "risks/rule_edit.html", {"form": form, "rule": row}, status=400 if form.errors else 200
    )
