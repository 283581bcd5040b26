"""The budget's writes: a meeting's budget made with the organisation's categories (the venue's and the
equipment's shares from the standards catalogue), the categories' shares as a whole, line items saved
against the version the editor saw. Every rule here; pages, API and imports call these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core.audit import log_action, register_actions
from huiwu.core.money import amount_of, percent_of, rate_of
from huiwu.core.text import clean_fields
from huiwu.events.enums import MeetingType
from huiwu.events.models import Meeting
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can
from huiwu.standards.selectors import standards

from . import guard
from .errors import AmountInvalid, CurrencyInvalid, Exists, LineInvalid, NotAllowed, SharesInvalid, Stale
from .models import Budget, Category, CategoryTemplate, Decision, Line

register_actions(
    {
        "budgets.budget.created": gettext_lazy("Budget made"),
        "budgets.budget.categories": gettext_lazy("Budget categories set"),
        "budgets.line.saved": gettext_lazy("Budget line saved"),
        "budgets.template.saved": gettext_lazy("Budget categories for a kind of meeting saved"),
    }
)

HUNDRED = Decimal(100)


def may_edit(membership: Membership | None, meeting: Meeting) -> bool:
    """Who makes and changes a meeting's budget: finance, or the meeting's project manager."""
    return membership is not None and (
        can(membership, Perm.EDIT_FINANCE) or meeting.owner_id == membership.user_id
    )


def editor_of(membership: Membership | None, meeting: Meeting) -> Membership:
    """The membership that may make, change and review ``meeting``'s budget (finance, or the meeting's
    PM, of its organisation), else ``NotAllowed``: every command of the budget asks here."""
    if membership is None or membership.org_id != meeting.org_id or not may_edit(membership, meeting):
        raise NotAllowed()
    return membership


def editor(membership: Membership | None, budget: Budget) -> Membership:
    return editor_of(membership, budget.meeting)


def money(value: Any, field: str, *, negative: bool = False) -> Decimal:
    """Two decimals at most, below a trillion; negative only where allowed (a credit line)."""
    found = amount_of(value, negative=negative)
    if found is None:
        raise AmountInvalid(details={"field": field})
    return found


def _percent(value: Any, field: str) -> Decimal:
    found = percent_of(value)
    if found is None:
        raise SharesInvalid(details={"field": field})
    return found


@dataclass(frozen=True, kw_only=True)
class CategoryInput:
    key: str
    name: str
    share: Any


def default_categories(org: Any, meeting: Meeting | None = None) -> list[CategoryInput]:
    """DOMAIN.md's example — venue 40%, equipment 20% (the catalogue's figures) — and the usual rest of
    an agency's budget; the contingency takes what is left so the shares add up to 100%."""
    rules = standards(org, meeting=meeting)

    def figure(key: str, default: str) -> Decimal:
        rule = rules.get(key)
        return Decimal(
            rule.figure if rule is not None and rule.enabled and rule.figure is not None else default
        )

    rows = [
        ("venue", gettext("Venue"), figure("budget.venue_share", "40")),
        ("equipment", gettext("Equipment and technical"), figure("budget.equipment_share", "20")),
        ("catering", gettext("Catering"), Decimal(15)),
        ("travel", gettext("Travel and accommodation"), Decimal(10)),
        ("design", gettext("Design and materials"), Decimal(5)),
        ("staff", gettext("Staff and services"), Decimal(5)),
    ]
    used = sum((r[2] for r in rows), Decimal(0))
    if used > HUNDRED:  # the catalogue's shares leave no room: scale the rest down to fit
        rows = rows[:2]
        used = sum((r[2] for r in rows), Decimal(0))
    rows.append(("contingency", gettext("Contingency"), max(HUNDRED - used, Decimal(0))))
    return [CategoryInput(key=k, name=n, share=s) for k, n, s in rows]


def checked_categories(rows: list[CategoryInput]) -> list[tuple[str, str, Decimal]]:
    """Categories as a whole: 1 to 30, each with its own short name and a name, shares with two
    decimals adding up to 100%."""
    if not rows or len(rows) > 30:
        raise SharesInvalid(details={"field": "categories"})
    shares = [_percent(r.share, "share") for r in rows]
    if sum(shares, Decimal(0)) != HUNDRED:
        raise SharesInvalid(
            gettext("The shares add up to %(sum)s%%, not 100%%.") % {"sum": sum(shares, Decimal(0))},
            details={"field": "categories"},
        )
    keys = [clean_fields(Category, {"key": (r.key or "").strip().lower()})["key"] for r in rows]
    if len(set(keys)) != len(keys) or not all(keys):
        raise SharesInvalid(gettext("Each category has its own short name."), details={"field": "categories"})
    names = [clean_fields(Category, {"name": (r.name or "").strip()})["name"] for r in rows]
    if not all(names):
        raise SharesInvalid(gettext("Each category has a name."), details={"field": "categories"})
    return list(zip(keys, names, shares, strict=True))


def categories_for_kind(org: Any, meeting_type: str, meeting: Meeting | None = None) -> list[CategoryInput]:
    """The categories a new budget of this kind starts with: the organisation's template for it, else
    the catalogue's defaults (with the meeting's overrides when there is one)."""
    found = CategoryTemplate.objects.filter(org=org, meeting_type=meeting_type).first()
    if found is None or not found.rows:
        return default_categories(org, meeting)
    return [CategoryInput(key=r["key"], name=r["name"], share=r["share"]) for r in found.rows]


def categories_for(meeting: Meeting) -> list[CategoryInput]:
    return categories_for_kind(meeting.org, meeting.meeting_type, meeting)


@transaction.atomic
def save_template(
    *, membership: Membership | None, meeting_type: str, rows: list[CategoryInput], version: int
) -> CategoryTemplate:
    """The organisation's categories for a kind of meeting (finance), against the version seen."""
    if membership is None or not can(membership, Perm.EDIT_FINANCE):
        raise NotAllowed()
    if meeting_type not in MeetingType.values:
        raise SharesInvalid(details={"field": "meeting_type"})
    checked = checked_categories(rows)
    stored = [{"key": k, "name": n, "share": str(s)} for k, n, s in checked]
    found = (
        CategoryTemplate.objects.select_for_update()
        .filter(org=membership.org, meeting_type=meeting_type)
        .first()
    )
    if found is None:
        if version != 0:
            raise Stale()
        try:
            with transaction.atomic():
                found = CategoryTemplate.objects.create(
                    org=membership.org, meeting_type=meeting_type, rows=stored
                )
        except IntegrityError:
            raise Stale() from None
    else:
        if found.version != version:
            raise Stale()
        found.rows, found.version = stored, found.version + 1
        found.save(update_fields=["rows", "version", "updated_at"])
    log_action("budgets.template.saved", target=membership.org, actor=membership.user, org=membership.org,
               data={"meeting_type": meeting_type, "rows": stored})  # fmt: skip
    return found


def _write_categories(budget: Budget, rows: list[CategoryInput]) -> list[Category]:
    checked = checked_categories(rows)
    keys = [k for k, _n, _s in checked]
    gone = Category.objects.filter(budget=budget).exclude(key__in=keys)
    if Line.objects.filter(category__in=gone).exists():
        raise SharesInvalid(
            gettext("A category with lines cannot be removed: move its lines first."),
            details={"field": "categories"},
        )
    if gone.exclude(moved=0).exists() or Decision.objects.filter(source__in=gone).exists():
        raise SharesInvalid(
            gettext("A category that reviews moved money in or out stays."), details={"field": "categories"}
        )
    gone.delete()
    made = []
    for n, (key, name, share) in enumerate(checked):
        found, _new = Category.objects.update_or_create(
            budget=budget, key=key, defaults={"name": name, "share": share, "position": n}
        )
        made.append(found)
    return made


@transaction.atomic
def create(
    *, meeting: Meeting, membership: Membership | None, total: Any, currency: str = "CNY", rate: Any = None
) -> Budget:
    """The meeting's budget: its total (two decimals), its currency (another than the yuan at a rate),
    the organisation's categories."""
    actor = editor_of(membership, meeting).user
    amount = money(total, "total")
    currency = (currency or "CNY").strip().upper()
    found_rate = None
    if currency != "CNY":
        found_rate = rate_of(rate)
        if found_rate is None:
            raise CurrencyInvalid(details={"field": "rate"})
    try:
        with transaction.atomic():
            budget = Budget.objects.create(org=meeting.org, meeting=meeting, total=amount, currency=currency,
                                           rate=found_rate)  # fmt: skip
    except IntegrityError:
        raise Exists() from None
    _write_categories(budget, categories_for(meeting))
    log_action("budgets.budget.created", target=budget, actor=actor, org=meeting.org,
               data={"total": str(amount), "currency": currency})  # fmt: skip
    return budget


@transaction.atomic
def set_categories(
    *, budget: Budget, membership: Membership | None, rows: list[CategoryInput], version: int
) -> Budget:
    """The categories and their shares as a whole, against the budget's version the editor saw."""
    actor = editor(membership, budget).user
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    if locked.version != version:
        raise Stale()
    made = _write_categories(locked, rows)
    Budget.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    locked.refresh_from_db()
    log_action("budgets.budget.categories", target=locked, actor=actor, org=locked.org,
               data={c.key: str(c.share) for c in made})  # fmt: skip
    guard.check(budget=locked)
    return locked


@dataclass(frozen=True, kw_only=True)
class LineInput:
    category: Category
    name: str
    unit_price: Any
    quantity: Any = "1"
    unit: str = ""
    tax_rate: Any = "0"
    credit: bool = False
    supplier: Any = None
    contract: Any = None
    client_price: Any = None
    notes: str = ""


@transaction.atomic
def save_line(
    *,
    budget: Budget,
    membership: Membership | None,
    data: LineInput,
    line: Line | None = None,
    version: int | None = None,
    guard_after: bool = True,
) -> Line:
    """A line item, new or changed. A change names the version it was based on: someone else's save in
    between makes it stale (nothing of it is written). An import of many lines looks at the guard once,
    after its last (``guard_after=False`` for the others)."""
    actor = editor(membership, budget).user
    if data.category.budget_id != budget.pk:
        raise LineInvalid(details={"field": "category"})
    if line is not None and line.category.budget_id != budget.pk:
        raise LineInvalid(details={"field": "line"})
    for other, field in ((data.supplier, "supplier"), (data.contract, "contract")):
        if other is not None and other.org_id != budget.org_id:
            raise LineInvalid(details={"field": field})
    if data.contract is not None and data.contract.meeting_id != budget.meeting_id:
        raise LineInvalid(details={"field": "contract"})
    texts = clean_fields(Line, {"name": (data.name or "").strip(), "unit": (data.unit or "").strip(),
                                "notes": (data.notes or "").strip()})  # fmt: skip
    if not texts["name"]:
        raise LineInvalid(gettext("Give the line's item."), details={"field": "name"})
    quantity = money(data.quantity, "quantity")
    if quantity <= 0 or quantity >= Decimal("1e10"):
        raise LineInvalid(gettext("The quantity is above 0."), details={"field": "quantity"})
    values = {
        **texts,
        "category": data.category,
        "quantity": quantity,
        "unit_price": money(data.unit_price, "unit_price", negative=data.credit),
        "tax_rate": _percent(data.tax_rate, "tax_rate"),
        "credit": data.credit,
        "supplier": data.supplier,
        "contract": data.contract,
        "client_price": None if data.client_price in (None, "") else money(data.client_price, "client_price"),
        "updated_by": actor,
        "updated_at": timezone.now(),
    }
    if line is None:
        values.pop("updated_at")
        made = Line.objects.create(**values)
    else:
        changed = Line.objects.filter(pk=line.pk, version=version or 0).update(
            **values, version=F("version") + 1
        )
        if not changed:
            raise Stale()
        made = Line.objects.get(pk=line.pk)
    log_action("budgets.line.saved", target=budget, actor=actor, org=budget.org,
               data={"line": made.pk, "name": made.name, "unit_price": str(made.unit_price)})  # fmt: skip
    if guard_after:
        guard.check(budget=budget)
    return made
