"""The clause library: clauses with their versions, the variables a clause may use, contract templates.
Reads need VIEW, writes EDIT_FINANCE (as the pages)."""

from __future__ import annotations

from ninja import Router, Status

from huiwu.contracts import selectors, services, variables
from huiwu.contracts.models import Clause, Template
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.contracts import (
    ClauseDetailOut,
    ClauseIn,
    ClauseOut,
    ClausePatch,
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
