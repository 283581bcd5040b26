"""The agency's feedback pages: a meeting's stations (made, opened and closed, their QR to print) with the
answers coming in live — requests by topic, the frequent requests and their tasks, the latest comments —,
and the organisation's topic list."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view

from . import selectors, services
from .models import Station, Topic


def _link(request, station: Station) -> str:
    return request.build_absolute_uri(reverse("feedback_public:station", kwargs={"token": station.token}))


def _qr(link: str, title: str) -> str:
    return segno.make(link, error="m").svg_inline(scale=4, title=title)


def _figures_context(meeting: Meeting) -> dict:
    return {"meeting": meeting, "figures": selectors.figures(meeting)}


@org_view()
def meeting(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    here = redirect("feedback:meeting", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        if not services.may_set_up(request.membership, row):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "station":
                services.make_station(
                    meeting=row, membership=request.membership, name=request.POST.get("name", "")
                )
                messages.success(request, _("Station made: print its QR for the tea-break area."))
            elif action in ("open", "close"):
                found = Station.objects.filter(meeting=row, pk=_id(request.POST.get("station"))).first()
                if found is not None:
                    services.set_open(station=found, membership=request.membership, is_open=action == "open")
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    stations = [{"station": s, "link": _link(request, s)} for s in selectors.stations(row)]
    return render(
        request,
        "feedback/meeting.html",
        {
            **_figures_context(row),
            "stations": stations,
            "editor": services.may_set_up(request.membership, row),
        },
    )


@org_view()
def live(request, meeting: int):
    """The figures region the page fetches again when an answer or a frequent request comes in."""
    row = get_scoped(Meeting, request.org, pk=meeting)
    return render(request, "feedback/partials/live.html", _figures_context(row))


@org_view()
def poster(request, station: int):
    """The station's QR poster, to print for the tea-break area."""
    found = get_scoped(Station.objects.select_related("meeting"), request.org, pk=station)
    link = _link(request, found)
    return render(
        request, "feedback/poster.html", {"station": found, "meeting": found.meeting, "link": link,
                                          "qr_svg": _qr(link, found.name)},
    )  # fmt: skip


def _id(value: str | None) -> int:
    return int(value) if value and value.isdecimal() and len(value) < 19 else 0


@org_view()
def topics(request):
    """The organisation's topic list: what the station offers and what finds themes in free text."""
    editor = services.may_set_up(request.membership)
    listed = list(selectors.topics(request.org))
    error = None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "seed":
                services.seed_topics(org=request.org, membership=request.membership)
            else:
                topic = None
                if action == "change":
                    topic = Topic.objects.filter(org=request.org, pk=_id(request.POST.get("topic"))).first()
                    if topic is None:
                        return redirect("feedback:topics", org=request.org.slug)
                services.save_topic(
                    org=request.org,
                    membership=request.membership,
                    topic=topic,
                    data=services.TopicInput(
                        name=request.POST.get("name", ""),
                        words=request.POST.get("words", ""),
                        active=request.POST.get("active") == "on",
                    ),
                )
            messages.success(request, _("Topics saved."))
            return redirect("feedback:topics", org=request.org.slug)
        except DomainError as exc:
            error = refusal(exc)
    return render(
        request, "feedback/topics.html", {"topics": listed, "editor": editor, "error": error},
        status=422 if error else 200,
    )  # fmt: skip
