"""The manual desk of a gate: find a guest (name, organisation, last digits of the mobile; masked),
check them in by hand, print their badge again, give a new badge for a lost one, and register a
walk-in with a badge. A hand check-in is a scan like any other: exactly once, audited by its user."""

from __future__ import annotations

import uuid

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from huiwu.attendees import services as people
from huiwu.attendees.enums import Category, Source
from huiwu.attendees.forms import PeopleFieldsMixin
from huiwu.attendees.models import Attendee
from huiwu.attendees.pdf import render_badges
from huiwu.core.errors import DomainError
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm

from . import services
from .models import Gate, ScanStatus
from .views import scanner_texts


class WalkInForm(PeopleFieldsMixin, forms.ModelForm):
    mobile = forms.CharField(label=gettext_lazy("mobile"), max_length=40)

    class Meta:
        model = Attendee
        fields = ["name", "mobile", "organisation", "title", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].initial = Category.REGULAR


def _gate(request, gate: int) -> Gate:
    return get_scoped(services.gates(), request.org, pk=gate)


def _guest(request, gate: Gate, attendee: int) -> Attendee:
    return get_scoped(
        Attendee.objects.select_related("meeting"), request.org, pk=attendee, meeting=gate.meeting
    )


@org_view(Perm.OPERATE_ONSITE)
def desk(request, gate: int):
    gate = _gate(request, gate)
    return render(request, "checkin/desk.html", {"gate": gate, "meeting": gate.meeting, "form": WalkInForm()})


@org_view(Perm.OPERATE_ONSITE)
def search(request, gate: int):
    gate = _gate(request, gate)
    q = request.GET.get("q", "")[:100]
    hits = services.search_desk(org=request.org, meeting=gate.meeting, q=q) if q.strip() else []
    return render(request, "checkin/partials/_desk_hits.html", {"gate": gate, "hits": hits, "q": q})


def _admit(request, gate: Gate, attendee: Attendee, *, confirmed: bool = False) -> services.Answer:
    return services.scan(
        gate=gate,
        badge=people.badge_code(attendee),
        scan_id=f"desk-{uuid.uuid4().hex}",
        user=request.user,
        confirmed=confirmed,
    )


def _answer(request, gate, attendee, answer, *, status=200):
    context = {
        "gate": gate,
        "attendee": attendee,
        "answer": answer,
        "label": ScanStatus(answer.status).label,
        "reason": scanner_texts()["reasons"].get(answer.reason, ""),
        "ask_to_confirm": answer.reason == services.OUTSIDE_DAYS,
        "meeting": gate.meeting,
    }
    return render(request, "checkin/partials/_desk_answer.html", context, status=status)


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def admit(request, gate: int, attendee: int):
    """Check a guest in by hand; outside the meeting's days only once the staff member confirms it."""
    gate = _gate(request, gate)
    attendee = _guest(request, gate, attendee)
    answer = _admit(request, gate, attendee, confirmed=request.POST.get("confirm") == "outside-days")
    return _answer(request, gate, attendee, answer)


@org_view(Perm.OPERATE_ONSITE)
def badge(request, gate: int, attendee: int):
    """The guest's current badge as a PDF, to print at the desk."""
    gate = _gate(request, gate)
    attendee = _guest(request, gate, attendee)
    response = HttpResponse(render_badges(gate.meeting, [attendee]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{attendee.pk}.pdf"'
    return response


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def replace(request, gate: int, attendee: int):
    """A lost badge: a new code (the old one opens no gate any more), then print it."""
    gate = _gate(request, gate)
    attendee = people.reissue_badge(attendee=_guest(request, gate, attendee), actor=request.user)
    return render(
        request, "checkin/partials/_desk_answer.html", {"gate": gate, "attendee": attendee, "replaced": True}
    )


@org_view(Perm.OPERATE_ONSITE)
@require_POST
def walk_in(request, gate: int):
    gate = _gate(request, gate)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        return _form_again(request, gate, form)
    try:
        attendee = people.save_attendee(
            meeting=gate.meeting,
            actor=request.user,
            data=people.AttendeeInput.parse(dict(form.cleaned_data)),
            source=Source.WALK_IN,
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _form_again(request, gate, form)
    answer = _admit(request, gate, attendee)
    return _answer(request, gate, attendee, answer)


def _form_again(request, gate, form):
    """The form with its errors, in place of the form (htmx swaps 200s only; a plain POST gets 400)."""
    response = render(request, "checkin/partials/_walk_in.html", {"gate": gate, "form": form})
    if request.headers.get("HX-Request"):
        response["HX-Retarget"], response["HX-Reswap"] = "#walk-in", "outerHTML"
    else:
        response.status_code = 400
    return response
