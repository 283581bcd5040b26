"""The participant's pages (no account, phone-first): ``/i/`` to type a code, ``/i/<code>/`` to take part.
Opening the page joins (a signed cookie); a phone holding a confirmed badge of the meeting is that
person. Votes go over the page's socket (``server.consumers``); without one, the form posts here. Every
rule is ``services``' and ``voting``'s."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huiwu.attendees import phones
from huiwu.core.errors import DomainError
from huiwu.core.middleware import policy

from . import selectors, services, voting
from .errors import Flood, ParticipantInvalid
from .models import Live, Participant, PollKind

COOKIE = "huiwu-live"
AGE = 60 * 60 * 24 * 30


@require_http_methods(["GET", "POST"])
def enter(request):
    code = (request.POST.get("code") or request.GET.get("code") or "").strip().upper()
    if code:
        if Live.objects.filter(code=code[:8]).exists():
            return redirect("interaction-public:room", code=code[:8])
        messages.error(request, _("No meeting has this code. Check it on the screen and try again."))
    return render(request, "interaction/public/enter.html", {"code": code[:8]})


def _live(code: str) -> Live:
    found = Live.objects.select_related("meeting", "meeting__org").filter(code=code.upper()).first()
    if found is None:
        raise Http404
    return found


def _participant(request, live: Live) -> Participant | None:
    try:
        live_id, pid = voting.participant_of(request.COOKIES.get(COOKIE, ""))
    except ParticipantInvalid:
        return None
    if live_id != live.pk:
        return None
    return Participant.objects.filter(pk=pid, live=live).first()


def _joins_flood(request) -> bool:
    key = f"interaction:joins:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > settings.HUIWU_INTERACTION_JOINS_PER_MINUTE
    except ValueError:
        return False


def _remember(request, response, participant: Participant, live: Live) -> None:
    response.set_cookie(
        COOKIE, voting.token_for(live.pk, participant.pk), max_age=AGE, path="/", httponly=True,
        samesite="Lax", secure=request.is_secure(),
    )  # fmt: skip


def _words() -> dict[str, str]:
    """What the page's script writes, in the reader's language."""
    return {
        "vote": _("Vote"),
        "kept": _("Your vote is counted."),
        "closed": _("Closed"),
        "voters": _("votes"),
        "points": _("points"),
        "wait": _("Results are shown when the poll closes."),
        "never": _("The results are shown on the screen."),
        "rank": _("Tap the answers in your order."),
        "again": _("Start again"),
        "answer": _("your answer"),
        "words": _("a word or a short phrase (separate several with commas)"),
        "none": _("Nothing to answer yet: polls appear here when the moderator opens them."),
        "live": _("live"),
        "offline": _("reconnecting…"),
        "sending": _("sending…"),
        "ask": _("Ask"),
        "question": _("your question"),
        "anonymous": _("ask anonymously"),
        "asked": _("Your question is in: it shows once a moderator approves it."),
        "shown": _("Your question is shown."),
        "up": _("upvote"),
        "answered": _("answered"),
        "pinned": _("now on stage"),
    }


def room(request, code: str, watching: bool = False):
    """The participant's page; ``watching``: the stream's player with the interaction beside it."""
    live = _live(code)
    participant = _participant(request, live)
    attendee = phones.attendee_on(request, live.meeting)
    fresh = False
    if participant is None or (attendee is not None and participant.attendee_id != attendee.pk):
        if _joins_flood(request):
            context = {"code": live.code, "error": Flood.default_message}
            return render(request, "interaction/public/enter.html", context, status=429)
        participant = services.join(live=live, attendee=attendee)
        fresh = True
    context = {
        "live": live,
        "meeting": live.meeting,
        "participant": participant,
        "polls": selectors.for_participant(live, participant.pk),
        "questions": selectors.questions_shown(live),
        "sessions": selectors.sessions_for_questions(live),
        "words": _words(),
        "watching": watching and bool(live.stream_url),
    }
    response = render(request, "interaction/public/room.html", context)
    if context["watching"]:
        response["Content-Security-Policy"] = policy(request, stream_origin=_origin(live.stream_url))
    if fresh:
        _remember(request, response, participant, live)
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def watch(request, code: str):
    return room(request, code, watching=True)


@require_http_methods(["POST"])
def vote(request, code: str, poll: int):
    """The page's form when it has no socket: the same vote, answered after it is committed."""
    live = _live(code)
    here = redirect(reverse("interaction-public:room", kwargs={"code": live.code}) + f"#poll-{poll}")
    raw = request.POST.getlist("choice")
    found = live.meeting.polls.filter(pk=poll).values_list("kind", flat=True).first()
    choice: object = raw
    if found in (PollKind.SINGLE, PollKind.RATING, PollKind.TEXT) and len(raw) == 1:
        choice = raw[0]
    try:
        voting.cast(
            token=request.COOKIES.get(COOKIE, ""),
            poll_id=poll,
            choice=choice,
            address=request.META.get("REMOTE_ADDR", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your vote is counted."))
    return here


@require_http_methods(["POST"])
def name(request, code: str):
    live = _live(code)
    participant = _participant(request, live)
    if participant is None:
        return redirect("interaction-public:room", code=live.code)
    try:
        services.rename(participant=participant, name=request.POST.get("name", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("interaction-public:room", code=live.code)


def screen(request, token: str):
    """The big screen (presenter display): the current poll and its results, the code and its QR."""
    import segno

    live = _screen_live(token)
    link = request.build_absolute_uri(reverse("interaction-public:room", kwargs={"code": live.code}))
    context = {
        "live": live,
        "meeting": live.meeting,
        "state": selectors.screen_state(live),
        "link": link,
        "qr_svg": segno.make(link, error="m").svg_inline(scale=6, title=_("Join")),
        "socket": f"/ws/screen/{token}/",
    }
    return render(request, "interaction/public/screen.html", context)


def _screen_live(token: str) -> Live:
    live = Live.objects.select_related("meeting").filter(screen_token=token).first()
    if live is None:
        raise Http404
    return live


def speaker(request, token: str):
    """The speaker's tablet: the questions shown, pinned first then the most upvoted, live."""
    live = _screen_live(token)
    session = request.GET.get("session", "")
    context = {
        "live": live,
        "meeting": live.meeting,
        "questions": selectors.questions_shown(live, int(session) if session.isdecimal() else None),
        "socket": f"/ws/screen/{token}/",
    }
    return render(request, "interaction/public/speaker.html", context)


def proof(request, token: str, prize: int):
    """A draw's proof (the seed only once drawn), to recompute the winners with ``fairness.py``."""
    from .lottery import proof as lottery_proof
    from .models import Draw

    live = _screen_live(token)
    found = (
        Draw.objects.filter(prize__meeting_id=live.meeting_id, prize_id=prize).select_related("prize").first()
    )
    if found is None:
        raise Http404
    response = JsonResponse(lottery_proof(found), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="lottery-{prize}-proof.json"'
    return response


def rule(request):
    """The published rule of the draw, as a file anyone runs on a proof."""
    from pathlib import Path

    from . import fairness

    response = HttpResponse(Path(fairness.__file__).read_text(encoding="utf-8"), content_type="text/x-python")
    response["Content-Disposition"] = 'attachment; filename="fairness.py"'
    return response


def client_view(request, token: str):
    """The client's live view: every poll's results, the questions, the participation rate, the viewers
    and the watch time, pushed live."""
    from .presence import figures

    live = Live.objects.select_related("meeting").filter(client_token=token).first()
    if live is None:
        raise Http404
    context = {
        "live": live,
        "meeting": live.meeting,
        "state": selectors.screen_state(live),
        "stats": figures(live.pk),
        "socket": f"/ws/screen/{token}/",
    }
    return render(request, "interaction/public/client.html", context)
