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

from . import selectors, services, surveys
from .errors import Answered, SurveyAnswered
from .models import QuestionKind, Recipient, Station

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


def _recipient(token: str) -> Recipient:
    found = (
        Recipient.objects.select_related("survey", "survey__meeting", "attendee").filter(token=token).first()
    )
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    """A person's survey (their personal link): every question on one page, kept only when all hold."""
    recipient = _recipient(token)
    found = recipient.survey
    questions = list(found.questions.select_related("session"))
    context: dict = {
        "survey": found,
        "meeting": found.meeting,
        "recipient": recipient,
        "questions": questions,
    }
    status = 200
    if recipient.answered_at is not None:
        context["done"] = str(SurveyAnswered.default_message)
    elif request.method == "POST":
        values = {}
        for q in questions:
            key = f"q{q.pk}"
            values[q.pk] = (
                request.POST.getlist(key) if q.kind == QuestionKind.MULTI else request.POST.get(key, "")
            )
        for q in questions:
            q.value = values[q.pk]  # shown again when refused
        try:
            surveys.submit(recipient=recipient, values=values)
        except DomainError as exc:
            context["error"] = exc.message
            context["error_field"] = exc.details.get("field", "")
            status = exc.status if exc.status in (400, 409, 422) else 400
        else:
            context["done"] = True
    return render(request, "feedback/public/survey.html", context, status=status)
