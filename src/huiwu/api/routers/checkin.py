"""Check-in scans for scanner pages and third-party scanners (keep these shapes)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router

from huiwu.checkin import services
from huiwu.checkin.models import Gate
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.checkin import BatchIn, BatchOut, ScanIn, ScanOut, SearchHit

router = Router(tags=["check-in"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _one(request, payload: ScanIn, gates: dict) -> dict:
    gate = gates.get(payload.gate)
    if gate is None:
        gate = get_scoped(Gate.objects.select_related("meeting"), request.org, pk=payload.gate)
        gates[payload.gate] = gate
    try:
        answer = services.scan(
            gate=gate,
            badge=payload.badge,
            scan_id=payload.scan_id,
            scanned_at=payload.scanned_at,
            user=request.user,
        )
    except services.BadScan as exc:
        field = str(exc)
        message = _("The scan time is in the future.") if field == "scanned_at" else _("Not a valid scan id.")
        raise ValidationError({field: [message]}) from None
    return {"scan_id": payload.scan_id, **answer.as_dict()}


@router.post("/checkin/scans", response={200: ScanOut, **ERRORS}, summary="One scan at a gate")
def post_scan(request, payload: ScanIn):
    require(request.membership, Perm.OPERATE_ONSITE)
    return _one(request, payload, {})


@router.post("/checkin/scans/batch", response={200: BatchOut, **ERRORS}, summary="Scans queued offline")
def post_batch(request, payload: BatchIn):
    require(request.membership, Perm.OPERATE_ONSITE)
    gates: dict = {}
    results = []
    for s in payload.scans:  # one answer per scan: a bad one does not hide the others
        try:
            results.append(_one(request, s, gates))
        except ValidationError as exc:
            reason = next(iter(exc.message_dict), "")
            results.append({"scan_id": s.scan_id, "status": "invalid", "reason": reason, "attendee": None,
                            "first_checkin": None})  # fmt: skip
        except Http404:
            results.append({"scan_id": s.scan_id, "status": "invalid", "reason": "gate", "attendee": None,
                            "first_checkin": None})  # fmt: skip
    return {"results": results}


@router.get("/checkin/search", response={200: list[SearchHit], **ERRORS}, summary="The manual desk's search")
def search(
    request, q: str = Query("", max_length=100), meeting: int | None = Query(None, ge=1, le=2**63 - 1)
):
    """By name, organisation or the last 4+ digits of the mobile; at most 20, personal data masked."""
    require(request.membership, Perm.OPERATE_ONSITE)
    meeting_obj = get_scoped(Meeting, request.org, pk=meeting) if meeting is not None else None
    return services.search_desk(org=request.org, meeting=meeting_obj, q=q)
