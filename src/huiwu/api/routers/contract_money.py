"""A contract's signature and money: sending, the agency signatory's signing (a code, then the
signature), paper signing, the end; the milestones, terms, invoices, payments, attendance changes,
penalties and refunds; finance's calendar and what a meeting commits. Each endpoint one command."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router, Status

from huiwu.accounts.models import User
from huiwu.clients.models import Contact
from huiwu.contracts import drafting, payments, selectors, signing
from huiwu.contracts.enums import Side
from huiwu.contracts.errors import ScanInvalid, SignerInvalid
from huiwu.contracts.models import Contract, Milestone
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.contracts import (
    AdjustmentDecisionIn,
    AttendanceIn,
    AttendanceOut,
    CalendarRowOut,
    CodeOut,
    CommittedOut,
    ContractOut,
    EndIn,
    InvoiceIn,
    InvoiceOut,
    MilestonesIn,
    MoneyOut,
    PaperIn,
    PaymentIn,
    PaymentOut,
    SendIn,
    SignIn,
    SigningOut,
    SmoothnessIn,
    TermsIn,
)
from .contracts import _contract, _may_draw

router = Router(tags=["contracts"])
ERRORS = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    410: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def _row(request, contract_id: int) -> Contract:
    require(request.membership, Perm.VIEW)
    return selectors.contract_of(request.org, contract_id)


def _signing(c: Contract) -> dict:
    verdict = signing.verdict_of(c) if c.sendings.exclude(signed="").exists() else None
    sending = c.sendings.exclude(signed="").order_by("-number").first()
    check = None
    if verdict is not None:
        check = "good" if verdict.good else ("modified" if verdict.trailing else "invalid")
    return {
        "state": c.state,
        "signers": [
            {
                "sending": s.sending.number,
                "side": s.side,
                "name": s.name,
                "signed_at": s.signed_at,
                "ip": s.ip,
                "sha256_before": s.sha256_before,
                "sha256_after": s.sha256_after,
                "withdrawn": s.sending.withdrawn_at is not None,
            }
            for s in selectors.signers(c)
        ],
        "signed_pdf_sha256": sending.signed_sha256 if sending else None,
        "check": check,
    }


@router.get("/contracts/{contract_id}/signing", response={200: SigningOut, **ERRORS}, summary="Signatures")
def get_signing(request, contract_id: int):
    return _signing(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/send",
    response={200: SigningOut, **ERRORS},
    summary="Send the approved contract for signature",
)
def send(request, contract_id: int, payload: SendIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    signatory = User.objects.filter(memberships__org=request.org, pk=payload.signatory_id).first()
    if signatory is None:
        raise SignerInvalid(details={"field": "signatory_id"})
    party_user = User.objects.filter(pk=payload.party_user_id).first() if payload.party_user_id else None
    contact = (
        Contact.objects.filter(org=request.org, pk=payload.contact_id).first() if payload.contact_id else None
    )
    data = signing.SendInput(signatory=signatory, party_user=party_user, contact=contact)
    signing.send(contract=row, actor=request.user, data=data)
    return _signing(_row(request, contract_id))


def _my_signer(request, row: Contract):
    signer = selectors.signer_of(row, Side.AGENCY)
    if signer is None or signer.user_id != request.user.pk:
        raise PermissionDenied
    return signer


@router.post(
    "/contracts/{contract_id}/signing/start",
    response={200: CodeOut, **ERRORS},
    summary="The agency's signatory asks for a one-time code (by e-mail)",
)
def start_signing(request, contract_id: int):
    return {"sent_to": signing.request_code(signer=_my_signer(request, _row(request, contract_id)))}


@router.post(
    "/contracts/{contract_id}/signing/confirm",
    response={200: SigningOut, **ERRORS},
    summary="The agency's signatory signs with the code (a PAdES signature on the PDF)",
)
def confirm_signing(request, contract_id: int, payload: SignIn):
    row = _row(request, contract_id)
    data = signing.SignInput(
        code=payload.code,
        seen=payload.seen,
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    signing.sign(signer=_my_signer(request, row), data=data)
    return _signing(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/paper",
    response={200: SigningOut, **ERRORS},
    summary="Record the contract as signed on paper, with the scanned copy",
)
def paper(request, contract_id: int, payload: PaperIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    try:
        scan = base64.b64decode(payload.scan_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ScanInvalid(details={"field": "scan_base64"}) from None
    signing.record_paper(contract=row, actor=request.user, scan=scan, signed_on=payload.signed_on)
    return _signing(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/renew-link",
    response={200: SigningOut, **ERRORS},
    summary="Send the client a new signing link",
)
def renew_link(request, contract_id: int):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    signer = selectors.signer_of(row, Side.PARTY)
    if signer is None:
        raise PermissionDenied
    signing.renew_link(signer=signer, actor=request.user)
    return _signing(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/in-force", response={200: ContractOut, **ERRORS}, summary="Put in force"
)
def in_force(request, contract_id: int):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    drafting.put_in_force(contract=row, actor=request.user)
    return _contract(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/close", response={200: ContractOut, **ERRORS}, summary="Close (performed)"
)
def close(request, contract_id: int):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    drafting.end(contract=row, actor=request.user, terminate=False)
    return _contract(_row(request, contract_id))


@router.post("/contracts/{contract_id}/terminate", response={200: ContractOut, **ERRORS}, summary="Terminate")
def terminate(request, contract_id: int, payload: EndIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    drafting.end(contract=row, actor=request.user, terminate=True, reason=payload.reason)
    return _contract(_row(request, contract_id))


# --- money ---


def _money(c: Contract) -> dict:
    milestones = [
        {
            "id": st.milestone.pk,
            "name": st.milestone.name,
            "share": str(st.milestone.share),
            "amount": str(st.milestone.amount),
            "anchor": st.milestone.anchor,
            "days": st.milestone.days,
            "working_days": st.milestone.working_days,
            "due_on": st.due,
            "paid": str(st.paid),
            "left": str(st.left),
            "overdue": st.overdue,
            "invoices": [_invoice(i) for i in st.milestone.invoices.all()],
            "payments": [_payment(p) for p in st.milestone.payments.all()],
        }
        for st in payments.plan_of(c)
    ]
    return {
        "currency": c.currency,
        "rate": str(c.rate) if c.rate is not None else None,
        "total": str(c.total),
        "net_total": str(payments.net_total(c)),
        "technical_fee": str(c.technical_fee),
        "free_change_people": c.free_change_people,
        "free_change_days": c.free_change_days,
        "change_price": str(c.change_price),
        "smoothness": str(c.smoothness) if c.smoothness is not None else None,
        "milestones": milestones,
        "attendance_changes": [_change(a) for a in c.attendance_changes.all()],
        "adjustments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "basis": a.basis,
                "base": str(a.base),
                "share": str(a.share),
                "amount": str(a.amount),
                "state": a.state,
                "reason": a.reason,
                "incident_id": a.incident_id,
                "decided_at": a.decided_at,
            }
            for a in c.adjustments.all()
        ],
    }


def _invoice(i) -> dict:
    return {
        "id": i.pk,
        "number": i.number,
        "amount": str(i.amount),
        "currency": i.currency,
        "tax_rate": str(i.tax_rate),
        "received_on": i.received_on,
    }


def _payment(p) -> dict:
    return {
        "id": p.pk,
        "amount": str(p.amount),
        "currency": p.currency,
        "paid_on": p.paid_on,
        "reference": p.reference,
    }


def _change(a) -> dict:
    return {
        "id": a.pk,
        "delta": a.delta,
        "asked_on": a.asked_on,
        "free_people": a.free_people,
        "charged_people": a.charged_people,
        "charge": str(a.charge),
        "rule": a.rule,
    }


def _finance(request) -> None:
    require(request.membership, Perm.EDIT_FINANCE)


def _milestone(row: Contract, milestone_id: int) -> Milestone:
    found = row.milestones.filter(pk=milestone_id).first()
    if found is None:
        from django.http import Http404

        raise Http404
    return found


@router.get(
    "/contracts/{contract_id}/money", response={200: MoneyOut, **ERRORS}, summary="Milestones and money"
)
def get_money(request, contract_id: int):
    return _money(_row(request, contract_id))


@router.put(
    "/contracts/{contract_id}/milestones",
    response={200: MoneyOut, **ERRORS},
    summary="The draft's payment milestones as a whole (shares adding up to 100%)",
)
def set_plan(request, contract_id: int, payload: MilestonesIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    rows = [payments.MilestoneInput(**m.dict()) for m in payload.milestones]
    payments.set_plan(contract=row, actor=request.user, rows=rows)
    return _money(_row(request, contract_id))


@router.put(
    "/contracts/{contract_id}/terms", response={200: MoneyOut, **ERRORS}, summary="The draft's money terms"
)
def set_terms(request, contract_id: int, payload: TermsIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    payments.set_terms(contract=row, actor=request.user, data=payments.TermsInput(**payload.dict()))
    return _money(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/invoices",
    response={201: InvoiceOut, **ERRORS},
    summary="Record the counterparty's invoice for a milestone",
)
def add_invoice(request, contract_id: int, milestone_id: int, payload: InvoiceIn):
    row = _row(request, contract_id)
    _finance(request)
    made = payments.record_invoice(
        milestone=_milestone(row, milestone_id),
        actor=request.user,
        data=payments.InvoiceInput(**payload.dict()),
    )
    return Status(201, _invoice(made))


@router.post(
    "/contracts/{contract_id}/milestones/{milestone_id}/payments",
    response={201: PaymentOut, **ERRORS},
    summary="Record a payment of a milestone",
)
def add_payment(request, contract_id: int, milestone_id: int, payload: PaymentIn):
    row = _row(request, contract_id)
    _finance(request)
    made = payments.record_payment(
        milestone=_milestone(row, milestone_id),
        actor=request.user,
        data=payments.PaymentInput(**payload.dict()),
    )
    return Status(201, _payment(made))


@router.post(
    "/contracts/{contract_id}/attendance-changes",
    response={201: AttendanceOut, **ERRORS},
    summary="Record an attendance change (free inside the flexible window, else priced)",
)
def add_attendance_change(request, contract_id: int, payload: AttendanceIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    made = payments.record_attendance_change(
        contract=row, actor=request.user, delta=payload.delta, asked_on=payload.asked_on
    )
    return Status(201, _change(made))


@router.post(
    "/contracts/{contract_id}/smoothness",
    response={200: MoneyOut, **ERRORS},
    summary="Record the measured stream smoothness (below the floor: a refund proposed)",
)
def smoothness(request, contract_id: int, payload: SmoothnessIn):
    row = _row(request, contract_id)
    _may_draw(request, row.meeting)
    payments.record_smoothness(contract=row, actor=request.user, percent=payload.percent)
    return _money(_row(request, contract_id))


@router.post(
    "/contracts/{contract_id}/adjustments/{adjustment_id}/decide",
    response={200: MoneyOut, **ERRORS},
    summary="Finance accepts a penalty or refund (a credit line) or waives it with a reason",
)
def decide(request, contract_id: int, adjustment_id: int, payload: AdjustmentDecisionIn):
    row = _row(request, contract_id)
    found = row.adjustments.filter(pk=adjustment_id).first()
    if found is None:
        from django.http import Http404

        raise Http404
    payments.decide(
        adjustment=found, membership=request.membership, accept=payload.accept, reason=payload.reason
    )
    return _money(_row(request, contract_id))


@router.get(
    "/payments-calendar",
    response={200: list[CalendarRowOut], **ERRORS},
    summary="Milestones due in a period across meetings, and the overdue ones",
)
def calendar(request, start: dt.date | None = Query(None), end: dt.date | None = Query(None)):  # noqa: B008
    _finance(request)
    start = start or timezone.localdate().replace(day=1)
    end = end or start + dt.timedelta(days=92)
    if end < start or (end - start).days > 400:
        raise ValidationError({"end": gettext("Choose a period of at most 400 days.")})
    return [
        {
            "due_on": r["due"],
            "contract_id": r["contract"].pk,
            "number": r["contract"].number,
            "meeting_id": r["contract"].meeting_id,
            "party": r["contract"].party.name,
            "milestone_id": r["milestone"].pk,
            "milestone": r["milestone"].name,
            "amount": str(r["milestone"].amount),
            "currency": r["contract"].currency,
            "paid": str(r["paid"]),
            "left": str(r["left"]),
            "overdue": r["overdue"],
        }
        for r in payments.calendar(request.org, start=start, end=end)
    ]


@router.get(
    "/meetings/{meeting_id}/commitments",
    response={200: CommittedOut, **ERRORS},
    summary="What a meeting's signed contracts commit and what is paid, in yuan",
)
def commitments(request, meeting_id: int):
    require(request.membership, Perm.VIEW)
    meeting = get_scoped(Meeting, request.org, pk=meeting_id)
    return {"committed": str(payments.committed_for(meeting)), "paid": str(payments.paid_for(meeting))}
