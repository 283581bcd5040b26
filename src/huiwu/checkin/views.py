"""Staff pages for check-in: the gates of a meeting with today's counts."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huiwu.core.forms import submit
from huiwu.events.models import Meeting
from huiwu.jobs.services import start_job
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import dashboard, devices, offline, services, setup
from .forms import GateForm
from .models import CheckIn, Device, Gate, Scan, ScanStatus


def _gate_input(form: GateForm) -> setup.GateInput:
    data = dict(form.cleaned_data)
    data["categories"] = tuple(data.get("categories") or ())
    data["days"] = tuple(dt.date.fromisoformat(d) for d in data.get("days") or ())
    return setup.GateInput(**data)


@org_view(Perm.VIEW)
def gates(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = GateForm(request.POST if can_edit and request.method == "POST" else None, meeting=meeting)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid() and (
            submit(form, lambda: setup.add_gate(meeting=meeting, actor=request.user, data=_gate_input(form)))
            is not None
        ):
            messages.success(request, _("Gate added."))
            return redirect("checkin:gates", org=request.org.slug, meeting=meeting.pk)
    now = timezone.now()
    day = _day(request, meeting, now)
    figures = dashboard.figures(meeting, day, now)
    lanes = {lane["id"]: lane for lane in figures["gates"]}
    rows = list(Gate.objects.filter(meeting=meeting))
    paired: dict[int, list] = {}
    for d in Device.objects.filter(gate__meeting=meeting, revoked_at__isnull=True):
        paired.setdefault(d.gate_id, []).append(d)
    for g in rows:
        g.lane, g.paired = lanes[g.pk], paired.get(g.pk, [])
    missing = dashboard.not_arrived(meeting, day).order_by("category", "name", "id")
    flagged = (
        Scan.objects.filter(meeting=meeting, flagged=True, reviewed_at__isnull=True)
        .select_related("gate__meeting", "attendee", "device")
        .order_by("scanned_at")[:200]
    )
    return render(
        request,
        "checkin/gates.html",
        {
            "meeting": meeting,
            "gates": rows,
            "form": form,
            "can_edit": can_edit,
            "figures": figures,
            "day": day,
            "missing": missing[: dashboard.NOT_ARRIVED_SHOWN],
            "flagged": _with_first_checkins(flagged),
        },
        status=400 if form.errors else 200,
    )


def _day(request, meeting, now) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return dashboard.meeting_today(meeting, now)
    return day if abs((day - meeting.start_date).days) < 400 else dashboard.meeting_today(meeting, now)


def _with_first_checkins(flagged) -> list:
    scans = list(flagged)
    rows = CheckIn.objects.filter(attendee_id__in={s.attendee_id for s in scans if s.attendee_id})
    first = {(c.attendee_id, c.day): c for c in rows.select_related("gate")}
    for s in scans:
        s.first = first.get((s.attendee_id, services.day_of(s.gate, s.scanned_at)))
    return scans


@org_view(Perm.VIEW)
def figures_json(request, meeting: int):
    """The dashboard's figures (the page refetches them when a live event says they moved)."""
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    now = timezone.now()
    return JsonResponse(dashboard.figures(meeting, _day(request, meeting, now), now))


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def review(request, scan: int):
    """An offline clash looked at: it leaves the list (the scan and its flag stay on record)."""
    row = get_scoped(Scan.objects.select_related("meeting"), request.org, pk=scan, flagged=True)
    setup.review_clash(scan=row, actor=request.user)
    return redirect("checkin:gates", org=request.org.slug, meeting=row.meeting_id)


@org_view(Perm.EDIT_MEETINGS)
@require_POST
def remind_missing(request, meeting: int):
    """E-mail the confirmed attendees who have not arrived today (a job with progress)."""
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    day = _day(request, meeting, timezone.now())
    job = start_job(
        membership=request.membership,
        kind="checkin_not_arrived",
        params={"meeting": meeting.pk, "day": day.isoformat()},
    )
    return redirect("jobs:detail", org=request.org.slug, job=job.pk)


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def device_add(request, gate: int):
    """A new scanner for the gate: its one-time pairing QR, shown once (15 minutes)."""
    gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=gate)
    device, code = devices.add(gate=gate, name=request.POST.get("name", ""), actor=request.user)
    link = request.build_absolute_uri(reverse("checkin-device:pair", kwargs={"code": code}))
    return render(
        request,
        "checkin/pairing.html",
        {
            "gate": gate,
            "meeting": gate.meeting,
            "device": device,
            "link": link,
            "code": code,
            "qr_svg": segno.make(link, error="m").svg_inline(scale=5, title=_("Pairing code")),
        },
    )


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def device_revoke(request, device: int):
    device = get_scoped(Device.objects.select_related("gate"), request.org, pk=device)
    devices.revoke(device=device, actor=request.user)
    messages.success(request, _("The scanner %(name)s can no longer scan.") % {"name": device.name})
    return redirect("checkin:gates", org=request.org.slug, meeting=device.gate.meeting_id)


@org_view(Perm.OPERATE_ONSITE)
def gate_edit(request, gate: int):
    gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=gate)
    form = GateForm(request.POST or None, instance=gate, meeting=gate.meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            submit(form, lambda: setup.change_gate(gate=gate, actor=request.user, data=_gate_input(form)))
            is not None
        )
    ):
        messages.success(request, _("Gate saved."))
        return redirect("checkin:gates", org=request.org.slug, meeting=gate.meeting_id)
    return render(
        request, "checkin/gate_form.html", {"gate": gate, "meeting": gate.meeting, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@org_view(Perm.OPERATE_ONSITE)
def scanner(request, gate: int):
    """The gate's phone page: camera or a hand scanner (typed + Enter), one big answer per scan."""
    gate = get_scoped(services.gates(), request.org, pk=gate)
    return scanner_page(request, gate, org=request.org.slug)


def scanner_page(request, gate, *, org: str | None) -> HttpResponse:
    """The scanner page of a member (``org``: their session names it to the API) or of a paired phone
    (its device cookie). Either way the page calls the check-in API, the one door for every scanner."""
    return render(
        request,
        "checkin/scanner.html",
        {
            "gate": gate,
            "meeting": gate.meeting,
            "texts": scanner_texts(),
            "urls": {
                "scan": reverse("api:post_scan"),
                "sync": reverse("api:post_batch"),
                "list": reverse("api:signed_list", kwargs={"gate_id": gate.pk}),
            },
            "org": org or "",
            "key": offline.public_key(),
        },
    )


def scanner_texts() -> dict:
    return {
        "error": _("No answer from the server: scan again."),
        "first": _("First check-in:"),
        "offline": _("offline, will sync"),
        "online": _("Online"),
        "offlineMode": _("Offline: deciding from the list on this phone"),
        "list": _("list of %(n)s people from %(time)s"),
        "noList": _("No offline list on this phone yet"),
        "pending": _("%(n)s scans waiting to sync"),
        "labels": {s.value: str(s.label) for s in ScanStatus},
        "reasons": {
            "exit": _("Left the venue (may come back in)"),
            "re-entry": _("Back in"),
            "not inside": _("Not checked in, or already left"),
            "category": _("Not admitted at this gate: send to the right desk"),
            "day": _("Not admitted today"),
            "outside days": _("Today is not a day of this meeting"),
            "confirmed outside days": _("Admitted outside the meeting's days (confirmed at the desk)"),
            "gate closed": _("This gate is closed"),
            "reissued": _("A new badge was issued: ask for it"),
            "other meeting": _("This badge is for another meeting"),
            "pending": _("Registration awaiting approval"),
            "waitlisted": _("On the waiting list"),
            "cancelled": _("Registration cancelled"),
            "rejected": _("Registration not approved"),
        },
    }


def service_worker(request):
    """The scanner's service worker, served from the root so that it may keep the scanner pages."""
    from django.contrib.staticfiles import finders

    path = finders.find("huiwu/scanner-sw.js")
    with open(path, encoding="utf-8") as f:
        body = f.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
