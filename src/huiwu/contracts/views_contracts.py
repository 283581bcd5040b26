"""A meeting's contracts: drawn from a template for a chosen supplier (its accepted quote) or the
client; one contract with its clauses (changed as a whole in the draft, every change a version with
its difference), the internal review (finance and the PM) and its state."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from huiwu.accounts.models import User
from huiwu.clients.models import Contact
from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.suppliers.models import Supplier

from . import drafting, pdf, selectors, signing, views_money, views_signing
from .enums import Approver, Side, State
from .forms import CheckForm, ContractTextForm, DraftForm, PaperForm, SendForm
from .models import Contract


def _can_draw(request, meeting) -> bool:
    return drafting.may_draw(request.membership, meeting)


@org_view()
def meeting_contracts(request, meeting: int):
    row = get_scoped(Meeting.objects.select_related("client", "owner"), request.org, pk=meeting)
    can_draw = _can_draw(request, row)
    form = (
        DraftForm(request.POST or None, org=request.org, parties=selectors.parties(row)) if can_draw else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            c = form.cleaned_data
            party = c["party"]
            data = drafting.DraftInput(template=c["template"], total=c["total"] or None)
            if party.startswith("s"):
                supplier = Supplier.objects.filter(org=request.org, pk=party[1:]).first()
                quote = selectors.accepted_quote(row, supplier) if supplier else None
                data = drafting.DraftInput(template=c["template"], supplier=supplier, quote=quote)
            else:
                data = drafting.DraftInput(
                    template=c["template"], client=row.client, total=c["total"] or None
                )
            made = submit(form, lambda: drafting.draft(meeting=row, actor=request.user, data=data))
            if made is not None:
                messages.success(request, _("Contract %(n)s drafted.") % {"n": made.number})
                return redirect("contracts:contract", org=request.org.slug, contract=made.pk)
    contracts = list(Contract.objects.filter(meeting=row).select_related("supplier", "client"))
    return render(
        request,
        "contracts/meeting.html",
        {"meeting": row, "contracts": contracts, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@org_view()
def contract(request, contract: int):
    row = selectors.contract_of(request.org, contract)
    can_edit = _can_draw(request, row.meeting)
    form = None
    if can_edit and row.state == State.DRAFT:
        form = ContractTextForm(
            request.POST if request.POST.get("action") == "text" else None, clauses=row.clauses.all()
        )
    if request.method == "POST":
        action = request.POST.get("action", "")
        here = redirect("contracts:contract", org=request.org.slug, contract=row.pk)
        if action == "text":
            if form is None:
                raise PermissionDenied
            sent = request.POST.get("version", "")
            if (
                form.is_valid()
                and submit(
                    form,
                    lambda: drafting.change_clauses(
                        contract=row,
                        actor=request.user,
                        clauses=form.texts(),
                        reason=form.cleaned_data["reason"],
                        version=int(sent) if sent.isdecimal() else 0,
                    ),
                )
                is not None
            ):
                messages.success(request, _("Clauses saved as a new version."))
                return here
        elif action in ("code", "sign"):
            signer = selectors.signer_of(row, Side.AGENCY)
            if signer is None or signer.user_id != request.user.pk:
                raise PermissionDenied
            views_signing.handle(request, signer)
            return here
        elif action == "send":
            if not can_edit:
                raise PermissionDenied
            send_form = SendForm(request.POST, contract=row)
            if send_form.is_valid() and submit(send_form, lambda: signing.send(
                contract=row, actor=request.user, data=_send_input(row, send_form.cleaned_data)
            )) is not None:  # fmt: skip
                messages.success(request, _("Sent for signature."))
                return here
            return _page(request, row, form=form, send_form=send_form, status=400)
        elif action == "paper":
            if not can_edit:
                raise PermissionDenied
            paper_form = PaperForm(request.POST, request.FILES)
            if paper_form.is_valid() and submit(paper_form, lambda: signing.record_paper(
                contract=row, actor=request.user, scan=paper_form.cleaned_data["scan"].read(),
                signed_on=paper_form.cleaned_data["signed_on"],
            )) is not None:  # fmt: skip
                messages.success(request, _("Recorded as signed on paper."))
                return here
            return _page(request, row, form=form, paper_form=paper_form, status=400)
        elif action == "check":
            check_form = CheckForm(request.POST, request.FILES)
            verdict = None
            if check_form.is_valid():
                verdict = signing.verdict_of(row, check_form.cleaned_data["file"].read())
                if verdict is None:
                    check_form.add_error(None, _("This contract has no signed PDF to compare with yet."))
            return _page(request, row, form=form, check_form=check_form, uploaded=verdict)
        else:
            reason = request.POST.get("reason", "")
            party = selectors.signer_of(row, Side.PARTY)
            commands = {
                "submit": lambda: drafting.submit(contract=row, actor=request.user),
                "renew": lambda: signing.renew_link(signer=party, actor=request.user),
                "in_force": lambda: drafting.put_in_force(contract=row, actor=request.user),
                "close": lambda: drafting.end(contract=row, actor=request.user, terminate=False),
                "terminate": lambda: drafting.end(
                    contract=row, actor=request.user, terminate=True, reason=reason
                ),
                "draft": lambda: drafting.back_to_draft(contract=row, actor=request.user),
                "approve": lambda: drafting.approve(
                    contract=row, membership=request.membership, role=request.POST.get("role", "")
                ),
            }
            if action not in commands or (action != "approve" and not can_edit):
                raise PermissionDenied
            if action == "renew" and party is None:
                raise Http404
            try:
                commands[action]()
                messages.success(request, _("Done."))
            except (DomainError, ValidationError) as exc:
                messages.error(request, refusal(exc))
            return here
    return _page(request, row, form=form, status=400 if form is not None and form.errors else 200)


def _send_input(contract, data) -> signing.SendInput:
    party = data["party"]
    if party.startswith("u"):
        user = User.objects.filter(pk=party[1:]).first()
        return signing.SendInput(signatory=data["signatory"], party_user=user)
    contact = Contact.objects.filter(client_id=contract.client_id, pk=party[1:]).first()
    return signing.SendInput(signatory=data["signatory"], contact=contact)


def _page(request, row, *, form=None, status: int = 200, **forms_given):
    can_edit = _can_draw(request, row.meeting)
    approvals = {a.role: a for a in row.approvals.filter(version=row.version).select_related("user")}
    agency = selectors.signer_of(row, Side.AGENCY)
    mine = (
        agency is not None
        and agency.user_id == request.user.pk
        and agency.sending.withdrawn_at is None
        and (agency.signed_at is not None or row.state in (State.SENT, State.PARTLY_SIGNED))
    )
    sendable = can_edit and row.state == State.APPROVED
    context = {
        "contract": row,
        "clauses": list(row.clauses.all()),
        "form": form,
        "can_edit": can_edit,
        "roles": drafting.approver_role(request.membership, row),
        "approvals": approvals,
        "approvers": Approver.choices,
        "versions": selectors.version_diffs(row),
        "states": State,
        "send_form": forms_given.get("send_form") or (SendForm(contract=row) if sendable else None),
        "paper_form": forms_given.get("paper_form")
        or (
            PaperForm()
            if can_edit and row.state in (State.APPROVED, State.SENT, State.PARTLY_SIGNED)
            else None
        ),
        "check_form": forms_given.get("check_form") or CheckForm(),
        "uploaded": forms_given.get("uploaded"),
        "signers": selectors.signers(row),
        "verdict": signing.verdict_of(row) if row.sendings.exclude(signed="").exists() else None,
        "mine": mine,
        "pdf_url": reverse("contracts:signed-pdf", kwargs={"org": request.org.slug, "contract": row.pk}),
        **(views_signing.context(agency) if mine else {}),
        **views_money.money_context(request, row),
    }
    return render(request, "contracts/contract.html", context, status=status)


@org_view()
def signed_pdf(request, contract: int):
    row = selectors.contract_of(request.org, contract)
    return views_signing.pdf_response(selectors.signed_file(row))


@org_view()
def scan(request, contract: int):
    row = selectors.contract_of(request.org, contract)
    if not row.scan:
        raise Http404
    return FileResponse(row.scan.open("rb"), filename=row.scan.name.rsplit("/", 1)[-1])


@org_view()
def contract_pdf(request, contract: int):
    row = selectors.contract_of(request.org, contract)
    response = HttpResponse(pdf.contract_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.document_id(row)}.pdf"'
    return response
