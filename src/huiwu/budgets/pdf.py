"""The client's budget as a PDF (WeasyPrint, the CJK fonts): no costs and no margins. Where the agency
resells (a line has a client price) only the client's prices; otherwise the approved plan, which is the
client's money. The approval of the latest revision is named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .models import Budget, Line


def client_rows(budget: Budget) -> dict[str, Any]:
    """What the client sees: per category its lines with their amounts, and the total."""
    sheet = selectors.sheet(budget)
    lines = list(Line.objects.filter(category__budget=budget).select_related("category"))
    resells = any(ln.client_price is not None for ln in lines)
    groups = []
    total = Decimal(0)
    for c in sheet.order:
        mine = [ln for ln in lines if ln.category_id == c.pk and (not resells or ln.client_price is not None)]
        rows = [
            {"line": ln, "amount": ln.client_price if resells else sheet.lines[ln.pk].planned} for ln in mine
        ]
        amount = sum((r["amount"] for r in rows), Decimal(0))
        if rows:
            groups.append({"category": c, "rows": rows, "amount": amount})
            total += amount
    return {"groups": groups, "total": total, "resells": resells}


def client_pdf(budget: Budget) -> bytes:
    from weasyprint import HTML

    approved = selectors.approved_revisions(budget).first()
    context = {"budget": budget, "meeting": budget.meeting, "approved": approved, "now": timezone.now()}
    html = render_to_string("budgets/client_pdf.html", {**context, **client_rows(budget)})
    return HTML(string=html).write_pdf()
