"""A meeting's contracts: drawn from a template for a chosen supplier (its accepted quote) or the
client; one contract with its clauses (changed as a whole in the draft, every change a version with
its difference), the internal review (finance and the PM) and its state."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from huiwu.core.errors import DomainError
from huiwu.core.forms import refusal, submit
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, org_view
from huiwu.suppliers.models import Supplier

from . import drafting, pdf, selectors
from .enums import Approver, State
from .forms import ContractTextForm, DraftForm
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
    roles = drafting.approver_role(request.membership, row)
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
                        version=int(sent) if sent.isdigit() else 0,
                    ),
                )
                is not None
            ):
                messages.success(request, _("Clauses saved as a new version."))
                return here
        else:
            commands = {
                "submit": lambda: drafting.submit(contract=row, actor=request.user),
                "draft": lambda: drafting.back_to_draft(contract=row, actor=request.user),
                "approve": lambda: drafting.approve(
                    contract=row, membership=request.membership, role=request.POST.get("role", "")
                ),
            }
            if action not in commands or (action != "approve" and not can_edit):
                raise PermissionDenied
            try:
                commands[action]()
                messages.success(request, _("Done."))
            except (DomainError, ValidationError) as exc:
                messages.error(request, refusal(exc))
            return here
    approvals = {a.role: a for a in row.approvals.filter(version=row.version).select_related("user")}
    return render(
        request,
        "contracts/contract.html",
        {
            "contract": row,
            "clauses": list(row.clauses.all()),
            "form": form,
            "can_edit": can_edit,
            "roles": roles,
            "approvals": approvals,
            "approvers": Approver.choices,
            "versions": selectors.version_diffs(row),
            "states": State,
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view()
def contract_pdf(request, contract: int):
    row = selectors.contract_of(request.org, contract)
    response = HttpResponse(pdf.contract_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.document_id(row)}.pdf"'
    return response
