"""The supplier portal's API: a supplier's person, signed in (session cookie with its CSRF token),
reads their assignments and acts on them. Every record is loaded through the person's access: another
supplier's, meeting's or organisation's is 404, as on the pages."""

from __future__ import annotations

import zoneinfo

from ninja import Router, Status

from huiwu.contracts import selectors as contract_selectors
from huiwu.contracts import signing
from huiwu.contracts.enums import Side
from huiwu.contracts.errors import SignerInvalid
from huiwu.onsite import runsheet
from huiwu.onsite.errors import SheetNotYours
from huiwu.onsite.models import SheetVersion
from huiwu.suppliers import selectors, services
from huiwu.suppliers.models import Duty
from huiwu.suppliers.services.selection import answer_quote

from ..auth import PortalSessionAuth
from ..schemas.base import ErrorOut
from ..schemas.contracts import CodeOut, PortalContractOut, SignIn
from ..schemas.runsheet import (
    AckDoneOut,
    AcknowledgeIn,
    AssignmentOut,
    PortalAssignmentOut,
    ReportIn,
    ReportOut,
)
from ..schemas.suppliers import DocumentIn, DocumentOut, QuoteAnswerIn, QuoteOut
from .suppliers import _document, _quote

router = Router(tags=["supplier portal"], auth=PortalSessionAuth())
ERRORS = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut, 422: ErrorOut,
    429: ErrorOut,
}  # fmt: skip


def _meeting_out(m) -> dict:
    return {"id": m.pk, "name": m.name, "start_date": m.start_date, "end_date": m.end_date, "city": m.city}


@router.get(
    "/portal/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    summary="The suppliers this person acts for, with their meetings",
)
def assignments(request):
    return [
        {
            "supplier_id": a.supplier_id,
            "supplier": a.supplier.name,
            "organisation": a.supplier.org.name,
            "meetings": [_meeting_out(m) for m in selectors.portal_meetings(a.supplier)],
        }
        for a in selectors.portal_accesses(request.user)
    ]


def _sheet(supplier, meeting) -> dict | None:
    seen = runsheet.supplier_sheet(meeting, supplier)
    if seen is None:
        return None
    version = seen.version
    return {
        "version_id": version.pk,
        "number": version.number,
        "published_at": version.published_at.astimezone(zoneinfo.ZoneInfo(meeting.timezone)),
        "note": version.note,
        "changes": seen.changes,
        "lines": [
            {k: v for k, v in row.items() if k not in ("supplier", "supplier_name")} for row in seen.lines
        ],
        "contacts": version.contacts,
        "acknowledged_at": seen.ack.at if seen.ack else None,
        "outdated": seen.outdated,
    }


@router.get(
    "/portal/suppliers/{supplier_id}/meetings/{meeting_id}",
    response={200: PortalAssignmentOut, **ERRORS},
    summary="One meeting's assignment: duties, the supplier's part of the run sheet, its quotes",
)
def assignment(request, supplier_id: int, meeting_id: int):
    access = selectors.portal_access(request.user, supplier_id)
    meeting = selectors.portal_meeting(access.supplier, meeting_id)
    return {
        "meeting": _meeting_out(meeting),
        "venue": runsheet.venue_name(meeting),
        "duties": list(
            Duty.objects.filter(meeting=meeting, supplier=access.supplier).values_list("text", flat=True)
        ),
        "run_sheet": _sheet(access.supplier, meeting),
        "quotes": [_quote(q) for q in selectors.portal_quotes(access.supplier, meeting)],
    }


@router.post(
    "/portal/suppliers/{supplier_id}/meetings/{meeting_id}/acknowledge",
    response={200: AckDoneOut, **ERRORS},
    summary="Acknowledge the run sheet (its newest version)",
)
def acknowledge(request, supplier_id: int, meeting_id: int, payload: AcknowledgeIn):
    access = selectors.portal_access(request.user, supplier_id)
    meeting = selectors.portal_meeting(access.supplier, meeting_id)
    version = SheetVersion.objects.filter(meeting=meeting, pk=payload.version_id).first()
    if version is None:
        raise SheetNotYours(details={"field": "version_id"})
    ack = runsheet.acknowledge(version=version, supplier=access.supplier, user=request.user)
    return {"version_id": version.pk, "acknowledged_at": ack.at}


@router.post(
    "/portal/suppliers/{supplier_id}/meetings/{meeting_id}/reports",
    response={201: ReportOut, **ERRORS},
    summary="Report a status or a problem: a task before the meeting, an incident on its days",
)
def report(request, supplier_id: int, meeting_id: int, payload: ReportIn):
    access = selectors.portal_access(request.user, supplier_id)
    meeting = selectors.portal_meeting(access.supplier, meeting_id)
    done = runsheet.report_problem(
        meeting=meeting, supplier=access.supplier, user=request.user, text=payload.text, place=payload.place
    )
    return Status(
        201,
        {
            "incident_id": done.incident.pk if done.incident else None,
            "task_id": done.task.pk if done.task else None,
        },
    )


@router.post(
    "/portal/suppliers/{supplier_id}/quotes/{quote_id}/answer",
    response={200: QuoteOut, **ERRORS},
    summary="Answer a quote asked of the supplier",
)
def answer(request, supplier_id: int, quote_id: int, payload: QuoteAnswerIn):
    access = selectors.portal_access(request.user, supplier_id)
    quote = selectors.portal_quote(access.supplier, quote_id)
    answer_quote(
        quote=quote,
        actor=request.user,
        prices=payload.prices,
        issued_on=payload.issued_on,
        valid_until=payload.valid_until,
        notes=payload.notes,
    )
    return _quote(selectors.portal_quote(access.supplier, quote_id))


@router.get(
    "/portal/suppliers/{supplier_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="The supplier's qualification documents",
)
def documents(request, supplier_id: int):
    access = selectors.portal_access(request.user, supplier_id)
    return [_document(d) for d in access.supplier.documents.order_by("expires_on", "id")]


@router.post(
    "/portal/suppliers/{supplier_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Add a qualification document (its scan: on the portal's documents page)",
)
def add_document(request, supplier_id: int, payload: DocumentIn):
    access = selectors.portal_access(request.user, supplier_id)
    made = services.add_document(
        supplier=access.supplier, actor=request.user, data=services.DocumentInput(**payload.dict())
    )
    return Status(201, _document(made))


# --- contracts: read and sign (the person the agency named as its signer) ---


def _portal_contract(request, supplier_id: int, contract_id: int):
    access = selectors.portal_access(request.user, supplier_id)
    return contract_selectors.portal_contract(access.supplier, contract_id)


def _portal_contract_out(request, c) -> dict:
    signer = contract_selectors.signer_of(c, Side.PARTY)
    mine = signer is not None and signer.user_id == request.user.pk and signer.sending.withdrawn_at is None
    return {
        "id": c.pk,
        "number": c.number,
        "title": c.title,
        "organisation": c.org.name,
        "meeting_id": c.meeting_id,
        "total": str(c.total),
        "currency": c.currency,
        "state": c.state,
        "sha256": signer.sending.digest if signer is not None else None,
        "yours_to_sign": mine and signer.signed_at is None,
        "signed_by_you_at": signer.signed_at if mine else None,
    }


@router.get(
    "/portal/suppliers/{supplier_id}/contracts",
    response={200: list[PortalContractOut], **ERRORS},
    summary="The contracts sent to the supplier",
)
def portal_contracts(request, supplier_id: int):
    access = selectors.portal_access(request.user, supplier_id)
    return [_portal_contract_out(request, c) for c in contract_selectors.portal_contracts(access.supplier)]


def _signer(request, contract):
    signer = contract_selectors.signer_of(contract, Side.PARTY)
    if signer is None or signer.user_id != request.user.pk:
        raise SignerInvalid()
    return signer


@router.post(
    "/portal/suppliers/{supplier_id}/contracts/{contract_id}/signing/start",
    response={200: CodeOut, **ERRORS},
    summary="Ask for the one-time code to sign (sent to your e-mail)",
)
def portal_start_signing(request, supplier_id: int, contract_id: int):
    contract = _portal_contract(request, supplier_id, contract_id)
    return {"sent_to": signing.request_code(signer=_signer(request, contract))}


@router.post(
    "/portal/suppliers/{supplier_id}/contracts/{contract_id}/signing/confirm",
    response={200: PortalContractOut, **ERRORS},
    summary="Sign with the code (a PAdES signature on the contract's PDF)",
)
def portal_confirm_signing(request, supplier_id: int, contract_id: int, payload: SignIn):
    contract = _portal_contract(request, supplier_id, contract_id)
    data = signing.SignInput(
        code=payload.code,
        seen=payload.seen,
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    signing.sign(signer=_signer(request, contract), data=data)
    return _portal_contract_out(request, _portal_contract(request, supplier_id, contract_id))
