"""A meeting's suppliers: its needs (derived, from a gap, or by hand) with what is chosen and the gaps of
the stage gate; one need with its candidates side by side and the shortlist; one candidate with its
quotes, site inspection, qualification review, on-site trial and the choice. Every write is a command of
``services.selection``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.orgs.enums import Perm
from huiwu.orgs.rules import can

from . import selectors
from .enums import Standing
from .forms import (
    ActionForm,
    ChooseForm,
    DutyForm,
    InspectionForm,
    KickoffForm,
    NeedForm,
    QuoteAnswerForm,
    QuoteRequestForm,
    ReviewForm,
    StandingForm,
    TrialForm,
)
from .models import Supplier
from .services import kickoff as kickoff_services
from .services import selection

EDIT = Perm.EDIT_MEETINGS


@org_view()
def meeting_needs(request, meeting: int):
    row = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, EDIT)
    form = NeedForm(request.POST if request.POST.get("action") == "add" else None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "derive":
            made = selection.derive_needs(meeting=row, actor=request.user)
            messages.success(request, _("%(n)s needs added.") % {"n": len(made)})
            return redirect("suppliers:meeting", org=request.org.slug, meeting=row.pk)
        if form is not None and form.is_valid():
            data = selection.NeedInput.parse(form.cleaned_data)
            if submit(form, lambda: selection.add_need(meeting=row, actor=request.user, data=data)):
                return redirect("suppliers:meeting", org=request.org.slug, meeting=row.pk)
    context = {
        "meeting": row,
        "needs": selectors.needs_of(row),
        "gaps": selectors.gaps(row),
        "form": form,
        "can_edit": can_edit,
    }
    return render(
        request, "suppliers/meeting.html", context, status=400 if form is not None and form.errors else 200
    )


@org_view()
def need(request, supplier_need: int):
    row = selectors.need_of(request.org, supplier_need)
    can_edit = can(request.membership, EDIT)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "remove":
            selection.remove_need(need=row, actor=request.user)
            messages.success(request, _("Need removed."))
            return redirect("suppliers:meeting", org=request.org.slug, meeting=row.meeting_id)
        if action != "add":
            raise Http404
        supplier = Supplier.objects.filter(org=request.org, pk=request.POST.get("supplier") or 0).first()
        if supplier is None:
            raise Http404
        try:
            made = selection.add_candidate(need=row, supplier=supplier, actor=request.user)
        except (DomainError, ValidationError) as exc:
            messages.error(request, refusal(exc))
        else:
            return redirect("suppliers:candidate", org=request.org.slug, candidate=made.pk)
        return redirect("suppliers:need", org=request.org.slug, supplier_need=row.pk)
    context = {
        "need": row,
        "meeting": row.meeting,
        "rows": selectors.comparison(row),
        "shortlist": selectors.shortlist(row)[:30],
        "can_edit": can_edit,
    }
    return render(request, "suppliers/need.html", context)


FORMS = {
    "request": QuoteRequestForm,
    "inspection": InspectionForm,
    "review": ReviewForm,
    "trial": TrialForm,
    "choose": ChooseForm,
    "standing": StandingForm,
}
DONE = {
    "request": gettext_lazy("Quote requested."),
    "answer": gettext_lazy("Quote answered."),
    "inspection": gettext_lazy("Site inspection recorded."),
    "review": gettext_lazy("Review saved."),
    "trial": gettext_lazy("Trial recorded."),
    "choose": gettext_lazy("Supplier chosen."),
    "standing": gettext_lazy("Standing saved."),
}


def _version(request) -> int | None:
    sent = request.POST.get("version", "")
    return int(sent) if sent.isdecimal() else None


def _command(request, row, action: str, form):
    c, actor, version = form.cleaned_data, request.user, _version(request)
    if action == "request":
        lines = [selection.LineInput(**line) for line in form.parsed()]
        return lambda: selection.request_quote(
            candidate=row, actor=actor, lines=lines, answer_by=c["answer_by"]
        )
    if action == "answer":
        return lambda: selection.answer_quote(
            quote=form.quote,
            actor=actor,
            prices=form.prices(),
            issued_on=c["issued_on"],
            valid_until=c["valid_until"],
            notes=c["notes"],
        )
    if action == "inspection":
        return lambda: selection.record_inspection(
            candidate=row,
            actor=actor,
            on=c["inspected_on"],
            result=c["inspection"],
            notes=c["inspection_notes"],
            version=version,
        )
    if action == "review":
        return lambda: selection.review(candidate=row, actor=actor, items=c["items"], version=version)
    if action == "trial":
        return lambda: selection.record_trial(
            candidate=row, actor=actor, result=c["trial"], notes=c["trial_notes"], version=version
        )
    if action == "choose":
        return lambda: selection.choose(candidate=row, actor=actor, reason=c["reason"], version=version)
    return lambda: selection.set_standing(candidate=row, actor=actor, standing=c["standing"], version=version)


@org_view()
def candidate(request, candidate: int):
    row = selectors.candidate_of(request.org, candidate)
    can_edit = can(request.membership, EDIT)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    quotes = list(row.quotes.all())
    open_quote = next((q for q in quotes if q.answered_at is None), None)
    forms = {}
    if can_edit:
        for name, cls in FORMS.items():
            initial = {"items": list(row.review)} if name == "review" else None
            forms[name] = cls(request.POST if action == name else None, initial=initial)
        if open_quote is not None:
            forms["answer"] = QuoteAnswerForm(request.POST if action == "answer" else None, quote=open_quote)
            forms["answer"].quote = open_quote
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid() and submit(form, _command(request, row, action, form)) is not None:
            messages.success(request, str(DONE[action]))
            return redirect("suppliers:candidate", org=request.org.slug, candidate=row.pk)
    context = {
        "candidate": row,
        "need": row.need,
        "meeting": row.need.meeting,
        "quotes": quotes,
        "open_quote": open_quote,
        "missing": selection.missing_to_choose(row) if row.standing != Standing.CHOSEN else [],
        "forms": forms,
        "action": action,
        "can_edit": can_edit,
        "explain": selectors.explain(row.supplier),
    }
    return render(request, "suppliers/candidate.html", context, status=400 if action else 200)


@org_view()
def kickoff(request, meeting: int):
    row = get_scoped(Meeting, request.org, pk=meeting)
    can_edit = can(request.membership, EDIT)
    current = selectors.kickoff_of(row)
    suppliers = kickoff_services.meeting_suppliers(row)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial = None
    if current is not None:
        initial = {
            "held_at": current.held_at,
            "place": current.place,
            "agenda": current.agenda,
            "minutes": current.minutes,
            "suppliers": list(current.suppliers.all()),
            "members": list(current.members.all()),
        }
    forms = {}
    if can_edit:
        forms = {
            "save": KickoffForm(
                request.POST if action == "save" else None, initial=initial, meeting=row, suppliers=suppliers
            ),
            "duty": DutyForm(request.POST if action == "duty" else None, suppliers=suppliers),
            "action": ActionForm(request.POST if action == "action" else None, meeting=row),
        }
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        actor = request.user
        if action == "propose":
            made = kickoff_services.propose_duties(meeting=row, actor=actor)
            messages.success(request, _("%(n)s duties proposed.") % {"n": len(made)})
            return redirect("suppliers:kickoff", org=request.org.slug, meeting=row.pk)
        form = forms.get(action)
        if form is None or (action == "action" and current is None):
            raise Http404
        if form.is_valid():
            c = form.cleaned_data
            commands = {
                "save": lambda: kickoff_services.save_kickoff(
                    meeting=row,
                    actor=actor,
                    data=kickoff_services.KickoffInput.parse(c),
                    version=_version(request),
                ),
                "duty": lambda: kickoff_services.add_duty(
                    meeting=row, actor=actor, supplier=c["supplier"], text=c["text"]
                ),
                "action": lambda: kickoff_services.add_action(
                    kickoff=current, actor=actor, title=c["title"], owner=c["owner"], due=c["due"]
                ),
            }
            if submit(form, commands[action]) is not None:
                messages.success(request, _("Saved."))
                return redirect("suppliers:kickoff", org=request.org.slug, meeting=row.pk)
    context = {
        "meeting": row,
        "kickoff": current,
        "duties": selectors.duties_of(row),
        "suppliers": suppliers,
        "forms": forms,
        "action": action,
        "can_edit": can_edit,
    }
    return render(request, "suppliers/kickoff.html", context, status=400 if action else 200)


@org_view(EDIT)
@require_POST
def duty_remove(request, supplier_duty: int):
    row = selectors.duty_of(request.org, supplier_duty)
    kickoff_services.remove_duty(duty=row, actor=request.user)
    messages.success(request, _("Duty removed."))
    return redirect("suppliers:kickoff", org=request.org.slug, meeting=row.meeting_id)
