"""The archive (search by client, theme, year and words; one archive's figures, guest list, comments
and documents, read-only), archiving a meeting, and a person's request (find, export, erase)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.attendees.models import Attendee
from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import archive, people
from .models import Archive, Erasure
from .views import _id


@org_view()
def archives(request):
    q = request.GET.get("q", "")[:200]
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and len(raw) == 4 else None
    client = request.GET.get("client", "")[:200]
    rows = archive.search(request.org, q=q, client=client, year=year)[:200]
    clients = sorted(set(Archive.objects.filter(org=request.org).values_list("client", flat=True)) - {""})
    return render(
        request,
        "wrapup/archives.html",
        {
            "rows": rows,
            "q": q,
            "year": year,
            "client": client,
            "years": archive.years(request.org),
            "clients": clients,
            "waiting": archive.due_for_archive(request.org)[:50],
        },
    )


@org_view()
def archived(request, archive: int):
    row = get_scoped(Archive.objects.select_related("meeting", "archived_by"), request.org, pk=archive)
    return render(request, "wrapup/archived.html", {"archive": row, "meeting": row.meeting})


@org_view()
def archive_meeting(request, meeting: int):
    row = get_scoped(Meeting, request.org, pk=meeting)
    if request.method != "POST":
        return redirect("wrapup:summary", org=request.org.slug, meeting=row.pk)
    try:
        job = archive.start(meeting=row, membership=request.membership)
    except DomainError as exc:
        messages.error(request, refusal(exc))
        return redirect("wrapup:summary", org=request.org.slug, meeting=row.pk)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.VIEW_PERSONAL)
def person(request):
    query = request.POST.get("q", request.GET.get("q", ""))[:254]
    found: list[Attendee] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "erase":
                target = get_scoped(Attendee, request.org, pk=_id(request.POST.get("attendee")))
                made = people.erase(
                    membership=request.membership,
                    attendee=target,
                    reference=request.POST.get("reference", ""),
                )
                messages.success(
                    request,
                    _("Erased: the record is now %(alias)s. Kept: %(kept)s.")
                    % {"alias": made.pseudonym, "kept": "; ".join(people.kept_labels(made))},
                )
                return redirect("wrapup:person", org=request.org.slug)
            found = people.find(org=request.org, membership=request.membership, query=query)
            if action == "export":
                data = people.export(org=request.org, membership=request.membership, attendees=found)
                response = HttpResponse(
                    json.dumps(data, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
                return response
        except DomainError as exc:
            messages.error(request, refusal(exc))
    erased = {e.attendee_id for e in Erasure.objects.filter(attendee__in=found)}
    return render(
        request,
        "wrapup/person.html",
        {
            "q": query,
            "found": found,
            "erased": erased,
            "may_erase": can(request.membership, Perm.MANAGE_ORG),
            "searched": request.method == "POST",
            "recent": Erasure.objects.filter(org=request.org).select_related("by").order_by("-at")[:20],
        },
    )
