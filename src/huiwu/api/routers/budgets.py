"""A meeting's budget: made, its categories' shares, its lines (changed against the version seen), each
with plan, commitment, actual and forecast. Reads need VIEW; writes finance or the meeting's PM."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from huiwu.budgets import guard, reviews, revisions, scenarios, selectors, services
from huiwu.budgets.errors import DecisionInvalid, LineInvalid
from huiwu.budgets.models import Alert, Budget, Category, Decision, Line, Review, Revision, Scenario
from huiwu.contracts.models import Contract
from huiwu.core.text import plain_number
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.suppliers.models import Candidate, Supplier

from ..schemas.base import ErrorOut
from ..schemas.budgets import (
    BudgetApprovalIn,
    BudgetCategoriesIn,
    BudgetDecisionIn,
    BudgetDecisionOut,
    BudgetIn,
    BudgetLineChangeIn,
    BudgetLineIn,
    BudgetLineOut,
    BudgetOut,
    BudgetReviewOut,
    BudgetRevisionIn,
    BudgetRevisionOut,
    BudgetScenarioIn,
    BudgetScenarioOut,
    BudgetSignOffIn,
)

router = Router(tags=["budgets"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _figures(f: selectors.Figures) -> dict:
    return {
        "planned": str(f.planned),
        "committed": str(f.committed),
        "actual": str(f.actual),
        "forecast": str(f.forecast),
        "variance": str(f.variance),
        "variance_share": None if f.variance_share is None else str(f.variance_share),
    }


def _line(ln: Line, sheet: selectors.Sheet) -> dict:
    return {
        "id": ln.pk,
        "category_id": ln.category_id,
        "name": ln.name,
        "quantity": str(ln.quantity),
        "unit": ln.unit,
        "unit_price": str(ln.unit_price),
        "tax_rate": str(ln.tax_rate),
        "credit": ln.credit,
        "supplier_id": ln.supplier_id,
        "contract_id": ln.contract_id,
        "client_price": None if ln.client_price is None else str(ln.client_price),
        "notes": ln.notes,
        "version": ln.version,
        "figures": _figures(sheet.lines[ln.pk]),
    }


def _budget(b: Budget) -> dict:
    sheet = selectors.sheet(b)
    return {
        "id": b.pk,
        "meeting_id": b.meeting_id,
        "total": str(b.total),
        "currency": b.currency,
        "rate": None if b.rate is None else str(b.rate),
        "version": b.version,
        "figures": _figures(sheet.total),
        "categories": [
            {
                "id": c.pk,
                "key": c.key,
                "name": c.name,
                "share": str(c.share),
                "moved": str(c.moved),
                "tolerance": None if c.tolerance is None else str(c.tolerance),
                "figures": _figures(sheet.categories[c.pk]),
            }
            for c in sheet.order
        ],
        "lines": [_line(ln, sheet) for ln in Line.objects.filter(category__budget=b)],
        "tolerance": plain_number(guard.tolerance(b)),
        "alerts": [_alert(a) for a in Alert.objects.filter(budget=b)],
    }


def _alert(a: Alert) -> dict:
    return {
        "id": a.pk,
        "scope": a.scope,
        "label": a.label,
        "direction": a.direction,
        "planned": str(a.planned),
        "forecast": str(a.forecast),
        "tolerance": str(a.tolerance),
        "opened_at": a.opened_at,
        "cleared_at": a.cleared_at,
        "cleared_forecast": None if a.cleared_forecast is None else str(a.cleared_forecast),
    }


def _review(r: Review) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "opened_at": r.created_at,
        "signed_off_at": r.signed_off_at,
        "signed_off_by": str(r.signed_off_by) if r.signed_off_by else None,
        "notes": r.notes,
        "snapshot": r.snapshot,
        "decisions": [_decision(d) for d in r.decisions.all()],
    }


def _decision(d: Decision) -> dict:
    return {
        "id": d.pk,
        "line_id": d.line_id,
        "kind": d.kind,
        "reason": d.reason,
        "amount": None if d.amount is None else str(d.amount),
        "source_id": d.source_id,
        "backup_id": d.backup_id,
        "variance": str(d.variance),
        "decided_by": str(d.decided_by) if d.decided_by else None,
        "decided_at": d.decided_at,
    }


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _budget_of(request, budget_id: int) -> Budget:
    require(request.membership, Perm.VIEW)
    found = Budget.objects.filter(org=request.org, pk=budget_id).select_related("meeting").first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/meetings/{meeting_id}/budget", response={200: BudgetOut, **ERRORS}, summary="A meeting's budget"
)
def get_budget(request, meeting_id: int):
    found = Budget.objects.filter(meeting=_meeting(request, meeting_id)).first()
    if found is None:
        raise Http404
    return _budget(found)


@router.post("/meetings/{meeting_id}/budget", response={201: BudgetOut, **ERRORS}, summary="Make the budget")
def make_budget(request, meeting_id: int, payload: BudgetIn):
    meeting = _meeting(request, meeting_id)
    made = services.create(
        meeting=meeting,
        membership=request.membership,
        total=payload.total,
        currency=payload.currency,
        rate=payload.rate,
    )
    return Status(201, _budget(made))


@router.put(
    "/budgets/{budget_id}/categories",
    response={200: BudgetOut, **ERRORS},
    summary="The categories and their shares as a whole (adding up to 100%)",
)
def set_categories(request, budget_id: int, payload: BudgetCategoriesIn):
    found = _budget_of(request, budget_id)
    rows = [services.CategoryInput(key=c.key, name=c.name, share=c.share) for c in payload.categories]
    return _budget(
        services.set_categories(
            budget=found, membership=request.membership, rows=rows, version=payload.version
        )
    )


def _input(found: Budget, payload: BudgetLineIn) -> services.LineInput:
    category = found.categories.filter(pk=payload.category_id).first()
    if category is None:
        raise LineInvalid(details={"field": "category_id"})
    supplier = None
    if payload.supplier_id is not None:
        supplier = Supplier.objects.filter(org=found.org, pk=payload.supplier_id).first()
        if supplier is None:
            raise LineInvalid(details={"field": "supplier_id"})
    contract = None
    if payload.contract_id is not None:
        contract = Contract.objects.filter(
            org=found.org, meeting=found.meeting, pk=payload.contract_id
        ).first()
        if contract is None:
            raise LineInvalid(details={"field": "contract_id"})
    return services.LineInput(
        category=category,
        name=payload.name,
        unit_price=payload.unit_price,
        quantity=payload.quantity,
        unit=payload.unit,
        tax_rate=payload.tax_rate,
        credit=payload.credit,
        supplier=supplier,
        contract=contract,
        client_price=payload.client_price,
        notes=payload.notes,
    )


@router.post("/budgets/{budget_id}/lines", response={201: BudgetLineOut, **ERRORS}, summary="Add a line")
def add_line(request, budget_id: int, payload: BudgetLineIn):
    found = _budget_of(request, budget_id)
    made = services.save_line(budget=found, membership=request.membership, data=_input(found, payload))
    return Status(201, _line(made, selectors.sheet(found)))


@router.put(
    "/budget-lines/{budget_line_id}",
    response={200: BudgetLineOut, **ERRORS},
    summary="Change a line (409 when someone saved it since the version you saw)",
)
def change_line(request, budget_line_id: int, payload: BudgetLineChangeIn):
    require(request.membership, Perm.VIEW)
    line = (
        Line.objects.filter(category__budget__org=request.org, pk=budget_line_id)
        .select_related("category__budget__meeting")
        .first()
    )
    if line is None:
        raise Http404
    found = line.category.budget
    made = services.save_line(
        budget=found,
        membership=request.membership,
        data=_input(found, payload),
        line=line,
        version=payload.version,
    )
    return _line(made, selectors.sheet(found))


def _reviews_of(found: Budget):
    return (
        Review.objects.filter(budget=found)
        .select_related("signed_off_by")
        .prefetch_related("decisions__decided_by")
    )


@router.get(
    "/budgets/{budget_id}/reviews",
    response={200: list[BudgetReviewOut], **ERRORS},
    summary="The weekly variance reviews, the newest first",
)
def list_reviews(request, budget_id: int):
    return [_review(r) for r in _reviews_of(_budget_of(request, budget_id))]


@router.post(
    "/budgets/{budget_id}/reviews",
    response={201: BudgetReviewOut, **ERRORS},
    summary="Open this week's review (409 while one is open)",
)
def open_review(request, budget_id: int):
    found = _budget_of(request, budget_id)
    made = reviews.open_review(budget=found, membership=request.membership)
    return Status(201, _review(made))


def _review_of(request, budget_review_id: int) -> Review:
    require(request.membership, Perm.VIEW)
    found = (
        Review.objects.filter(budget__org=request.org, pk=budget_review_id)
        .select_related("budget__meeting", "budget__org")
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.post(
    "/budget-reviews/{budget_review_id}/decisions",
    response={201: BudgetDecisionOut, **ERRORS},
    summary="Decide a line over its plan: renegotiate, replace, accept or move money",
)
def decide(request, budget_review_id: int, payload: BudgetDecisionIn):
    review = _review_of(request, budget_review_id)
    budget = review.budget
    line = Line.objects.filter(category__budget=budget, pk=payload.line_id).select_related("category").first()
    if line is None:
        raise DecisionInvalid(details={"field": "line_id"})
    source = None
    if payload.source_id is not None:
        source = Category.objects.filter(budget=budget, pk=payload.source_id).first()
        if source is None:
            raise DecisionInvalid(details={"field": "source_id"})
    backup = None
    if payload.backup_id is not None:
        backup = Candidate.objects.filter(need__meeting_id=budget.meeting_id, pk=payload.backup_id).first()
        if backup is None:
            raise DecisionInvalid(details={"field": "backup_id"})
    data = reviews.DecisionInput(
        line=line,
        kind=payload.kind,
        reason=payload.reason,
        amount=payload.amount,
        source=source,
        backup=backup,
    )
    return Status(201, _decision(reviews.decide(review=review, membership=request.membership, data=data)))


@router.post(
    "/budget-reviews/{budget_review_id}/sign-off",
    response={200: BudgetReviewOut, **ERRORS},
    summary="Sign the review off (409 while a line over plan is undecided)",
)
def sign_off(request, budget_review_id: int, payload: BudgetSignOffIn):
    review = _review_of(request, budget_review_id)
    reviews.sign_off(review=review, membership=request.membership, notes=payload.notes)
    return _review(_reviews_of(review.budget).get(pk=review.pk))


def _revisions(found: Budget) -> list[dict]:
    listed = list(Revision.objects.filter(budget=found))
    return [
        {
            "id": r.pk,
            "number": r.number,
            "reason": r.reason,
            "total": str(r.total),
            "proposed_at": r.created_at,
            "approved_on": r.approved_on,
            "approver": r.approver,
            "diff": revisions.diff(listed[n + 1] if n + 1 < len(listed) else None, r),
        }
        for n, r in enumerate(listed)
    ]


@router.get(
    "/budgets/{budget_id}/revisions",
    response={200: list[BudgetRevisionOut], **ERRORS},
    summary="The revisions, the newest first, each with what changed",
)
def list_revisions(request, budget_id: int):
    return _revisions(_budget_of(request, budget_id))


@router.post(
    "/budgets/{budget_id}/revisions",
    response={201: BudgetRevisionOut, **ERRORS},
    summary="Freeze the plan as the next revision (409 while one awaits the client's approval)",
)
def propose_revision(request, budget_id: int, payload: BudgetRevisionIn):
    found = _budget_of(request, budget_id)
    made = revisions.propose(
        budget=found, membership=request.membership, reason=payload.reason, total=payload.total,
        version=payload.version,
    )  # fmt: skip
    return Status(201, next(r for r in _revisions(found) if r["id"] == made.pk))


@router.post(
    "/budget-revisions/{budget_revision_id}/approve",
    response={200: BudgetRevisionOut, **ERRORS},
    summary="Record the client's approval of a revision",
)
def approve_revision(request, budget_revision_id: int, payload: BudgetApprovalIn):
    require(request.membership, Perm.VIEW)
    found = (
        Revision.objects.filter(budget__org=request.org, pk=budget_revision_id)
        .select_related("budget__meeting")
        .first()
    )
    if found is None:
        raise Http404
    revisions.approve(
        revision=found,
        membership=request.membership,
        approver=payload.approver,
        approved_on=payload.approved_on,
    )
    return next(r for r in _revisions(found.budget) if r["id"] == found.pk)


def _scenario(x: Scenario, sheet: selectors.Sheet | None = None) -> dict:
    compared = scenarios.compare(x, sheet)

    def row(r: scenarios.Row) -> dict:
        return {
            "name": r.name,
            "planned": str(r.planned),
            "scenario": str(r.scenario),
            "change": str(r.change),
        }

    return {
        "id": x.pk,
        "name": x.name,
        "attendance": x.attendance,
        "adopted_at": x.adopted_at,
        "rows": [row(r) for r in compared["rows"]],
        "total": row(compared["total"]),
    }


@router.get(
    "/budgets/{budget_id}/scenarios",
    response={200: list[BudgetScenarioOut], **ERRORS},
    summary="The what-if scenarios, each compared with the plan",
)
def list_scenarios(request, budget_id: int):
    found = _budget_of(request, budget_id)
    sheet = selectors.sheet(found)
    return [_scenario(x, sheet) for x in Scenario.objects.filter(budget=found)[:50]]


@router.post(
    "/budgets/{budget_id}/scenarios",
    response={201: BudgetScenarioOut, **ERRORS},
    summary="A scenario for another attendance (per-person lines scaled)",
)
def make_scenario(request, budget_id: int, payload: BudgetScenarioIn):
    found = _budget_of(request, budget_id)
    made = scenarios.make(
        budget=found, membership=request.membership, name=payload.name, attendance=payload.attendance
    )
    return Status(201, _scenario(made))


@router.post(
    "/budget-scenarios/{budget_scenario_id}/adopt",
    response={200: BudgetScenarioOut, **ERRORS},
    summary="Adopt a scenario into the plan (409 when a line changed since it was made)",
)
def adopt_scenario(request, budget_scenario_id: int):
    require(request.membership, Perm.VIEW)
    found = (
        Scenario.objects.filter(budget__org=request.org, pk=budget_scenario_id)
        .select_related("budget__meeting")
        .first()
    )
    if found is None:
        raise Http404
    return _scenario(scenarios.adopt(scenario=found, membership=request.membership))
