"""A budget line as the pages show it: every figure already text, so that a sheet of 500 lines renders
in a few milliseconds (the template only places strings)."""

from __future__ import annotations

from html import escape
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from huiwu.core.text import plain_number

from .models import Line
from .selectors import Figures


def variance_text(f: Figures) -> str:
    share = f.variance_share
    return f"{f.variance}" if share is None else f"{f.variance} ({share}%)"


def contract_urls(org_slug: str) -> str:
    """The contract page's address with ``{}`` for its id."""
    return reverse("contracts:contract", kwargs={"org": org_slug, "contract": 0})[:-2] + "{}/"


def line_row(line: Line, f: Figures, contract_url: str) -> dict[str, Any]:
    detail = f"{plain_number(line.quantity)}{line.unit} × {line.unit_price}"
    if line.tax_rate:
        detail += f" +{plain_number(line.tax_rate)}%"
    return {
        "pk": line.pk,
        "name": line.name,
        "category_id": line.category_id,
        "detail": detail,
        "contract": line.contract.number if line.contract_id and line.contract else "",
        "contract_url": contract_url.format(line.contract_id) if line.contract_id else "",
        "planned": str(f.planned),
        "committed": str(f.committed),
        "actual": str(f.actual),
        "forecast": str(f.forecast),
        "variance": variance_text(f),
        "over": f.variance > 0,
        "client_price": "" if line.client_price is None else str(line.client_price),
    }


def _e(value: Any) -> str:
    """Escaped for HTML (the standard library's: these rows are built by the hundred)."""
    return escape(str(value), quote=True)


def sheet_row_html(row: dict[str, Any], *, margins: bool, editor: bool, change: str) -> SafeString:
    """The budget page's ``<tr>`` of a line, every text escaped (500 of them in a few milliseconds)."""
    pk, name = row["pk"], _e(row["name"])
    contract = (
        f' · <a href="{_e(row["contract_url"])}">{_e(row["contract"])}</a>' if row["contract_url"] else ""
    )
    error = ' class="error"' if row["over"] else ""
    html = (
        f'<tr data-testid="line-{pk}"><td>{name} '
        f'<span class="muted small">{_e(row["detail"])}{contract}</span></td>'
        f"<td>{row['planned']}</td><td>{row['committed']}</td><td>{row['actual']}</td><td>{row['forecast']}</td>"
        f"<td{error}>{_e(row['variance'])}</td>"
    )
    if margins:
        html += f"<td>{_e(row['client_price'])}</td>"
    if editor:
        label = _e(change)
        html += f'<td><a href="?line={pk}#line-form" aria-label="{label} {name}">{label}</a></td>'
    return mark_safe(html + "</tr>")  # noqa: S308  (every text above is escaped)


def review_row_html(row: dict[str, Any], *, can_decide: bool, decide: str, to_decide: str) -> SafeString:
    """The review page's ``<tr>`` of a line: its figures, the trend, its decision (or the way to one)."""
    pk = row["pk"]
    d = row["decision"]
    if d is not None:
        parts = [str(d.get_kind_display())]
        if d.amount is not None:
            parts.append(f" · {d.amount}")
        if d.source_id:
            parts.append(f" ← {d.source.name}")
        if d.backup_id and d.backup:
            parts.append(f" → {d.backup.supplier.name}")
        if d.reason:
            parts.append(f" · {d.reason}")
        when = timezone.localtime(d.decided_at).strftime("%Y-%m-%d %H:%M")
        who = _e(d.decided_by or "—")
        said = _e("".join(parts))
        decision = (
            f'<span data-testid="decision-{pk}">{said} <span class="muted small">{who} {when}</span></span>'
        )
    elif row["over"] and can_decide:
        decision = f'<a href="?line={pk}#decide">{_e(decide)}</a>'
    elif row["over"]:
        decision = f'<span class="error">{_e(to_decide)}</span>'
    else:
        decision = ""
    over = ' class="over"' if row["over"] else ""
    error = ' class="error"' if row["over"] else ""
    html = (
        f'<tr data-testid="review-line-{pk}"{over}><td>{_e(row["name"])}</td><td>{row["planned"]}</td>'
        f"<td>{row['committed']}</td><td>{row['actual']}</td><td>{row['forecast']}</td>"
        f"<td{error}>{_e(row['variance'])}</td><td>{_e(row['trend'])}</td><td>{decision}</td></tr>"
    )
    return mark_safe(html)  # noqa: S308  (every text above is escaped)
