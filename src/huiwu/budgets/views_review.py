"""The weekly variance review page (open, decide the lines over plan, sign off; the past reviews) and
the guard's card that the meeting's workspace shows and fetches again when the budget moves."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.excel import XLSX
from huiwu.core.forms import refusal, submit
from huiwu.events.enums import MeetingType
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_import
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import excel, guard, pdf, reviews, selectors, services
from . import rows as line_rows
from .forms import DecisionForm, OverviewFilter, SignOffForm
from .models import Budget, CategoryTemplate, Decision, Review


def _budget(request, meeting: int) -> tuple[Meeting, Budget | None]:
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    return row, Budget.objects.filter(meeting=row).select_related("meeting__owner", "org").first()


def guard_card(budget: Budget | None, sheet: selectors.Sheet | None = None) -> dict:
    """What the guard's card shows: the approved total, the forecast, the tolerance, the open alerts."""
    if budget is None:
        return {"budget": None}
    sheet = sheet or selectors.sheet(budget)
    return {
        "budget": budget,
        "total": sheet.total,
        "tolerance": guard.tolerance(budget),
        "alerts": guard.open_alerts(budget),
    }


@org_view()
def guard_view(request, meeting: int):
    row, budget = _budget(request, meeting)
    return render(request, "budgets/partials/guard.html", {"meeting": row, **guard_card(budget)})


@org_view()
def review(request, meeting: int):
    row, budget = _budget(request, meeting)
    here = redirect("budgets:review", org=request.org.slug, meeting=row.pk)
    if budget is None:
        return redirect("budgets:meeting", org=request.org.slug, meeting=row.pk)
    editor = services.may_edit(request.membership, row)
    current = Review.objects.filter(budget=budget, signed_off_at__isnull=True).first()
    sheet = selectors.sheet(budget)  # a refused command changed nothing: the page shows this sheet
    lines = sheet.line_list
    decided = (
        set(Decision.objects.filter(review=current).values_list("line_id", flat=True)) if current else set()
    )
    over = set(reviews.over_plan(sheet))
    undecided = [ln for ln in lines if ln.pk in over and ln.pk not in decided]
    picked = request.GET.get("line")
    decision_form = DecisionForm(
        request.POST if request.POST.get("action") == "decide" else None,
        budget=budget,
        lines=undecided,
        initial={"line": int(picked)} if picked and picked.isdecimal() else None,
    )
    sign_form = SignOffForm(request.POST if request.POST.get("action") == "sign_off" else None)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "open":
                reviews.open_review(budget=budget, membership=request.membership)
                messages.success(request, _("Review opened."))
                return here
            if action == "sign_off" and current is not None and sign_form.is_valid():
                reviews.sign_off(
                    review=current, membership=request.membership, notes=sign_form.cleaned_data["notes"]
                )
                messages.success(request, _("Review signed off."))
                return here
        except DomainError as exc:
            messages.error(request, refusal(exc))
            return here
        if action == "decide" and current is not None and decision_form.is_valid():
            c = decision_form.cleaned_data
            data = reviews.DecisionInput(
                line=next(ln for ln in undecided if ln.pk == c["line"]),
                kind=c["kind"],
                reason=c["reason"],
                amount=c["amount"] or None,
                source=c["source"],
                backup=c["backup"],
            )
            made = submit(
                decision_form,
                lambda: reviews.decide(review=current, membership=request.membership, data=data),
            )
            if made is not None:
                messages.success(request, _("Decision recorded."))
                return here
    before = reviews.last_signed(budget)
    moved = reviews.trend(sheet, before)
    decisions = {}
    if current is not None:
        decisions = {
            d.line_id: d
            for d in Decision.objects.filter(review=current).select_related(
                "decided_by", "source", "backup__supplier"
            )
        }

    def trend_text(value: Decimal | None) -> str:
        return "" if value is None else (f"+{value}" if value > 0 else str(value))

    contract_url = line_rows.contract_urls(request.org.slug)
    by_category: dict[int, list[str]] = {c.pk: [] for c in sheet.order}
    can_decide = current is not None and editor
    decide, to_decide = _("decide"), _("to decide")
    for ln in sheet.line_list:
        cells = line_rows.line_row(ln, sheet.lines[ln.pk], contract_url) | {
            "trend": trend_text(moved["lines"].get(ln.pk)),
            "decision": decisions.get(ln.pk),
        }
        by_category[ln.category_id].append(
            line_rows.review_row_html(cells, can_decide=can_decide, decide=decide, to_decide=to_decide)
        )
    rows = [
        {
            "category": c,
            "figures": sheet.categories[c.pk],
            "variance": line_rows.variance_text(sheet.categories[c.pk]),
            "trend": trend_text(moved["categories"].get(c.pk)),
            "lines": by_category[c.pk],
        }
        for c in sheet.order
    ]
    past = list(
        Review.objects.filter(budget=budget, signed_off_at__isnull=False)
        .select_related("signed_off_by")
        .prefetch_related("decisions__line", "decisions__decided_by", "decisions__source")
    )
    return render(
        request,
        "budgets/review.html",
        {
            "meeting": row,
            "budget": budget,
            "rows": rows,
            "total": sheet.total,
            "current": current,
            "before": before,
            "editor": editor,
            "decision_form": decision_form if current is not None and undecided else None,
            "sign_form": sign_form,
            "waiting": [ln for ln in lines if ln.pk in over and ln.pk not in decisions],
            "past": past,
            **guard_card(budget, sheet),
        },
        status=400 if decision_form.errors else 200,
    )


@org_view()
def overview(request):
    """Every meeting's budget across the organisation: for finance."""
    if not can(request.membership, Perm.EDIT_FINANCE):
        raise PermissionDenied
    form = OverviewFilter(request.GET or None, org=request.org)
    c = form.cleaned_data if form.is_valid() else {}
    rows = selectors.overview(
        request.org,
        client=c["client"].pk if c.get("client") else None,
        owner=c["owner"].pk if c.get("owner") else None,
        start=c.get("start"),
        end=c.get("end"),
    )
    totals = selectors.Figures()  # in yuan: another currency at the budget's rate
    for r in rows:
        rate = Decimal(1) if r.budget.currency == "CNY" else (r.budget.rate or Decimal(0))
        f = r.figures
        totals.add(selectors.Figures(*(x * rate for x in (f.planned, f.committed, f.actual, f.forecast))))
    for name in ("planned", "committed", "actual", "forecast"):
        setattr(totals, name, getattr(totals, name).quantize(Decimal("0.01")))
    return render(request, "budgets/overview.html", {"form": form, "rows": rows, "totals": totals})


@org_view()
def export(request, meeting: int):
    """The budget as an Excel workbook: total, categories, lines (the client's prices and margins for
    finance and the meeting's PM)."""
    row, budget = _budget(request, meeting)
    if budget is None:
        raise Http404
    margins = can(request.membership, Perm.EDIT_FINANCE) or services.may_edit(request.membership, row)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="budget-{row.pk}.xlsx"'
    excel.export_workbook(budget, margins=margins).save(response)
    return response


@org_view()
def client_pdf(request, meeting: int):
    """The budget for the client: amounts only (client prices where the agency resells)."""
    row, budget = _budget(request, meeting)
    if budget is None:
        raise Http404
    response = HttpResponse(pdf.client_pdf(budget), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="budget-{row.pk}-client.pdf"'
    return response


@org_view()
@require_POST
def import_lines(request, meeting: int):
    """An Excel workbook of lines, imported by a background job (its page shows the progress)."""
    row, budget = _budget(request, meeting)
    if budget is None:
        raise Http404
    if not services.may_edit(request.membership, row):
        raise PermissionDenied
    try:
        job = start_import(
            membership=request.membership,
            upload=request.FILES.get("file"),
            kind="budget_import",
            params={"budget": budget.pk},
        )
    except DomainError as exc:
        messages.error(request, refusal(exc))
        return redirect("budgets:meeting", org=request.org.slug, meeting=row.pk)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view()
def templates(request):
    """The organisation's categories and shares per kind of meeting (finance)."""
    if not can(request.membership, Perm.EDIT_FINANCE):
        raise PermissionDenied
    kind = request.POST.get("meeting_type") or request.GET.get("type") or MeetingType.SUMMIT
    if kind not in MeetingType.values:
        raise Http404
    found = CategoryTemplate.objects.filter(org=request.org, meeting_type=kind).first()
    error = None
    if request.method == "POST":
        given = request.POST.get("rows", "")
        count = min(int(given), 40) if given.isdecimal() else 0
        rows = [
            services.CategoryInput(
                key=request.POST.get(f"key_{i}", ""),
                name=request.POST.get(f"name_{i}", ""),
                share=request.POST.get(f"share_{i}", ""),
            )
            for i in range(count)
            if any(request.POST.get(f"{f}_{i}", "").strip() for f in ("key", "name", "share"))
        ]
        version = request.POST.get("version", "")
        try:
            services.save_template(
                membership=request.membership, meeting_type=kind, rows=rows,
                version=int(version) if version.isdecimal() else -1,
            )  # fmt: skip
            messages.success(request, _("Categories saved: new budgets of this kind start with them."))
            return redirect(f"{request.path}?type={kind}")
        except DomainError as exc:
            error = refusal(exc)
    shown = [
        {"key": c.key, "name": c.name, "share": str(c.share)}
        for c in services.categories_for_kind(request.org, kind)
    ]
    if request.method == "POST":  # show what was typed
        shown = [{"key": r.key, "name": r.name, "share": r.share} for r in rows]
    return render(
        request,
        "budgets/templates.html",
        {
            "kind": kind,
            "kinds": MeetingType.choices,
            "rows": [*shown, *({"key": "", "name": "", "share": ""} for _ in range(3))],
            "version": found.version if found else 0,
            "custom": found is not None,
            "error": error,
        },
        status=400 if error else 200,
    )
