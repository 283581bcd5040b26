"""The Satisfaction Analysis Report: the figures of ``satisfaction.figures`` with their charts — drawn here
as SVG (escaped, no script), so the page and the PDF (WeasyPrint, the CJK fonts) show the same — and the
comments grouped by theme."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from huiwu.events.models import Meeting

from .satisfaction import Figures, figures

WIDTH, ROW, LABEL = 560, 26, 190


def bars(rows: list[tuple[str, float]], *, top: float, unit: str = "", title: str) -> SafeString:
    """Horizontal bars, one per row, scaled to ``top``; each label and value written out (escaped)."""
    if not rows:
        return SafeString("")
    span = WIDTH - LABEL - 60
    height = ROW * len(rows) + 8
    cells = []
    for n, (label, value) in enumerate(rows):
        width = max(value, 0) / top * span if top else 0
        y = n * ROW
        cells.append((LABEL - 6, y + 17, label[:24], LABEL, y + 5, f"{width:.1f}", f"{LABEL + width + 6:.1f}",
                      y + 17, _plain(value), unit))  # fmt: skip
    parts = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="#1d4ed8"></rect>'
        '<text x="{}" y="{}" font-size="12">{}{}</text>',
        cells,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>{}</title>{}</svg>",
        WIDTH, height, WIDTH, height, title, parts,
    )  # fmt: skip


def _plain(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def charts(found: Figures) -> dict[str, SafeString]:
    sessions = [(f.question.text, float(f.average)) for f in found.sessions if f.average is not None]
    n = found.nps
    other = gettext("Other")
    return {
        "sessions": bars(sessions, top=5, title=gettext("Sessions' ratings (of 5)")),
        "nps": bars(
            [
                (gettext("Promoters (9-10)"), n.promoters),
                (gettext("Passives (7-8)"), n.passives),
                (gettext("Detractors (0-6)"), n.detractors),
            ],
            top=max(n.answers, 1),
            title=gettext("Would recommend"),
        ),
        "themes": bars(
            [(name or other, count) for name, count in found.themes],
            top=max((c for _n, c in found.themes), default=1),
            title=gettext("Themes of the comments"),
        ),
    }


def context(meeting: Meeting) -> dict:
    found = figures(meeting)
    comments = [t for q in found.questions for t in q.texts]
    return {
        "meeting": meeting, "figures": found, "charts": charts(found), "comments": comments[:200],
        "now": timezone.now(), "target": _target(meeting),
    }  # fmt: skip


def _target(meeting: Meeting) -> Decimal | None:
    """The satisfaction KPI's target, when the meeting has one (e.g. 9.0 of 10)."""
    from huiwu.events.enums import KPIKind

    kpi = meeting.kpis.filter(kind=KPIKind.SATISFACTION).first()
    return kpi.target if kpi is not None else None


def render_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("feedback/report_pdf.html", context(meeting))).write_pdf()
