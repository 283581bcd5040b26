"""The budget to Excel: one sheet per level — the total, the categories, the lines — every figure a
number, every text a text a spreadsheet will not run as a formula. The client's price and the margin
only for the agency's roles that see them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from huiwu.core.excel import safe_cell

from . import selectors
from .models import Budget, Line

if TYPE_CHECKING:
    from openpyxl import Workbook


def _figures(f: selectors.Figures) -> list[Any]:
    return [f.planned, f.committed, f.actual, f.forecast, f.variance, f.variance_share]


def export_workbook(budget: Budget, *, margins: bool) -> Workbook:
    from openpyxl import Workbook  # loaded when a workbook is made

    sheet = selectors.sheet(budget)
    figures = [_("planned"), _("committed"), _("actual"), _("forecast"), _("variance"), _("variance (%)")]
    wb = Workbook(write_only=True)

    def add(title: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = wb.create_sheet(title[:31])
        ws.append([safe_cell(h, ws) for h in header])
        for row in rows:
            ws.append([safe_cell(v, ws) for v in row])

    add(
        pgettext("budget", "Total"),
        [_("meeting"), _("currency"), _("rate to CNY"), _("working total"), *figures],
        [[budget.meeting.name, budget.currency, budget.rate, budget.total, *_figures(sheet.total)]],
    )
    add(
        _("Categories"),
        [_("key"), _("name"), _("share (%)"), _("moved"), *figures],
        [[c.key, c.name, c.share, c.moved, *_figures(sheet.categories[c.pk])] for c in sheet.order],
    )
    header = [_("category"), _("item"), _("quantity"), _("unit"), _("unit price"), _("tax rate (%)"),
              _("credit line"), _("supplier"), _("contract"), _("notes"), *figures]  # fmt: skip
    if margins:
        header += [_("client price"), _("margin")]
    rows = []
    lines = Line.objects.filter(category__budget=budget).select_related("category", "supplier", "contract")
    for ln in lines:
        f = sheet.lines[ln.pk]
        row = [ln.category.key, ln.name, ln.quantity, ln.unit, ln.unit_price, ln.tax_rate,
               _("yes") if ln.credit else "", ln.supplier.name if ln.supplier else "",
               ln.contract.number if ln.contract else "", ln.notes, *_figures(f)]  # fmt: skip
        if margins:
            row += [ln.client_price, None if ln.client_price is None else ln.client_price - f.forecast]
        rows.append(row)
    add(_("Lines"), header, rows)
    return wb
