"""Suppliers: the catalogue with filters, one supplier with its evidence, tiers set by hand, the
blacklist, ratings and the score weights. Reads need VIEW, writes EDIT_MEETINGS (as the pages), the
weights MANAGE_ORG."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status

from huiwu.core.errors import NotFound
from huiwu.core.text import mask_mobile
from huiwu.events.models import Meeting
from huiwu.orgs.access import get_scoped, require
from huiwu.orgs.enums import Perm
from huiwu.suppliers import selectors, services
from huiwu.suppliers.enums import Standing
from huiwu.suppliers.models import (
    Candidate,
    Case,
    Contact,
    Document,
    Duty,
    Failure,
    Kickoff,
    Need,
    Quote,
    Rating,
    Supplier,
)
from huiwu.suppliers.services import kickoff, selection

from .. import lookups
from ..errors import UnknownSupplier
from ..schemas.base import ErrorOut
from ..schemas.suppliers import (
    ActionIn,
    ActionOut,
    BlacklistReasonIn,
    CandidateIn,
    CandidateOut,
    CaseIn,
    CaseOut,
    ChooseIn,
    DocumentIn,
    DocumentOut,
    DutyIn,
    DutyOut,
    FailureIn,
    FailureOut,
    InspectionIn,
    KickoffIn,
    KickoffOut,
    NeedDetailOut,
    NeedIn,
    NeedOut,
    NeedsOut,
    QuoteAnswerIn,
    QuoteOut,
    QuoteRequestIn,
    RatingIn,
    RatingOut,
    ReviewIn,
    StandingIn,
    SupplierContactIn,
    SupplierContactOut,
    SupplierDetailOut,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
    TierIn,
    TrialIn,
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
    return {
        "id": c.pk,
        "name": c.name,
        "role": c.role,
        "mobile": mask_mobile(c.mobile),
        "email": c.email,
        "emergency": c.emergency,
    }


def _document(d: Document) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "number": d.number,
        "issued_on": d.issued_on,
        "expires_on": d.expires_on,
        "has_file": bool(d.file),
    }


def _case(c: Case) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "client": c.client,
        "year": c.year,
        "attendance": c.attendance,
        "equipment_units": c.equipment_units,
        "reference": c.reference,
    }


def _failure(f: Failure) -> dict:
    return {
        "id": f.pk,
        "happened_on": f.happened_on,
        "equipment": f.equipment,
        "units": f.units,
        "note": f.note,
        "case_id": f.case_id,
    }


def _rating(r: Rating) -> dict:
    return {
        "id": r.pk,
        "meeting_id": r.meeting_id,
        "scores": r.scores,
        "weights": r.weights,
        "score": selectors.plain(r.score),
        "incidents": r.incidents,
        "comment": r.comment,
    }


def _supplier(s: Supplier) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "credit_code": s.credit_code,
        "categories": s.categories,
        "cities": s.cities,
        "website": s.website,
        "address": s.address,
        "notes": s.notes,
        "tier": s.effective_tier,
        "computed_tier": s.tier,
        "tier_level": (s.tier_basis or {}).get("level") if s.tier == "A" else None,
        "manual_tier": s.manual_tier,
        "manual_reason": s.manual_reason,
        "explanation": selectors.explain(s),
        "score": selectors.plain(s.score) if s.score is not None else None,
        "blacklisted": s.blacklisted,
        "blacklist_reason": s.blacklist_reason,
        "version": s.version,
    }


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
        request.org,
        search=filters.q[:100],
        category=filters.category[:20],
        tier=filters.tier[:1],
        city=filters.city[:40],
        blacklisted=filters.blacklisted,
    )
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
        name=supplier.name,
        credit_code=supplier.credit_code,
        categories=supplier.categories,
        cities=supplier.cities,
        website=supplier.website,
        address=supplier.address,
        notes=supplier.notes,
    ).but(**changes)
    services.change_supplier(supplier=supplier, actor=request.user, data=data, version=version)
    return _detail(request, supplier_id)


@router.delete("/suppliers/{supplier_id}", response={204: None, **ERRORS}, summary="Remove a supplier")
def remove_supplier(request, supplier_id: int):
    services.remove_supplier(supplier=_one(request, supplier_id, EDIT), actor=request.user)
    return Status(204, None)


@router.put(
    "/suppliers/{supplier_id}/tier",
    response={200: SupplierDetailOut, **ERRORS},
    summary="Set the tier by hand (a reason is required), or give the computed one back",
)
def set_tier(request, supplier_id: int, payload: TierIn):
    supplier = _one(request, supplier_id, EDIT)
    services.set_tier(supplier=supplier, actor=request.user, tier=payload.tier, reason=payload.reason)
    return _detail(request, supplier_id)


@router.post(
    "/suppliers/{supplier_id}/blacklist",
    response={200: SupplierDetailOut, **ERRORS},
    summary="Blacklist a supplier, with the reason",
)
def blacklist(request, supplier_id: int, payload: BlacklistReasonIn):
    services.blacklist(supplier=_one(request, supplier_id, EDIT), actor=request.user, reason=payload.reason)
    return _detail(request, supplier_id)


@router.post(
    "/suppliers/{supplier_id}/blacklist/lift",
    response={200: SupplierDetailOut, **ERRORS},
    summary="Take a supplier off the blacklist, with the reason",
)
def lift_blacklist(request, supplier_id: int, payload: BlacklistReasonIn):
    services.lift_blacklist(
        supplier=_one(request, supplier_id, EDIT), actor=request.user, reason=payload.reason
    )
    return _detail(request, supplier_id)


@router.post(
    "/suppliers/{supplier_id}/contacts", response={201: SupplierContactOut, **ERRORS}, summary="Add a contact"
)
def add_contact(request, supplier_id: int, payload: SupplierContactIn):
    made = services.add_contact(
        supplier=_one(request, supplier_id, EDIT),
        actor=request.user,
        data=services.ContactInput(**payload.dict()),
    )
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


@router.post(
    "/suppliers/{supplier_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Record a qualification document (its scan: on the supplier's page)",
)
def add_document(request, supplier_id: int, payload: DocumentIn):
    made = services.add_document(
        supplier=_one(request, supplier_id, EDIT),
        actor=request.user,
        data=services.DocumentInput(**payload.dict()),
    )
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
    made = services.add_case(
        supplier=_one(request, supplier_id, EDIT),
        actor=request.user,
        data=services.CaseInput(**payload.dict()),
    )
    return Status(201, _case(made))


@router.delete("/supplier-cases/{supplier_case_id}", response={204: None, **ERRORS}, summary="Remove a case")
def remove_case(request, supplier_case_id: int):
    require(request.membership, EDIT)
    services.remove_case(case=selectors.case_of(request.org, supplier_case_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/suppliers/{supplier_id}/failures",
    response={201: FailureOut, **ERRORS},
    summary="Record an equipment failure",
)
def add_failure(request, supplier_id: int, payload: FailureIn):
    made = services.add_failure(
        supplier=_one(request, supplier_id, EDIT),
        actor=request.user,
        data=services.FailureInput(**payload.dict()),
    )
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


@router.post(
    "/suppliers/{supplier_id}/ratings",
    response={201: RatingOut, **ERRORS},
    summary="Rate a supplier after a meeting",
)
def rate(request, supplier_id: int, payload: RatingIn):
    supplier = _one(request, supplier_id, EDIT)
    meeting = Meeting.objects.filter(org=request.org, pk=payload.meeting_id).first()
    data = services.RatingInput(
        meeting=meeting, scores=payload.scores, incidents=payload.incidents, comment=payload.comment
    )
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


# --- selection for a meeting ---


def _need(n: Need) -> dict:
    return {
        "id": n.pk,
        "category": n.category,
        "title": n.title,
        "quantity": n.quantity,
        "unit": n.unit,
        "source": n.source,
        "critical": n.critical,
        "candidates": [
            {"id": c.pk, "supplier_id": c.supplier_id, "supplier": c.supplier.name, "standing": c.standing}
            for c in n.candidates.all()
        ],
    }


def _quote(q: Quote) -> dict:
    lines = [
        {
            "item": line.item,
            "quantity": selectors.plain(line.quantity),
            "unit": line.unit,
            "unit_price": None if line.unit_price is None else str(line.unit_price),
            "amount": None if line.unit_price is None else str(line.amount),
        }
        for line in q.lines.all()
    ]
    total = q.total
    return {
        "id": q.pk,
        "answer_by": q.answer_by,
        "issued_on": q.issued_on,
        "valid_until": q.valid_until,
        "answered": q.answered_at is not None,
        "total": None if total is None else str(total),
        "notes": q.notes,
        "lines": lines,
    }


def _candidate(c: Candidate, option: selectors.Option | None = None) -> dict:
    option = option or selectors.options(c.need.meeting, [c.supplier])[c.supplier_id]
    score = option.verdict.score
    return {
        "id": c.pk,
        "need_id": c.need_id,
        "supplier_id": c.supplier_id,
        "supplier": c.supplier.name,
        "tier": option.tier,
        "score": None if score is None else str(score),
        "standing": c.standing,
        "inspected_on": c.inspected_on,
        "inspection": c.inspection,
        "inspection_notes": c.inspection_notes,
        "review": sorted(c.review),
        "trial": c.trial,
        "trial_notes": c.trial_notes,
        "reason": c.reason,
        "version": c.version,
        "missing": selection.missing_to_choose(c) if c.standing != Standing.CHOSEN else [],
        "quotes": [_quote(q) for q in c.quotes.all()],
    }


def _meeting(request, meeting_id: int, perm=Perm.VIEW) -> Meeting:
    require(request.membership, perm)
    return get_scoped(Meeting, request.org, pk=meeting_id)


def _needs_out(meeting: Meeting) -> dict:
    return {
        "needs": [_need(n) for n in selectors.needs_of(meeting)],
        "gaps": [{"need_id": g.need.pk, "text": g.text} for g in selectors.gaps(meeting)],
    }


@router.get(
    "/meetings/{meeting_id}/supplier-needs",
    response={200: NeedsOut, **ERRORS},
    summary="What the meeting needs of suppliers, with the critical gaps",
)
def list_needs(request, meeting_id: int):
    return _needs_out(_meeting(request, meeting_id))


@router.post("/meetings/{meeting_id}/supplier-needs", response={201: NeedOut, **ERRORS}, summary="Add a need")
def add_need(request, meeting_id: int, payload: NeedIn):
    meeting = _meeting(request, meeting_id, EDIT)
    made = selection.add_need(meeting=meeting, actor=request.user, data=selection.NeedInput(**payload.dict()))
    return Status(201, _need(made))


@router.post(
    "/meetings/{meeting_id}/supplier-needs/derive",
    response={200: NeedsOut, **ERRORS},
    summary="Add the needs the requirements, size and mode ask",
)
def derive_needs(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, EDIT)
    selection.derive_needs(meeting=meeting, actor=request.user)
    return _needs_out(meeting)


@router.get(
    "/supplier-needs/{supplier_need_id}",
    response={200: NeedDetailOut, **ERRORS},
    summary="A need: its candidates side by side and the shortlist",
)
def get_need(request, supplier_need_id: int):
    require(request.membership, Perm.VIEW)
    need = selectors.need_of(request.org, supplier_need_id)
    rows = selectors.comparison(need)
    shortlist = [
        {
            "supplier_id": o.supplier.pk,
            "supplier": o.supplier.name,
            "tier": o.tier,
            "score": None if o.verdict.score is None else str(o.verdict.score),
            "serves_city": o.serves_city,
        }
        for o in selectors.shortlist(need)
    ]
    fresh = selectors.needs_of(need.meeting)
    return {
        **_need(next(n for n in fresh if n.pk == need.pk)),
        "comparison": [_candidate(r.candidate, r.option) for r in rows],
        "shortlist": shortlist,
    }


@router.delete("/supplier-needs/{supplier_need_id}", response={204: None, **ERRORS}, summary="Remove a need")
def remove_need(request, supplier_need_id: int):
    require(request.membership, EDIT)
    selection.remove_need(need=selectors.need_of(request.org, supplier_need_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/supplier-needs/{supplier_need_id}/candidates",
    response={201: CandidateOut, **ERRORS},
    summary="Shortlist a supplier for a need",
)
def add_candidate(request, supplier_need_id: int, payload: CandidateIn):
    require(request.membership, EDIT)
    need = selectors.need_of(request.org, supplier_need_id)
    supplier = Supplier.objects.filter(org=request.org, pk=payload.supplier_id).first()
    if supplier is None:
        raise UnknownSupplier(details={"field": "supplier_id"})
    made = selection.add_candidate(need=need, supplier=supplier, actor=request.user)
    return Status(201, _candidate(selectors.candidate_of(request.org, made.pk)))


def _one_candidate(request, candidate_id: int, perm=EDIT) -> Candidate:
    require(request.membership, perm)
    return selectors.candidate_of(request.org, candidate_id)


@router.get("/candidates/{candidate_id}", response={200: CandidateOut, **ERRORS})
def get_candidate(request, candidate_id: int):
    return _candidate(_one_candidate(request, candidate_id, Perm.VIEW))


@router.post(
    "/candidates/{candidate_id}/quotes", response={201: QuoteOut, **ERRORS}, summary="Request a quote"
)
def request_quote(request, candidate_id: int, payload: QuoteRequestIn):
    candidate = _one_candidate(request, candidate_id)
    lines = [selection.LineInput(**line.dict()) for line in payload.lines]
    made = selection.request_quote(
        candidate=candidate, actor=request.user, lines=lines, answer_by=payload.answer_by
    )
    return Status(201, _quote(selectors.quote_of(request.org, made.pk)))


@router.post(
    "/quotes/{quote_id}/answer", response={200: QuoteOut, **ERRORS}, summary="Enter a quote's answer"
)
def answer_quote(request, quote_id: int, payload: QuoteAnswerIn):
    require(request.membership, EDIT)
    quote = selectors.quote_of(request.org, quote_id)
    selection.answer_quote(
        quote=quote,
        actor=request.user,
        prices=payload.prices,
        issued_on=payload.issued_on,
        valid_until=payload.valid_until,
        notes=payload.notes,
    )
    return _quote(selectors.quote_of(request.org, quote_id))


@router.post(
    "/candidates/{candidate_id}/inspection",
    response={200: CandidateOut, **ERRORS},
    summary="Record the site inspection",
)
def inspect(request, candidate_id: int, payload: InspectionIn):
    candidate = _one_candidate(request, candidate_id)
    selection.record_inspection(
        candidate=candidate,
        actor=request.user,
        on=payload.inspected_on,
        result=payload.inspection,
        notes=payload.inspection_notes,
        version=payload.version,
    )
    return _candidate(_one_candidate(request, candidate_id))


@router.post(
    "/candidates/{candidate_id}/review",
    response={200: CandidateOut, **ERRORS},
    summary="The qualification review's items confirmed",
)
def review(request, candidate_id: int, payload: ReviewIn):
    candidate = _one_candidate(request, candidate_id)
    selection.review(candidate=candidate, actor=request.user, items=payload.items, version=payload.version)
    return _candidate(_one_candidate(request, candidate_id))


@router.post(
    "/candidates/{candidate_id}/trial",
    response={200: CandidateOut, **ERRORS},
    summary="Record the on-site trial",
)
def trial(request, candidate_id: int, payload: TrialIn):
    candidate = _one_candidate(request, candidate_id)
    selection.record_trial(
        candidate=candidate,
        actor=request.user,
        result=payload.trial,
        notes=payload.trial_notes,
        version=payload.version,
    )
    return _candidate(_one_candidate(request, candidate_id))


@router.post(
    "/candidates/{candidate_id}/choose",
    response={200: CandidateOut, **ERRORS},
    summary="Choose the supplier for the need, with the reason",
)
def choose(request, candidate_id: int, payload: ChooseIn):
    candidate = _one_candidate(request, candidate_id)
    selection.choose(candidate=candidate, actor=request.user, reason=payload.reason, version=payload.version)
    return _candidate(_one_candidate(request, candidate_id))


@router.post(
    "/candidates/{candidate_id}/standing",
    response={200: CandidateOut, **ERRORS},
    summary="Make a candidate the backup, shortlist it again or drop it",
)
def standing(request, candidate_id: int, payload: StandingIn):
    candidate = _one_candidate(request, candidate_id)
    selection.set_standing(
        candidate=candidate, actor=request.user, standing=payload.standing, version=payload.version
    )
    return _candidate(_one_candidate(request, candidate_id))


# --- the kickoff ---


def _kickoff(k: Kickoff) -> dict:
    return {
        "held_at": k.held_at,
        "place": k.place,
        "agenda": k.agenda,
        "minutes": k.minutes,
        "supplier_ids": sorted(s.pk for s in k.suppliers.all()),
        "member_ids": sorted(m.pk for m in k.members.all()),
        "actions": [
            {"task_id": t.pk, "title": t.title, "owner_id": t.assignee_id, "due": t.due_at.date()}
            for t in k.tasks.all()
        ],
        "version": k.version,
    }


def _duty(d: Duty) -> dict:
    return {"id": d.pk, "supplier_id": d.supplier_id, "supplier": d.supplier.name, "text": d.text}


def _the_kickoff(meeting: Meeting) -> Kickoff:
    found = selectors.kickoff_of(meeting)
    if found is None:
        raise NotFound(details={"what": "kickoff"})
    return found


@router.get(
    "/meetings/{meeting_id}/kickoff", response={200: KickoffOut, **ERRORS}, summary="The suppliers' kickoff"
)
def get_kickoff(request, meeting_id: int):
    return _kickoff(_the_kickoff(_meeting(request, meeting_id)))


@router.put(
    "/meetings/{meeting_id}/kickoff", response={200: KickoffOut, **ERRORS}, summary="Record the kickoff"
)
def save_kickoff(request, meeting_id: int, payload: KickoffIn):
    meeting = _meeting(request, meeting_id, EDIT)
    suppliers = list(Supplier.objects.filter(org=request.org, pk__in=payload.supplier_ids))
    if len(suppliers) != len(set(payload.supplier_ids)):
        raise UnknownSupplier(details={"field": "supplier_ids"})
    members = [lookups.member(request, pk) for pk in payload.member_ids]
    data = kickoff.KickoffInput(
        held_at=payload.held_at,
        place=payload.place,
        agenda=payload.agenda,
        minutes=payload.minutes,
        suppliers=suppliers,
        members=members,
    )
    kickoff.save_kickoff(meeting=meeting, actor=request.user, data=data, version=payload.version)
    return _kickoff(_the_kickoff(meeting))


@router.post(
    "/meetings/{meeting_id}/kickoff/actions",
    response={201: ActionOut, **ERRORS},
    summary="An action item of the kickoff: a task with its owner and deadline",
)
def add_action(request, meeting_id: int, payload: ActionIn):
    meeting = _meeting(request, meeting_id, EDIT)
    owner = lookups.member(request, payload.owner_id)
    task = kickoff.add_action(
        kickoff=_the_kickoff(meeting), actor=request.user, title=payload.title, owner=owner, due=payload.due
    )
    return Status(
        201,
        {"task_id": task.pk, "title": task.title, "owner_id": task.assignee_id, "due": task.due_at.date()},
    )


@router.get(
    "/meetings/{meeting_id}/supplier-duties",
    response={200: list[DutyOut], **ERRORS},
    summary="The responsibility split",
)
def list_duties(request, meeting_id: int):
    return [_duty(d) for d in selectors.duties_of(_meeting(request, meeting_id))]


@router.post(
    "/meetings/{meeting_id}/supplier-duties", response={201: DutyOut, **ERRORS}, summary="Add a duty"
)
def add_duty(request, meeting_id: int, payload: DutyIn):
    meeting = _meeting(request, meeting_id, EDIT)
    supplier = Supplier.objects.filter(org=request.org, pk=payload.supplier_id).first()
    if supplier is None:
        raise UnknownSupplier(details={"field": "supplier_id"})
    return Status(
        201,
        _duty(kickoff.add_duty(meeting=meeting, actor=request.user, supplier=supplier, text=payload.text)),
    )


@router.post(
    "/meetings/{meeting_id}/supplier-duties/propose",
    response={200: list[DutyOut], **ERRORS},
    summary="Propose each chosen supplier's duty",
)
def propose_duties(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, EDIT)
    kickoff.propose_duties(meeting=meeting, actor=request.user)
    return [_duty(d) for d in selectors.duties_of(meeting)]


@router.delete("/supplier-duties/{supplier_duty_id}", response={204: None, **ERRORS}, summary="Remove a duty")
def remove_duty(request, supplier_duty_id: int):
    require(request.membership, EDIT)
    kickoff.remove_duty(duty=selectors.duty_of(request.org, supplier_duty_id), actor=request.user)
    return Status(204, None)
