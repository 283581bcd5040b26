"""Attendee pages for staff: the list (filters, masked personal data, export), the record and the
guest profile, import with column mapping, badges, invitations, registration settings."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.audit import log_action
from huiwu.core.errors import DomainError
from huiwu.core.excel import xlsx_response
from huiwu.core.forms import add_domain_error, save_form
from huiwu.events.models import Meeting
from huiwu.jobs.models import Job
from huiwu.jobs.services import start_job
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import importing, services
from .enums import Category, Rsvp, Status
from .forms import AttendeeForm, BadgeTemplateForm, ImportForm, RegistrationForm
from .models import Attendee, BadgeTemplate, ImportRun
from .pdf import DEFAULT_COLOURS, qr_data_uri, render_badges
from .selectors import clean_filters, counts, filtered
from .validation import display_mobile


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(Meeting, request.org, pk=meeting)


def _attendee(request, pk: int) -> Attendee:
    return get_scoped(Attendee.objects.select_related("meeting", "butler"), request.org, pk=pk)


def _see_personal(request) -> bool:
    return can(request.membership, Perm.VIEW_PERSONAL)


@org_view(Perm.VIEW)
def attendee_list(request, meeting: int):
    meeting = _meeting(request, meeting)
    filters = clean_filters(request.GET)
    rows = filtered(meeting, filters).annotate(checked_in_at=Max("checkins__at"))  # the latest admission
    rows = rows.order_by(*Attendee._meta.ordering)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for a in page.object_list:
        a.mobile_masked = services.masked(a, "mobile")
        a.email_masked = services.masked(a, "email")
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return render(
        request,
        "attendees/list.html",
        {
            "meeting": meeting,
            "page": page,
            "filters": filters,
            "query": query,
            "counts": counts(meeting),
            "categories": Category.choices,
            "statuses": Status.choices,
            "rsvps": [("none", _("Not invited")), *[c for c in Rsvp.choices if c[0]]],
            "registration": services.registration_of(meeting),
            "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
            "see_personal": _see_personal(request),
            "can_run": can(request.membership, Perm.RUN_JOBS),
        },
    )


@org_view(Perm.EDIT_MEETINGS)
def attendee_new(request, meeting: int):
    meeting = _meeting(request, meeting)
    form = AttendeeForm(
        request.POST or None, request.FILES or None, org=request.org, see_personal=_see_personal(request)
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.save_attendee(
                meeting=meeting, actor=request.user, data=services.AttendeeInput.parse(data)
            ),
        )
        if saved:
            messages.success(request, _("Attendee saved."))
            return redirect("attendees:list", org=request.org.slug, meeting=meeting.pk)
    return render(
        request, "attendees/form.html", {"meeting": meeting, "form": form}, status=400 if form.errors else 200
    )


@org_view(Perm.VIEW)
def attendee_edit(request, attendee: int):
    a = _attendee(request, attendee)
    can_edit = can(request.membership, Perm.EDIT_MEETINGS)
    form = AttendeeForm(
        request.POST if can_edit and request.method == "POST" else None,
        request.FILES or None,
        instance=a,
        org=request.org,
        see_personal=_see_personal(request),
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        saved = save_form(
            form,
            lambda data: services.save_attendee(
                meeting=a.meeting,
                actor=request.user,
                data=services.AttendeeInput.of(a).but(**data),
                attendee=a,
            ),
        )
        if saved:
            messages.success(request, _("Attendee saved."))
            return redirect("attendees:edit", org=request.org.slug, attendee=a.pk)
    return render(
        request,
        "attendees/form.html",
        {
            "meeting": a.meeting,
            "form": form,
            "attendee": a,
            "can_edit": can_edit,
            "see_personal": _see_personal(request),
            "masked": {f: services.masked(a, f) for f in services.PERSONAL},
            "registration": services.registration_of(a.meeting),
            "statuses": Status.choices,
        },
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def attendee_delete(request, attendee: int):
    a = _attendee(request, attendee)
    services.delete_attendee(attendee=a, actor=request.user)
    messages.success(request, _("Attendee removed."))
    return redirect("attendees:list", org=request.org.slug, meeting=a.meeting_id)


@org_view(Perm.VIEW_PERSONAL)
@require_POST
def reveal(request, attendee: int, field: str):
    a = _attendee(request, attendee)
    if field not in services.PERSONAL:
        raise Http404
    value = services.reveal(attendee=a, membership=request.membership, field=field)
    if field == "mobile":
        value = display_mobile(value)
    return HttpResponse(format_html('<span class="revealed" data-testid="revealed">{}</span>', value or "—"))


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def set_status(request, attendee: int):
    a = _attendee(request, attendee)
    try:
        services.set_status(attendee=a, status=request.POST.get("status", ""), actor=request.user)
        messages.success(request, _("Status changed."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    except ValidationError as exc:  # an unknown status
        messages.error(request, " ".join(exc.messages))
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("attendees:edit", org=request.org.slug, attendee=a.pk)


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith(f"/o/{request.org.slug}/") else f"/o/{request.org.slug}/"


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def reissue(request, attendee: int):
    a = _attendee(request, attendee)
    services.reissue_badge(attendee=a, actor=request.user)
    messages.success(request, _("A new badge code was issued; the old one no longer opens any gate."))
    return redirect("attendees:edit", org=request.org.slug, attendee=a.pk)


@org_view(Perm.VIEW)
def photo(request, attendee: int):
    a = _attendee(request, attendee)
    if not a.photo:
        raise Http404
    return uploads.serve(a.photo)


@org_view(Perm.VIEW)
def profile(request, attendee: int):
    """The guest profile for reception: one printable page per guest."""
    a = _attendee(request, attendee)
    from huiwu.agenda.models import Session

    sessions = (
        Session.objects.filter(meeting=a.meeting, speakers__name=a.name)
        .select_related("slot", "room")
        .distinct()
        .order_by("slot__date", "slot__start")
    )
    return render(
        request,
        "attendees/profile.html",
        {
            "meeting": a.meeting,
            "a": a,
            "sessions": sessions,
            "mobile": services.masked(a, "mobile"),
            "colleagues": a.colleagues.all(),
        },
    )


@org_view(Perm.VIEW)
def badge_pdf(request, attendee: int):
    a = _attendee(request, attendee)
    pdf = render_badges(a.meeting, [a])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{a.pk}.pdf"'
    return response


# --- import ---


@org_view(Perm.EDIT_MEETINGS)
def import_start(request, meeting: int):
    meeting = _meeting(request, meeting)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rel = uploads.keep_for_job(upload, org_slug=request.org.slug, prefix="attendees")
        pending = {
            "file": rel,
            "filename": upload.name[:200],
            "consent_method": form.cleaned_data["consent_method"],
            "consent_scope": form.cleaned_data["consent_scope"],
            "meeting": meeting.pk,
        }
        job = start_job(membership=request.membership, kind="attendee_import_header", params=pending)
        request.session[f"import-{PurePosixPath(rel).name}"] = {**pending, "job": job.pk}
        return redirect("jobs:detail", org=request.org.slug, job=job.pk)
    runs = ImportRun.objects.filter(meeting=meeting)[:10]
    return render(
        request,
        "attendees/import.html",
        {"meeting": meeting, "form": form, "runs": runs, "columns": importing.COLUMNS},
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
def import_map(request, meeting: int, upload: str):
    meeting = _meeting(request, meeting)
    pending = request.session.get(f"import-{upload}")
    if not pending or pending["meeting"] != meeting.pk:
        raise Http404
    reading = Job.objects.filter(
        org=request.org, pk=pending.get("job"), kind="attendee_import_header"
    ).first()
    if reading is None:
        raise Http404
    if not reading.is_finished:  # still reading the file: its progress page
        return redirect("jobs:detail", org=request.org.slug, job=reading.pk)
    found = (reading.result or {}).get("header")
    if found is None:
        del request.session[f"import-{upload}"]
        for problem in (reading.result or {}).get("problems") or [_("The file could not be read.")]:
            messages.error(request, problem)
        return redirect("attendees:import", org=request.org.slug, meeting=meeting.pk)
    header = importing.Header(
        row=found["row"],
        cells=found["cells"],
        mapping={int(i): f for i, f in found["mapping"].items()},
        preview=found["preview"],
    )
    choices = [("", _("— not imported —")), *[(c.key, c.label) for c in importing.COLUMNS]]
    mapping = dict(header.mapping)
    error = ""
    if request.method == "POST":
        mapping = {}
        for i in range(len(header.cells)):
            value = request.POST.get(f"col{i}", "")
            if value in importing.BY_KEY:
                mapping[i] = value
        try:
            importing.check_mapping(header, mapping)
        except importing.FileRejected as exc:
            error = exc.message
        else:
            importing.remember(request.org, header, mapping)
            params = {k: v for k, v in pending.items() if k != "job"}
            job = start_job(
                membership=request.membership,
                kind="attendee_import",
                params={**params, "mapping": {str(i): f for i, f in mapping.items()}},
            )
            del request.session[f"import-{upload}"]
            return redirect("jobs:detail", org=request.org.slug, job=job.pk)
    columns = []
    for i, cell in enumerate(header.cells):
        samples = [importing.cell_text(r[i]) if i < len(r) else "" for r in header.preview]
        columns.append(
            {
                "index": i,
                "letter": importing.column_letter(i),
                "header": cell,
                "samples": samples,
                "field": mapping.get(i, ""),
            }
        )
    previews = []
    for offset, r in enumerate(header.preview):
        data, errors = importing.clean_row(r, mapping, meeting.timezone)
        previews.append(
            {
                "row": header.row + 1 + offset,
                "name": data.get("name", ""),
                "errors": [f"{importing.BY_KEY[f].label}: {m}" for f, m in errors],
            }
        )
    return render(
        request,
        "attendees/import_map.html",
        {
            "meeting": meeting,
            "columns": columns,
            "choices": choices,
            "header_row": header.row,
            "previews": previews,
            "filename": pending["filename"],
            "error": error,
        },
        status=400 if error else 200,
    )


@org_view(Perm.VIEW)
def import_report(request, run: int):
    run = get_scoped(ImportRun.objects.select_related("meeting", "created_by"), request.org, pk=run)
    errors = [
        {
            **e,
            "label": importing.BY_KEY[e["field"]].label
            if e.get("field") in importing.BY_KEY
            else e.get("field"),
        }
        for e in run.errors
    ]
    page = Paginator(errors, 200).get_page(request.GET.get("page"))
    listed = len({e["row"] for e in run.errors})
    context = {"run": run, "meeting": run.meeting, "page": page, "unlisted": max(run.error_rows - listed, 0)}
    return render(request, "attendees/import_report.html", context)


# --- export, jobs ---

EXPORT_COLUMNS = [
    ("name", _("Name")),
    ("organisation", _("Organisation")),
    ("title", _("Job title")),
    ("mobile", _("Mobile")),
    ("email", _("E-mail")),
    ("category", _("Category")),
    ("status", _("Status")),
    ("rsvp", _("RSVP")),
    ("diets", _("Dietary needs")),
    ("accessibility", _("Accessibility needs")),
    ("arrival", _("Arrival")),
    ("departure", _("Departure")),
    ("hotel", _("Hotel")),
    ("pickup", _("Pick-up")),
    ("butler", _("Butler")),
    ("services", _("Special services")),
    ("tags", _("Tags")),
    ("table_number", _("Table")),
]


def _export_row(a: Attendee, see_personal: bool) -> list:
    from .enums import Diet, Service

    diets = [str(Diet(d).label) for d in a.diets if d in Diet.values]
    diets += [t for t in (a.allergies, a.diet_note) if t]
    arrival = " ".join(
        t for t in (a.arrival_number, a.arrival_at and a.arrival_at.strftime("%Y-%m-%d %H:%M")) if t
    )
    departure = " ".join(
        t for t in (a.departure_number, a.departure_at and a.departure_at.strftime("%Y-%m-%d %H:%M")) if t
    )
    return [
        a.name,
        a.organisation,
        a.title,
        display_mobile(a.mobile) if see_personal else services.masked(a, "mobile"),
        a.email if see_personal else services.masked(a, "email"),
        a.category_label,
        a.get_status_display(),
        a.get_rsvp_display(),
        "、".join(diets),
        a.accessibility,
        arrival,
        departure,
        a.hotel,
        _("yes") if a.pickup else "",
        str(a.butler or ""),
        "、".join(str(Service(s).label) for s in a.services if s in Service.values),
        ", ".join(a.tags),
        a.table_number,
    ]


@org_view(Perm.VIEW)
def export(request, meeting: int):
    meeting = _meeting(request, meeting)
    filters = clean_filters(request.GET)
    see_personal = _see_personal(request)
    rows = filtered(meeting, filters).iterator(chunk_size=1000)
    log_action(
        "attendees.exported",
        target=meeting,
        actor=request.user,
        org=request.org,
        data={"filters": filters, "personal": see_personal},
    )
    return xlsx_response(
        f"attendees-{meeting.pk}.xlsx",
        [str(label) for _key, label in EXPORT_COLUMNS],
        (_export_row(a, see_personal) for a in rows),
    )


@org_view(Perm.RUN_JOBS)
@require_POST
def badges(request, meeting: int):
    meeting = _meeting(request, meeting)
    layout = request.POST.get("layout", "")
    job = start_job(
        membership=request.membership,
        kind="attendee_badges",
        params={
            "meeting": meeting.pk,
            "filters": clean_filters(request.POST),
            "layout": layout if layout in ("a4", "a6") else "",
        },
    )
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def invite(request, meeting: int):
    meeting = _meeting(request, meeting)
    reminder = request.POST.get("reminder") == "1"
    filters = clean_filters(request.POST)
    if not reminder and "rsvp" not in filters:
        filters["rsvp"] = "none"  # invite those not invited yet
    try:
        job = start_job(
            membership=request.membership,
            kind="attendee_invitations",
            params={"meeting": meeting.pk, "filters": filters, "reminder": reminder},
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("attendees:list", org=request.org.slug, meeting=meeting.pk)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


# --- settings ---


@org_view(Perm.EDIT_MEETINGS)
def registration(request, meeting: int):
    meeting = _meeting(request, meeting)
    reg = services.registration_of(meeting)
    form = RegistrationForm(request.POST or None, instance=reg)
    if request.method == "POST" and form.is_valid():
        data = services.RegistrationInput.parse({**form.cleaned_data, "fields": form.field_modes()})
        try:
            services.save_registration(registration=reg, actor=request.user, data=data)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Registration settings saved."))
            return redirect("attendees:registration", org=request.org.slug, meeting=meeting.pk)
    link = request.build_absolute_uri(reverse("attendees_public:register", kwargs={"token": reg.token}))
    return render(
        request,
        "attendees/registration.html",
        {
            "meeting": meeting,
            "form": form,
            "registration": reg,
            "taken": services.places_taken(meeting),
            "link": link,
            "qr": qr_data_uri(link),
        },
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
def badge_templates(request):
    existing = {t.category: t for t in BadgeTemplate.objects.filter(org=request.org)}
    forms_ = []
    for value, label in Category.choices:
        instance = existing.get(value) or BadgeTemplate(
            org=request.org, category=value, colour=DEFAULT_COLOURS[value]
        )
        form = BadgeTemplateForm(
            request.POST if request.method == "POST" else None, instance=instance, prefix=value
        )
        forms_.append((label, form))
    if request.method == "POST" and all(f.is_valid() for _l, f in forms_):
        try:
            services.save_badge_templates(
                org=request.org,
                actor=request.user,
                templates=[
                    services.BadgeTemplateInput(category=f.instance.category, **f.cleaned_data)
                    for _l, f in forms_
                ],
            )
        except DomainError as exc:  # a band whose text does not stand out: shown on its form
            failing = next(f for _l, f in forms_ if f.instance.category == exc.details.get("category"))
            add_domain_error(failing, exc)
        else:
            messages.success(request, _("Badge templates saved."))
            return redirect("attendees:badge-templates", org=request.org.slug)
    return render(
        request,
        "attendees/badge_templates.html",
        {"forms": forms_},
        status=400 if request.method == "POST" else 200,
    )
