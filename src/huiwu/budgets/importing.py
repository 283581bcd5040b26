"""A budget's lines from an agency's usual spreadsheet (a background job, with progress): the sheet
named 明细 / Lines if there is one (our own export), else the first; its columns found by their names
in Chinese or English — category, item, quantity, unit, unit price (or an amount), tax rate, notes,
client price. Every row goes through ``services.save_line``; an error names its row; nothing is kept
unless every row is good."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError
from huiwu.core.workbooks import WorkbookRefused, read_rows
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership

from . import guard, services
from .models import Budget, Category

MAX_ROWS = 5000

# a column's names as agencies write them → our field
COLUMNS = {
    "category": ("category", "类别", "分类", "预算类别", "科目"),
    "name": ("item", "项目", "明细", "名称", "内容", "费用项目"),
    "quantity": ("quantity", "qty", "数量"),
    "unit": ("unit", "单位"),
    "unit_price": ("unit price", "单价", "单价（元）", "单价(元)"),
    "amount": ("amount", "金额", "金额（元）", "金额(元)", "合计", "小计", "planned", "计划"),
    "tax_rate": ("tax rate (%)", "tax rate", "税率", "税率（%）", "税率(%)"),
    "notes": ("notes", "备注", "说明"),
    "client_price": ("client price", "客户价", "对客报价", "客户价格"),
}
LABELS = {
    "category": _("category"),
    "name": _("item"),
    "quantity": _("quantity"),
    "unit": _("unit"),
    "unit_price": _("unit price"),
    "amount": _("amount"),
    "tax_rate": _("tax rate (%)"),
    "notes": _("notes"),
    "client_price": _("client price"),
}


def _known(field: str) -> set[str]:
    """A column's names: as agencies write them, and as our own export writes them in each language."""
    names = {k.lower() for k in COLUMNS[field]}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.add(str(LABELS[field]).lower())
    return names


def _columns(header: list[Any]) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    found = {}
    for field in COLUMNS:
        known = _known(field)
        for n, name in enumerate(names):
            if name in known:
                found[field] = n
                break
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _priced(row: dict[str, str]) -> tuple[str, str]:
    """The quantity and the unit price: as given, or from an amount for the whole line — divided by
    the quantity when that is exact to the cent, else the amount once (the total kept to the cent)."""
    quantity = row.get("quantity") or "1"
    if row.get("unit_price") or not row.get("amount"):
        return quantity, row.get("unit_price", "")
    amount = row["amount"]
    try:
        each = Decimal(amount) / Decimal(quantity)
    except (InvalidOperation, ValueError, ArithmeticError):
        return quantity, amount  # save_line says what is wrong with it
    if each == each.quantize(Decimal("0.01")):
        return quantity, str(each.quantize(Decimal("0.01")))
    return "1", amount


def load_rows(
    *, budget: Budget, membership: Membership | None, rows: list[list[Any]], progress: Any = None
) -> int:
    """Every row saved as a line of ``budget``, or none: the errors by row (``DomainError`` with
    ``details["errors"]``)."""
    membership = services.editor(membership, budget)
    while rows and not any(_text(c) for c in rows[0]):
        rows = rows[1:]
    if not rows:
        raise DomainError(gettext("The sheet is empty."), details={"errors": []})
    columns = _columns(rows[0])
    missing = [LABELS[f] for f in ("category", "name") if f not in columns]
    if "unit_price" not in columns and "amount" not in columns:
        missing.append(LABELS["unit_price"])
    if missing:
        message = gettext("The first row must name the columns; missing: %(names)s.") % {
            "names": "、".join(str(m) for m in missing)
        }
        raise DomainError(message, details={"errors": [message]})
    categories = {}
    for c in Category.objects.filter(budget=budget):
        categories[c.key.lower()] = c
        categories[c.name.strip().lower()] = c
    errors: list[str] = []
    saved = 0
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(_text(c) for c in r)]
    with transaction.atomic():
        for done, (number, raw) in enumerate(body, start=1):
            row = {f: _text(raw[i]) if i < len(raw) else "" for f, i in columns.items()}
            category = categories.get(row.get("category", "").lower())
            if category is None:
                errors.append(gettext("Row %(row)s, %(field)s: %(message)s") % {
                    "row": number, "field": LABELS["category"],
                    "message": gettext("no such category in this budget"),
                })  # fmt: skip
                continue
            quantity, unit_price = _priced(row)
            data = services.LineInput(
                category=category, name=row.get("name", ""), quantity=quantity,
                unit=row.get("unit", ""), unit_price=unit_price, tax_rate=row.get("tax_rate") or "0",
                notes=row.get("notes", ""), client_price=row.get("client_price") or None,
            )  # fmt: skip
            try:
                with transaction.atomic():
                    services.save_line(budget=budget, membership=membership, data=data, guard_after=False)
                saved += 1
            except (DomainError, ValidationError) as exc:
                field = (exc.details.get("field") if isinstance(exc, DomainError) else None) or ""
                message = str(exc.message) if isinstance(exc, DomainError) else " ".join(exc.messages)
                errors.append(gettext("Row %(row)s, %(field)s: %(message)s") % {
                    "row": number, "field": LABELS.get(field, field) or "—", "message": message,
                })  # fmt: skip
            if progress is not None:
                progress(done, len(body))
        if errors:  # raised inside the transaction: every saved row goes back
            raise DomainError(
                gettext("Nothing was imported: %(n)s rows have errors.") % {"n": len(errors)},
                details={"errors": errors[:200]},
            )
        guard.check(budget=budget)
    return saved


@job_kind("budget_import", label=_("Budget lines import (Excel)"), perm=Perm.VIEW)
def import_budget(job: Any, progress: Any) -> dict[str, Any]:
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    budget = Budget.objects.filter(org=job.org, pk=job.params.get("budget")).select_related("meeting").first()
    membership = Membership.objects.filter(org=job.org, user=job.created_by, is_active=True).first()
    if budget is None:
        return {"errors": [gettext("The budget is gone.")], "created": 0, "updated": 0}
    back = {
        "link": reverse("budgets:meeting", kwargs={"org": job.org.slug, "meeting": budget.meeting_id}),
        "link_label": gettext("Back to the budget"),
    }
    try:
        rows = read_rows(path, max_rows=MAX_ROWS, prefer=("明细", "lines"))
        created = load_rows(budget=budget, membership=membership, rows=rows, progress=progress)
    except WorkbookRefused as exc:
        return {"errors": [str(exc.message)], "created": 0, "updated": 0, **back}
    except DomainError as exc:
        return {"errors": exc.details.get("errors") or [str(exc.message)], "created": 0, "updated": 0, **back}
    return {"errors": [], "created": created, "updated": 0, **back}
