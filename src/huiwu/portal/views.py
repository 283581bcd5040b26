"""The supplier portal: a supplier's people, signed in with their own account, see their assignments —
duties, their part of the run sheet and the shared contacts, deadlines, the quotes asked of them, their
documents, the meeting's public information — and act on them through the same commands as the team.
Anything not theirs (another supplier, another meeting, another organisation) is "not found"."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huiwu.contracts import selectors as contract_selectors
from huiwu.contracts import views_signing
from huiwu.contracts.enums import Side
from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.onsite import runsheet
from huiwu.onsite.models import SheetVersion
from huiwu.suppliers import selectors
from huiwu.suppliers.forms import DocumentForm, QuoteAnswerForm
from huiwu.suppliers.models import Document, Duty, Kickoff
from huiwu.suppliers.services import DocumentInput, add_document
from huiwu.suppliers.services import portal as services
from huiwu.suppliers.services.selection import answer_quote
from huiwu.workspace.forms.accounts import SignUpForm

from .forms import ReportForm


@login_required
def home(request):
    accesses = selectors.portal_accesses(request.user)
    rows = [
        {"access": a, "meetings": list(selectors.portal_meetings(a.supplier)),
         "contracts": contract_selectors.portal_contracts(a.supplier)}
        for a in accesses
    ]  # fmt: skip
    return render(request, "portal/home.html", {"rows": rows})


def _meeting_context(supplier, meeting) -> dict:
    seen = runsheet.supplier_sheet(meeting, supplier)
    quotes = selectors.portal_quotes(supplier, meeting)
    kickoff = Kickoff.objects.filter(meeting=meeting, suppliers=supplier).first()
    deadlines = []
    if seen is not None and seen.ack is None and not seen.outdated:
        deadlines.append({"what": _("Acknowledge the run sheet (version %(n)s)") % {"n": seen.version.number},
                          "when": None})  # fmt: skip
    for q in quotes:
        if q.answered_at is None:
            deadlines.append({"what": _("Answer the quote for %(need)s") % {"need": q.candidate.need.title},
                              "when": q.answer_by})  # fmt: skip
    if kickoff is not None and kickoff.held_at >= timezone.now():
        deadlines.append({"what": _("Kickoff meeting"), "when": kickoff.held_at})
    return {
        "supplier": supplier,
        "meeting": meeting,
        "venue": runsheet.venue_name(meeting),
        "duties": list(Duty.objects.filter(meeting=meeting, supplier=supplier)),
        "version": seen.version if seen else None,
        "outdated": seen.outdated if seen else False,
        "part": seen.lines if seen else [],
        "changes": seen.changes if seen else [],
        "ack": seen.ack if seen else None,
        "quotes": quotes,
        "kickoff": kickoff,
        "deadlines": deadlines,
    }


@login_required
def meeting(request, supplier: int, meeting: int):
    access = selectors.portal_access(request.user, supplier)
    row = selectors.portal_meeting(access.supplier, meeting)
    here = reverse("portal:meeting", kwargs={"supplier": access.supplier_id, "meeting": row.pk})
    report_form = ReportForm(request.POST if request.POST.get("action") == "report" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "acknowledge":
            version = SheetVersion.objects.filter(meeting=row, pk=_int(request.POST.get("version"))).first()
            try:
                if version is None:
                    raise ValidationError(_("This version of the run sheet does not exist."))
                runsheet.acknowledge(version=version, supplier=access.supplier, user=request.user)
                messages.success(request, _("Acknowledged. The project team sees it now."))
            except (DomainError, ValidationError) as exc:
                messages.error(request, refusal(exc))
            return redirect(here)
        if action == "report" and report_form.is_valid():
            data = report_form.cleaned_data
            done = submit(
                report_form,
                lambda: runsheet.report_problem(
                    meeting=row, supplier=access.supplier, user=request.user, text=data["text"],
                    place=data["place"], request_key=data["form_key"],
                ),
            )  # fmt: skip
            if done is not None:
                messages.success(
                    request,
                    _("Reported to the on-site team as an incident.") if done.incident
                    else _("Sent to the project manager as a task."),
                )  # fmt: skip
                return redirect(here)
    return render(
        request,
        "portal/meeting.html",
        {**_meeting_context(access.supplier, row), "report_form": report_form},
        status=400 if report_form.errors else 200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
def quote(request, supplier: int, quote: int):
    access = selectors.portal_access(request.user, supplier)
    row = selectors.portal_quote(access.supplier, quote)
    meeting = row.candidate.need.meeting
    form = None
    if row.answered_at is None:
        form = QuoteAnswerForm(request.POST or None, quote=row, initial={"issued_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            c = form.cleaned_data
            done = submit(
                form,
                lambda: answer_quote(
                    quote=row, actor=request.user, prices=form.prices(), issued_on=c["issued_on"],
                    valid_until=c["valid_until"], notes=c["notes"],
                ),
            )  # fmt: skip
            if done is not None:
                messages.success(request, _("Your quote is sent."))
                return redirect("portal:meeting", supplier=access.supplier_id, meeting=meeting.pk)
    return render(
        request,
        "portal/quote.html",
        {"supplier": access.supplier, "quote": row, "meeting": meeting, "lines": list(row.lines.all()),
         "form": form},
        status=400 if form is not None and form.errors else 200,
    )  # fmt: skip


@login_required
def documents(request, supplier: int):
    access = selectors.portal_access(request.user, supplier)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        c = dict(form.cleaned_data)
        file = c.pop("file", None)
        done = submit(
            form,
            lambda: add_document(
                supplier=access.supplier, actor=request.user, data=DocumentInput.parse(c), file=file
            ),
        )
        if done is not None:
            messages.success(request, _("Document added."))
            return redirect("portal:documents", supplier=access.supplier_id)
    today = timezone.localdate()
    rows = list(Document.objects.filter(supplier=access.supplier).order_by("expires_on", "id"))
    return render(
        request,
        "portal/documents.html",
        {"supplier": access.supplier, "documents": rows, "form": form, "today": today,
         "soon": today + dt.timedelta(days=selectors.notice_days(access.supplier.org) or 30)},
        status=400 if form.errors else 200,
    )  # fmt: skip


def invitation(request, token: str):
    """Accept a portal invitation: signed in with the invited address, or by creating that account."""
    try:
        invite = services.invitation_for_token(token)
    except DomainError as exc:
        return render(request, "accounts/invitation_error.html", {"error": exc.message}, status=exc.status)
    existing = get_user_model().objects.filter(email__iexact=invite.email).exists()
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        try:
            access = None
            if request.user.is_authenticated:
                access = services.accept(raw_token=token, user=request.user)
            elif not existing and form.is_valid():
                access = services.sign_up(raw_token=token, **form.cleaned_data)
                login(request, access.user, backend=settings.AUTHENTICATION_BACKENDS[0])
        except DomainError as exc:
            return render(
                request, "accounts/invitation_error.html", {"error": exc.message}, status=exc.status
            )
        if access is not None:
            messages.success(request, _("Welcome, %(supplier)s.") % {"supplier": access.supplier.name})
            return redirect("portal:home")
    return render(
        request,
        "portal/invitation.html",
        {"invitation": invite, "form": form, "existing": existing},
        status=400 if form.errors else 200,
    )


@login_required
def contract(request, supplier: int, contract: int):
    """A contract sent to the supplier: its PDF, who signed, and the signing step for the person named."""
    access = selectors.portal_access(request.user, supplier)
    row = contract_selectors.portal_contract(access.supplier, contract)
    signer = contract_selectors.signer_of(row, Side.PARTY)
    mine = signer is not None and signer.user_id == request.user.pk and signer.sending.withdrawn_at is None
    if request.method == "POST":
        if not mine or not views_signing.handle(request, signer):
            raise Http404
        return redirect(
            reverse("portal:contract", kwargs={"supplier": access.supplier_id, "contract": row.pk})
        )
    pdf_url = reverse("portal:contract-pdf", kwargs={"supplier": access.supplier_id, "contract": row.pk})
    return render(
        request,
        "portal/contract.html",
        {"supplier": access.supplier, "contract": row, "mine": mine, "party_signer": signer,
         "pdf_url": pdf_url, **views_signing.context(signer)},
    )  # fmt: skip


@login_required
def contract_pdf(request, supplier: int, contract: int):
    access = selectors.portal_access(request.user, supplier)
    row = contract_selectors.portal_contract(access.supplier, contract)
    return views_signing.pdf_response(contract_selectors.signed_file(row))


def sign(request, token: str):
    """The client's signing link: no account; the link and a code to the contact's e-mail are the proof."""
    signer = contract_selectors.signer_for_token(token)
    row = signer.sending.contract
    if request.method == "POST":
        views_signing.handle(request, signer)
        return redirect(reverse("portal:sign", kwargs={"token": token}))
    expired = signer.link_expires_at is not None and timezone.now() > signer.link_expires_at
    return render(
        request,
        "portal/sign.html",
        {"contract": row, "expired": expired, "pdf_url": reverse("portal:sign-pdf", kwargs={"token": token}),
         **views_signing.context(signer)},
        status=410 if expired and signer.signed_at is None else 200,
    )  # fmt: skip


def sign_pdf(request, token: str):
    signer = contract_selectors.signer_for_token(token)
    return views_signing.pdf_response(contract_selectors.signed_file(signer.sending.contract))
