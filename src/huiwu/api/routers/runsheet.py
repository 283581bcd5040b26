"""The shared run sheet, the team's side: the draft lines, building them from the duties and the
run-of-show, publishing a version (the suppliers concerned are told), the acknowledgements; inviting a
supplier's person to the portal. Reads need VIEW, writes OPERATE_ONSITE (as the page); the invitation
EDIT_MEETINGS (as the supplier's page)."""

from __future__ import annotations

from ninja import Router, Status

from huiwu.events.models import Meeting
from huiwu.onsite import runsheet
from huiwu.onsite.models import SheetLine, SheetVersion
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.suppliers import selectors
from huiwu.suppliers.models import Supplier
from huiwu.suppliers.services import portal

from ..errors import UnknownSupplier
from ..schemas.base import ErrorOut
from ..schemas.runsheet import (
    BuiltOut,
    PortalInviteIn,
    PortalInviteOut,
    PublishIn,
    RunSheetOut,
    SheetLineIn,
    SheetLineOut,
    SheetLinePatch,
    VersionOut,
)

router = Router(tags=["run sheet"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUN = Perm.OPERATE_ONSITE


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def line_out(line: SheetLine) -> dict:
    return {
        "id": line.pk,
        "supplier_id": line.supplier_id,
        "supplier": line.supplier.name if line.supplier else "",
        "starts_at": line.starts_at,
        "ends_at": line.ends_at,
        "place": line.place,
        "task": line.task,
        "person": line.person,
        "phone": line.phone,
        "counterpart": line.counterpart,
        "radio": line.radio,
        "edited": line.edited,
    }


def version_out(version: SheetVersion) -> dict:
    return {
        "id": version.pk,
        "number": version.number,
        "published_at": version.published_at,
        "note": version.note,
        "changes": version.changes,
        "acknowledgements": [
            {
                "supplier_id": r["supplier"].pk,
                "supplier": r["supplier"].name,
                "acknowledged_at": r["ack"].at if r["ack"] else None,
                "by": str(r["ack"].user or "") if r["ack"] else "",
            }
            for r in runsheet.acknowledgements(version)
        ],
    }


def _supplier(request, pk: int | None) -> Supplier | None:
    if pk is None:
        return None
    found = Supplier.objects.filter(org=request.org, pk=pk).first()
    if found is None:
        raise UnknownSupplier(details={"field": "supplier_id"})
    return found


@router.get(
    "/meetings/{meeting_id}/run-sheet",
    response={200: RunSheetOut, **ERRORS},
    summary="The run sheet: the draft lines and the latest version with its acknowledgements",
)
def get_sheet(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    latest = runsheet.latest(meeting)
    lines = SheetLine.objects.filter(meeting=meeting).select_related("supplier")
    return {"lines": [line_out(x) for x in lines], "latest": version_out(latest) if latest else None}


@router.post(
    "/meetings/{meeting_id}/run-sheet/build",
    response={200: BuiltOut, **ERRORS},
    summary="Build the lines from the duties, the run-of-show and the team (lines edited by hand stay)",
)
def build_sheet(request, meeting_id: int):
    return {"changed": runsheet.build(meeting=_meeting(request, meeting_id, RUN), actor=request.user)}


@router.post(
    "/meetings/{meeting_id}/run-sheet/lines", response={201: SheetLineOut, **ERRORS}, summary="Add a line"
)
def add_line(request, meeting_id: int, payload: SheetLineIn):
    meeting = _meeting(request, meeting_id, RUN)
    values = payload.dict()
    data = runsheet.SheetLineInput(supplier=_supplier(request, values.pop("supplier_id")), **values)
    return Status(201, line_out(runsheet.save_line(meeting=meeting, actor=request.user, data=data)))


def _line(request, line_id: int) -> SheetLine:
    require(request.membership, RUN)
    return get_scoped(SheetLine.objects.select_related("meeting", "supplier"), request.org, pk=line_id)


@router.patch(
    "/run-sheet/lines/{line_id}",
    response={200: SheetLineOut, **ERRORS},
    summary="Change a line (a built line changed by hand is no longer moved by a rebuild)",
)
def change_line(request, line_id: int, payload: SheetLinePatch):
    line = _line(request, line_id)
    sent = payload.dict(exclude_unset=True)
    if "supplier_id" in sent:
        sent["supplier"] = _supplier(request, sent.pop("supplier_id"))
    data = runsheet.SheetLineInput.of(line).but(**sent)
    return line_out(runsheet.save_line(meeting=line.meeting, actor=request.user, data=data, line=line))


@router.delete("/run-sheet/lines/{line_id}", response={204: None, **ERRORS}, summary="Remove a line")
def remove_line(request, line_id: int):
    runsheet.remove_line(line=_line(request, line_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/run-sheet/publish",
    response={201: VersionOut, **ERRORS},
    summary="Publish the draft as the next version; the suppliers concerned are told",
)
def publish_sheet(request, meeting_id: int, payload: PublishIn):
    meeting = _meeting(request, meeting_id, RUN)
    return Status(201, version_out(runsheet.publish(meeting=meeting, actor=request.user, note=payload.note)))


@router.post(
    "/suppliers/{supplier_id}/portal-invitations",
    response={201: PortalInviteOut, **ERRORS},
    summary="Invite a supplier's person to the supplier portal (by e-mail)",
)
def invite(request, supplier_id: int, payload: PortalInviteIn):
    require(request.membership, Perm.EDIT_MEETINGS)
    supplier = selectors.supplier_detail(request.org, supplier_id)
    invitation, _raw = portal.invite(supplier=supplier, email=payload.email, actor=request.user)
    return Status(201, {"id": invitation.pk, "email": invitation.email, "expires_at": invitation.expires_at})
