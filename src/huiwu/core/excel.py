"""Excel downloads that are safe to open: no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.http import HttpResponse

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBER_LIKE = re.compile(r"[+-][\d\s().-]*")  # "+86 138 0013 8000", "-5": shown as typed


def safe_cell(value, ws=None):
    """A cell a spreadsheet shows instead of running. Text is always written as text (never a formula);
    text that a spreadsheet would still take as one when it is edited or saved as CSV (=, @, a tab or
    CR, +/- followed by anything but a number) also gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "=@\t\r\n" or (value[0] in "+-" and not _NUMBER_LIKE.fullmatch(value)):
        value = "'" + value
    if ws is None:
        return value
    from openpyxl.cell import WriteOnlyCell  # openpyxl is loaded when a workbook is made

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def workbook(header: list[str], rows: Iterable[list], title: str = "") -> Workbook:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31] or None)
    ws.append([safe_cell(h, ws) for h in header])
    for row in rows:
        ws.append([safe_cell(v, ws) for v in row])
    return wb


def xlsx_response(filename: str, header: list[str], rows: Iterable[list], title: str = "") -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook(header, rows, title).save(response)
    return response
