"""The weekly variance review (DOMAIN.md stage 3: reviewed every week against actuals; overspend is
renegotiated or replaced). A review is opened by finance or the meeting's PM; every line forecasting
more than its plan gets a decision — renegotiate, replace the supplier by a backup, accept with a
reason, or move money from another category's unspent part — with who and when; then the review is
signed off and kept as a snapshot of every figure, from which the next one shows the trend."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_fields
from huiwu.orgs.models import Membership
from huiwu.suppliers.enums import Standing
from huiwu.suppliers.models import Candidate

from . import guard, selectors
from .enums import DecisionKind
from .errors import Decided, DecisionInvalid, ReviewClosed, ReviewOpen, Undecided
from .models import Budget, Category, Decision, Line, Review
from .services import editor, money

register_actions(
    {
        "budgets.review.opened": gettext_lazy("Budget review opened"),
        "budgets.review.decided": gettext_lazy("Budget review decision"),
        "budgets.review.signed_off": gettext_lazy("Budget review signed off"),
    }
)

ZERO = Decimal(0)


def over_plan(sheet: selectors.Sheet) -> list[int]:
    """The lines forecasting more than their plan: each needs a decision in the review."""
    return [pk for pk, f in sheet.lines.items() if f.variance > 0]


def free_money(sheet: selectors.Sheet, category: Category) -> Decimal:
    """What a category can give away: its plan less what its lines forecast."""
    return max(sheet.categories[category.pk].planned - sheet.lined[category.pk].forecast, ZERO)


def snapshot(sheet: selectors.Sheet) -> dict[str, Any]:
    """Every figure of the sheet as text, kept with the signed-off review."""

    def figures(f: selectors.Figures) -> dict[str, str]:
        return {
            "planned": str(f.planned),
            "committed": str(f.committed),
            "actual": str(f.actual),
            "forecast": str(f.forecast),
        }

    return {
        "total": figures(sheet.total),
        "categories": {str(c.pk): {"name": c.name, **figures(sheet.categories[c.pk])} for c in sheet.order},
        "lines": {str(pk): figures(f) for pk, f in sheet.lines.items()},
    }


@transaction.atomic
def open_review(*, budget: Budget, membership: Membership | None) -> Review:
    """The next weekly review of ``budget``; one open at a time."""
    editor(membership, budget)
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    if Review.objects.filter(budget=locked, signed_off_at__isnull=True).exists():
        raise ReviewOpen()
    number = (Review.objects.filter(budget=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            review = Review.objects.create(
                budget=locked, number=number, opened_by=membership.user if membership else None
            )
    except IntegrityError:
        raise ReviewOpen() from None
    log_action("budgets.review.opened", target=locked, actor=review.opened_by, org=locked.org,
               data={"review": number})  # fmt: skip
    return review


@dataclass(frozen=True, kw_only=True)
class DecisionInput:
    line: Line
    kind: str
    reason: str = ""
    amount: Any = None
    source: Category | None = None
    backup: Candidate | None = None


def _open(review: Review) -> Review:
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("budget__meeting", "budget__org")
        .get(pk=review.pk)
    )
    if locked.signed_off_at is not None:
        raise ReviewClosed()
    return locked


@transaction.atomic
def decide(*, review: Review, membership: Membership | None, data: DecisionInput) -> Decision:
    """A line over its plan decided, once per review. Moving money takes it from another category's
    unspent part (its plan less what its lines forecast) into the line's category: the categories'
    plans change, the total does not."""
    editor(membership, review.budget)
    locked = _open(review)
    budget = Budget.objects.select_for_update().get(pk=locked.budget_id)
    line = data.line
    if line.category.budget_id != budget.pk:
        raise DecisionInvalid(details={"field": "line"})
    if data.kind not in DecisionKind.values:
        raise DecisionInvalid(details={"field": "kind"})
    sheet = selectors.sheet(budget)
    variance = sheet.lines[line.pk].variance
    if variance <= 0:
        raise DecisionInvalid(gettext("This line is not over its plan."), details={"field": "line"})
    if Decision.objects.filter(review=locked, line=line).exists():
        raise Decided()
    reason = clean_fields(Decision, {"reason": (data.reason or "").strip()})["reason"]
    amount = None
    source = None
    backup = None
    if data.kind == DecisionKind.ACCEPT and not reason:
        raise DecisionInvalid(gettext("Say why the overspend is accepted."), details={"field": "reason"})
    if data.kind == DecisionKind.RENEGOTIATE:
        if data.amount not in (None, ""):
            amount = money(data.amount, "amount")  # the price asked of the supplier
        if not reason and amount is None:
            raise DecisionInvalid(
                gettext("Say what is asked of the supplier: a price or a reason."),
                details={"field": "reason"},
            )
    if data.kind == DecisionKind.REPLACE:
        backup = data.backup
        if (
            backup is None
            or backup.standing != Standing.BACKUP
            or not Candidate.objects.filter(pk=backup.pk, need__meeting_id=budget.meeting_id).exists()
        ):
            raise DecisionInvalid(
                gettext("Choose one of this meeting's backup suppliers."), details={"field": "backup"}
            )
    if data.kind == DecisionKind.MOVE:
        source = data.source
        if source is None or source.budget_id != budget.pk or source.pk == line.category_id:
            raise DecisionInvalid(
                gettext("Choose another category of this budget."), details={"field": "source"}
            )
        amount = money(data.amount, "amount")
        if amount <= 0:
            raise DecisionInvalid(gettext("Give the amount to move."), details={"field": "amount"})
        free = free_money(sheet, source)
        if amount > free:
            raise DecisionInvalid(
                gettext("%(name)s has %(free)s left to give.") % {"name": source.name, "free": free},
                details={"field": "amount"},
            )
        Category.objects.filter(pk=source.pk).update(moved=F("moved") - amount)
        Category.objects.filter(pk=line.category_id).update(moved=F("moved") + amount)
        Budget.objects.filter(pk=budget.pk).update(version=F("version") + 1)
    actor = membership.user if membership else None
    made = Decision.objects.create(
        review=locked, line=line, kind=data.kind, reason=reason, amount=amount, source=source, backup=backup,
        variance=variance, decided_by=actor, decided_at=timezone.now(),
    )  # fmt: skip
    log_action("budgets.review.decided", target=budget, actor=actor, org=budget.org,
               data={"review": locked.number, "line": line.name, "kind": data.kind, "reason": reason,
                     "amount": None if amount is None else str(amount),
                     "source": source.key if source else None})  # fmt: skip
    guard.check(budget=budget)
    return made


@transaction.atomic
def sign_off(*, review: Review, membership: Membership | None, notes: str = "") -> Review:
    """Signed off when every line over its plan is decided; the figures kept as they are now."""
    editor(membership, review.budget)
    locked = _open(review)
    sheet = selectors.sheet(locked.budget)
    decided = set(Decision.objects.filter(review=locked).values_list("line_id", flat=True))
    waiting = [pk for pk in over_plan(sheet) if pk not in decided]
    if waiting:
        names = list(Line.objects.filter(pk__in=waiting).values_list("name", flat=True))
        raise Undecided(details={"lines": names})
    locked.notes = clean_fields(Review, {"notes": (notes or "").strip()})["notes"]
    locked.snapshot = snapshot(sheet)
    locked.signed_off_at = timezone.now()
    locked.signed_off_by = membership.user if membership else None
    locked.save()
    log_action(
        "budgets.review.signed_off",
        target=locked.budget,
        actor=locked.signed_off_by,
        org=locked.budget.org,
        data={"review": locked.number, "forecast": str(sheet.total.forecast)},
    )
    guard.changed(locked.budget.meeting)
    return locked


def last_signed(budget: Budget) -> Review | None:
    return Review.objects.filter(budget=budget, signed_off_at__isnull=False).order_by("-number").first()


def trend(sheet: selectors.Sheet, before: Review | None) -> dict[str, dict[int, Decimal]]:
    """How each line's and category's forecast moved since the last signed-off review."""
    if before is None:
        return {"lines": {}, "categories": {}}
    lines = before.snapshot.get("lines", {})
    cats = before.snapshot.get("categories", {})
    return {
        "lines": {
            pk: f.forecast - Decimal(lines[str(pk)]["forecast"])
            for pk, f in sheet.lines.items()
            if str(pk) in lines
        },
        "categories": {
            pk: f.forecast - Decimal(cats[str(pk)]["forecast"])
            for pk, f in sheet.categories.items()
            if str(pk) in cats
        },
    }
