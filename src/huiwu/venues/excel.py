"""The venue catalogue as Excel: one row per room, with its venue's columns repeated.

Export writes the sheet; import (a background job) reads the same layout, checks every row with
the same forms as the pages, and saves nothing unless every row is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.excel import safe_cell
from huiwu.core.workbooks import WorkbookRefused, read_rows
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from .forms import RoomForm, VenueForm
from .models import Room, Venue
from .services import catalogue

if TYPE_CHECKING:
    from openpyxl import Workbook

VENUE_COLUMNS = VenueForm.Meta.fields
ROOM_COLUMNS = [f"room_{name}" for name in RoomForm.Meta.fields]
HEADER = [*VENUE_COLUMNS, *ROOM_COLUMNS]
MAX_ROWS = 5_000  # rooms of an organisation's catalogue


def _cell(value):
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def export_workbook(org) -> Workbook:
    from openpyxl import Workbook  # loaded when a workbook is made

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("venues")
    ws.append([safe_cell(h, ws) for h in HEADER])
    for room in Room.objects.filter(venue__org=org).select_related("venue").order_by("venue__name", "name"):
        ws.append(
            [safe_cell(_cell(getattr(room.venue, f)), ws) for f in VENUE_COLUMNS]
            + [safe_cell(_cell(getattr(room, f)), ws) for f in RoomForm.Meta.fields]
        )
    return wb


def _form_data(values: dict, columns: list[str], prefix: str = "") -> dict:
    data = {}
    for column in columns:
        value = values.get(column)
        name = column[len(prefix) :]
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "是", "否"):
            value = "on" if value.strip().lower() in ("yes", "是") else ""
        elif value is True:
            value = "on"
        elif value is False or value is None:
            value = ""
        data[name] = value
    return data


@job_kind("venue_import", label=_("Venue catalogue import (Excel)"), perm=Perm.EDIT_MEETINGS)
def import_venues(job, progress):
    path = Path(settings.MEDIA_ROOT) / job.params["file"]
    try:
        rows = read_rows(path, max_rows=MAX_ROWS)
    except WorkbookRefused as exc:  # not a workbook, or a hostile one: tell the user, keep nothing
        return {"errors": [exc.message], "created": 0, "updated": 0}
    if not rows or [str(c or "") for c in rows[0][: len(HEADER)]] != HEADER:
        return {
            "errors": [gettext("The first row must be the column names of the export.")],
            "created": 0,
            "updated": 0,
        }
    total = len(rows) - 1
    errors, plan = [], []
    for number, row in enumerate(rows[1:], start=2):
        values = dict(zip(HEADER, row, strict=False))
        venue_form = VenueForm(_form_data(values, VENUE_COLUMNS))
        room_form = RoomForm(_form_data(values, ROOM_COLUMNS, "room_"))
        venue_form.instance.org = job.org
        # The venue may already exist (in the catalogue or earlier in the file): its name is its key.
        venue_form.validate_unique = lambda: None
        for form in (venue_form, room_form):
            if not form.is_valid():
                for field, messages in form.errors.items():
                    errors.append(
                        gettext("Row %(row)s, %(field)s: %(message)s")
                        % {"row": number, "field": field, "message": " ".join(messages)}
                    )
        if not errors:
            plan.append((venue_form.cleaned_data, room_form.cleaned_data))
        progress(number - 1, total)
    if errors:
        return {"errors": errors[:200], "created": 0, "updated": 0}
    created = updated = 0
    with transaction.atomic():
        for venue_data, room_data in plan:
            venue = Venue.objects.filter(org=job.org, name=venue_data["name"]).first()
            venue = catalogue.save_venue(
                org=job.org, actor=job.created_by, venue=venue, data=catalogue.VenueInput.parse(venue_data)
            )
            room = Room.objects.filter(venue=venue, name=room_data["name"]).first()
            catalogue.save_room(
                venue=venue, actor=job.created_by, room=room, data=catalogue.RoomInput.parse(room_data)
            )
            if room is None:
                created += 1
            else:
                updated += 1
    return {"errors": [], "created": created, "updated": updated}
