"""Scenarios: "if attendance is 1,000". A copy of the budget's lines where every per-person line (its
unit one of ``PER_PERSON``: 份, 人, 人·天, …) is scaled from the meeting's expected attendance to the
scenario's; compared with the plan category by category; adopted into the plan as a whole — each
changed line through ``services.save_line`` against the version it had when copied, so a line changed
since makes the adoption stale and nothing of it is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.orgs.models import Membership

from . import guard, selectors, services
from .errors import ScenarioInvalid, Stale
from .models import Budget, Line, Scenario

register_actions(
    {
        "budgets.scenario.made": gettext_lazy("Budget scenario made"),
        "budgets.scenario.adopted": gettext_lazy("Budget scenario adopted"),
    }
)

PER_PERSON = {"份", "人", "人次", "人·天", "人天", "位", "套/人", "pax", "person", "people", "per person"}
CENT = Decimal("0.01")


def per_person(line: Line) -> bool:
    return line.unit.strip().lower() in PER_PERSON


@transaction.atomic
def make(*, budget: Budget, membership: Membership | None, name: str, attendance: Any) -> Scenario:
    """A scenario of ``budget`` for ``attendance`` people."""
    who = services.editor(membership, budget)
    name = clean_fields(Scenario, {"name": (name or "").strip()})["name"]
    if not name:
        raise ScenarioInvalid(gettext("Name the scenario."), details={"field": "name"})
    try:
        people = int(str(attendance).strip())
    except (TypeError, ValueError):
        raise ScenarioInvalid(details={"field": "attendance"}) from None
    if not 0 < people <= 1_000_000:
        raise ScenarioInvalid(details={"field": "attendance"})
    expected = budget.meeting.expected_attendance or 0
    if expected <= 0:
        raise ScenarioInvalid(
            gettext("Give the meeting's expected attendance first: the scenario scales from it."),
            details={"field": "attendance"},
        )
    factor = Decimal(people) / Decimal(expected)
    copied = {}
    for ln in Line.objects.filter(category__budget=budget):
        quantity = ln.quantity
        if per_person(ln):
            quantity = max((quantity * factor).quantize(CENT, rounding=ROUND_HALF_UP), CENT)
        copied[str(ln.pk)] = {
            "quantity": str(quantity),
            "unit_price": str(ln.unit_price),
            "tax_rate": str(ln.tax_rate),
            "version": ln.version,
        }
    made = Scenario.objects.create(
        budget=budget, name=name, attendance=people, lines=copied, created_by=who.user
    )
    log_action("budgets.scenario.made", target=budget, actor=who.user, org=budget.org,
               data={"scenario": made.pk, "name": name, "attendance": people})  # fmt: skip
    return made


@dataclass(frozen=True)
class Row:
    name: str
    planned: Decimal
    scenario: Decimal

    @property
    def change(self) -> Decimal:
        return self.scenario - self.planned


def compare(scenario: Scenario, sheet: selectors.Sheet | None = None) -> dict[str, Any]:
    """The plan and the scenario, per category and in total (lines removed since count as in the plan)."""
    budget = scenario.budget
    sheet = sheet or selectors.sheet(budget)
    lines = Line.objects.filter(category__budget=budget)
    mine: dict[int, Decimal] = {c.pk: Decimal(0) for c in sheet.order}
    theirs: dict[int, Decimal] = {c.pk: Decimal(0) for c in sheet.order}
    for ln in lines:
        plan = sheet.lines[ln.pk].planned
        mine[ln.category_id] += plan
        copy = scenario.lines.get(str(ln.pk))
        if copy is None:
            theirs[ln.category_id] += plan
            continue
        gross = (
            Decimal(copy["quantity"]) * Decimal(copy["unit_price"]) * (1 + Decimal(copy["tax_rate"]) / 100)
        )
        theirs[ln.category_id] += gross.quantize(CENT, rounding=ROUND_HALF_UP)
    rows = [Row(c.name, mine[c.pk], theirs[c.pk]) for c in sheet.order]
    return {
        "rows": rows,
        "total": Row(
            pgettext("budget", "Total"), sum(mine.values(), Decimal(0)), sum(theirs.values(), Decimal(0))
        ),
    }


@transaction.atomic
def adopt(*, scenario: Scenario, membership: Membership | None) -> Scenario:
    """The scenario's quantities into the plan, every changed line or none."""
    budget = scenario.budget
    who = services.editor(membership, budget)
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if locked.adopted_at is not None:
        raise ScenarioInvalid(gettext("This scenario is adopted already."), details={"field": "scenario"})
    lines = {str(ln.pk): ln for ln in Line.objects.filter(category__budget=budget).select_related("category")}
    changed = 0
    for key, copy in locked.lines.items():
        ln = lines.get(key)
        if ln is None:
            continue  # removed since: nothing to adopt for it
        if ln.version != copy["version"]:
            raise Stale(
                gettext("%(name)s changed since the scenario was made: make it again.") % {"name": ln.name}
            )
        if Decimal(copy["quantity"]) == ln.quantity:
            continue
        data = services.LineInput(
            category=ln.category, name=ln.name, quantity=copy["quantity"], unit=ln.unit,
            unit_price=ln.unit_price, tax_rate=ln.tax_rate, credit=ln.credit, supplier=ln.supplier,
            contract=ln.contract, client_price=ln.client_price, notes=ln.notes,
        )  # fmt: skip
        services.save_line(
            budget=budget, membership=who, data=data, line=ln, version=ln.version, guard_after=False
        )
        changed += 1
    locked.adopted_at, locked.adopted_by = timezone.now(), who.user
    locked.save(update_fields=["adopted_at", "adopted_by", "updated_at"])
    log_action("budgets.scenario.adopted", target=budget, actor=who.user, org=budget.org,
               data={"scenario": locked.pk, "name": locked.name, "lines": changed})  # fmt: skip
    guard.check(budget=budget)
    return locked
