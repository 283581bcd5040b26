"""The Requirement Analysis Report (the deliverable of T-60 → T-45): one dict for the page and the PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from huiwu.events.enums import Dimension, Priority
from huiwu.events.models import Meeting
from huiwu.events.services.survey import summary, survey_for
from huiwu.standards.selectors import catalogue_version
from huiwu.venues.services.feasibility import gaps_for


def report_context(meeting: Meeting) -> dict:
    requirements = list(meeting.requirements.select_related("requested_by"))
    dims = []
    for value, label in Dimension.choices:
        rows = [r for r in requirements if r.dimension == value]
        dims.append(
            {
                "label": label,
                "must": [r for r in rows if r.priority == Priority.MUST],
                "flexible": [r for r in rows if r.priority == Priority.FLEXIBLE],
            }
        )
    profile = summary(survey_for(meeting))
    for key in ("age", "industry", "role", "interests"):
        top = max([n for _label, n in profile[key]] or [0])
        profile[key] = [
            {"label": label, "n": n, "pct": int(n * 100 / top) if top else 0} for label, n in profile[key]
        ]
    feasibility = meeting.tasks.filter(template_task__key="feasibility").first()
    risks = meeting.tasks.filter(template_task__key="risk-preassessment").first()
    return {
        "meeting": meeting,
        "kpis": list(meeting.kpis.all()),
        "dimensions": dims,
        "must_count": sum(len(d["must"]) for d in dims),
        "flexible_count": sum(len(d["flexible"]) for d in dims),
        "profile": profile,
        "feasibility_task": feasibility,
        "gaps": gaps_for(meeting),
        "risk_task": risks,
        "generated_at": timezone.now(),
        "standards_version": catalogue_version(meeting.org),  # the figures the feasibility was judged by
    }


def render_pdf(meeting: Meeting) -> bytes:
    """The report as PDF (WeasyPrint; Chinese text in Noto Sans CJK, embedded)."""
    from weasyprint import HTML

    html = render_to_string("reports/requirements_pdf.html", report_context(meeting))
    return HTML(string=html).write_pdf()
