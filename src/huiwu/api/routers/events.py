import datetime as dt

from ninja import Query, Router, Status
from ninja.pagination import paginate

from huiwu.clients import services as client_services
from huiwu.clients.models import Client
from huiwu.events import services as meeting_services
from huiwu.events.models import Meeting
from huiwu.events.selectors import meetings_for_org
from huiwu.orgs.access import get_scoped, require, scoped
from huiwu.orgs.enums import Perm

from .. import lookups
from ..pagination import Pagination
from ..schemas.base import ErrorOut
from ..schemas.events import ClientIn, ClientOut, ClientPatch, MeetingIn, MeetingOut, MeetingPatch

router = Router(tags=["clients and meetings"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("/clients", response=list[ClientOut])
@paginate(Pagination)
def list_clients(request):
    require(request.membership, Perm.VIEW)
    return scoped(Client, request.org).order_by("name")


@router.post("/clients", response={201: ClientOut, **ERRORS})
def create_client(request, payload: ClientIn):
    require(request.membership, Perm.EDIT_CLIENTS)
    return Status(
        201,
        client_services.create_client(
            org=request.org, actor=request.user, data=client_services.ClientInput(**payload.dict())
        ),
    )


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request, client_id: int):
    require(request.membership, Perm.VIEW)
    return get_scoped(Client, request.org, pk=client_id)


@router.patch("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def update_client(request, client_id: int, payload: ClientPatch):
    require(request.membership, Perm.EDIT_CLIENTS)
    client = get_scoped(Client, request.org, pk=client_id)
    data = client_services.ClientInput.of(client).but(**payload.dict(exclude_unset=True))
    return client_services.update_client(client=client, actor=request.user, data=data)


def _meeting_fields(request, data: dict) -> dict:
    """The schema's formats as the service takes them: times as times, the client id as the client."""
    for name in ("start_time", "end_time"):
        if data.get(name) is not None:
            data[name] = dt.time.fromisoformat(data[name])
    if "client_id" in data:
        data["client"] = lookups.client(request, data.pop("client_id"))
    return data


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pagination)
def list_meetings(request, stage: int | None = Query(None, ge=1, le=5)):
    require(request.membership, Perm.VIEW)
    return meetings_for_org(request.org, stage=stage)


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def create_meeting(request, payload: MeetingIn):
    """An ``Idempotency-Key`` header makes a retry return the meeting the first request created."""
    require(request.membership, Perm.EDIT_MEETINGS)
    data = meeting_services.MeetingInput(**_meeting_fields(request, payload.dict()))
    key = request.headers.get("Idempotency-Key", "")
    meeting = meeting_services.create_meeting(org=request.org, actor=request.user, request_key=key, data=data)
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request, meeting_id: int):
    require(request.membership, Perm.VIEW)
    return get_scoped(Meeting, request.org, pk=meeting_id)


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    require(request.membership, Perm.EDIT_MEETINGS)
    meeting = get_scoped(Meeting, request.org, pk=meeting_id)
    fields = _meeting_fields(request, payload.dict(exclude_unset=True))
    version = fields.pop("version", None)
    data = meeting_services.MeetingInput.of(meeting).but(**fields)
    return meeting_services.update_meeting(meeting=meeting, actor=request.user, version=version, data=data)
