"""Staff pages for check-in: the gates of a meeting with today's counts."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from huiwu.attendees.enums import Status
from huiwu.attendees.models import Attendee
from huiwu.core.audit import log_action, register_actions
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import services
from .forms import GateForm
from .models import CheckIn, Gate, Scan, ScanStatus

register_actions(
    {"checkin.gate.created": gettext_lazy("Gate added"), "checkin.gate.changed": gettext_lazy("Gate changed")}
)


@org_view(Perm.VIEW)
def gates(request, meeting: int):
    meeting = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, Perm.OPERATE_ONSITE)
    form = GateForm(request.POST if can_edit and request.method == "POST" else None, meeting=meeting)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            gate = form.save(commit=False)
            gate.org, gate.meeting = request.org, meeting
            gate.save()
            log_action("checkin.gate.created", target=gate, actor=request.user, org=request.org)
            messages.success(request, _("Gate added."))
            return redirect("checkin:gates", org=request.org.slug, meeting=meeting.pk)
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(minutes=5)
    rows = list(Gate.objects.filter(meeting=meeting))
    admitted = dict(
        CheckIn.objects.filter(meeting=meeting, day=today)
        .values_list("gate")
        .annotate(n=Count("id"))
        .order_by()
    )
    recent = dict(
        Scan.objects.filter(meeting=meeting, received_at__gte=since)
        .values_list("gate")
        .annotate(n=Count("id"))
        .order_by()
    )
    for g in rows:
        g.admitted, g.recent = admitted.get(g.pk, 0), recent.get(g.pk, 0)
    expected = Attendee.objects.filter(meeting=meeting, status=Status.CONFIRMED).count()
    return render(
        request,
        "checkin/gates.html",
        {
            "meeting": meeting,
            "gates": rows,
            "form": form,
            "can_edit": can_edit,
            "expected": expected,
            "checked_in": sum(admitted.values()),
            "today": today,
        },
        status=400 if form.errors else 200,
    )


@org_view(Perm.OPERATE_ONSITE)
def gate_edit(request, gate: int):
    gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=gate)
    form = GateForm(request.POST or None, instance=gate, meeting=gate.meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        log_action("checkin.gate.changed", target=gate, actor=request.user, org=request.org)
        messages.success(request, _("Gate saved."))
        return redirect("checkin:gates", org=request.org.slug, meeting=gate.meeting_id)
    return render(
        request, "checkin/gate_form.html", {"gate": gate, "meeting": gate.meeting, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@org_view(Perm.OPERATE_ONSITE)
def scanner(request, gate: int):
    """The gate's phone page: camera or a hand scanner (typed + Enter), one big answer per scan."""
    gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=gate)
    texts = {"error": _("No answer from the server: scan again."), "first": _("First check-in:")}
    return render(request, "checkin/scanner.html", {"gate": gate, "meeting": gate.meeting, "texts": texts})


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def scan(request, gate: int):
    gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=gate)
    try:
        body = json.loads(request.body or b"{}")
        badge, scan_id = str(body.get("badge", ""))[:10_000], str(body.get("scan_id", ""))
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("The request is not valid JSON.")}, status=400)
    try:
        answer = services.scan(gate=gate, badge=badge, scan_id=scan_id, user=request.user)
    except services.BadScan:
        return JsonResponse({"error": _("Not a valid scan id.")}, status=400)
    if answer.status == ScanStatus.ACCEPTED and answer.attendee and answer.attendee.butler_id:
        _tell_butler(answer.attendee, gate)
    data = answer.as_dict()
    data["label"] = str(ScanStatus(answer.status).label)
    return JsonResponse(data)


def _tell_butler(attendee, gate) -> None:
    from huiwu.notifications.services import notify

    notify(
        user=attendee.butler,
        org=gate.org,
        title=_("%(name)s has arrived (%(gate)s)") % {"name": attendee.name, "gate": gate.name},
        body=attendee.organisation,
        url=reverse("attendees:profile", kwargs={"org": gate.org.slug, "attendee": attendee.pk}),
    )
