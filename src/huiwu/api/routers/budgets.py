"""A meeting's budget: made, its categories' shares, its lines (changed against the version seen), each
with plan, commitment, actual and forecast. Reads need VIEW; writes finance or the meeting's PM."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Status

from huiwu.budgets import selectors, services
from huiwu.budgets.errors import LineInvalid
from huiwu.budgets.models import Budget, Line
from huiwu.contracts.models import Contract
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.budgets import (
    BudgetCategoriesIn,
    BudgetIn,
    BudgetLineChangeIn,
    BudgetLineIn,
    BudgetLineOut,
    BudgetOut,
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
                "figures": _figures(sheet.categories[c.pk]),
            }
            for c in b.categories.all()
        ],
        "lines": [_line(ln, sheet) for ln in Line.objects.filter(category__budget=b)],
    }


def _meeting(request, meeting_id: int) -> Meeting:
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _edit(request, meeting: Meeting) -> None:
    if not services.may_edit(request.membership, meeting):
        raise PermissionDenied


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
    _edit(request, meeting)
    made = services.create(
        meeting=meeting, actor=request.user, total=payload.total, currency=payload.currency, rate=payload.rate
    )
    return Status(201, _budget(made))


@router.put(
    "/budgets/{budget_id}/categories",
    response={200: BudgetOut, **ERRORS},
    summary="The categories and their shares as a whole (adding up to 100%)",
)
def set_categories(request, budget_id: int, payload: BudgetCategoriesIn):
    found = _budget_of(request, budget_id)
    _edit(request, found.meeting)
    rows = [services.CategoryInput(key=c.key, name=c.name, share=c.share) for c in payload.categories]
    return _budget(
        services.set_categories(budget=found, actor=request.user, rows=rows, version=payload.version)
    )


def _input(found: Budget, payload: BudgetLineIn) -> services.LineInput:
    category = found.categories.filter(pk=payload.category_id).first()
    if category is None:
        raise LineInvalid(details={"field": "category_id"})
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
        contract=contract,
        client_price=payload.client_price,
        notes=payload.notes,
    )


@router.post("/budgets/{budget_id}/lines", response={201: BudgetLineOut, **ERRORS}, summary="Add a line")
def add_line(request, budget_id: int, payload: BudgetLineIn):
    found = _budget_of(request, budget_id)
    _edit(request, found.meeting)
    made = services.save_line(budget=found, actor=request.user, data=_input(found, payload))
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
    _edit(request, found.meeting)
    made = services.save_line(
        budget=found, actor=request.user, data=_input(found, payload), line=line, version=payload.version
    )
    return _line(made, selectors.sheet(found))
