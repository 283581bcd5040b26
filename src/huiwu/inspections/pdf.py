"""The inspection report of a meeting: each inspection with its items, the reading against the standard
(and the catalogue version it was judged by), who checked it and when, what a failure opened, and the
photos; WeasyPrint with the CJK fonts."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from huiwu.standards.selectors import catalogue_version

from . import selectors


def report(meeting) -> bytes:
    from weasyprint import HTML

    inspections = list(selectors.of_meeting(meeting))
    for inspection in inspections:
        inspection.progress = selectors.progress(inspection)
        inspection.rows = [
            {
                "item": item,
                **selectors.wording(item),
                "photos": [Path(p.file.path).as_uri() for p in item.photos.all()[:2]],
            }
            for item in inspection.items.all()
        ]
    html = render_to_string(
        "inspections/report_pdf.html",
        {
            "meeting": meeting,
            "inspections": inspections,
            "now": timezone.now(),
            "standards_version": catalogue_version(meeting.org),
        },
    )
    return HTML(string=html).write_pdf()
