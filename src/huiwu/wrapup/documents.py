"""The summary report as files: the PDF (WeasyPrint, the CJK fonts, the data comparison drawn as SVG)
and the Word document (python-docx) the client can edit — the same sections, the same table."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from huiwu.feedback.report import bars

from .models import Summary
from .summary import Row, comparison, deadline

FONT = "Noto Sans CJK SC"
DOCX_NAME = "summary-report.docx"


def headings() -> list[tuple[str, str]]:
    return [
        ("overview", gettext("Overview")),
        ("highlights", gettext("Highlights")),
        ("improvements", gettext("What to improve")),
        ("comparison", gettext("Data comparison")),
        ("plan", gettext("Improvement plan")),
    ]


def chart(rows: list[Row]) -> Any:
    """Each KPI's actual as a share of its target (100% = met)."""
    shown = [(r.label, float(r.reached)) for r in rows if r.reached is not None]
    top = max([100.0, *(v for _l, v in shown)])
    return bars(shown, top=top, unit="%", title=gettext("Actual against target"))


def blocks(text: str) -> list[tuple[str, str]]:
    """A section's text as paragraphs and list items ("- " at the start of a line)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            out.append(("item", line[2:].strip()))
        elif line:
            out.append(("text", line))
    return out


def context(summary: Summary) -> dict[str, Any]:
    meeting = summary.meeting
    rows = comparison(meeting)
    return {
        "summary": summary,
        "meeting": meeting,
        "sections": [(key, title, blocks(getattr(summary, key))) for key, title in headings()],
        "rows": rows,
        "chart": chart(rows),
        "deadline": deadline(meeting, summary),
        "now": timezone.now(),
    }


def render_pdf(summary: Summary) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("wrapup/summary_pdf.html", context(summary))).write_pdf()


def render_docx(summary: Summary) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    found = context(summary)
    meeting = found["meeting"]
    doc = Document()
    for name in ("Normal", "Title", "Heading 1", "List Bullet"):
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = gettext("Summary report") + f" · {meeting.name}"
    doc.add_heading(gettext("Summary report"), level=0)
    client = f" · {meeting.client.name}" if meeting.client_id else ""
    when = meeting.start_date.isoformat()
    if meeting.end_date != meeting.start_date:
        when += f" – {meeting.end_date.isoformat()}"
    doc.add_paragraph(f"{meeting.name}{client} · {when}")
    for key, title, parts in found["sections"]:
        doc.add_heading(title, level=1)
        for kind, text in parts:
            doc.add_paragraph(text, style="List Bullet" if kind == "item" else None)
        if key == "comparison" and found["rows"]:
            _table(doc, found["rows"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, rows: list[Row]) -> None:
    head = [gettext("KPI"), gettext("target"), gettext("actual"), gettext("variance"), gettext("of target")]
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for r in rows:
        cells = table.add_row().cells
        cells[0].text = r.label
        cells[1].text = f"{r.target.normalize():f} {r.unit}"
        cells[2].text = f"{r.actual.normalize():f} {r.unit}" if r.actual is not None else "—"
        cells[3].text = f"{r.share:+}%" if r.share is not None else "—"
        reached = r.reached
        cells[4].text = "█" * min(int(reached // 10), 15) + f" {reached}%" if reached is not None else "—"
