"""Inspections: made from the standards and the chosen venue, checked item by item (photos are taken
on the inspection page). Reads need VIEW, making and checking OPERATE_ONSITE (as the pages)."""

from ninja import Router

from huiwu.events.models import Meeting
from huiwu.inspections import selectors, services
from huiwu.inspections.models import Inspection, Item
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm

from ..schemas.base import ErrorOut
from ..schemas.inspections import CheckIn, InspectionOut, ItemOut

router = Router(tags=["inspections"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _item_out(item: Item) -> dict:
    words = selectors.wording(item)
    return {
        "id": item.pk, "key": item.key, "label": words["label"], "measured": item.measured,
        "value": None if item.value is None else format(item.value.normalize(), "f"), "answer": item.answer,
        "unit": item.unit, "result": item.result, "standard": words["rule"],
        "standards_version": item.standards_version, "note": item.note, "checked_by_id": item.checked_by_id,
        "checked_at": item.checked_at, "task_id": item.task_id, "incident_id": item.incident_id,
        "photos": len(item.photos.all()), "version": item.version,
    }  # fmt: skip


def _inspection_out(inspection: Inspection) -> dict:
    return {
        "id": inspection.pk, "meeting_id": inspection.meeting_id, "kind": inspection.kind,
        "place": inspection.place, "post": inspection.post, "due_at": inspection.due_at,
        "items": [_item_out(i) for i in inspection.items.all()],
    }  # fmt: skip


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


@router.get("/meetings/{meeting_id}/inspections", response={200: list[InspectionOut], **ERRORS})
def list_inspections(request, meeting_id: int):
    return [_inspection_out(i) for i in selectors.of_meeting(_meeting(request, meeting_id))]


@router.post(
    "/meetings/{meeting_id}/inspections",
    response={200: list[InspectionOut], **ERRORS},
    summary="Make (or update) the inspections from the standards in force and the chosen venue",
)
def generate(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, Perm.OPERATE_ONSITE)
    services.generate(meeting=meeting, actor=request.user)
    return [_inspection_out(i) for i in selectors.of_meeting(meeting)]


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, **ERRORS})
def get_inspection(request, inspection_id: int):
    require(request.membership, Perm.VIEW)
    row = selectors.inspection_in(request.org, inspection_id)
    return _inspection_out(selectors.of_meeting(row.meeting).get(pk=row.pk))


@router.post(
    "/inspection-items/{item_id}/check",
    response={200: ItemOut, **ERRORS},
    summary="Check an item: a value in the standard's unit, or yes/no (a failure opens a task or incident)",
)
def check(request, item_id: int, payload: CheckIn):
    require(request.membership, Perm.OPERATE_ONSITE)
    item = selectors.item_in(request.org, item_id)
    checked = services.record(item=item, actor=request.user, **payload.dict())
    return _item_out(checked)
