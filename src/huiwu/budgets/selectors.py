"""What the budget's figures are, per line and category: planned (quantity × unit price plus tax),
committed (the linked contract once signed: its net total — attendance charges in, accepted credits
out), actual (what was paid on it), forecast at completion (actual plus what is still committed, or
the plan where nothing is committed yet). A contract linked to several lines is shared between them in
proportion to their plans; so is the accepted quote (the chosen supplier's latest priced answer) of a
line whose supplier has no contract in force yet.

A category's plan is its target (its share of the total, plus money the weekly review moved in or
out); its forecast is its lines' forecast or, while they forecast less, its target: money not yet
spent stays in the category until a review moves it. The total's plan is the budget's approved total,
its forecast the categories' together. A fixed number of queries, whatever the number of lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.base import ModelState
from django.utils import timezone

from huiwu.contracts.enums import Decision
from huiwu.contracts.models import Adjustment, AttendanceChange, Contract, Payment
from huiwu.contracts.payments import BOOKED
from huiwu.suppliers.selectors import accepted_quotes

from .models import Alert, Budget, Category, Line, Review, Revision

CENT = Decimal("0.01")
ZERO = Decimal(0)
# what the sheet and the pages read of a line and its contract (not their timestamps: 500 lines load
# twice as fast without them)
LINE_FIELDS = (
    "id",
    "category_id",
    "name",
    "quantity",
    "unit",
    "unit_price",
    "tax_rate",
    "credit",
    "supplier_id",
    "contract_id",
    "client_price",
    "notes",
    "version",
)
CONTRACT_FIELDS = ("id", "number", "total", "currency", "rate", "state", "kind", "meeting_id", "org_id")


def planned(line: Line) -> Decimal:
    gross = line.quantity * line.unit_price * (1 + line.tax_rate / 100)
    return gross.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO
    forecast: Decimal = ZERO

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.planned

    @property
    def variance_share(self) -> Decimal | None:
        return None if not self.planned else (self.variance * 100 / self.planned).quantize(CENT)

    def add(self, other: Figures) -> None:
        self.planned += other.planned
        self.committed += other.committed
        self.actual += other.actual
        self.forecast += other.forecast


@dataclass
class Sheet:
    budget: Budget
    lines: dict[int, Figures] = field(default_factory=dict)
    categories: dict[int, Figures] = field(default_factory=dict)
    total: Figures = field(default_factory=Figures)
    lined: dict[int, Figures] = field(default_factory=dict)  # a category's lines' figures together
    order: list[Category] = field(default_factory=list)  # the categories, in their order
    line_list: list[Line] = field(default_factory=list)  # the lines (contract and category with them)


def target(budget: Budget, category: Category) -> Decimal:
    """A category's plan: its share of the total plus what reviews moved in (or out)."""
    share = (budget.total * category.share / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return share + category.moved


def _quoted(budget: Budget, suppliers: set[int]) -> dict[int, Decimal]:
    """Each supplier's accepted quote for this meeting (its chosen candidacy's newest priced answer)."""
    if not suppliers:
        return {}
    found = accepted_quotes(budget.meeting, suppliers)
    return {s: q.total for s, q in found.items() if q.total is not None}


def _by_contract(model: type, amount: str, ids: set[int], **where: object) -> dict[int, Decimal]:
    rows = model.objects.filter(contract_id__in=ids, **where).values("contract_id").annotate(s=Sum(amount))  # type: ignore[attr-defined]
    return {r["contract_id"]: Decimal(r["s"] or 0) for r in rows}


def _rate(contract: Any, budget: Budget) -> Decimal:
    """A contract's money in the budget's currency: through the yuan, at each one's recorded rate."""
    if contract.currency == budget.currency:
        return Decimal(1)
    to_yuan = Decimal(1) if contract.currency == "CNY" else (contract.rate or ZERO)
    from_yuan = Decimal(1) if budget.currency == "CNY" else 1 / (budget.rate or Decimal(1))
    return to_yuan * from_yuan


def _loaded(model: type[Any], values: dict[str, Any]) -> Any:
    """A model instance from a row's values without ``Model.__init__``, which costs more than the
    query for 500 lines: the fields not given are deferred (read on access), as ``only()`` makes them."""
    obj = object.__new__(model)
    obj.__dict__.update(values)
    obj._state = ModelState()
    obj._state.adding, obj._state.db = False, "default"
    return obj


def _lines(budget: Budget, categories: dict[int, Category]) -> list[Line]:
    """The budget's lines (the fields the sheet and its pages read), each with its category and its
    contract, one copy of each contract."""
    rows = Line.objects.filter(category__budget=budget).values_list(*LINE_FIELDS)
    lines = [_loaded(Line, dict(zip(LINE_FIELDS, row, strict=True))) for row in rows]
    ids = {ln.contract_id for ln in lines if ln.contract_id}
    contracts = (
        {
            row[0]: _loaded(Contract, dict(zip(CONTRACT_FIELDS, row, strict=True)))
            for row in Contract.objects.filter(pk__in=ids).values_list(*CONTRACT_FIELDS)
        }
        if ids
        else {}
    )
    for ln in lines:  # the categories are here already: no join, no second copy of each
        ln._state.fields_cache["category"] = categories[ln.category_id]
        ln._state.fields_cache["contract"] = contracts.get(ln.contract_id) if ln.contract_id else None
    return lines


def sheet(budget: Budget) -> Sheet:
    """Every line's and category's figures, and the total's."""
    categories = list(Category.objects.filter(budget=budget))
    by_id = {c.pk: c for c in categories}
    lines = _lines(budget, by_id)
    out = Sheet(budget=budget, order=categories, line_list=lines)
    booked = {
        ln.contract_id for ln in lines if ln.contract_id and ln.contract and ln.contract.state in BOOKED
    }
    paid = _by_contract(Payment, "amount", booked)
    credits = _by_contract(Adjustment, "amount", booked, state=Decision.ACCEPTED)
    charges = _by_contract(AttendanceChange, "charge", booked)
    quoted_lines = [ln for ln in lines if ln.contract_id not in booked and ln.supplier_id]
    quotes = _quoted(budget, {ln.supplier_id for ln in quoted_lines if ln.supplier_id})
    plan_of = {ln.pk: planned(ln) for ln in lines}

    def group(ln: Line) -> tuple[str, int] | None:
        if ln.contract_id in booked:
            return ("contract", ln.contract_id or 0)
        if ln.supplier_id in quotes:
            return ("quote", ln.supplier_id or 0)
        return None

    share_base: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    siblings: dict[tuple[str, int], int] = defaultdict(int)
    for ln in lines:
        key = group(ln)
        if key is not None:
            share_base[key] += plan_of[ln.pk]
            siblings[key] += 1
    for ln in lines:
        f = Figures(planned=plan_of[ln.pk])
        key = group(ln)
        if key is None:
            f.forecast = f.planned
        else:
            base = share_base[key]
            part = plan_of[ln.pk] / base if base else Decimal(1) / siblings[key]
            if key[0] == "contract" and ln.contract is not None:
                cid = key[1]
                net = ln.contract.total + charges.get(cid, ZERO) - credits.get(cid, ZERO)
                rate = _rate(ln.contract, budget)
                f.committed = (net * part * rate).quantize(CENT, rounding=ROUND_HALF_UP)
                f.actual = (paid.get(cid, ZERO) * part * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            else:  # quotes are in yuan
                rate = _rate(_Yuan, budget)
                f.committed = (quotes[key[1]] * part * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            f.forecast = f.actual + max(f.committed - f.actual, ZERO)
        out.lines[ln.pk] = f
    lined: dict[int, Figures] = {c.pk: Figures() for c in categories}
    for ln in lines:
        lined[ln.category_id].add(out.lines[ln.pk])
    for c in categories:
        own = lined[c.pk]
        goal = target(budget, c)
        out.categories[c.pk] = Figures(
            planned=goal, committed=own.committed, actual=own.actual, forecast=max(goal, own.forecast)
        )
    out.lined = lined
    for f in out.categories.values():
        out.total.add(f)
    out.total.planned = approved_total(budget)
    return out


def approved_revisions(budget: Budget) -> QuerySet[Revision]:
    """The revisions the client approved, the latest first (the last of them is the baseline)."""
    return Revision.objects.filter(budget=budget, approved_on__isnull=False).order_by("-number")


def approved_total(budget: Budget) -> Decimal:
    """What the guard holds the forecast to: the latest total the client approved, else the working one."""
    found = approved_revisions(budget).values_list("total", flat=True).first()
    return budget.total if found is None else found


class _Yuan:
    currency = "CNY"
    rate = None


def charts(budget: Budget, sheet: Sheet, tolerance: Decimal) -> dict[str, Any]:
    """What the budget page draws: plan, committed and actual per category; the forecast total over
    time (each signed-off review, each crossing and clearing of the guard, now) against the band of
    the tolerance; the waterfall from the plan to the forecast, category by category."""
    points: list[tuple[str, Decimal]] = []
    signed = Review.objects.filter(budget=budget, signed_off_at__isnull=False)
    for at, forecast in signed.values_list("signed_off_at", "snapshot__total__forecast"):  # not every line's
        if forecast is not None and at is not None:
            points.append((at.isoformat(), Decimal(str(forecast))))
    for a in Alert.objects.filter(budget=budget, scope="total"):
        points.append((a.opened_at.isoformat(), a.forecast))
        if a.cleared_at is not None and a.cleared_forecast is not None:
            points.append((a.cleared_at.isoformat(), a.cleared_forecast))
    points.append((timezone.now().isoformat(), sheet.total.forecast))
    points.sort()
    limit = max(tolerance, ZERO)
    approved = sheet.total.planned
    low = (approved * (100 - limit) / 100).quantize(CENT)
    high = (approved * (100 + limit) / 100).quantize(CENT)
    steps = [
        {"name": c.name, "value": str(sheet.categories[c.pk].variance)}
        for c in sheet.order
        if sheet.categories[c.pk].variance
    ]
    return {
        "categories": {
            "names": [c.name for c in sheet.order],
            "planned": [str(sheet.categories[c.pk].planned) for c in sheet.order],
            "committed": [str(sheet.categories[c.pk].committed) for c in sheet.order],
            "actual": [str(sheet.categories[c.pk].actual) for c in sheet.order],
            "forecast": [str(sheet.categories[c.pk].forecast) for c in sheet.order],
        },
        "trend": {
            "points": [[t, str(v)] for t, v in points],
            "total": str(approved),
            "low": str(low),
            "high": str(high),
        },
        "waterfall": {"start": str(sheet.total.planned), "steps": steps, "end": str(sheet.total.forecast)},
    }


@dataclass(frozen=True)
class Overview:
    budget: Budget
    figures: Figures
    alerts: int


def overview(
    org: Any, *, client: int | None = None, owner: int | None = None, start: Any = None, end: Any = None
) -> list[Overview]:
    """Every meeting's budget of ``org`` (filtered by client, owner, and meetings starting between two
    days): the approved total, the forecast and its variance, the guard's open alerts."""
    found = Budget.objects.filter(org=org).select_related("meeting__client", "meeting__owner")
    if client:
        found = found.filter(meeting__client_id=client)
    if owner:
        found = found.filter(meeting__owner_id=owner)
    if start:
        found = found.filter(meeting__start_date__gte=start)
    if end:
        found = found.filter(meeting__start_date__lte=end)
    budgets = list(found.order_by("meeting__start_date", "pk")[:200])
    open_alerts: dict[int, int] = defaultdict(int)
    for budget_id in Alert.objects.filter(budget__in=budgets, cleared_at__isnull=True).values_list(
        "budget_id", flat=True
    ):
        open_alerts[budget_id] += 1
    return [Overview(budget=b, figures=sheet(b).total, alerts=open_alerts[b.pk]) for b in budgets]
