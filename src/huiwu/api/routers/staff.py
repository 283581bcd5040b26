"""The agency's staff: records, certificates (the scan is added on the person's page), training, and what
needs attention. Reads need VIEW (phones masked), writes OPERATE_ONSITE (as the pages), the full phone
number VIEW_PERSONAL (audited)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from ninja import Router, Status

from huiwu.orgs.access import require
from huiwu.orgs.enums import Perm
from huiwu.staff import selectors, services
from huiwu.staff.models import Certificate, Person

from .. import lookups
from ..schemas.base import ErrorOut
from ..schemas.staff import (
    AttentionOut,
    CertificateIn,
    CertificateOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    PhoneOut,
    TrainingIn,
    TrainingOut,
)

router = Router(tags=["staff"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _certificate_out(c: Certificate) -> dict:
    return {
        "id": c.pk, "kind": c.kind, "detail": c.detail, "number": c.number, "issuer": c.issuer,
        "issued_on": c.issued_on, "expires_on": c.expires_on, "has_scan": bool(c.scan),
    }  # fmt: skip


def _person_out(p: Person, hours: dict[int, Decimal]) -> dict:
    return {
        "id": p.pk, "name": p.name, "member_id": p.member_id, "mobile": selectors.masked(p),
        "working_since": p.working_since, "notes": p.notes, "version": p.version,
        "training_hours": selectors.plain(hours.get(p.pk, Decimal(0))),
        "certificates": [_certificate_out(c) for c in p.certificates.all()],
    }  # fmt: skip


def _one(request, person_id: int, perm=Perm.VIEW) -> Person:
    require(request.membership, perm)
    return selectors.person_detail(request.org, person_id)


def _out(request, person: Person) -> dict:
    fresh = selectors.person_detail(request.org, person.pk)
    return _person_out(fresh, selectors.training_hours(request.org, timezone.localdate().year))


@router.get("/staff", response={200: list[PersonOut], **ERRORS}, summary="The staff, phones masked")
def list_staff(request):
    require(request.membership, Perm.VIEW)
    hours = selectors.training_hours(request.org, timezone.localdate().year)
    return [_person_out(p, hours) for p in selectors.people(request.org)]


@router.post("/staff", response={201: PersonOut, **ERRORS}, summary="Add someone to the staff")
def add_person(request, payload: PersonIn):
    require(request.membership, Perm.OPERATE_ONSITE)
    data = payload.dict()
    member = lookups.member(request, data.pop("member_id"))
    person = services.add_person(
        org=request.org, actor=request.user, data=services.PersonInput(member=member, **data)
    )
    return Status(201, _out(request, person))


@router.get("/staff/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request, person_id: int):
    return _out(request, _one(request, person_id))


@router.patch("/staff/{person_id}", response={200: PersonOut, **ERRORS}, summary="Change a staff record")
def change_person(request, person_id: int, payload: PersonPatch):
    person = _one(request, person_id, Perm.OPERATE_ONSITE)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "member_id" in changes:
        changes["member"] = lookups.member(request, changes.pop("member_id"))
    changes = {k: "" if v is None and k in ("name", "mobile", "notes") else v for k, v in changes.items()}
    data = services.PersonInput.of(person).but(**changes)
    services.change_person(person=person, actor=request.user, data=data, version=version)
    return _out(request, person)


@router.delete("/staff/{person_id}", response={204: None, **ERRORS}, summary="Remove a staff record")
def remove_person(request, person_id: int):
    services.remove_person(person=_one(request, person_id, Perm.OPERATE_ONSITE), actor=request.user)
    return Status(204, None)


@router.post(
    "/staff/{person_id}/reveal",
    response={200: PhoneOut, **ERRORS},
    summary="The full phone number (audited)",
)
def reveal(request, person_id: int):
    person = _one(request, person_id)
    return {"mobile": services.reveal(person=person, membership=request.membership)}


@router.post("/staff/{person_id}/certificates", response={201: CertificateOut, **ERRORS},
             summary="Record a certificate")  # fmt: skip
def add_certificate(request, person_id: int, payload: CertificateIn):
    person = _one(request, person_id, Perm.OPERATE_ONSITE)
    made = services.add_certificate(
        person=person, actor=request.user, data=services.CertificateInput(**payload.dict())
    )
    return Status(201, _certificate_out(made))


@router.delete(
    "/certificates/{certificate_id}", response={204: None, **ERRORS}, summary="Remove a certificate"
)
def remove_certificate(request, certificate_id: int):
    require(request.membership, Perm.OPERATE_ONSITE)
    services.remove_certificate(certificate=selectors.certificate_of(request.org, certificate_id),
                                actor=request.user)  # fmt: skip
    return Status(204, None)


@router.post(
    "/staff/{person_id}/trainings", response={201: TrainingOut, **ERRORS}, summary="Record a training"
)
def add_training(request, person_id: int, payload: TrainingIn):
    person = _one(request, person_id, Perm.OPERATE_ONSITE)
    made = services.add_training(
        person=person, actor=request.user, data=services.TrainingInput(**payload.dict())
    )
    return Status(201, {"id": made.pk, "course": made.course, "hours": selectors.plain(made.hours),
                        "taken_on": made.taken_on, "provider": made.provider})  # fmt: skip


@router.delete("/trainings/{training_id}", response={204: None, **ERRORS}, summary="Remove a training")
def remove_training(request, training_id: int):
    require(request.membership, Perm.OPERATE_ONSITE)
    services.remove_training(training=selectors.training_of(request.org, training_id), actor=request.user)
    return Status(204, None)


@router.get(
    "/staff-attention",
    response={200: AttentionOut, **ERRORS},
    summary="Certificates ending within the notice (or ended) and training short of the year's hours",
)
def attention(request):
    require(request.membership, Perm.VIEW)
    found = selectors.attention(request.org, timezone.localdate())
    return {
        "notice_days": found.notice_days,
        "training_hours": selectors.plain(found.need) if found.need is not None else None,
        "expiring": [
            {"certificate": _certificate_out(c), "person_id": c.person_id, "person": c.person.name}
            for c in found.expiring
        ],
        "short_of_training": [
            {"person_id": p.pk, "person": p.name, "hours": selectors.plain(h)} for p, h in found.short
        ],
    }
