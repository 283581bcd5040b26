"""Public pages for attendees (no sign-in, phone-first): registration, the RSVP answer with a
colleague, and the e-badge. Each is reached by an unguessable token."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError

from . import phones, services
from .enums import Rsvp, Status
from .forms import ColleagueForm, PublicRegistrationForm
from .models import Attendee, Registration
from .pdf import qr_data_uri
from .signals import badge_links


def _registration(token: str) -> Registration:
    reg = Registration.objects.select_related("meeting", "meeting__org").filter(token=token).first()
    if reg is None:
        raise Http404
    return reg


def _attendee(token: str) -> Attendee:
    a = Attendee.objects.select_related("meeting", "meeting__org").filter(token=token).first()
    if a is None:
        raise Http404
    return a


def register(request, token: str):
    reg = _registration(token)
    meeting = reg.meeting
    closed = not reg.is_open or (reg.closes_at and reg.closes_at <= timezone.now())
    full = bool(reg.capacity) and services.places_taken(meeting) >= reg.capacity
    form = PublicRegistrationForm(request.POST or None, registration=reg)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            attendee = services.register(
                registration=reg,
                data=services.AttendeeInput.parse(form.attendee_data()),
                address=request.META.get("REMOTE_ADDR", ""),
            )
        except services.AlreadyReceived as exc:
            return render(
                request,
                "attendees/public/register.html",
                {"registration": reg, "meeting": meeting, "form": None, "received": exc.message},
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            if exc.status == 429:
                return render(
                    request,
                    "attendees/public/register.html",
                    {"registration": reg, "meeting": meeting, "form": form, "closed": closed, "full": full},
                    status=429,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("attendees_public:badge", token=attendee.token)
    return render(
        request,
        "attendees/public/register.html",
        {"registration": reg, "meeting": meeting, "form": form, "closed": closed, "full": full},
        status=400 if form.errors else 200,
    )


def badge(request, token: str):
    """The confirmation page and e-badge: the QR (once the place is confirmed) and the agenda link."""
    a = _attendee(token)
    code = services.badge_code(a) if a.status == Status.CONFIRMED else ""
    from huiwu.agenda.models import Agenda

    agenda = Agenda.objects.filter(meeting=a.meeting, published_at__isnull=False).first()
    response = render(
        request,
        "attendees/public/badge.html",
        {
            "a": a,
            "meeting": a.meeting,
            "code": code,
            "qr": qr_data_uri(code) if code else "",
            "agenda": agenda,
            "links": [link for _r, found in badge_links.send(sender=Attendee, attendee=a) for link in found],
        },
    )
    phones.remember(request, response, a)
    return response


def rsvp(request, token: str):
    a = _attendee(token)
    colleague = ColleagueForm(request.POST if request.POST.get("action") == "colleague" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("accept", "decline"):
                services.answer(attendee=a, accept=action == "accept")
                messages.success(
                    request,
                    _("Thank you: you accepted.")
                    if action == "accept"
                    else _("Thank you: we noted that you cannot come."),
                )
                return redirect("attendees_public:rsvp", token=a.token)
            if action == "colleague" and colleague.is_valid():
                data = {k: v for k, v in colleague.cleaned_data.items() if k != "consent" and v}
                data.setdefault("organisation", a.organisation)
                services.register(
                    registration=services.registration_of(a.meeting),
                    data=services.AttendeeInput.parse(data),
                    invited_by=a,
                )
                messages.success(request, _("Your colleague is registered and will receive an e-mail."))
                return redirect("attendees_public:rsvp", token=a.token)
        except DomainError as exc:
            colleague.add_error(None, str(exc.message))
        except ValidationError as exc:
            colleague.add_error(None, exc)
    return render(
        request,
        "attendees/public/rsvp.html",
        {
            "a": a,
            "meeting": a.meeting,
            "colleague": colleague,
            "answered": a.rsvp in (Rsvp.ACCEPTED, Rsvp.DECLINED),
            "colleagues": a.colleagues.all(),
        },
        status=400 if colleague.errors else 200,
    )
