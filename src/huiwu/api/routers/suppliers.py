"""Suppliers: the catalogue with filters, one supplier with its evidence, tiers set by hand, the
blacklist, ratings and the score weights. Reads need VIEW, writes EDIT_MEETINGS (as the pages), the
weights MANAGE_ORG."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status

from huiwu.core.text import mask_mobile
from huiwu.events.models import Meeting
from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.suppliers import selectors, services
from huiwu.suppliers.models import Case, Contact, Document, Failure, Rating, Supplier

from ..schemas.base import ErrorOut
from ..schemas.suppliers import (
    CaseIn,
    CaseOut,
    ContactIn,
    ContactOut,
    DocumentIn,
    DocumentOut,
    FailureIn,
    FailureOut,
    RatingIn,
    RatingOut,
    ReasonIn,
    SupplierDetailOut,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
    TierIn,
    WeightsIn,
    WeightsOut,
)

router = Router(tags=["suppliers"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
EDIT = Perm.EDIT_MEETINGS


class Filters(Schema):
    q: str = ""
    category: str = ""
    tier: str = ""
    city: str = ""
    blacklisted: bool | None = False


def _contact(c: Contact) -> dict:
    return {"id": c.pk, "name": c.name, "role": c.role, "mobile": mask_mobile(c.mobile), "email": c.email,
            "emergency": c.emergency}  # fmt: skip


def _document(d: Document) -> dict:
    return {"id": d.pk, "kind": d.kind, "title": d.title, "number": d.number, "issued_on": d.issued_on,
            "expires_on": d.expires_on, "has_file": bool(d.file)}  # fmt: skip


def _case(c: Case) -> dict:
    return {"id": c.pk, "title": c.title, "client": c.client, "year": c.year, "attendance": c.attendance,
            "equipment_units": c.equipment_units, "reference": c.reference}  # fmt: skip


def _failure(f: Failure) -> dict:
    return {"id": f.pk, "happened_on": f.happened_on, "equipment": f.equipment, "units": f.units,
            "note": f.note, "case_id": f.case_id}  # fmt: skip


def _rating(r: Rating) -> dict:
    return {"id": r.pk, "meeting_id": r.meeting_id, "scores": r.scores, "weights": r.weights,
            "score": selectors.plain(r.score), "incidents": r.incidents, "comment": r.comment}  # fmt: skip


def _supplier(s: Supplier) -> dict:
    return {
        "id": s.pk, "name": s.name, "credit_code": s.credit_code, "categories": s.categories,
        "cities": s.cities,
        "website": s.website, "address": s.address, "notes": s.notes, "tier": s.effective_tier,
        "computed_tier": s.tier, "tier_level": (s.tier_basis or {}).get("level") if s.tier == "A" else None,
        "manual_tier": s.manual_tier, "manual_reason": s.manual_reason, "explanation": selectors.explain(s),
        "score": selectors.plain(s.score) if s.score is not None else None, "blacklisted": s.blacklisted,
        "blacklist_reason": s.blacklist_reason, "version": s.version,
    }  # fmt: skip


def _detail(request, supplier_id: int) -> dict:
    s = selectors.supplier_detail(request.org, supplier_id)
    return {
        **_supplier(s),
        "contacts": [_contact(c) for c in s.contacts.all()],
        "documents": [_document(d) for d in s.documents.all()],
        "cases": [_case(c) for c in s.cases.all()],
        "failures": [_failure(f) for f in s.failures.all()],
        "ratings": [_rating(r) for r in s.ratings.all()],
    }


def _one(request, supplier_id: int, perm=Perm.VIEW) -> Supplier:
    require(request.membership, perm)
    return selectors.supplier_detail(request.org, supplier_id)


@router.get("/suppliers", response={200: list[SupplierOut], **ERRORS}, summary="The suppliers, filtered")
def list_suppliers(request, filters: Query[Filters]):
    require(request.membership, Perm.VIEW)
    found = selectors.suppliers(
        request.org, search=filters.q[:100], category=filters.category[:20], tier=filters.tier[:1],
        city=filters.city[:40], blacklisted=filters.blacklisted,
    )  # fmt: skip
    return [_supplier(s) for s in found[:1000]]


@router.post("/suppliers", response={201: SupplierDetailOut, **ERRORS}, summary="Add a supplier")
def add_supplier(request, payload: SupplierIn):
    require(request.membership, EDIT)
    made = services.add_supplier(
        org=request.org, actor=request.user, data=services.SupplierInput(**payload.dict())
    )
    return Status(201, _detail(request, made.pk))


@router.get("/suppliers/{supplier_id}", response={200: SupplierDetailOut, **ERRORS})
def get_supplier(request, supplier_id: int):
    require(request.membership, Perm.VIEW)
    return _detail(request, supplier_id)


@router.patch(
    "/suppliers/{supplier_id}", response={200: SupplierDetailOut, **ERRORS}, summary="Change a supplier"
)
def change_supplier(request, supplier_id: int, payload: SupplierPatch):
    supplier = _one(request, supplier_id, EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = {k: ("" if v is None and k not in ("categories", "cities") else v) for k, v in changes.items()}
    changes = {k: v for k, v in changes.items() if v is not None}
    data = services.SupplierInput(
        name=supplier.name, credit_code=supplier.credit_code, categories=supplier.categories,
        cities=supplier.cities, website=supplier.website, address=supplier.address, notes=supplier.notes,
    ).but(**changes)  # fmt: skip
    services.change_supplier(supplier=supplier, actor=request.user, data=data, version=version)
    return _detail(request, supplier_id)


@router.delete("/suppliers/{supplier_id}", response={204: None, **ERRORS}, summary="Remove a supplier")
def remove_supplier(request, supplier_id: int):
    services.remove_supplier(supplier=_one(request, supplier_id, EDIT), actor=request.user)
    return Status(204, None)


@router.put("/suppliers/{supplier_id}/tier", response={200: SupplierDetailOut, **ERRORS},
            summary="Set the tier by hand (a reason is required), or give the computed one back")  # fmt: skip
def set_tier(request, supplier_id: int, payload: TierIn):
    supplier = _one(request, supplier_id, EDIT)
    services.set_tier(supplier=supplier, actor=request.user, tier=payload.tier, reason=payload.reason)
    return _detail(request, supplier_id)


@router.post("/suppliers/{supplier_id}/blacklist", response={200: SupplierDetailOut, **ERRORS},
             summary="Blacklist a supplier, with the reason")  # fmt: skip
def blacklist(request, supplier_id: int, payload: ReasonIn):
    services.blacklist(supplier=_one(request, supplier_id, EDIT), actor=request.user, reason=payload.reason)
    return _detail(request, supplier_id)


@router.post("/suppliers/{supplier_id}/blacklist/lift", response={200: SupplierDetailOut, **ERRORS},
               summary="Take a supplier off the blacklist, with the reason")  # fmt: skip
def lift_blacklist(request, supplier_id: int, payload: ReasonIn):
    services.lift_blacklist(
        supplier=_one(request, supplier_id, EDIT), actor=request.user, reason=payload.reason
    )
    return _detail(request, supplier_id)


@router.post(
    "/suppliers/{supplier_id}/contacts", response={201: ContactOut, **ERRORS}, summary="Add a contact"
)
def add_contact(request, supplier_id: int, payload: ContactIn):
    made = services.add_contact(supplier=_one(request, supplier_id, EDIT), actor=request.user,
                                data=services.ContactInput(**payload.dict()))  # fmt: skip
    return Status(201, _contact(made))


@router.delete(
    "/supplier-contacts/{supplier_contact_id}", response={204: None, **ERRORS}, summary="Remove a contact"
)
def remove_contact(request, supplier_contact_id: int):
    require(request.membership, EDIT)
    services.remove_contact(
        contact=selectors.contact_of(request.org, supplier_contact_id), actor=request.user
    )
    return Status(204, None)


@router.post("/suppliers/{supplier_id}/documents", response={201: DocumentOut, **ERRORS},
             summary="Record a qualification document (its scan: on the supplier's page)")  # fmt: skip
def add_document(request, supplier_id: int, payload: DocumentIn):
    made = services.add_document(supplier=_one(request, supplier_id, EDIT), actor=request.user,
                                 data=services.DocumentInput(**payload.dict()))  # fmt: skip
    return Status(201, _document(made))


@router.delete(
    "/supplier-documents/{supplier_document_id}", response={204: None, **ERRORS}, summary="Remove a document"
)
def remove_document(request, supplier_document_id: int):
    require(request.membership, EDIT)
    services.remove_document(
        document=selectors.document_of(request.org, supplier_document_id), actor=request.user
    )
    return Status(204, None)


@router.post("/suppliers/{supplier_id}/cases", response={201: CaseOut, **ERRORS}, summary="Record a case")
def add_case(request, supplier_id: int, payload: CaseIn):
    made = services.add_case(supplier=_one(request, supplier_id, EDIT), actor=request.user,
                             data=services.CaseInput(**payload.dict()))  # fmt: skip
    return Status(201, _case(made))


@router.delete("/supplier-cases/{supplier_case_id}", response={204: None, **ERRORS}, summary="Remove a case")
def remove_case(request, supplier_case_id: int):
    require(request.membership, EDIT)
    services.remove_case(case=selectors.case_of(request.org, supplier_case_id), actor=request.user)
    return Status(204, None)


@router.post("/suppliers/{supplier_id}/failures", response={201: FailureOut, **ERRORS},
             summary="Record an equipment failure")  # fmt: skip
def add_failure(request, supplier_id: int, payload: FailureIn):
    made = services.add_failure(supplier=_one(request, supplier_id, EDIT), actor=request.user,
                                data=services.FailureInput(**payload.dict()))  # fmt: skip
    return Status(201, _failure(made))


@router.delete(
    "/supplier-failures/{supplier_failure_id}", response={204: None, **ERRORS}, summary="Remove a failure"
)
def remove_failure(request, supplier_failure_id: int):
    require(request.membership, EDIT)
    services.remove_failure(
        failure=selectors.failure_of(request.org, supplier_failure_id), actor=request.user
    )
    return Status(204, None)


@router.post("/suppliers/{supplier_id}/ratings", response={201: RatingOut, **ERRORS},
             summary="Rate a supplier after a meeting")  # fmt: skip
def rate(request, supplier_id: int, payload: RatingIn):
    supplier = _one(request, supplier_id, EDIT)
    meeting = Meeting.objects.filter(org=request.org, pk=payload.meeting_id).first()
    data = services.RatingInput(meeting=meeting, scores=payload.scores, incidents=payload.incidents,
                                comment=payload.comment)  # fmt: skip
    return Status(201, _rating(services.rate(supplier=supplier, actor=request.user, data=data)))


@router.delete(
    "/supplier-ratings/{supplier_rating_id}", response={204: None, **ERRORS}, summary="Remove a rating"
)
def remove_rating(request, supplier_rating_id: int):
    require(request.membership, EDIT)
    services.remove_rating(rating=selectors.rating_of(request.org, supplier_rating_id), actor=request.user)
    return Status(204, None)


@router.get(
    "/supplier-weights", response={200: WeightsOut, **ERRORS}, summary="The rating dimensions' weights"
)
def get_weights(request):
    require(request.membership, Perm.VIEW)
    return {"weights": selectors.weights(request.org)}


@router.put("/supplier-weights", response={200: WeightsOut, **ERRORS}, summary="Set the dimensions' weights")
def set_weights(request, payload: WeightsIn):
    require(request.membership, Perm.MANAGE_ORG)
    return {"weights": services.set_weights(org=request.org, actor=request.user, weights=payload.weights)}
