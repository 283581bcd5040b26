"""Agenda pages for staff: the day × room grid with live rule checks, sessions, speakers, the solver,
publishing; and the organisation's rule thresholds."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, save_form
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_job
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can
from huiwu.venues.models import Room

from . import services
from .checks import room_capacity
from .forms import HoursForm, ModuleForm, RulesForm, ScheduleForm, SessionForm, SlotForm, SpeakerForm
from .models import AgendaRules, Module, Proposal, ProposalStatus, Session, Slot, Speaker
from .selectors import checked_sessions, people, proposal_rows, rules_for


def _meeting(request, meeting: int) -> Meeting:
    return get_scoped(Meeting.objects.select_related("client"), request.org, pk=meeting)


def _owned(model, request, pk: int):
    row = model.objects.select_related("meeting").filter(pk=pk, meeting__org=request.org).first()
    if row is None:
        raise Http404
    return row


def grid_context(request, meeting) -> dict:
    agenda = services.agenda_of(meeting)
    rules = rules_for(meeting)
    rooms = services.venue_rooms(meeting)
    slots = list(Slot.objects.filter(meeting=meeting))
    days = sorted({s.date for s in slots})
    try:
        day = dt.date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        day = None
    if day not in days:
        day = days[0] if days else None
    sessions, problems = checked_sessions(meeting, agenda, rules)
    flagged: dict[int, list[str]] = {}
    for p in problems:
        for pk in p.sessions:
            flagged.setdefault(pk, []).append(p.message)
    for s in sessions:
        s.problems = flagged.get(s.pk, [])
        s.people = people(s)
    cells = {(s.room_id, s.slot_id): [] for s in sessions}
    for s in sessions:
        cells[s.room_id, s.slot_id].append(s)
    rows = [
        {"slot": slot, "cells": [{"room": r, "sessions": cells.get((r.pk, slot.pk), [])} for r in rooms]}
        for slot in slots
        if slot.date == day
    ]
    for r in rooms:
        r.capacity = room_capacity(r)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "rules": rules,
        "rooms": rooms,
        "days": days,
        "day": day,
        "rows": rows,
        "tray": [s for s in sessions if not s.placed],
        "problems": problems,
        "placed": sum(1 for s in sessions if s.placed),
        "total": len(sessions),
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
    }


@org_view()
def grid(request, meeting: int):
    obj = _meeting(request, meeting)
    context = grid_context(request, obj)
    if request.headers.get("HX-Request"):
        return render(request, "agenda/partials/_grid.html", context)
    context.update(
        modules=Module.objects.filter(meeting=obj)
        .select_related("owner")
        .annotate(minutes=Sum("sessions__duration"), count=Count("sessions")),
        slot_form=SlotForm(initial={"date": obj.start_date, "duration": 45}),
        module_form=ModuleForm(org=request.org),
        hours_form=HoursForm(initial={"opens": context["agenda"].opens, "closes": context["agenda"].closes}),
        schedule_form=ScheduleForm(),
        last_proposal=Proposal.objects.filter(
            meeting=obj, status__in=[ProposalStatus.PROPOSED, ProposalStatus.APPLIED]
        ).first(),
    )
    return render(request, "agenda/grid.html", context)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def move(request, meeting: int):
    obj = _meeting(request, meeting)
    session = _owned(Session, request, _int(request.POST.get("session")))
    if session.meeting_id != obj.pk:
        raise Http404
    room = slot = None
    if request.POST.get("room") and request.POST.get("slot"):
        room = Room.objects.filter(pk=_int(request.POST["room"]), venue__org=request.org).first()
        slot = Slot.objects.filter(pk=_int(request.POST["slot"]), meeting=obj).first()
        if room is None or slot is None:
            raise Http404
    status = 200
    try:
        services.move_session(session=session, actor=request.user, room=room, slot=slot)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        status = 400
    context = grid_context(request, obj)
    context["error"] = None if status == 200 else _("The session was not moved.")
    return render(request, "agenda/partials/_grid.html", context, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@org_view(Perm.EDIT_MEETINGS)
def session_new(request, meeting: int):
    obj = _meeting(request, meeting)
    form = SessionForm(request.POST or None, meeting=obj)
    saved = save_form(
        form, lambda data: services.save_session(meeting=obj, actor=request.user, data=_session(form, data))
    )
    if saved:
        messages.success(request, _("Session saved."))
        return redirect("agenda:grid", org=request.org.slug, meeting=obj.pk)
    return render(
        request,
        "agenda/session_form.html",
        {"form": form, "meeting": obj},
        status=400 if form.errors else 200,
    )


def _session(form, data: dict) -> services.SessionInput:
    people = {"speakers": form.cleaned_data["speakers"], "moderators": form.cleaned_data["moderators"]}
    return services.SessionInput.parse({**data, **people})


@org_view(Perm.EDIT_MEETINGS)
def session_edit(request, session: int):
    row = _owned(Session, request, session)
    form = SessionForm(request.POST or None, instance=row, meeting=row.meeting)
    saved = save_form(
        form,
        lambda data: services.save_session(
            meeting=row.meeting, actor=request.user, session=row, data=_session(form, data)
        ),
    )
    if saved:
        messages.success(request, _("Session saved."))
        return redirect("agenda:grid", org=request.org.slug, meeting=row.meeting_id)
    return render(
        request,
        "agenda/session_form.html",
        {"form": form, "meeting": row.meeting, "session": row},
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def session_delete(request, session: int):
    row = _owned(Session, request, session)
    services.delete_session(session=row, actor=request.user)
    messages.success(request, _("Session removed."))
    return redirect("agenda:grid", org=request.org.slug, meeting=row.meeting_id)


@org_view()
def speakers(request, meeting: int):
    obj = _meeting(request, meeting)
    form = SpeakerForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(request.membership, Perm.EDIT_MEETINGS)
        saved = save_form(form, lambda data: _save_speaker(obj, request, form, data))
        if saved:
            messages.success(request, _("Speaker saved."))
            return redirect("agenda:speakers", org=request.org.slug, meeting=obj.pk)
    rows = Speaker.objects.filter(meeting=obj).prefetch_related("windows", "roles__session")
    context = {
        "meeting": obj,
        "speakers": rows,
        "form": form,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
    }
    return render(request, "agenda/speakers.html", context, status=400 if form.errors else 200)


def _save_speaker(meeting, request, form, data, speaker=None):
    windows = [*form.cleaned_data["unavailable"], *form.cleaned_data["preferred"]]
    data = services.SpeakerInput.parse({**data, "windows": windows})
    return services.save_speaker(meeting=meeting, actor=request.user, speaker=speaker, data=data)


@org_view(Perm.EDIT_MEETINGS)
def speaker_edit(request, speaker: int):
    row = _owned(Speaker, request, speaker)
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=row)
    if save_form(form, lambda data: _save_speaker(row.meeting, request, form, data, speaker=row)):
        messages.success(request, _("Speaker saved."))
        return redirect("agenda:speakers", org=request.org.slug, meeting=row.meeting_id)
    return render(
        request,
        "agenda/speaker_form.html",
        {"form": form, "speaker": row, "meeting": row.meeting},
        status=400 if form.errors else 200,
    )


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def speaker_delete(request, speaker: int):
    row = _owned(Speaker, request, speaker)
    services.delete_speaker(speaker=row, actor=request.user)
    messages.success(request, _("Speaker removed; their sessions stay."))
    return redirect("agenda:speakers", org=request.org.slug, meeting=row.meeting_id)


def _back(request, meeting, day=None):
    url = reverse("agenda:grid", kwargs={"org": request.org.slug, "meeting": meeting.pk})
    return redirect(f"{url}?day={day}" if day else url)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def slot_add(request, meeting: int):
    obj = _meeting(request, meeting)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            services.add_slot(meeting=obj, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Slot added."))
            return _back(request, obj, form.cleaned_data["date"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("The slot was not added: %(e)s") % {"e": _errors(form)})
    return _back(request, obj)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def slot_default(request, meeting: int):
    obj = _meeting(request, meeting)
    n = services.add_default_grid(meeting=obj, actor=request.user)
    messages.success(request, _("%(n)s slots added.") % {"n": n})
    return _back(request, obj)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def slot_delete(request, slot: int):
    row = _owned(Slot, request, slot)
    services.delete_slot(slot=row, actor=request.user)
    messages.success(request, _("Slot removed; its sessions are back in the tray."))
    return _back(request, row.meeting, row.date)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def module_add(request, meeting: int):
    obj = _meeting(request, meeting)
    form = ModuleForm(request.POST, org=request.org)
    if form.is_valid():
        try:
            data = services.ModuleInput.parse(form.cleaned_data)
            services.save_module(meeting=obj, actor=request.user, data=data)
            messages.success(request, _("Module added."))
        except (DomainError, ValidationError) as exc:
            messages.error(request, _("The module was not added: %(e)s") % {"e": refusal(exc)})
    else:
        messages.error(request, _("The module was not added: %(e)s") % {"e": _errors(form)})
    return _back(request, obj)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def hours(request, meeting: int):
    obj = _meeting(request, meeting)
    form = HoursForm(request.POST)
    if form.is_valid():
        services.set_hours(meeting=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Venue hours saved."))
    else:
        messages.error(request, _errors(form))
    return _back(request, obj)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def schedule(request, meeting: int):
    obj = _meeting(request, meeting)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request, obj)
    job = start_job(
        membership=request.membership,
        kind="agenda_schedule",
        params={"meeting": obj.pk, **form.cleaned_data},
    )
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def publish(request, meeting: int):
    obj = _meeting(request, meeting)
    changes = services.publish(meeting=obj, actor=request.user)
    if changes:
        messages.success(
            request, _("Agenda published; %(n)s changed sessions were announced.") % {"n": len(changes)}
        )
    else:
        messages.success(request, _("Agenda published."))
    return _back(request, obj)


@org_view()
def instance_export(request, meeting: int):
    obj = _meeting(request, meeting)
    doc = services.build_instance(obj, replan_all=request.GET.get("all") == "1")
    response = HttpResponse(json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="agenda-instance-{obj.pk}.json"'
    return response


MAX_SOLUTION_BYTES = 5 * 1024 * 1024


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def solution_import(request, meeting: int):
    """A `conf-agenda-solution` v1 file (from any solver) becomes a proposal when it keeps every hard rule."""
    obj = _meeting(request, meeting)
    upload = request.FILES.get("file")
    problems = []
    if upload is None or upload.size > MAX_SOLUTION_BYTES:
        problems = [_("Choose a solution file of at most 5 MB.")]
    else:
        try:
            doc = json.loads(upload.read().decode("utf-8"))
            assignments = doc["assignments"]
            if doc.get("format") != "conf-agenda-solution" or doc.get("version") != 1:
                raise ValueError
            if not isinstance(assignments, list) or not all(isinstance(a, dict) for a in assignments):
                raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            problems = [_("The file is not a conf-agenda-solution version 1 document.")]
    if problems:
        for p in problems:
            messages.error(request, p)
        return _back(request, obj)
    try:
        proposal = services.propose(meeting=obj, actor=request.user, assignments=assignments, source="file")
    except DomainError as exc:
        for p in [exc.message, *exc.details.get("problems", [])[:10]]:
            messages.error(request, p)
        return _back(request, obj)
    return redirect("agenda:proposal", org=request.org.slug, proposal=proposal.pk)


def _proposal(request, pk: int) -> Proposal:
    return _owned(Proposal, request, pk)


@org_view()
def proposal(request, proposal: int):
    """A proposed agenda: what moves (before → after), the rules it would keep, apply / discard / undo."""
    row = _proposal(request, proposal)
    rows, problems = proposal_rows(row)
    latest = Proposal.objects.filter(meeting=row.meeting, status=ProposalStatus.APPLIED).first()
    context = {
        "proposal": row,
        "meeting": row.meeting,
        "rows": rows,
        "problems": problems,
        "can_edit": can(request.membership, Perm.EDIT_MEETINGS),
        "can_undo": row.status == ProposalStatus.APPLIED and latest is not None and latest.pk == row.pk,
    }
    return render(request, "agenda/proposal.html", context)


def _decide(request, proposal: int, command, done: str):
    row = _proposal(request, proposal)
    try:
        command(proposal=row, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("agenda:proposal", org=request.org.slug, proposal=row.pk)
    messages.success(request, done)
    return _back(request, row.meeting)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def proposal_apply(request, proposal: int):
    return _decide(request, proposal, services.apply_proposal, _("The proposed agenda is in place."))


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def proposal_undo(request, proposal: int):
    return _decide(request, proposal, services.undo_proposal, _("The sessions are back where they were."))


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def proposal_discard(request, proposal: int):
    return _decide(request, proposal, services.discard_proposal, _("The proposal was discarded."))


@org_view(Perm.MANAGE_ORG)
def rules(request):
    row = AgendaRules.for_org(request.org)
    form = RulesForm(request.POST or None, instance=row)
    if save_form(
        form,
        lambda data: services.save_rules(
            org=request.org, actor=request.user, data=services.RulesInput.parse(data)
        ),
    ):
        messages.success(request, _("Agenda rules saved."))
        return redirect("agenda:rules", org=request.org.slug)
    return render(request, "agenda/rules.html", {"form": form}, status=400 if form.errors else 200)
