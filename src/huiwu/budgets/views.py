"""A meeting's budget page: made with its total, then the three levels with each line's plan,
commitment, actual and forecast; lines added and changed against the version shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import guard, revisions, scenarios, selectors, services
from . import rows as line_rows
from .forms import ApprovalForm, BudgetForm, LineForm, RevisionForm, ScenarioForm
from .models import Budget, Line, Revision, Scenario
from .views_review import guard_card


def _line_input(form) -> services.LineInput:
    c = form.cleaned_data
    return services.LineInput(
        category=c["category"],
        name=c["name"],
        quantity=c["quantity"],
        unit=c["unit"],
        unit_price=c["unit_price"],
        tax_rate=c["tax_rate"],
        credit=c["credit"],
        supplier=c["supplier"],
        contract=c["contract"],
        client_price=c["client_price"] or None,
        notes=c["notes"],
    )


def _id(value: str | None) -> int:
    """An id from the query or the form; anything else finds nothing (0)."""
    return int(value) if value and value.isdecimal() and len(value) < 19 else 0


@org_view()
def budget(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    editor = services.may_edit(request.membership, row)
    found = Budget.objects.filter(meeting=row).first()
    here = redirect("budgets:meeting", org=request.org.slug, meeting=row.pk)
    if request.method == "POST" and not editor:
        raise PermissionDenied
    if found is None:
        form = BudgetForm(request.POST or None) if editor else None
        if request.method == "POST" and form is not None and form.is_valid():
            c = form.cleaned_data
            made = submit(
                form,
                lambda: services.create(
                    meeting=row,
                    membership=request.membership,
                    total=c["total"],
                    currency=c["currency"],
                    rate=c["rate"] or None,
                ),
            )
            if made is not None:
                messages.success(request, _("Budget made."))
                return here
        return render(
            request,
            "budgets/budget.html",
            {"meeting": row, "budget": None, "form": form},
            status=400 if form is not None and form.errors else 200,
        )
    editing_line = Line.objects.filter(category__budget=found, pk=_id(request.GET.get("line"))).first()
    initial = None
    if editing_line is not None:
        fields = (
            "category",
            "name",
            "unit",
            "unit_price",
            "client_price",
            "credit",
            "supplier",
            "contract",
            "notes",
        )
        initial = {f: getattr(editing_line, f) for f in fields}
        initial |= {
            "quantity": editing_line.quantity.normalize(),
            "tax_rate": editing_line.tax_rate.normalize(),
        }
    line_form = LineForm(
        request.POST if request.POST.get("action") == "line" else None, budget=found, initial=initial
    )
    action = request.POST.get("action")
    revision_form = RevisionForm(request.POST if action == "revise" else None)
    pending = Revision.objects.filter(budget=found, approved_on__isnull=True).first()
    approval_form = ApprovalForm(request.POST if action == "approve" else None)
    scenario_form = ScenarioForm(request.POST if action == "scenario" else None)
    if action == "revise" and revision_form.is_valid():
        version = request.POST.get("budget_version", "")
        made = submit(
            revision_form,
            lambda: revisions.propose(
                budget=found,
                membership=request.membership,
                reason=revision_form.cleaned_data["reason"],
                total=revision_form.cleaned_data["total"] or None,
                version=int(version) if version.isdecimal() else -1,
            ),
        )
        if made is not None:
            messages.success(request, _("Revision proposed: record the client's approval when it comes."))
            return here
    elif action == "approve" and pending is not None and approval_form.is_valid():
        c = approval_form.cleaned_data
        done = submit(
            approval_form,
            lambda: revisions.approve(
                revision=pending,
                membership=request.membership,
                approver=c["approver"],
                approved_on=c["approved_on"],
            ),
        )
        if done is not None:
            messages.success(request, _("The client's approval is recorded."))
            return here
    elif action == "scenario" and scenario_form.is_valid():
        c = scenario_form.cleaned_data
        made_scenario = submit(
            scenario_form,
            lambda: scenarios.make(
                budget=found, membership=request.membership, name=c["name"], attendance=c["attendance"]
            ),
        )
        if made_scenario is not None:
            messages.success(request, _("Scenario made: compare it below, adopt it if it holds."))
            return here
    elif action == "adopt":
        chosen = Scenario.objects.filter(budget=found, pk=_id(request.POST.get("scenario"))).first()
        if chosen is not None:
            try:
                scenarios.adopt(scenario=chosen, membership=request.membership)
                messages.success(request, _("Scenario adopted into the plan."))
            except DomainError as exc:
                messages.error(request, refusal(exc))
        return here
    elif request.method == "POST" and action == "line":
        editing = Line.objects.filter(category__budget=found, pk=_id(request.POST.get("line"))).first()
        version = request.POST.get("version", "")
        if (
            line_form.is_valid()
            and submit(
                line_form,
                lambda: services.save_line(
                    budget=found,
                    membership=request.membership,
                    data=_line_input(line_form),
                    line=editing,
                    version=int(version) if version.isdecimal() else None,
                ),
            )
            is not None
        ):
            messages.success(request, _("Line saved."))
            return here
    sheet = selectors.sheet(found)
    listed = list(Revision.objects.filter(budget=found).select_related("proposed_by", "recorded_by"))
    history = [
        {"revision": r, "diff": revisions.diff(listed[n + 1] if n + 1 < len(listed) else None, r)}
        for n, r in enumerate(listed)
    ]
    contract_url = line_rows.contract_urls(request.org.slug)
    margins = can(request.membership, Perm.EDIT_FINANCE) or editor
    change = _("change")
    by_category: dict[int, list[str]] = {c.pk: [] for c in sheet.order}
    for ln in sheet.line_list:
        cells = line_rows.line_row(ln, sheet.lines[ln.pk], contract_url)
        by_category[ln.category_id].append(
            line_rows.sheet_row_html(cells, margins=margins, editor=editor, change=change)
        )
    rows = [
        {
            "category": c,
            "figures": sheet.categories[c.pk],
            "variance": line_rows.variance_text(sheet.categories[c.pk]),
            "lines": by_category[c.pk],
        }
        for c in sheet.order
    ]
    return render(
        request,
        "budgets/budget.html",
        {
            "meeting": row,
            "budget": found,
            "rows": rows,
            "total": sheet.total,
            "editor": editor,
            "line_form": line_form if editor else None,
            "editing": editing_line,
            "margins": margins,
            **guard_card(found, sheet),
            "charts": selectors.charts(found, sheet, guard.tolerance(found)),
            "revision_form": revision_form,
            "approval_form": approval_form,
            "pending": pending,
            "revisions": history,
            "scenario_form": scenario_form,
            "scenarios": [
                {"scenario": x, "compare": scenarios.compare(x, sheet)}
                for x in Scenario.objects.filter(budget=found).select_related("created_by", "adopted_by")[:10]
            ],
        },
        status=400
        if line_form.errors or revision_form.errors or approval_form.errors or scenario_form.errors
        else 200,
    )
