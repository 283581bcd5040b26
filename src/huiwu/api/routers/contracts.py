"""The clause library: clauses with their versions, the variables a clause may use, contract templates.
Reads need VIEW, writes EDIT_FINANCE (as the pages)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Router, Status

from huiwu.contracts import drafting, pdf, selectors, services, variables
from huiwu.contracts.models import Clause, Contract, Template
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.suppliers.models import Supplier

from ..errors import UnknownSupplier
from ..schemas.base import ErrorOut
from ..schemas.contracts import (
    ApproveIn,
    ClauseDetailOut,
    ClauseIn,
    ClauseOut,
    ClausePatch,
    ClausesIn,
    ContractOut,
    DraftIn,
    TemplateIn,
    TemplateOut,
    VariableOut,
)

router = Router(tags=["contracts"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
EDIT = Perm.EDIT_FINANCE


def _clause(c: Clause) -> dict:
    return {
        "id": c.pk, "key": c.key, "title": c.title, "kind": c.kind, "topic": c.topic, "text": c.text,
        "version": c.version, "variables": variables.names(c.text),
    }  # fmt: skip


def _detail(c: Clause) -> dict:
    versions = [
        {"number": v.number, "title": v.title, "text": v.text, "reason": v.reason, "created_at": v.created_at}
        for v in c.versions.all()
    ]
    return {**_clause(c), "versions": versions}


def _template(t: Template) -> dict:
    return {"id": t.pk, "kind": t.kind, "name": t.name, "clause_ids": [i.clause_id for i in t.items.all()]}


@router.get(
    "/contract-variables",
    response={200: list[VariableOut], **ERRORS},
    summary="The variables a clause may use",
)
def list_variables(request):
    require(request.membership, Perm.VIEW)
    return [{"name": v.name, "label": str(v.label), "source": v.source} for v in variables.VARIABLES.values()]


@router.get("/contract-clauses", response={200: list[ClauseOut], **ERRORS}, summary="The clause library")
def list_clauses(request):
    require(request.membership, Perm.VIEW)
    return [_clause(c) for c in selectors.library(request.org)["clauses"]]


@router.post("/contract-clauses", response={201: ClauseDetailOut, **ERRORS}, summary="Add a clause")
def add_clause(request, payload: ClauseIn):
    require(request.membership, EDIT)
    values = payload.dict()
    reason = values.pop("reason")
    made = services.save_clause(
        org=request.org, actor=request.user, data=services.ClauseInput(**values), reason=reason
    )
    return Status(201, _detail(made))


@router.get(
    "/contract-clauses/{clause_id}",
    response={200: ClauseDetailOut, **ERRORS},
    summary="A clause with its versions",
)
def get_clause(request, clause_id: int):
    require(request.membership, Perm.VIEW)
    return _detail(selectors.clause_of(request.org, clause_id))


@router.patch(
    "/contract-clauses/{clause_id}", response={200: ClauseDetailOut, **ERRORS},
    summary="Change a clause: a new version (with the version the editor saw, and the reason)",
)  # fmt: skip
def change_clause(request, clause_id: int, payload: ClausePatch):
    require(request.membership, EDIT)
    clause = selectors.clause_of(request.org, clause_id)
    sent = payload.dict(exclude_unset=True)
    version, reason = sent.pop("version"), sent.pop("reason", "")
    data = services.ClauseInput.of(clause).but(**{k: v for k, v in sent.items() if v is not None})
    saved = services.save_clause(
        org=request.org, actor=request.user, data=data, clause=clause, version=version, reason=reason
    )
    return _detail(saved)


@router.get(
    "/contract-templates", response={200: list[TemplateOut], **ERRORS}, summary="The contract templates"
)
def list_templates(request):
    require(request.membership, Perm.VIEW)
    return [_template(t) for t in selectors.library(request.org)["templates"]]


def _clauses(request, ids: list[int]) -> list[Clause]:
    found = {c.pk: c for c in Clause.objects.filter(org=request.org, pk__in=ids)}
    return [found.get(pk) or Clause(pk=None) for pk in ids]


@router.post("/contract-templates", response={201: TemplateOut, **ERRORS}, summary="Add a template")
def add_template(request, payload: TemplateIn):
    require(request.membership, EDIT)
    data = services.TemplateInput(
        kind=payload.kind, name=payload.name, clauses=_clauses(request, payload.clause_ids)
    )
    return Status(201, _template(services.save_template(org=request.org, actor=request.user, data=data)))


@router.put(
    "/contract-templates/{template_id}", response={200: TemplateOut, **ERRORS}, summary="Change a template"
)
def change_template(request, template_id: int, payload: TemplateIn):
    require(request.membership, EDIT)
    template = selectors.template_of(request.org, template_id)
    data = services.TemplateInput(
        kind=payload.kind, name=payload.name, clauses=_clauses(request, payload.clause_ids)
    )
    saved = services.save_template(org=request.org, actor=request.user, data=data, template=template)
    return _template(selectors.template_of(request.org, saved.pk))


# --- a meeting's contracts ---


def _contract(c: Contract) -> dict:
    approvals = c.approvals.filter(version=c.version).select_related("user")
    return {
        "id": c.pk, "number": c.number, "meeting_id": c.meeting_id, "kind": c.kind, "title": c.title,
        "supplier_id": c.supplier_id, "client_id": c.client_id, "quote_id": c.quote_id, "total": str(c.total),
        "currency": c.currency, "state": c.state, "version": c.version,
        "clauses": [{"title": x.title, "text": x.text} for x in c.clauses.all()],
        "approvals": [{"role": a.role, "by": str(a.user or ""), "at": a.at} for a in approvals],
        "document_id": pdf.document_id(c), "sha256": pdf.digest(c),
    }  # fmt: skip


def _may_draw(request, meeting) -> None:
    if not drafting.may_draw(request.membership, meeting):
        raise PermissionDenied


@router.get(
    "/meetings/{meeting_id}/contracts",
    response={200: list[ContractOut], **ERRORS},
    summary="A meeting's contracts",
)
def list_contracts(request, meeting_id: int):
    require(request.membership, Perm.VIEW)
    meeting = get_scoped(Meeting, request.org, pk=meeting_id)
    return [_contract(c) for c in Contract.objects.filter(meeting=meeting)]


@router.post(
    "/meetings/{meeting_id}/contracts",
    response={201: ContractOut, **ERRORS},
    summary="Draw a contract from a template",
)
def draw(request, meeting_id: int, payload: DraftIn):
    require(request.membership, Perm.VIEW)
    meeting = get_scoped(Meeting.objects.select_related("client"), request.org, pk=meeting_id)
    _may_draw(request, meeting)
    template = selectors.template_of(request.org, payload.template_id)
    if payload.client:
        data = drafting.DraftInput(template=template, client=meeting.client, total=payload.total)
    else:
        supplier = Supplier.objects.filter(org=request.org, pk=payload.supplier_id or 0).first()
        if supplier is None:
            raise UnknownSupplier(details={"field": "supplier_id"})
        quote = selectors.accepted_quote(meeting, supplier)
        data = drafting.DraftInput(template=template, supplier=supplier, quote=quote)
    return Status(201, _contract(drafting.draft(meeting=meeting, actor=request.user, data=data)))


@router.get("/contracts/{contract_id}", response={200: ContractOut, **ERRORS}, summary="A contract")
def get_contract(request, contract_id: int):
    require(request.membership, Perm.VIEW)
    return _contract(selectors.contract_of(request.org, contract_id))


@router.put(
    "/contracts/{contract_id}/clauses",
    response={200: ContractOut, **ERRORS},
    summary="The draft's clauses as a whole (a new version, with the version the editor saw)",
)
def change_clauses(request, contract_id: int, payload: ClausesIn):
    require(request.membership, Perm.VIEW)
    contract = selectors.contract_of(request.org, contract_id)
    _may_draw(request, contract.meeting)
    rows = [drafting.ClauseText(c.title, c.text) for c in payload.clauses]
    drafting.change_clauses(
        contract=contract, actor=request.user, clauses=rows, reason=payload.reason, version=payload.version
    )
    return _contract(selectors.contract_of(request.org, contract_id))


@router.post(
    "/contracts/{contract_id}/submit",
    response={200: ContractOut, **ERRORS},
    summary="Submit a draft for review",
)
def submit_contract(request, contract_id: int):
    require(request.membership, Perm.VIEW)
    contract = selectors.contract_of(request.org, contract_id)
    _may_draw(request, contract.meeting)
    drafting.submit(contract=contract, actor=request.user)
    return _contract(selectors.contract_of(request.org, contract_id))


@router.post("/contracts/{contract_id}/draft", response={200: ContractOut, **ERRORS}, summary="Back to draft")
def back_to_draft(request, contract_id: int):
    require(request.membership, Perm.VIEW)
    contract = selectors.contract_of(request.org, contract_id)
    _may_draw(request, contract.meeting)
    drafting.back_to_draft(contract=contract, actor=request.user)
    return _contract(selectors.contract_of(request.org, contract_id))


@router.post(
    "/contracts/{contract_id}/approve",
    response={200: ContractOut, **ERRORS},
    summary="Approve the version in review, as finance or as the meeting's project manager",
)
def approve(request, contract_id: int, payload: ApproveIn):
    require(request.membership, Perm.VIEW)
    contract = selectors.contract_of(request.org, contract_id)
    drafting.approve(contract=contract, membership=request.membership, role=payload.role)
    return _contract(selectors.contract_of(request.org, contract_id))
