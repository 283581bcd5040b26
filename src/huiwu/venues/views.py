"""The venue catalogue, and venue evaluation and choice for a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.audit import history_for
from huiwu.core.errors import DomainError
from huiwu.core.forms import save_form
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_import
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can
from huiwu.standards.selectors import standards

from . import excel, selectors
from .enums import Dimension
from .forms import ChoiceForm, EvaluationForm, RoomForm, SizingForm, VenueFileForm, VenueForm, WeightsForm
from .models import Evaluation, Hold, Room, Venue, VenueFile
from .services import availability, catalogue, feasibility, sizing


@org_view()
def venue_list(request):
    return render(request, "venues/list.html", {"venues": selectors.venues_for_org(request.org)})


@org_view()
def venue_detail(request, venue: int):
    obj = get_scoped(Venue, request.org, pk=venue)
    return render(
        request, "venues/detail.html", {"venue": obj, "rooms": obj.rooms.all(), "history": history_for(obj)}
    )


@org_view(Perm.EDIT_MEETINGS)
def venue_edit(request, venue: int | None = None):
    obj = get_scoped(Venue, request.org, pk=venue) if venue else None
    form = VenueForm(request.POST or None, instance=obj)
    if obj is None:
        form.instance.org = request.org
    saved = save_form(
        form,
        lambda d: catalogue.save_venue(
            org=request.org, actor=request.user, venue=obj, data=catalogue.VenueInput.parse(d)
        ),
    )
    if saved is not None:
        messages.success(request, _("Venue saved."))
        return redirect("venues:detail", org=request.org.slug, venue=saved.pk)
    return render(
        request, "venues/edit.html", {"form": form, "venue": obj}, status=400 if form.errors else 200
    )


@org_view(Perm.EDIT_MEETINGS)
def room_edit(request, venue: int, room: int | None = None):
    owner = get_scoped(Venue, request.org, pk=venue)
    obj = Room.objects.filter(venue=owner, pk=room).first() if room else None
    if room and obj is None:
        raise Http404
    form = RoomForm(request.POST or None, instance=obj)
    saved = save_form(
        form,
        lambda d: catalogue.save_room(
            venue=owner, actor=request.user, room=obj, data=catalogue.RoomInput.parse(d)
        ),
    )
    if saved is not None:
        messages.success(request, _("Room saved."))
        return redirect("venues:detail", org=request.org.slug, venue=owner.pk)
    return render(
        request,
        "venues/room_edit.html",
        {"form": form, "venue": owner, "room": obj},
        status=400 if form.errors else 200,
    )


@org_view(Perm.MANAGE_ORG)
def weights(request):
    current = catalogue.weights_for(request.org)
    form = WeightsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.set_weights(org=request.org, actor=request.user, weights=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Weights saved."))
            return redirect("venues:list", org=request.org.slug)
    return render(request, "venues/weights.html", {"form": form}, status=400 if form.errors else 200)


@org_view()
def meeting_venues(request, meeting: int):
    obj = get_scoped(Meeting, request.org, pk=meeting)
    form = EvaluationForm(request.POST or None, org=request.org)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        if form.is_valid():
            try:
                catalogue.add_candidate(
                    meeting=obj, actor=request.user, data=catalogue.CandidateInput.parse(form.cleaned_data)
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                return redirect("venues:meeting", org=request.org.slug, meeting=obj.pk)
    weights_now = catalogue.weights_for(request.org)
    pairs = selectors.scored_candidates(obj, weights_now)
    holds = {h.room_id: h for h in Hold.objects.filter(meeting=obj)}
    for e, _score in pairs:
        e.hold = holds.get(e.room_id)
    figures = sizing.Figures.of(standards(request.org, meeting=obj))
    sizing_form = SizingForm(request.GET or None, figures=figures)
    assumptions = sizing_form.cleaned_data if sizing_form.is_valid() else dict(sizing_form.initial)
    lanes = (
        sizing.check_in_lanes(
            obj.expected_attendance,
            figures,
            peak_share=assumptions["peak_share"] / 100,
            peak_minutes=assumptions["peak_minutes"],
            scan_seconds=assumptions["scan_seconds"],
        )
        if obj.expected_attendance
        else None
    )
    radar = {
        "indicators": [{"name": str(label), "max": 10} for _v, label in Dimension.choices],
        "series": [{"name": str(e.room), "value": [s.scores[d] for d in Dimension.values]} for e, s in pairs],
    }
    context = {
        "meeting": obj,
        "pairs": pairs,
        "dimensions": Dimension.choices,
        "weights": weights_now,
        "form": form,
        "choice_form": ChoiceForm(),
        "radar": radar,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
        "gaps": feasibility.gaps_for(obj),
        "sizing_form": sizing_form,
        "assumptions": assumptions,
        "sizing": {
            "needed": figures.seats_needed(obj.expected_attendance),
            "spare": figures.spare,
            "tea_share": round(figures.tea_share * 100),
            "tea": sizing.tea_break_seats(obj.expected_attendance, figures),
            "lanes": lanes,
            "target": figures.target_minutes,
            "staff": sizing.staff_plan(obj.expected_attendance, lanes.lanes, figures) if lanes else {},
        },
    }
    return render(request, "venues/meeting.html", context, status=400 if form.errors else 200)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def choose(request, meeting: int, evaluation: int):
    obj = get_scoped(Meeting, request.org, pk=meeting)
    row = Evaluation.objects.filter(meeting=obj, pk=evaluation).first()
    if row is None:
        raise Http404
    form = ChoiceForm(request.POST)
    try:
        catalogue.choose(
            evaluation=row, actor=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Venue chosen."))
    return redirect("venues:meeting", org=request.org.slug, meeting=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def gaps_to_tasks(request, meeting: int):
    obj = get_scoped(Meeting, request.org, pk=meeting)
    n = feasibility.gaps_to_tasks(meeting=obj, actor=request.user)
    messages.success(request, _("%(n)s new tasks to close the gaps.") % {"n": n})
    return redirect("venues:meeting", org=request.org.slug, meeting=obj.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def venue_file_add(request, venue: int):
    owner = get_scoped(Venue, request.org, pk=venue)
    form = VenueFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image to upload."))
    else:
        try:
            catalogue.add_venue_file(
                venue=owner,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, _("Image added."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return redirect("venues:detail", org=request.org.slug, venue=owner.pk)


@org_view()
def venue_file(request, venue: int, file: int):
    owner = get_scoped(Venue, request.org, pk=venue)
    row = VenueFile.objects.filter(venue=owner, pk=file).first()
    if row is None:
        raise Http404
    return uploads.serve(row.file, download_name=row.name)


@org_view()
def catalogue_export(request):
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="venues-{request.org.slug}.xlsx"'
    excel.export_workbook(request.org).save(response)
    return response


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def catalogue_import(request):
    try:
        job = start_import(
            membership=request.membership, upload=request.FILES.get("file"), kind="venue_import"
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("venues:list", org=request.org.slug)
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def hold(request, meeting: int, evaluation: int):
    obj = get_scoped(Meeting, request.org, pk=meeting)
    row = Evaluation.objects.select_related("room__venue").filter(meeting=obj, pk=evaluation).first()
    if row is None:
        raise Http404
    kind = request.POST.get("kind", "")
    try:
        if kind == "release":
            for h in Hold.objects.filter(room=row.room, meeting=obj):
                availability.release(hold=h, actor=request.user)
            messages.success(request, _("Room released."))
        elif kind in Hold.Kind.values:
            availability.reserve(room=row.room, meeting=obj, kind=kind, actor=request.user)
            messages.success(request, _("Room reserved."))
        else:
            messages.error(request, _("Choose hold, book or release."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("venues:meeting", org=request.org.slug, meeting=obj.pk)
