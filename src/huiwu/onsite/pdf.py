"""The Major Incident Report (DOMAIN.md stage 4): what happened, the timeline, the timers against the policy,
cause, fix and compensation; WeasyPrint with the CJK fonts."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


def major_report(incident) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "onsite/incident_pdf.html",
        {
            "incident": incident,
            "meeting": incident.meeting,
            "timers": incident.timers(),
            "updates": incident.updates.select_related("user"),
            "now": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()
