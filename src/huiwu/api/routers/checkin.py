"""Check-in: the one door for every scanner (keep these shapes).

The scanner page (a signed-in member: session cookie + ``Huiwu-Org`` header + CSRF token), the
paired phone (its device cookie) and third-party scanners (bearer token) call these same endpoints.
A member who may run on-site operations scans at any gate of the organisation; a device (``hwd_…``,
from pairing) only at its own gate. All are rate-limited; every error is ``{"code","message","details"}``."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from huiwu.checkin import devices, offline, services
from huiwu.checkin.errors import InvalidScan, WrongGate
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..auth import SCANNER_AUTH
from ..schemas.base import ErrorOut
from ..schemas.checkin import (
    BatchIn,
    BatchOut,
    PairIn,
    PairOut,
    ScanIn,
    ScanOut,
    SearchHit,
    SignedList,
)

router = Router(tags=["check-in"], auth=SCANNER_AUTH)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _scanner(request) -> dict:
    """The gates this token may scan at (a device: its own; a member: any of the organisation's)."""
    device = getattr(request, "device", None)
    if device is not None:
        devices.throttle(f"device:{device.pk}")
        return {device.gate_id: device.gate}
    require(request.membership, Perm.OPERATE_ONSITE)
    devices.throttle(f"user:{request.user.pk}")
    return {}


def _gate(request, gate_id: int):
    device = getattr(request, "device", None)
    if device is not None:
        if gate_id != device.gate_id:
            raise WrongGate()
        return device.gate
    return get_scoped(services.gates(), request.org, pk=gate_id)


@router.post("/checkin/scans", response={200: ScanOut, **ERRORS}, summary="One scan at a gate")
def post_scan(request, payload: ScanIn):
    _scanner(request)
    gate = _gate(request, payload.gate)
    try:
        answer = services.scan(
            gate=gate,
            badge=payload.badge,
            scan_id=payload.scan_id,
            scanned_at=payload.scanned_at,
            user=request.user if request.user.is_authenticated else None,
            device=getattr(request, "device", None),
        )
    except services.BadScan as exc:
        field = str(exc)
        message = _("The scan time is not possible.") if field == "scanned_at" else _("Not a valid scan id.")
        raise InvalidScan(details={"field": field, "message": str(message)}) from None
    # the documented ScanOut shape, built here: no second validation of our own answer on the hot path
    return JsonResponse({"scan_id": payload.scan_id, **answer.as_dict()})


@router.post("/checkin/scans/batch", response={200: BatchOut, **ERRORS}, summary="Scans queued offline")
def post_batch(request, payload: BatchIn):
    """One answer per scan, in the order sent; a bad scan does not hide the others. Scans are decided
    in the order of their ``scanned_at``; a scan the device admitted that the server cannot (the same
    badge at two offline gates) is recorded and flagged for review."""
    gates = _scanner(request)
    scans = [s.dict() for s in payload.scans]
    if getattr(request, "device", None) is not None:
        for s in scans:
            if s["gate"] not in gates:
                s["gate"] = -1  # not this device's gate: refused per scan
    results = services.record_batch(request.org, scans, gates, user=_user(request), device=_device(request))
    return JsonResponse({"results": results})


def _user(request):
    return request.user if request.user.is_authenticated else None


def _device(request):
    return getattr(request, "device", None)


@router.get(
    "/checkin/gates/{gate_id}/list",
    response={200: SignedList, **ERRORS},
    summary="The signed offline list of a gate",
)
def signed_list(request, gate_id: int):
    """What an offline scanner decides from: hashes of the valid and replaced badge codes, names and
    categories, who is checked in. ``list`` is JSON text; ``signature`` is ECDSA P-256/SHA-256 over
    it (raw r‖s, base64); ``key`` is the public key (SPKI, base64)."""
    _scanner(request)
    return offline.signed_list(_gate(request, gate_id))


@router.post(
    "/checkin/devices/pair", auth=None, response={200: PairOut, **ERRORS}, summary="Pair a scanner app"
)
def pair(request, payload: PairIn):
    """Exchange the one-time code of a pairing QR (the part after ``/c/pair/``) for a device token."""
    device, raw = devices.pair(payload.code)
    return {
        "token": raw,
        "gate": device.gate_id,
        "gate_name": device.gate.name,
        "meeting": device.gate.meeting_id,
    }


@router.get("/checkin/search", response={200: list[SearchHit], **ERRORS}, summary="The manual desk's search")
def search(
    request, q: str = Query("", max_length=100), meeting: int | None = Query(None, ge=1, le=2**63 - 1)
):
    """By name, organisation or the last 4+ digits of the mobile; at most 20, personal data masked."""
    device = _device(request)
    if device is not None:
        devices.throttle(f"device:{device.pk}")
        meeting_obj = device.gate.meeting
    else:
        require(request.membership, Perm.OPERATE_ONSITE)
        meeting_obj = get_scoped(Meeting, request.org, pk=meeting) if meeting is not None else None
    return services.search_desk(org=request.org, meeting=meeting_obj, q=q)
