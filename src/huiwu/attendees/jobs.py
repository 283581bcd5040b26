"""Background work on attendees: imports, badge PDFs, invitations and reminders."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from huiwu.core.audit import log_action
from huiwu.events.models import Meeting
from huiwu.jobs.registry import job_kind
from huiwu.orgs.enums import Perm

from . import importing, services
from .models import Attendee, ImportRun
from .selectors import filtered


def _meeting(job) -> Meeting:
    return Meeting.objects.select_related("org").get(org=job.org, pk=job.params["meeting"])


def _json_cell(value):
    """A preview cell as JSON keeps it: dates as ISO text, numbers as they are, the rest as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@job_kind("attendee_import_header", label=_("Attendee import: reading the file"), perm=Perm.EDIT_MEETINGS)
def read_import_header(job, progress):
    """Open an uploaded list (measured first: a file that unpacks too big is refused) and find its
    header row, in the queue rather than in the page request; the column mapping page shows the result."""
    meeting, params = _meeting(job), job.params
    path = Path(settings.MEDIA_ROOT) / params["file"]
    start = reverse("attendees:import", kwargs={"org": job.org.slug, "meeting": meeting.pk})
    progress(0, 1, gettext("Reading the file…"))
    try:
        table = importing.open_table(path, params.get("filename", ""))
        try:
            header = importing.find_header(table, importing.remembered(job.org), preview_rows=5)
        finally:
            table.close()
    except importing.FileRejected as exc:
        path.unlink(missing_ok=True)
        return {"problems": [exc.message], "link": start, "link_label": gettext("Choose another file")}
    progress(1, 1, "")
    mapping_page = reverse(
        "attendees:import-map", kwargs={"org": job.org.slug, "meeting": meeting.pk, "upload": path.name}
    )
    return {
        "summary": gettext("Header found in row %(row)s.") % {"row": header.row},
        "link": mapping_page,
        "link_label": gettext("Choose the columns"),
        "forward": True,
        "header": {
            "row": header.row,
            "cells": [importing.cell_text(c) for c in header.cells],
            "mapping": {str(i): f for i, f in header.mapping.items()},
            "preview": [[_json_cell(c) for c in r] for r in header.preview],
        },
    }


@job_kind("attendee_import", label=_("Attendee import"), perm=Perm.EDIT_MEETINGS)
def import_attendees(job, progress):
    meeting = _meeting(job)
    params = job.params
    run = ImportRun(
        org=job.org, meeting=meeting, created_by=job.created_by, filename=params.get("filename", "")[:200]
    )
    try:
        outcome = importing.run_import(
            meeting=meeting,
            path=Path(settings.MEDIA_ROOT) / params["file"],
            filename=params.get("filename", ""),
            mapping={int(k): v for k, v in params["mapping"].items()} if params.get("mapping") else None,
            consent_method=params.get("consent_method") or "client",
            consent_scope=params.get("consent_scope", ""),
            progress=progress,
        )
    except importing.FileRejected as exc:
        run.rejected = exc.message[:300]
        run.save()
        return {
            "summary": gettext("The file was not imported."),
            "problems": [exc.message],
            "link": reverse("attendees:import-report", kwargs={"org": job.org.slug, "run": run.pk}),
            "link_label": gettext("Open the import report"),
        }
    finally:
        (Path(settings.MEDIA_ROOT) / params["file"]).unlink(missing_ok=True)
    run.rows, run.imported, run.updated, run.unchanged = (
        outcome.rows,
        outcome.imported,
        outcome.updated,
        outcome.unchanged,
    )
    run.errors, run.error_rows = outcome.errors, outcome.error_rows
    run.save()
    log_action(
        "attendees.imported",
        target=meeting,
        actor=job.created_by,
        org=job.org,
        data={
            "file": run.filename,
            "imported": run.imported,
            "updated": run.updated,
            "errors": run.error_rows,
        },
    )
    summary = gettext(
        "%(imported)s imported, %(updated)s updated, %(unchanged)s unchanged, %(errors)s rows with problems."
    ) % {
        "imported": run.imported,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "errors": run.error_rows,
    }
    problems = outcome.warnings + [
        gettext("Row %(row)s, %(field)s: %(message)s")
        % {"row": e["row"], "field": importing.BY_KEY[e["field"]].label, "message": e["message"]}
        for e in run.errors[:10]
    ]
    return {
        "summary": summary,
        "problems": problems,
        "link": reverse("attendees:import-report", kwargs={"org": job.org.slug, "run": run.pk}),
        "link_label": gettext("Open the import report"),
    }


@job_kind("attendee_badges", label=_("Badge PDFs"), perm=Perm.RUN_JOBS)
def badge_pdfs(job, progress):
    from .pdf import render_badges

    meeting = _meeting(job)
    attendees = filtered(meeting, job.params.get("filters") or {}).order_by("category", "name", "id")
    pdf = render_badges(meeting, attendees, layout=job.params.get("layout") or None, progress=progress)
    rel = Path("jobs") / f"badges-{job.org.slug}-{meeting.pk}-{job.pk}.pdf"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    count = attendees.count()
    return {
        "file": str(rel),
        "summary": ngettext("%(n)s badge is ready.", "%(n)s badges are ready.", count) % {"n": count},
        "link": reverse("attendees:list", kwargs={"org": job.org.slug, "meeting": meeting.pk}),
        "link_label": gettext("Back to the attendees"),
    }


@job_kind("attendee_invitations", label=_("Invitations and reminders"), perm=Perm.EDIT_MEETINGS)
def invitations(job, progress):
    meeting = _meeting(job)
    reminder = bool(job.params.get("reminder"))
    ids = job.params.get("ids")
    rows = (
        Attendee.objects.filter(pk__in=ids, meeting=meeting)
        if ids
        else filtered(meeting, job.params.get("filters") or {})
    )
    rows = rows.select_related("meeting", "org").order_by("id")
    if reminder:
        rows = rows.filter(rsvp="invited")
    outcome = services.send_invitations(rows, actor=job.created_by, reminder=reminder, progress=progress)
    summary = (
        ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", outcome["sent"])
        if reminder
        else ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", outcome["sent"])
    ) % {"n": outcome["sent"]}
    problems = (
        [gettext("No e-mail address: %(names)s") % {"names": "、".join(outcome["skipped"][:30])}]
        if outcome["skipped"]
        else []
    )
    return {
        "summary": summary,
        "problems": problems,
        "link": reverse("attendees:list", kwargs={"org": job.org.slug, "meeting": meeting.pk}),
        "link_label": gettext("Back to the attendees"),
    }
