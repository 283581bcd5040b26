"""The moderator's console of a meeting's live interaction: set it up, write and run the polls, see the
results live, moderate open answers; links to the big screen and the participants' page. Thin: each
POST runs one command."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwu.attendees.enums import Category
from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal
from huiwu.events.models import Meeting
from huiwu.events.selectors import is_planner
from huiwu.orgs.access import get_scoped, org_view

from . import lottery, qa, selectors, services
from .models import Live, Poll, PollKind, Pool, Prize, Question, ShowResults, Vote, Winner, WordList


def _int(value: str | None) -> int:
    return int(value) if value and value.isdecimal() and len(value) < 10 else -1


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
        cue_id=request.POST.get("cue") or None,
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
                services.change_live(
                    live=live,
                    membership=request.membership,
                    stream_url=request.POST.get("stream_url", ""),
                    stream_kind=request.POST.get("stream_kind", ""),
                    moderated=request.POST.get("moderated") == "on",
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
        "cues": list(row.cues.order_by("start", "pk").values("pk", "title", "start")),
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
    if live is not None:
        words = {
            w.client_id: w for w in WordList.objects.filter(org=row.org, client_id__in=[None, row.client_id])
        }
        context.update(
            {
                "questions": selectors.questions_to_moderate(live),
                "prizes": selectors.prizes(row.pk),
                "pools": Pool.choices,
                "categories": [c for c in Category.choices if c[0] != Category.STAFF],
                "org_words": words.get(None),
                "client_words": words.get(row.client_id) if row.client_id else None,
                "client_url": request.build_absolute_uri(
                    reverse("interaction-public:client", kwargs={"token": live.client_token})
                ),
                "watch_url": request.build_absolute_uri(
                    reverse("interaction-public:watch", kwargs={"code": live.code})
                ),
                "speaker_url": request.build_absolute_uri(
                    reverse("interaction-public:speaker", kwargs={"token": live.screen_token})
                ),
            }
        )
    return render(request, "interaction/console.html", context)


def _question(request, live: Live, action: str) -> None:
    question = (
        Question.objects.filter(live=live, pk=_int(request.POST.get("question")))
        .select_related("live", "live__meeting")
        .first()
    )
    if question is None:
        return
    if action == "merge":
        into = Question.objects.filter(live=live, pk=_int(request.POST.get("into"))).first()
        if into is None:
            messages.error(request, _("Choose the question it repeats."))
            return
        qa.merge(question=question, into=into, membership=request.membership)
    else:
        qa.decide(question=question, membership=request.membership, action=action)


def _lottery(request, meeting: Meeting, action: str) -> None:
    prize = (
        Prize.objects.filter(meeting=meeting, pk=_int(request.POST.get("prize")))
        .select_related("meeting")
        .first()
    )
    if action == "prize-create":
        lottery.save_prize(
            meeting=meeting,
            membership=request.membership,
            data=lottery.PrizeInput(
                tier=request.POST.get("tier", ""),
                name=request.POST.get("name", ""),
                quantity=request.POST.get("quantity", ""),
                pool=request.POST.get("pool", ""),
                day=request.POST.get("day") or None,
                category=request.POST.get("category", ""),
                repeat_winners=request.POST.get("repeat_winners") == "on",
            ),
        )
        messages.success(request, _("The prize is ready: freeze its pool before the draw."))
    elif prize is not None and action == "prize-delete":
        lottery.delete_prize(prize=prize, membership=request.membership)
    elif prize is not None and action == "lottery-freeze":
        lottery.freeze(prize=prize, membership=request.membership)
    elif prize is not None and action == "lottery-draw":
        lottery.draw(prize=prize, membership=request.membership)
    elif action in ("lottery-confirm", "lottery-redraw"):
        winner = (
            Winner.objects.filter(draw__prize__meeting=meeting, pk=_int(request.POST.get("winner")))
            .select_related("draw__prize__meeting")
            .first()
        )
        if winner is None:
            return
        if action == "lottery-confirm":
            lottery.confirm(winner=winner, membership=request.membership)
        else:
            lottery.redraw(
                winner=winner, membership=request.membership, reason=request.POST.get("reason", "")
            )
