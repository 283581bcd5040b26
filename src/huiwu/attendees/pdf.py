"""Badge PDFs (WeasyPrint, Noto Sans CJK): A6 one per page, or four A6 badges on an A4 sheet.

Rendered in chunks so a long run reports progress; the chunks' pages are joined into one PDF.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.template.loader import render_to_string
from django.utils import translation

from .badges import sign
from .enums import BadgeLayout, Category
from .models import Attendee, BadgeTemplate
from .services import registration_of

CHUNK = 100
DEFAULT_COLOURS = {
    Category.VIP: "#b91c1c",
    Category.SPEAKER: "#7c3aed",
    Category.MEDIA: "#047857",
    Category.STAFF: "#374151",
    Category.REGULAR: "#1d4ed8",
    Category.CUSTOM: "#b45309",
}


def qr_data_uri(code: str) -> str:
    """A QR code as an SVG data URI for <img src>. It must be a standalone SVG document (with its
    XML namespace): browsers refuse an <img> whose SVG lacks it, WeasyPrint would not mind."""
    return segno.make(code, error="m").svg_data_uri(scale=4, border=4)


def templates_for(org) -> dict[str, BadgeTemplate]:
    found = {t.category: t for t in BadgeTemplate.objects.filter(org=org)}
    return {
        c: found.get(c) or BadgeTemplate(org=org, category=c, colour=DEFAULT_COLOURS[c])
        for c in Category.values
    }


def _card(attendee: Attendee, template: BadgeTemplate, key_code: str) -> dict:
    return {
        "name": attendee.name,
        "organisation": attendee.organisation,
        "title": attendee.title,
        "role": template.role_label or attendee.category_label,
        "colour": template.colour,
        "text_colour": template.text_colour,
        "table": attendee.table_number if template.show_table else "",
        "qr": qr_data_uri(key_code),
    }


def render_badges(
    meeting, attendees, *, layout: str | None = None, progress: Callable | None = None
) -> bytes:
    from weasyprint import HTML

    attendees = list(attendees)
    templates = templates_for(meeting.org)
    key = registration_of(meeting).badge_key
    layout = layout or templates[Category.REGULAR].layout
    documents, done = [], 0
    with translation.override("zh-hans"):
        for start in range(0, max(len(attendees), 1), CHUNK):
            chunk = attendees[start : start + CHUNK]
            cards = [_card(a, templates[a.category], sign(key, a.badge_secret)) for a in chunk]
            per_page = 4 if layout == BadgeLayout.A4 else 1
            pages = [cards[i : i + per_page] for i in range(0, len(cards), per_page)]
            html = render_to_string(
                "attendees/badges_pdf.html", {"meeting": meeting, "pages": pages, "layout": layout}
            )
            documents.append(HTML(string=html).render())
            done += len(chunk)
            if progress:
                progress(done, len(attendees))
    first = documents[0]
    return first.copy([page for doc in documents for page in doc.pages]).write_pdf()
