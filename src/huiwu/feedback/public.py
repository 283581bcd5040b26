"""The feedback station's public page (no account, phone-first): the QR at the tea break leads here. The
phone that opened its e-badge answers as that badge; any other phone gets its own cookie. One answer a
day each; every rule is ``services.answer``'s."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from huiwu.attendees import phones
from huiwu.core.errors import DomainError
from huiwu.core.tokens import new_secret

from . import selectors, services
from .errors import Answered
from .models import Station

COOKIE = "huiwu-feedback"
AGE = 60 * 60 * 24 * 365


def _station(token: str) -> Station:
    found = Station.objects.select_related("meeting", "meeting__org").filter(token=token).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def station(request, token: str):
    found = _station(token)
    meeting = found.meeting
    attendee = phones.attendee_on(request, meeting)
    device = request.COOKIES.get(COOKIE, "")[:64]
    context = {
        "station": found,
        "meeting": meeting,
        "attendee": attendee,
        "topics": list(selectors.topics(meeting.org_id).filter(active=True)),
        "values": {"rating": "", "topic": "", "text": ""},
    }
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("rating", "topic", "text")}
        context["values"] = values
        try:
            services.answer(
                station=found,
                data=services.AnswerInput(
                    rating=values["rating"], topic=values["topic"], text=values["text"]
                ),
                attendee=attendee,
                device=device,
            )
        except Answered as exc:
            context["done"] = exc.message
        except DomainError as exc:
            context["error"] = exc.message
            status = exc.status if exc.status in (400, 409, 422, 429) else 400
        else:
            context["done"] = True
    response = render(request, "feedback/public/station.html", context, status=status)
    if not device:
        response.set_cookie(
            COOKIE, new_secret(24), max_age=AGE, path=request.path, httponly=True, samesite="Lax",
            secure=request.is_secure(),
        )  # fmt: skip
    return response
