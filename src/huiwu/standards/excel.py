"""The catalogue as Excel: one row a rule. Export writes it; import (a background job) reads the same
layout back and changes, through ``services.update_rule``, each rule whose figures, unit or "in force"
differ, with the reason given at upload. Each row carries the rule's version: a rule changed since the
export is refused as stale. Nothing is kept unless every row holds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError
from huiwu.core.excel import safe_cell
from huiwu.core.workbooks import WorkbookRefused, read_rows
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import selectors, services
from .models import Rule

if TYPE_CHECKING:
    from openpyxl import Workbook

HEADER = [
    "key",
    "area",
    "standard",
    "kind",
    "low",
    "high",
    "unit",
    "counted from",
    "in force",
    "source",
    "version",
]
MAX_ROWS = 1_000
YES, NO = ("yes", "是", "true", "1"), ("no", "否", "false", "0", "")


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def export_workbook(org) -> Workbook:
    from openpyxl import Workbook  # loaded when a workbook is made

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("standards")
    ws.append([safe_cell(h, ws) for h in HEADER])
    for r in selectors.rules(org):
        row = [
            r.key,
            r.area,
            selectors.label(r.key),
            r.kind,
            _number(r.low),
            _number(r.high),
            r.unit,
            r.anchor,
            "yes" if r.enabled else "no",
            r.variant,
            r.version,
        ]
        ws.append([safe_cell(v, ws) for v in row])
    return wb


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@job_kind("standards_import", label=_("Service standards import (Excel)"), perm=Perm.MANAGE_ORG)
def import_standards(job, progress) -> dict:
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    reason = job.params.get("reason", "")
    try:
        rows = read_rows(path, max_rows=MAX_ROWS)
    except WorkbookRefused as exc:  # not a workbook, or a hostile one: tell the user, keep nothing
        return {"errors": [exc.message], "changed": 0}
    if not rows or [_text(c) for c in rows[0][: len(HEADER)]] != HEADER:
        return {"errors": [gettext("The first row must be the column names of the export.")], "changed": 0}
    rules = {r.key: r for r in Rule.objects.filter(org=job.org)}
    errors: list[str] = []
    changed = 0
    total = len(rows) - 1
    with transaction.atomic():
        for number, row in enumerate(rows[1:], start=2):
            values = dict(zip(HEADER, (_text(c) for c in row), strict=False))
            if not any(values.values()):
                continue
            rule = rules.get(values.get("key", ""))
            error = _row_error(rule, values)
            if error is None and rule is not None:
                error, done = _apply(rule, values, job.created_by, reason)
                changed += done
            if error:
                errors.append(gettext("Row %(row)s: %(message)s") % {"row": number, "message": error})
            progress(number - 1, total)
        if errors:  # all or nothing
            transaction.set_rollback(True)
            return {"errors": errors[:200], "changed": 0}
    return {"errors": [], "changed": changed}


def _same(now: tuple[str, ...], row: tuple[str, ...]) -> bool:
    def number(text: str) -> object:
        try:
            return Decimal(text).normalize() if text else None
        except ArithmeticError:
            return text

    return (
        number(now[0]) == number(row[0])
        and number(now[1]) == number(row[1])
        and now[2] == row[2]
        and (now[3] == "yes") == (row[3].lower() in YES)
    )


def _row_error(rule: Rule | None, values: dict[str, str]) -> str | None:
    if rule is None:
        return gettext("no standard with the key %(key)s") % {"key": values.get("key", "")}
    if values.get("in force", "").lower() not in YES + NO:
        return gettext("“in force” is yes or no")
    if not values.get("version", "").isdecimal():
        return gettext("the version column is the one of the export")
    return None


def _apply(rule: Rule, values: dict[str, str], actor, reason: str) -> tuple[str | None, int]:
    """Change ``rule`` as its row says; a row as the rule stands changes nothing (whatever its version)."""
    now = (_number(rule.low), _number(rule.high), rule.unit, "yes" if rule.enabled else "no")
    row = (values.get("low", ""), values.get("high", ""), values.get("unit", ""), values.get("in force", ""))
    if _same(now, row):
        return None, 0
    data = services.FigureInput(
        low=values.get("low") or None,
        high=values.get("high") or None,
        unit=values.get("unit", ""),
        enabled=values.get("in force", "").lower() in YES,
    )
    try:
        with transaction.atomic():
            after = services.update_rule(
                rule=rule, actor=actor, data=data, reason=reason, version=int(values["version"])
            )
    except DomainError as exc:
        return str(exc.message), 0
    return None, int(after.version != rule.version)
