"""Supplier records: the supplier, its contacts, qualification documents, cases and equipment failures,
the team's ratings, the blacklist and a tier set by hand. Keyword-only commands, each checked in full,
atomic and audited. Every change that bears on the tier recomputes it (``recompute``: the catalogue's
rules, ``tiers.judge``), and a change of tier is audited with what it rests on; ``remind`` (daily,
``tasks``) tells of qualification documents coming to their end, once each."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.accounts.models import User
from huiwu.core import uploads
from huiwu.core.audit import log_action, log_actions, register_actions
from huiwu.core.inputs import RecordInput
from huiwu.core.records import create_record, update_record
from huiwu.core.text import YEAR_MIN, check_year, clean_fields, clean_name, normalise_phone
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Organization
from huiwu.orgs.selectors import members_with

from .. import selectors, tiers, uscc
from ..enums import Category, Dimension, DocumentKind, Tier
from ..errors import (
    Blacklisted,
    CaseAhead,
    CategoryRequired,
    CreditCodeInvalid,
    DocumentDates,
    Duplicate,
    FailureCase,
    Rated,
    RatingEarly,
    RatingScores,
    ReasonRequired,
    Stale,
    Weights,
)
from ..models import Case, Contact, Document, Failure, Rating, ScoreWeights, Supplier, joined

register_actions(
    {
        "suppliers.supplier.created": gettext_lazy("Supplier added"),
        "suppliers.supplier.changed": gettext_lazy("Supplier changed"),
        "suppliers.supplier.deleted": gettext_lazy("Supplier removed"),
        "suppliers.tier.changed": gettext_lazy("Supplier tier changed"),
        "suppliers.tier.set": gettext_lazy("Supplier tier set by hand"),
        "suppliers.blacklist.added": gettext_lazy("Supplier blacklisted"),
        "suppliers.blacklist.lifted": gettext_lazy("Supplier taken off the blacklist"),
        "suppliers.contact.added": gettext_lazy("Supplier contact added"),
        "suppliers.contact.removed": gettext_lazy("Supplier contact removed"),
        "suppliers.document.added": gettext_lazy("Supplier document recorded"),
        "suppliers.document.removed": gettext_lazy("Supplier document removed"),
        "suppliers.case.added": gettext_lazy("Supplier case recorded"),
        "suppliers.case.removed": gettext_lazy("Supplier case removed"),
        "suppliers.failure.added": gettext_lazy("Equipment failure recorded"),
        "suppliers.failure.removed": gettext_lazy("Equipment failure removed"),
        "suppliers.rating.added": gettext_lazy("Supplier rated"),
        "suppliers.rating.removed": gettext_lazy("Supplier rating removed"),
        "suppliers.weights.changed": gettext_lazy("Supplier score weights changed"),
    }
)

CITY_SEPARATORS = re.compile(r"[,，、;；\s]+")
MAX_CITIES = 40


def _field_error(name: str, exc: ValidationError) -> ValidationError:
    return ValidationError({name: exc.messages})


def _cities(value: Any) -> list[str]:
    parts = value if isinstance(value, list | tuple) else CITY_SEPARATORS.split(str(value or ""))
    found: list[str] = []
    for part in parts:
        try:
            city = clean_name(str(part).strip(), max_length=40) if str(part).strip() else ""
        except ValidationError as exc:
            raise _field_error("cities", exc) from None
        if city and "," not in city and city not in found:
            found.append(city)
    if len(found) > MAX_CITIES:
        raise ValidationError({"cities": gettext("At most %(n)s cities.") % {"n": MAX_CITIES}})
    return found


# --- the supplier ---


@dataclass(frozen=True, kw_only=True)
class SupplierInput(RecordInput):
    name: str
    credit_code: str = ""
    categories: list[str] = field(default_factory=list)
    cities: Any = ""  # a list, or text separated by commas, 、 or spaces
    website: str = ""
    address: str = ""
    notes: str = ""


def _supplier_fields(
    org: Organization, data: SupplierInput, *, supplier: Supplier | None = None
) -> dict[str, Any]:
    code = uscc.normalise(data.credit_code)
    if code and not uscc.is_valid(code):
        raise CreditCodeInvalid(details={"field": "credit_code"})
    categories = [c for c in Category.values if c in set(data.categories or [])]
    if not categories or len(categories) != len(set(data.categories or [])):
        raise CategoryRequired(details={"field": "categories"})
    if code:
        others = Supplier.objects.filter(org=org, credit_code=code)
        if supplier is not None:
            others = others.exclude(pk=supplier.pk)
        if others.exists():
            raise Duplicate(details={"field": "credit_code"})
    return {
        "name": data.name,
        "credit_code": code,
        "categories_text": joined(categories),
        "cities_text": joined(_cities(data.cities)),
        "website": data.website or "",
        "address": data.address or "",
        "notes": data.notes or "",
    }


@transaction.atomic
def add_supplier(*, org: Organization, actor: User | None, data: SupplierInput) -> Supplier:
    fields = _supplier_fields(org, data)
    try:
        with transaction.atomic():
            supplier = create_record(Supplier, org=org, actor=actor, action="suppliers.supplier.created",
                                     fields=fields)  # fmt: skip
    except IntegrityError:  # the same code added twice at once
        raise Duplicate(details={"field": "credit_code"}) from None
    recompute(supplier=supplier)
    return supplier


@transaction.atomic
def change_supplier(*, supplier: Supplier, actor: User | None, data: SupplierInput, version: int) -> Supplier:
    locked = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if locked.version != version:
        raise Stale()
    fields = _supplier_fields(locked.org, data, supplier=locked)
    fields["version"] = locked.version + 1
    try:
        with transaction.atomic():
            return update_record(locked, actor=actor, action="suppliers.supplier.changed", fields=fields)
    except IntegrityError:
        raise Duplicate(details={"field": "credit_code"}) from None


@transaction.atomic
def remove_supplier(*, supplier: Supplier, actor: User | None) -> None:
    log_action("suppliers.supplier.deleted", target=supplier, actor=actor, org=supplier.org,
               data={"was": supplier.name, "credit_code": supplier.credit_code})  # fmt: skip
    for document in supplier.documents.exclude(file=""):
        document.file.delete(save=False)
    supplier.delete()


def _locked(supplier: Supplier) -> Supplier:
    return Supplier.objects.select_for_update().select_related("org").get(pk=supplier.pk)


@transaction.atomic
def recompute(*, supplier: Supplier, actor: User | None = None) -> Supplier:
    """Judge the tier again by the catalogue's rules and what the supplier has shown; a change of tier is
    audited with what it rests on."""
    locked = _locked(supplier)
    verdict = selectors.verdict_for(locked)
    before = locked.tier
    locked.tier, locked.tier_basis, locked.score = verdict.tier, verdict.basis(), verdict.score
    locked.save(update_fields=["tier", "tier_basis", "score", "updated_at"])
    if before != verdict.tier:
        log_action("suppliers.tier.changed", target=locked, actor=actor, org=locked.org,
                   data={"from": before, "to": verdict.tier, "basis": verdict.basis()})  # fmt: skip
    supplier.tier, supplier.tier_basis, supplier.score = locked.tier, locked.tier_basis, locked.score
    return locked


@transaction.atomic
def recompute_all(*, org_id: int) -> int:
    """Every supplier of an organisation judged again (its tier rules changed), in a few queries whatever
    their number; each change of tier audited. Returns how many changed."""
    suppliers = list(Supplier.objects.select_for_update().filter(org_id=org_id).select_related("org"))
    if not suppliers:
        return 0
    rules = selectors.tier_rules(suppliers[0].org)
    found = selectors.records(suppliers)
    changed, moved = [], []
    for s in suppliers:
        verdict = tiers.judge(found[s.pk], rules)
        if (s.tier, s.tier_basis, s.score) != (verdict.tier, verdict.basis(), verdict.score):
            if s.tier != verdict.tier:
                moved.append((s, {"from": s.tier, "to": verdict.tier, "basis": verdict.basis()}))
            s.tier, s.tier_basis, s.score = verdict.tier, verdict.basis(), verdict.score
            changed.append(s)
    Supplier.objects.bulk_update(changed, ["tier", "tier_basis", "score"], batch_size=500)
    log_actions("suppliers.tier.changed", org=suppliers[0].org, items=moved)
    return len(changed)


@transaction.atomic
def set_tier(*, supplier: Supplier, actor: User | None, tier: str, reason: str) -> Supplier:
    """A tier set by hand ("" gives the computed one back); setting one needs a reason, audited."""
    if tier not in ("", *Tier.values):
        raise ValidationError({"tier": gettext("Choose tier A, B or C.")})
    reason = (reason or "").strip()
    if tier and not reason:
        raise ReasonRequired(details={"field": "reason"})
    locked = _locked(supplier)
    before = locked.manual_tier
    fields = clean_fields(Supplier, {"manual_tier": tier, "manual_reason": reason if tier else ""})
    locked.manual_tier, locked.manual_reason = fields["manual_tier"], fields["manual_reason"]
    locked.version += 1
    locked.save(update_fields=["manual_tier", "manual_reason", "version", "updated_at"])
    log_action("suppliers.tier.set", target=locked, actor=actor, org=locked.org,
               data={"from": before, "to": tier, "computed": locked.tier, "reason": reason})  # fmt: skip
    return locked


def blacklist(*, supplier: Supplier, actor: User | None, reason: str) -> Supplier:
    return _blacklisting(supplier, actor, reason, on=True)


def lift_blacklist(*, supplier: Supplier, actor: User | None, reason: str) -> Supplier:
    return _blacklisting(supplier, actor, reason, on=False)


@transaction.atomic
def _blacklisting(supplier: Supplier, actor: User | None, reason: str, *, on: bool) -> Supplier:
    """On or off the blacklist, with the reason (audited); blacklisting twice is refused, lifting a
    supplier not on it changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(details={"field": "reason"})
    locked = _locked(supplier)
    if locked.blacklisted == on:
        if on:
            raise Blacklisted()
        return locked
    kept = clean_fields(Supplier, {"blacklist_reason": reason})["blacklist_reason"] if on else ""
    locked.blacklisted, locked.blacklist_reason = on, kept
    locked.version += 1
    locked.save(update_fields=["blacklisted", "blacklist_reason", "version", "updated_at"])
    action = "suppliers.blacklist.added" if on else "suppliers.blacklist.lifted"
    log_action(action, target=locked, actor=actor, org=locked.org, data={"reason": reason})
    return locked


# --- contacts ---


@dataclass(frozen=True, kw_only=True)
class ContactInput(RecordInput):
    name: str
    role: str = ""
    mobile: str = ""
    email: str = ""
    emergency: bool = False


@transaction.atomic
def add_contact(*, supplier: Supplier, actor: User | None, data: ContactInput) -> Contact:
    fields = clean_fields(Contact, data.values())
    try:
        fields["mobile"] = normalise_phone(data.mobile)
    except ValidationError as exc:
        raise _field_error("mobile", exc) from None
    if not fields["mobile"] and not (data.email or "").strip():
        raise ValidationError({"mobile": gettext("Give a phone number or an e-mail address.")})
    contact = Contact(supplier=supplier, **fields)
    contact.full_clean()
    contact.save()
    log_action("suppliers.contact.added", target=supplier, actor=actor, org=supplier.org,
               data={"contact": str(contact), "emergency": contact.emergency})  # fmt: skip
    return contact


@transaction.atomic
def remove_contact(*, contact: Contact, actor: User | None) -> None:
    supplier = contact.supplier
    log_action("suppliers.contact.removed", target=supplier, actor=actor, org=supplier.org,
               data={"contact": str(contact)})  # fmt: skip
    contact.delete()


# --- qualification documents ---


@dataclass(frozen=True, kw_only=True)
class DocumentInput(RecordInput):
    kind: str
    title: str = ""
    number: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@transaction.atomic
def add_document(
    *, supplier: Supplier, actor: User | None, data: DocumentInput, file: Any = None
) -> Document:
    """Record a qualification document: issued on a past day, expiring after it; the scan a PDF or an
    image (checked by content, stored under our name)."""
    if data.kind not in DocumentKind.values:
        raise ValidationError({"kind": gettext("Choose a kind of document.")})
    fields = clean_fields(Document, data.values())
    issued, expires = fields["issued_on"], fields["expires_on"]
    if issued is not None and issued > timezone.localdate():
        raise DocumentDates(details={"field": "issued_on"})
    if issued is not None and expires is not None and expires <= issued:
        raise DocumentDates(details={"field": "expires_on"})
    name = uploads.accept_scan(file) if file is not None else ""
    document = Document(supplier=supplier, file=file or "", file_name=name, **fields)
    document.full_clean(exclude=["file"])
    document.save()
    log_action("suppliers.document.added", target=supplier, actor=actor, org=supplier.org,
               data={"document": str(document), "expires_on": str(expires or "")})  # fmt: skip
    return document


@transaction.atomic
def remove_document(*, document: Document, actor: User | None) -> None:
    supplier = document.supplier
    log_action("suppliers.document.removed", target=supplier, actor=actor, org=supplier.org,
               data={"document": str(document)})  # fmt: skip
    if document.file:
        document.file.delete(save=False)
    document.delete()


# --- cases and failures: the tier's evidence ---


@dataclass(frozen=True, kw_only=True)
class CaseInput(RecordInput):
    title: str
    client: str = ""
    year: int
    attendance: int
    equipment_units: int = 0
    reference: str = ""


@transaction.atomic
def add_case(*, supplier: Supplier, actor: User | None, data: CaseInput) -> Case:
    year, today = data.year, timezone.localdate()
    if not isinstance(year, int) or year < YEAR_MIN:
        raise ValidationError({"year": gettext("Give the year the meeting took place.")})
    if year > today.year:
        raise CaseAhead(details={"field": "year"})
    if not isinstance(data.attendance, int) or data.attendance <= 0:
        raise ValidationError({"attendance": gettext("Give the number of people, more than 0.")})
    if not isinstance(data.equipment_units, int) or data.equipment_units < 0:
        raise ValidationError({"equipment_units": gettext("Give a number of units, 0 or more.")})
    fields = clean_fields(Case, data.values())
    case = Case(supplier=supplier, **fields)
    case.full_clean()
    case.save()
    log_action("suppliers.case.added", target=supplier, actor=actor, org=supplier.org,
               data={"case": str(case), "attendance": case.attendance})  # fmt: skip
    recompute(supplier=supplier, actor=actor)
    return case


@transaction.atomic
def remove_case(*, case: Case, actor: User | None) -> None:
    supplier = case.supplier
    log_action("suppliers.case.removed", target=supplier, actor=actor, org=supplier.org,
               data={"case": str(case)})  # fmt: skip
    case.delete()
    recompute(supplier=supplier, actor=actor)


@dataclass(frozen=True, kw_only=True)
class FailureInput(RecordInput):
    happened_on: dt.date
    equipment: str
    units: int = 1
    note: str = ""
    case_id: int | None = None


@transaction.atomic
def add_failure(*, supplier: Supplier, actor: User | None, data: FailureInput) -> Failure:
    if not isinstance(data.units, int) or data.units <= 0:
        raise ValidationError({"units": gettext("Give the number of units that failed, 1 or more.")})
    fields = clean_fields(Failure, data.values(without=("case_id",)))
    try:
        check_year(fields["happened_on"])
    except ValidationError as exc:
        raise _field_error("happened_on", exc) from None
    if fields["happened_on"] > timezone.localdate():
        raise ValidationError({"happened_on": gettext("This day has not come yet.")})
    case = None
    if data.case_id is not None:
        case = Case.objects.filter(supplier=supplier, pk=data.case_id).first()
        if case is None:
            raise FailureCase(details={"field": "case_id"})
    failure = Failure(supplier=supplier, case=case, **fields)
    failure.full_clean()
    failure.save()
    log_action("suppliers.failure.added", target=supplier, actor=actor, org=supplier.org,
               data={"equipment": failure.equipment, "units": failure.units})  # fmt: skip
    recompute(supplier=supplier, actor=actor)
    return failure


@transaction.atomic
def remove_failure(*, failure: Failure, actor: User | None) -> None:
    supplier = failure.supplier
    log_action("suppliers.failure.removed", target=supplier, actor=actor, org=supplier.org,
               data={"equipment": failure.equipment, "units": failure.units})  # fmt: skip
    failure.delete()
    recompute(supplier=supplier, actor=actor)


# --- ratings ---


def weighted(scores: dict[str, int], weights: dict[str, int]) -> Decimal:
    """The weighted mean of a rating's scores (weights in percent summing to 100), to two places."""
    total = sum(Decimal(scores[d]) * Decimal(weights.get(d, 0)) for d in Dimension.values)
    return (total / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


@dataclass(frozen=True, kw_only=True)
class RatingInput(RecordInput):
    meeting: Any  # a Meeting of the supplier's organisation
    scores: dict[str, Any]
    incidents: int | None = None  # none: those attributed to the supplier at the meeting
    comment: str = ""


@transaction.atomic
def rate(*, supplier: Supplier, actor: User | None, data: RatingInput) -> Rating:
    """The team's rating after a meeting: every dimension 1-5, weighted by the organisation's weights of
    the day (kept on the rating); once per supplier and meeting; the tier is judged again."""
    meeting = data.meeting
    if meeting is None or meeting.org_id != supplier.org_id:
        raise ValidationError({"meeting": gettext("Choose one of your meetings.")})
    if meeting.start_date > timezone.localdate():
        raise RatingEarly(details={"field": "meeting"})
    scores = {d: _whole((data.scores or {}).get(d)) for d in Dimension.values}
    if any(v is None or not 1 <= v <= 5 for v in scores.values()) or set(data.scores or {}) - set(scores):
        raise RatingScores(details={"field": "scores"})
    # the on-site incidents attributed to the supplier (onsite.Incident.supplier) are counted
    attributed = supplier.incidents.filter(meeting=meeting).count()
    incidents = attributed if data.incidents is None else _whole(data.incidents)
    if incidents is None or incidents < 0:
        raise ValidationError({"incidents": gettext("Give a number of incidents, 0 or more.")})
    if incidents < attributed:
        words = {"n": attributed}
        text = gettext("%(n)s incidents of this meeting are attributed to this supplier: count them.")
        raise ValidationError({"incidents": text % words})
    weights = selectors.weights(supplier.org)
    clean = {d: int(v) for d, v in scores.items() if v is not None}
    fields = clean_fields(Rating, {"comment": data.comment or ""})
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                supplier=supplier, meeting=meeting, rated_by=actor if getattr(actor, "pk", None) else None,
                scores=clean, weights=weights, incidents=incidents, score=weighted(clean, weights),
                comment=fields["comment"],
            )  # fmt: skip
    except IntegrityError:
        raise Rated(details={"field": "meeting"}) from None
    log_action("suppliers.rating.added", target=supplier, actor=actor, org=supplier.org,
               data={"meeting": meeting.pk, "score": str(rating.score), "incidents": incidents})  # fmt: skip
    recompute(supplier=supplier, actor=actor)
    return rating


@transaction.atomic
def remove_rating(*, rating: Rating, actor: User | None) -> None:
    supplier = rating.supplier
    log_action("suppliers.rating.removed", target=supplier, actor=actor, org=supplier.org,
               data={"meeting": rating.meeting_id, "score": str(rating.score)})  # fmt: skip
    rating.delete()
    recompute(supplier=supplier, actor=actor)


@transaction.atomic
def set_weights(*, org: Organization, actor: User | None, weights: dict[str, Any]) -> dict[str, int]:
    """The organisation's weights per dimension: whole percentages summing to 100. Ratings already made
    keep the weights of their day."""
    values = {d: _whole((weights or {}).get(d)) for d in Dimension.values}
    if any(v is None or not 0 <= v <= 100 for v in values.values()) or set(weights or {}) - set(values):
        raise Weights(details={"field": "weights"})
    clean = {d: int(v) for d, v in values.items() if v is not None}
    if sum(clean.values()) != 100:
        raise Weights(details={"field": "weights"})
    row, _ = ScoreWeights.objects.select_for_update().get_or_create(org=org)
    before = dict(row.weights)
    row.weights = clean
    row.save()
    log_action("suppliers.weights.changed", target=org, actor=actor, org=org,
               data={"before": before, "after": clean})  # fmt: skip
    return clean


# --- reminders ---


def remind(today: dt.date | None = None) -> int:
    """Tell the organisation's planners once of each qualification document entering
    ``supplier.document_expiry_notice`` (or ended). Returns the reminders sent."""
    from huiwu.notifications.services import claim, in_language, notify

    today = today or timezone.localdate()
    sent = 0
    for org in Organization.objects.all():
        days = selectors.notice_days(org)
        if days is None:
            continue
        told = None
        for document in selectors.expiring(org, today=today, days=days):
            if not claim(org.pk, f"suppliers:document:{document.pk}:{document.expires_on}"):
                continue
            told = told if told is not None else members_with(org, Perm.EDIT_MEETINGS)
            url = reverse("suppliers:detail", kwargs={"org": org.slug, "supplier": document.supplier_id})

            def words(d: Document = document) -> tuple[str, str]:
                title = gettext("Supplier document ending: %(what)s of %(who)s") % {
                    "what": d,
                    "who": d.supplier,
                }
                return title, gettext("Valid until %(day)s") % {"day": str(d.expires_on)}

            for user in told:
                title, body = in_language(user, words)
                notify(user=user, org=org, title=title, body=body, url=url, email=True)
            sent += 1
    return sent
