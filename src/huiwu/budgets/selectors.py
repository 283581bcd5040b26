"""What the budget's figures are, per line and category: planned (quantity × unit price plus tax),
committed (the linked contract once signed: its net total — attendance charges in, accepted credits
out), actual (what was paid on it), forecast at completion (actual plus what is still committed, or
the plan where nothing is committed yet). A contract linked to several lines is shared between them in
proportion to their plans. A fixed number of queries, whatever the number of lines."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from huiwu.contracts.enums import Decision
from huiwu.contracts.models import Adjustment, AttendanceChange, Payment
from huiwu.contracts.payments import BOOKED

from .models import Budget, Category, Line

CENT = Decimal("0.01")
ZERO = Decimal(0)


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


def sheet(budget: Budget) -> Sheet:
    """Every line's and category's figures, and the total's."""
    categories = list(Category.objects.filter(budget=budget))
    lines = list(Line.objects.filter(category__budget=budget).select_related("contract"))
    out = Sheet(budget=budget)
    booked = {
        ln.contract_id for ln in lines if ln.contract_id and ln.contract and ln.contract.state in BOOKED
    }
    paid = _by_contract(Payment, "amount", booked)
    credits = _by_contract(Adjustment, "amount", booked, state=Decision.ACCEPTED)
    charges = _by_contract(AttendanceChange, "charge", booked)
    plan_of = {ln.pk: planned(ln) for ln in lines}
    share_base: dict[int, Decimal] = defaultdict(Decimal)
    for ln in lines:
        if ln.contract_id in booked:
            share_base[ln.contract_id] += plan_of[ln.pk]
    siblings: dict[int, int] = defaultdict(int)
    for ln in lines:
        if ln.contract_id in booked:
            siblings[ln.contract_id] += 1
    for ln in lines:
        f = Figures(planned=plan_of[ln.pk])
        if ln.contract_id in booked and ln.contract is not None:
            base = share_base[ln.contract_id]
            part = plan_of[ln.pk] / base if base else Decimal(1) / siblings[ln.contract_id]
            net = ln.contract.total + charges.get(ln.contract_id, ZERO) - credits.get(ln.contract_id, ZERO)
            rate = _rate(ln.contract, budget)
            f.committed = (net * part * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            f.actual = (paid.get(ln.contract_id, ZERO) * part * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            f.forecast = f.actual + max(f.committed - f.actual, ZERO)
        else:
            f.forecast = f.planned
        out.lines[ln.pk] = f
    for c in categories:
        out.categories[c.pk] = Figures()
    for ln in lines:
        out.categories[ln.category_id].add(out.lines[ln.pk])
    for f in out.categories.values():
        out.total.add(f)
    return out
