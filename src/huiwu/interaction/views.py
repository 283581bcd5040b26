"""The moderator's console of a meeting's live interaction: set it up, write and run the polls, see the
results live, moderate open answers; links to the big screen and the participants' page. Thin: each
POST runs one command."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.models import Meeting
from huiwu.events.selectors import is_planner
from huiwu.orgs.access import get_scoped, org_view

from . import selectors, services
from .models import Live, Poll, PollKind, ShowResults, Vote


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 10 else -1


def _poll_input(request) -> services.PollInput:
    return services.PollInput(
        question=request.POST.get("question", ""),
        kind=request.POST.get("kind", ""),
        options=[line for line in request.POST.get("options", "").splitlines() if line.strip()][:50],
        max_choices=request.POST.get("max_choices", "1") or "1",
        scale=request.POST.get("scale", "5") or "5",
        show_results=request.POST.get("show_results", ""),
        changeable=request.POST.get("changeable") == "on",
        session_id=request.POST.get("session") or None,
    )


@org_view()
def console(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("owner"), request.org, pk=meeting)
    editor = is_planner(request.membership, row)
    live = Live.objects.filter(meeting=row).first()
    here = redirect("interaction:console", org=request.org.slug, meeting=row.pk)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        action = request.POST.get("action", "")
        poll = Poll.objects.filter(meeting=row, pk=_int(request.POST.get("poll"))).first()
        try:
            if action == "set-up":
                services.set_up(meeting=row, membership=request.membership)
            elif action == "stream" and live is not None:
                services.change_stream(
                    live=live,
                    membership=request.membership,
                    stream_url=request.POST.get("stream_url", ""),
                    stream_kind=request.POST.get("stream_kind", ""),
                    version=_int(request.POST.get("version")),
                )
                messages.success(request, _("Saved."))
            elif action == "create":
                services.create_poll(meeting=row, membership=request.membership, data=_poll_input(request))
                messages.success(request, _("The poll is ready to open."))
            elif poll is not None and action == "open":
                services.open_poll(poll=poll, membership=request.membership)
            elif poll is not None and action == "close":
                services.close_poll(poll=poll, membership=request.membership)
            elif poll is not None and action == "delete":
                services.delete_poll(
                    poll=poll, membership=request.membership, version=_int(request.POST.get("version"))
                )
            elif action in ("approve", "reject"):
                vote = (
                    Vote.objects.filter(poll__meeting=row, pk=_int(request.POST.get("vote")))
                    .select_related("poll", "poll__meeting")
                    .first()
                )
                if vote is not None:
                    services.moderate(vote=vote, membership=request.membership, approve=action == "approve")
        except DomainError as exc:
            messages.error(request, refusal(exc))
        return here
    context = {
        "meeting": row,
        "live": live,
        "editor": editor,
        "kinds": PollKind.choices,
        "shows": ShowResults.choices,
        "sessions": list(row.sessions.order_by("slot__date", "slot__start", "pk").values("pk", "title")),
    }
    if live is not None:
        context.update(
            {
                "polls": list(Poll.objects.filter(meeting=row)),
                "state": selectors.screen_state(live),
                "pending": selectors.pending_answers(row.pk),
                "join_url": request.build_absolute_uri(
                    reverse("interaction-public:room", kwargs={"code": live.code})
                ),
                "screen_url": request.build_absolute_uri(
                    reverse("interaction-public:screen", kwargs={"token": live.screen_token})
                ),
            }
        )
    return render(request, "interaction/console.html", context)
