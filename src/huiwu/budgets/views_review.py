"""The weekly variance review page (open, decide the lines over plan, sign off; the past reviews) and
the guard's card that the meeting's workspace shows and fetches again when the budget moves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view

from . import guard, reviews, selectors, services
from .forms import DecisionForm, SignOffForm
from .models import Budget, Decision, Line, Review


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
    lines = list(Line.objects.filter(category__budget=budget).select_related("category"))
    decided = (
        set(Decision.objects.filter(review=current).values_list("line_id", flat=True)) if current else set()
    )
    over = set(reviews.over_plan(selectors.sheet(budget)))
    undecided = [ln for ln in lines if ln.pk in over and ln.pk not in decided]
    picked = request.GET.get("line")
    decision_form = DecisionForm(
        request.POST if request.POST.get("action") == "decide" else None,
        budget=budget,
        lines=undecided,
        initial={"line": int(picked)} if picked and picked.isdigit() else None,
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
    sheet = selectors.sheet(budget)
    before = reviews.last_signed(budget)
    moved = reviews.trend(sheet, before)
    over = set(reviews.over_plan(sheet))
    decisions = {}
    if current is not None:
        decisions = {
            d.line_id: d
            for d in Decision.objects.filter(review=current).select_related(
                "decided_by", "source", "backup__supplier"
            )
        }
    rows = [
        {
            "category": c,
            "figures": sheet.categories[c.pk],
            "trend": moved["categories"].get(c.pk),
            "lines": [
                {
                    "line": ln,
                    "figures": sheet.lines[ln.pk],
                    "trend": moved["lines"].get(ln.pk),
                    "over": ln.pk in over,
                    "decision": decisions.get(ln.pk),
                }
                for ln in lines
                if ln.category_id == c.pk
            ],
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
