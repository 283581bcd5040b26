"""The risk register: risks scored likelihood × impact, the suggestions of the rule table, contingency
plans with timed steps, and their drills. Reads need VIEW, changes EDIT_MEETINGS (as the pages)."""

from dataclasses import replace

from ninja import Router, Status

from huiwu.clients.models import Contact
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.risks import deadlines, selectors, services
from huiwu.risks.models import Plan, Risk

from .. import lookups
from ..schemas.base import ErrorOut
from ..schemas.risks import (
    BackupConfirmationIn,
    BackupConfirmationOut,
    DeadlineOut,
    DrillIn,
    DrillOut,
    IssuedReportOut,
    PlanIn,
    PlanOut,
    RiskIn,
    RiskOut,
    RiskPatch,
)

router = Router(tags=["risks"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _risk(request, risk_id: int, perm=Perm.VIEW) -> Risk:
    require(request.membership, perm)
    return selectors.risk_in(request.org, risk_id)


def _plan(request, plan_id: int, perm=Perm.VIEW) -> Plan:
    require(request.membership, perm)
    return selectors.plan_in(request.org, plan_id)


def _risk_out(risk: Risk) -> dict:
    return {**RiskOut.from_orm(risk).dict(), "score": risk.score}


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk, "risk_id": plan.risk_id, "title": plan.title, "trigger": plan.trigger,
        "steps": plan.steps, "resources": plan.resources, "notify": plan.notify,
        "drills": sorted(plan.drills.all(), key=lambda d: (d.held_on, d.pk)),
    }  # fmt: skip


@router.get("/meetings/{meeting_id}/risks", response={200: list[RiskOut], **ERRORS}, summary="The register")
def list_risks(request, meeting_id: int):
    return [_risk_out(r) for r in selectors.register_of(_meeting(request, meeting_id))]


@router.post("/meetings/{meeting_id}/risks", response={201: RiskOut, **ERRORS}, summary="Add a risk")
def add_risk(request, meeting_id: int, payload: RiskIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    data = payload.dict()
    owner = lookups.member(request, data.pop("owner_id"))
    risk = services.add_risk(
        meeting=meeting, actor=request.user, data=services.RiskInput(owner=owner, **data)
    )
    return Status(201, _risk_out(risk))


@router.post(
    "/meetings/{meeting_id}/risks/suggest",
    response={200: list[RiskOut], **ERRORS},
    summary="Add the risks the organisation's rule table suggests for this meeting (the new ones)",
)
def suggest(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    return [_risk_out(r) for r in services.suggest_risks(meeting=meeting, actor=request.user)]


@router.get("/risks/{risk_id}", response={200: RiskOut, **ERRORS})
def get_risk(request, risk_id: int):
    return _risk_out(_risk(request, risk_id))


@router.patch("/risks/{risk_id}", response={200: RiskOut, **ERRORS}, summary="Change a risk")
def change_risk(request, risk_id: int, payload: RiskPatch):
    risk = _risk(request, risk_id, Perm.EDIT_MEETINGS)
    changes = payload.dict(exclude_unset=True)
    if "owner_id" in changes:
        changes["owner"] = lookups.member(request, changes.pop("owner_id"))
    changes = {k: v for k, v in changes.items() if v is not None or k in ("owner", "review_date")}
    data = replace(services.RiskInput.of(risk), **changes)
    risk = services.change_risk(risk=risk, actor=request.user, data=data)
    return _risk_out(risk)


@router.get(
    "/risks/{risk_id}/plans", response={200: list[PlanOut], **ERRORS}, summary="Its contingency plans"
)
def list_plans(request, risk_id: int):
    return [_plan_out(p) for p in _risk(request, risk_id).plans.prefetch_related("drills")]


@router.post("/risks/{risk_id}/plans", response={201: PlanOut, **ERRORS}, summary="Add a contingency plan")
def add_plan(request, risk_id: int, payload: PlanIn):
    risk = _risk(request, risk_id, Perm.EDIT_MEETINGS)
    data = payload.dict()
    steps = tuple(services.Step(**s) for s in data.pop("steps"))
    plan = services.add_plan(risk=risk, actor=request.user, data=services.PlanInput(steps=steps, **data))
    return Status(201, _plan_out(plan))


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS})
def get_plan(request, plan_id: int):
    return _plan_out(_plan(request, plan_id))


@router.post("/plans/{plan_id}/drills", response={201: DrillOut, **ERRORS}, summary="Record a drill")
def add_drill(request, plan_id: int, payload: DrillIn):
    plan = _plan(request, plan_id, Perm.EDIT_MEETINGS)
    drill = services.add_drill(plan=plan, actor=request.user, data=services.DrillInput(**payload.dict()))
    return Status(201, drill)


@router.get(
    "/meetings/{meeting_id}/deadlines",
    response={200: list[DeadlineOut], **ERRORS},
    summary="The watched deadlines of the service standards (risk report, backup plan) and their state",
)
def list_deadlines(request, meeting_id: int):
    rows = deadlines.of_meeting(_meeting(request, meeting_id))
    names = ("key", "label", "due_on", "done_at", "stage")
    return [{**{name: getattr(d, name) for name in names}, "state": d.state.value} for d in rows]


@router.get(
    "/meetings/{meeting_id}/risk-reports",
    response={200: list[IssuedReportOut], **ERRORS},
    summary="The risk assessment reports issued to the client",
)
def list_reports(request, meeting_id: int):
    return list(_meeting(request, meeting_id).issued_reports.all())


@router.post(
    "/meetings/{meeting_id}/risk-reports",
    response={201: IssuedReportOut, **ERRORS},
    summary="Issue the risk assessment report (every open risk with its measure, owner and deadline)",
)
def issue_report(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    return Status(201, services.issue_report(meeting=meeting, actor=request.user))


@router.put(
    "/meetings/{meeting_id}/backup-confirmation",
    response={200: BackupConfirmationOut, **ERRORS},
    summary="Record that a contact of the client confirmed the backup plan",
)
def confirm_backup(request, meeting_id: int, payload: BackupConfirmationIn):
    meeting = _meeting(request, meeting_id, Perm.EDIT_MEETINGS)
    contact = get_scoped(Contact, request.org, pk=payload.contact_id)
    return services.confirm_backup_plan(meeting=meeting, contact=contact, actor=request.user)
