"""The supplier catalogue as Excel: one row per supplier, with its first emergency (else first) contact.

The header is the columns' names in the reader's language (either language, or the field keys, is read
back). Import is a background job: every row goes through the same commands as the pages (a supplier
with a known credit code, else name, is changed; a new one added), each row in its own savepoint; one
refused row and nothing is kept, the report names every refused row and field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.errors import DomainError
from huiwu.core.excel import safe_cell
from huiwu.core.workbooks import WorkbookRefused, read_rows
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import services, uscc
from .enums import Category
from .models import Supplier

if TYPE_CHECKING:
    from openpyxl import Workbook

COLUMNS: dict[str, Any] = {
    "name": _("name"),
    "credit_code": _("unified social credit code"),
    "categories": _("categories"),
    "cities": _("service area (cities)"),
    "website": _("website"),
    "address": _("address"),
    "notes": _("notes"),
    "contact_name": _("contact"),
    "contact_role": _("role"),
    "contact_mobile": _("mobile"),
    "contact_email": _("e-mail"),
}
CONTACT = {
    "contact_name": "name",
    "contact_role": "role",
    "contact_mobile": "mobile",
    "contact_email": "email",
}
MAX_ROWS = 5_000
LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")  # a category's English name has spaces


def _names(words: dict[str, Any]) -> dict[str, str]:
    """Each column's or category's name in both languages (and its key) → its key."""
    found = {key: key for key in words}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            found.update({str(label).strip().lower(): key for key, label in words.items()})
    return found


def export_workbook(org) -> Workbook:
    from openpyxl import Workbook  # loaded when a workbook is made

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("Suppliers"))
    ws.append([safe_cell(str(label), ws) for label in COLUMNS.values()])
    rows = Supplier.objects.filter(org=org).prefetch_related("contacts").order_by("name", "id")
    for s in rows:
        contact = next(iter(s.contacts.all()), None)
        values = {
            "name": s.name, "credit_code": s.credit_code, "categories": "、".join(s.category_labels),
            "cities": "、".join(s.cities), "website": s.website, "address": s.address, "notes": s.notes,
            **{column: getattr(contact, field, "") if contact else "" for column, field in CONTACT.items()},
        }  # fmt: skip
        ws.append([safe_cell(values[key], ws) for key in COLUMNS])
    return wb


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _categories(cell: str) -> list[str]:
    names = _names({c.value: c.label for c in Category})
    found, unknown = [], []
    for part in LIST_SEPARATORS.split(cell):
        if not part:
            continue
        key = names.get(part.strip().lower())
        (found if key else unknown).append(key or part)
    if unknown:
        raise ValidationError(
            {"categories": gettext("Unknown category: %(names)s") % {"names": "、".join(unknown)}}
        )
    return found


def _messages(exc: ValidationError | DomainError) -> list[tuple[str, str]]:
    if isinstance(exc, DomainError):
        return [(str(exc.details.get("field", "")), str(exc.message))]
    if hasattr(exc, "error_dict"):
        return [(field, " ".join(str(m) for m in msgs)) for field, msgs in exc.message_dict.items()]
    return [("", " ".join(exc.messages))]


def _label(field: str) -> str:
    key = {"name": "name", "credit_code": "credit_code", "categories": "categories", "cities": "cities"}.get(
        field, f"contact_{field}" if f"contact_{field}" in COLUMNS else field
    )
    return str(COLUMNS.get(key, field))


def _row(job, values: dict[str, str], seen: dict[str, int], number: int) -> str:
    """Carry out one row through the commands: "created" or "updated" (or the command's refusal)."""
    code = uscc.normalise(values.get("credit_code", ""))
    key = code or values.get("name", "")
    if key in seen:
        raise ValidationError(
            {"credit_code" if code else "name": gettext("Repeats row %(row)s.") % {"row": seen[key]}}
        )
    seen[key] = number
    data = services.SupplierInput(
        name=values.get("name", ""), credit_code=values.get("credit_code", ""),
        categories=_categories(values.get("categories", "")), cities=values.get("cities", ""),
        website=values.get("website", ""), address=values.get("address", ""), notes=values.get("notes", ""),
    )  # fmt: skip
    found = Supplier.objects.filter(org=job.org)
    existing = found.filter(credit_code=code).first() if code else found.filter(name=data.name).first()
    actor = job.created_by
    if existing is None:
        supplier, outcome = services.add_supplier(org=job.org, actor=actor, data=data), "created"
    else:
        supplier = services.change_supplier(
            supplier=existing, actor=actor, data=data, version=existing.version
        )
        outcome = "updated"
    contact = {field: values.get(column, "") for column, field in CONTACT.items()}
    if contact["name"] and not supplier.contacts.filter(name=contact["name"]).exists():
        services.add_contact(supplier=supplier, actor=actor, data=services.ContactInput(**contact))
    return outcome


@job_kind("supplier_import", label=_("Supplier catalogue import (Excel)"), perm=Perm.EDIT_MEETINGS)
def import_suppliers(job, progress) -> dict[str, Any]:
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    counts = {"created": 0, "updated": 0}
    try:
        rows = read_rows(path, max_rows=MAX_ROWS)
    except WorkbookRefused as exc:  # not a workbook, or a hostile one: tell the user, keep nothing
        return {"errors": [exc.message], **counts}
    names = _names(COLUMNS)
    header = [names.get(_text(c).lower()) for c in (rows[0] if rows else [])]
    if "name" not in header or "categories" not in header:
        return {"errors": [gettext("The first row must be the column names of the export.")], **counts}
    errors: list[str] = []
    seen: dict[str, int] = {}
    total = len(rows) - 1
    with transaction.atomic():
        for number, row in enumerate(rows[1:], start=2):
            values = {key: _text(cell) for key, cell in zip(header, row, strict=False) if key}
            if any(values.values()):
                try:
                    with transaction.atomic():
                        counts[_row(job, values, seen, number)] += 1
                except (ValidationError, DomainError) as exc:
                    for field, message in _messages(exc):
                        errors.append(
                            gettext("Row %(row)s, %(field)s: %(message)s")
                            % {"row": number, "field": _label(field), "message": message}
                        )
            progress(number - 1, total)
        if errors:
            transaction.set_rollback(True)
            return {"errors": errors[:200], "created": 0, "updated": 0}
    return {"errors": [], **counts}
