"""Incident pages: the meeting's list with the report form (phone-friendly), one incident with its timers,
timeline and actions."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core import uploads
from huiwu.core.errors import DomainError
from huiwu.core.forms import add_errors, refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view, require
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can
from huiwu.risks.models import Plan

from . import checklists, cues, pdf, policies, runsheet, selectors, services, team
from . import command as command_centre
from .enums import Stage, Tier
from .errors import PlanOfAnotherMeeting
from .forms import CueForm, DutyManagerForm, PostForm, ReportForm, ResolveForm, SheetLineForm
from .models import Checklist, Cue, CueStatus, Incident, Post, SheetLine, SheetVersion


def _with_timers(incident, now):
    items = incident.timers()
    incident.timer_rows = [
        {
            "stage": t.stage,
            "label": t.label,
            "minutes": t.minutes,
            "due_at": t.due_at,
            "done_at": t.done_at,
            "late": t.lapsed(now),
        }
        for t in items
    ]
    incident.running = policies.running(items)
    return incident


@org_view(Perm.VIEW)
def incidents(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_report = can(request.membership, Perm.OPERATE_ONSITE)
    form = ReportForm(request.POST or None, request.FILES or None, meeting=meeting) if can_report else None
    if request.method == "POST":
        if not can_report:
            raise Http404
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                key = data.pop("form_key")
                incident = services.report(meeting=meeting, actor=request.user, request_key=key, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("Incident #%(n)s reported; the timers are running.") % {"n": incident.number}
                )
                return redirect("onsite:incident", org=request.org.slug, incident=incident.pk)
    now = timezone.now()
    rows = [_with_timers(i, now) for i in Incident.objects.filter(meeting=meeting).select_related("owner")]
    rows.sort(key=lambda i: (i.status in ("resolved", "closed"), -i.reported_at.timestamp()))
    return render(
        request,
        "onsite/incidents.html",
        {
            "meeting": meeting,
            "incidents": rows,
            "form": form,
            "now": now,
            "figures": selectors.for_meeting(meeting),
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view(Perm.VIEW)
def incident_photo(request, incident: int):
    row = get_scoped(Incident, request.org, pk=incident)
    if not row.photo:
        raise Http404
    return uploads.serve(row.photo)


@org_view(Perm.VIEW)
def incident(request, incident: int):
    row = get_scoped(
        Incident.objects.select_related("meeting", "owner", "plan", "supplier"), request.org, pk=incident
    )
    now = timezone.now()
    plans = Plan.objects.filter(risk__meeting=row.meeting).select_related("risk")
    return render(
        request,
        "onsite/incident.html",
        {
            "incident": _with_timers(row, now),
            "meeting": row.meeting,
            "updates": row.updates.select_related("user"),
            "plans": plans,
            "resolve_form": ResolveForm(instance=row),
            "can_act": can(request.membership, Perm.OPERATE_ONSITE),
            "met": policies.met(row.timers()),
        },
    )


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def act(request, incident: int):
    row = get_scoped(Incident.objects.select_related("meeting"), request.org, pk=incident)
    action, text = request.POST.get("action", ""), request.POST.get("text", "")[:5000]
    try:
        if action == "respond":
            services.respond(incident=row, actor=request.user)
        elif action == "decide":
            services.decide(incident=row, actor=request.user, text=text)
        elif action == "update":
            services.add_update(incident=row, actor=request.user, text=text)
        elif action == "plan":
            plans = Plan.objects.filter(risk__meeting=row.meeting).select_related("risk")
            plan = plans.filter(pk=_int(request.POST.get("plan"))).first()
            if plan is None:
                raise PlanOfAnotherMeeting(details={"field": "plan"})
            services.activate_plan(incident=row, actor=request.user, plan=plan)
        elif action == "resolve":
            form = ResolveForm(request.POST)
            form.is_valid()
            services.resolve(
                incident=row, actor=request.user, **{k: form.cleaned_data.get(k, "") for k in form.fields}
            )
        elif action == "close":
            services.close(incident=row, actor=request.user)
        else:
            messages.error(request, _("Unknown action."))
    except (DomainError, ValidationError) as exc:
        messages.error(request, refusal(exc))
    return redirect("onsite:incident", org=request.org.slug, incident=row.pk)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@org_view(Perm.VIEW)
def report_pdf(request, incident: int):
    """The Major Incident Report (any tier may print one)."""
    row = get_scoped(
        Incident.objects.select_related("meeting__client", "owner", "plan", "reported_by"),
        request.org,
        pk=incident,
    )
    response = HttpResponse(pdf.major_report(row), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="incident-{row.meeting_id}-{row.number}.pdf"'
    return response


@org_view(Perm.VIEW)
def figures(request):
    """Incident figures across the organisation's meetings."""
    return render(request, "onsite/figures.html", {"figures": selectors.for_org(request.org)})


# --- run-of-show ---


def _cue_day(request, meeting, now) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    if day is None or not meeting.start_date - dt.timedelta(days=1) <= day <= meeting.end_date + dt.timedelta(
        days=1
    ):
        today = now.astimezone(zoneinfo.ZoneInfo(meeting.timezone)).date()
        day = today if meeting.start_date <= today <= meeting.end_date else meeting.start_date
    return day


@org_view(Perm.VIEW)
def cue_list(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    now = timezone.now()
    day = _cue_day(request, meeting, now)
    can_run = can(request.membership, Perm.OPERATE_ONSITE)
    form = CueForm(request.POST or None, meeting=meeting, initial={"day": day}) if can_run else None
    if request.method == "POST":
        if not can_run:
            raise Http404
        if request.POST.get("action") == "build":
            made = cues.build_from_agenda(meeting=meeting, actor=request.user)
            messages.success(request, _("Run-of-show built from the agenda: %(n)s new cues.") % {"n": made})
            return redirect(f"{request.path}?day={day.isoformat()}")
        if form.is_valid():
            data = cues.CueInput.parse(form.cleaned_data)
            if submit(form, lambda: cues.save_cue(meeting=meeting, actor=request.user, data=data)):
                messages.success(request, _("Cue added."))
                return redirect(f"{request.path}?day={form.cleaned_data['day'].isoformat()}")
    days = [
        meeting.start_date + dt.timedelta(days=i)
        for i in range((meeting.end_date - meeting.start_date).days + 1)
    ]
    return render(
        request,
        "onsite/cues.html",
        {
            "meeting": meeting,
            "day": day,
            "days": days[:31],
            "rows": cues.day_rows(meeting, day, now),
            "form": form,
            "can_run": can_run,
            "statuses": CueStatus,
            "tolerance": 5,
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def cue_status(request, cue: int):
    row = get_scoped(Cue.objects.select_related("meeting"), request.org, pk=cue)
    try:
        cues.set_status(cue=row, status=request.POST.get("status", ""), actor=request.user,
                        version=_int(request.POST.get("version")))  # fmt: skip
    except (DomainError, ValidationError) as exc:
        messages.error(request, refusal(exc))
    day = timezone.localtime(row.start, zoneinfo.ZoneInfo(row.meeting.timezone)).date()
    url = reverse("onsite:cues", kwargs={"org": request.org.slug, "meeting": row.meeting_id})
    return redirect(f"{url}?day={day.isoformat()}#cue-{row.pk}")


# --- team and contact sheet ---


@org_view(Perm.VIEW)
def team_page(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = PostForm(request.POST or None, meeting=meeting) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if request.POST.get("action") == "default":
            made = team.create_team(meeting=meeting)
            messages.success(request, _("%(n)s posts added from the default structure.") % {"n": made})
            return redirect("onsite:team", org=request.org.slug, meeting=meeting.pk)
        if form.is_valid() and (
            submit(
                form,
                lambda: team.add_post(
                    meeting=meeting, actor=request.user, data=team.PostInput(**form.cleaned_data)
                ),
            )
            is not None
        ):
            messages.success(request, _("Post added."))
            return redirect("onsite:team", org=request.org.slug, meeting=meeting.pk)
    posts = list(
        Post.objects.filter(meeting=meeting)
        .select_related("member", "crew")
        .prefetch_related("crew__certificates")
    )
    lacking = team.qualification_of(meeting, posts)
    for p in posts:
        p.lacking = lacking.get(p.pk, [])
    return render(
        request,
        "onsite/team.html",
        {"meeting": meeting, "posts": posts, "gaps": team.gaps(meeting), "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


@org_view(Perm.OPERATE_ONSITE)
def post_edit(request, post: int):
    row = get_scoped(Post.objects.select_related("meeting"), request.org, pk=post)
    form = PostForm(request.POST or None, instance=row, meeting=row.meeting)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            team.remove_post(post=row, actor=request.user)
            return redirect("onsite:team", org=request.org.slug, meeting=row.meeting_id)
        if form.is_valid() and (
            submit(
                form,
                lambda: team.change_post(
                    post=row, actor=request.user, data=team.PostInput(**form.cleaned_data)
                ),
            )
            is not None
        ):
            return redirect("onsite:team", org=request.org.slug, meeting=row.meeting_id)
    return render(request, "onsite/post_form.html", {"post": row, "meeting": row.meeting, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@org_view(Perm.VIEW)
def contacts(request, meeting: int):
    meeting = get_scoped(Meeting.objects.select_related("client"), request.org, pk=meeting)
    return render(request, "onsite/contacts.html", team.contact_sheet(meeting))


@org_view(Perm.VIEW)
def contacts_pdf(request, meeting: int):
    meeting = get_scoped(Meeting.objects.select_related("client"), request.org, pk=meeting)
    response = HttpResponse(team.contact_sheet_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contacts-{meeting.pk}.pdf"'
    return response


# --- the command centre ---


@org_view(Perm.VIEW)
def command(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    context = command_centre.panels(meeting, timezone.now())
    return render(request, "onsite/command.html", context)


@org_view(Perm.VIEW)
def command_panels(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    return render(
        request, "onsite/partials/_command_panels.html", command_centre.panels(meeting, timezone.now())
    )


# --- preparation checklists ---


@org_view(Perm.VIEW)
def checklist_list(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_tick = can(request.membership, Perm.OPERATE_ONSITE)
    if request.method == "POST":
        if not can_tick:
            raise Http404
        made = checklists.create_defaults(meeting=meeting)
        messages.success(request, _("%(n)s checklists added.") % {"n": made})
        return redirect("onsite:checklists", org=request.org.slug, meeting=meeting.pk)
    now = timezone.now()
    rows = list(Checklist.objects.filter(meeting=meeting).select_related("signed_by"))
    for row in rows:
        row.overdue = checklists.overdue(row, now)
        row.done_count = sum(1 for i in row.items if i.get("done_at"))
    return render(
        request, "onsite/checklists.html", {"meeting": meeting, "checklists": rows, "can_tick": can_tick}
    )


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def checklist_act(request, checklist: int):
    row = get_scoped(Checklist, request.org, pk=checklist)
    try:
        if request.POST.get("action") == "sign":
            checklists.sign(checklist=row, actor=request.user)
        else:
            checklists.tick(
                checklist=row, index=_int(request.POST.get("index")), actor=request.user,
                done=request.POST.get("done") == "1", version=_int(request.POST.get("version")),
                note=request.POST.get("note", ""),
            )  # fmt: skip
    except (DomainError, ValidationError) as exc:
        messages.error(request, refusal(exc))
    url = reverse("onsite:checklists", kwargs={"org": request.org.slug, "meeting": row.meeting_id})
    return redirect(f"{url}#checklist-{row.pk}")


@org_view()
def policy(request):
    """The incident timers the organisation's service standards give, and the duty manager."""
    timers = selectors.timers_of(request.org)
    can_manage = can(request.membership, Perm.MANAGE_ORG)
    form = DutyManagerForm(request.POST or None, org=request.org, current=timers.duty_manager)
    if request.method == "POST":
        require(request.membership, Perm.MANAGE_ORG)
        if form.is_valid() and submit(
            form,
            lambda: services.set_duty_manager(
                org=request.org, actor=request.user, duty_manager=form.cleaned_data["duty_manager"]
            ),
        ):
            messages.success(request, _("Duty manager saved."))
            return redirect("onsite:policy", org=request.org.slug)
    rows = [
        {"tier": tier.label, "stages": [timers.minutes[tier.value].get(stage.value) for stage in Stage]}
        for tier in Tier
    ]
    context = {
        "form": form, "timers": timers, "rows": rows, "stages": list(Stage), "can_manage": can_manage,
    }  # fmt: skip
    return render(request, "onsite/policy.html", context, status=400 if form.errors else 200)


# --- the shared run sheet ---


@org_view(Perm.VIEW)
def run_sheet(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = SheetLineForm(request.POST or None, meeting=meeting) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        here = reverse("onsite:run-sheet", kwargs={"org": request.org.slug, "meeting": meeting.pk})
        action = request.POST.get("action")
        try:
            if action == "build":
                made = runsheet.build(meeting=meeting, actor=request.user)
                messages.success(request, _("Run sheet built: %(n)s lines made or moved.") % {"n": made})
                return redirect(here)
            if action == "publish":
                version = runsheet.publish(
                    meeting=meeting, actor=request.user, note=request.POST.get("note", "")
                )
                messages.success(request, _("Version %(n)s published; the suppliers concerned are told.")
                                 % {"n": version.number})  # fmt: skip
                return redirect(here)
        except (DomainError, ValidationError) as exc:
            messages.error(request, refusal(exc))
            return redirect(here)
        assert form is not None
        if form.is_valid():
            data = runsheet.SheetLineInput.parse(form.cleaned_data)
            if submit(form, lambda: runsheet.save_line(meeting=meeting, actor=request.user, data=data)):
                messages.success(request, _("Line added."))
                return redirect(here)
    return render(
        request,
        "onsite/run_sheet.html",
        {**_sheet_context(meeting), "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


def _sheet_context(meeting) -> dict:
    version = runsheet.latest(meeting)
    return {
        "meeting": meeting,
        "lines": list(SheetLine.objects.filter(meeting=meeting).select_related("supplier")),
        "version": version,
        "acks": runsheet.acknowledgements(version) if version else [],
        "versions": list(SheetVersion.objects.filter(meeting=meeting)[:10]),
    }


@org_view(Perm.VIEW)
def run_sheet_acks(request, meeting: int):
    """The acknowledgements region, fetched again live when a supplier acknowledges."""
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    return render(request, "onsite/partials/sheet_acks.html", _sheet_context(meeting))


@org_view(Perm.OPERATE_ONSITE)
def sheet_line(request, sheet_line: int):
    row = get_scoped(SheetLine.objects.select_related("meeting", "supplier"), request.org, pk=sheet_line)
    meeting = row.meeting
    back = reverse("onsite:run-sheet", kwargs={"org": request.org.slug, "meeting": meeting.pk})
    tz = zoneinfo.ZoneInfo(meeting.timezone)
    form = SheetLineForm(request.POST or None, meeting=meeting, initial=SheetLineForm.initial_of(row, tz))
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            runsheet.remove_line(line=row, actor=request.user)
            messages.success(request, _("Line removed."))
            return redirect(back)
        if form.is_valid():
            data = runsheet.SheetLineInput.parse(form.cleaned_data)
            if submit(
                form, lambda: runsheet.save_line(meeting=meeting, actor=request.user, data=data, line=row)
            ):
                return redirect(back)
    return render(request, "onsite/sheet_line.html", {"line": row, "meeting": meeting, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip
