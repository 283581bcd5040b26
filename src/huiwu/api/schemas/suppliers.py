"""Suppliers: the record with its tier and what it rests on, contacts (phones masked), qualification
documents (the scan is added on the supplier's page), cases, equipment failures, ratings and the score
weights. Scores and rates travel as decimal strings, exactly as held."""

import datetime as dt

from ninja import Field, Schema

from .base import Day, Id, In, Moment


class SupplierContactOut(Schema):
    id: int
    name: str
    role: str
    mobile: str = Field(description="masked (138****0000)")
    email: str
    emergency: bool


class DocumentOut(Schema):
    id: int
    kind: str = Field(description="licence, permit, certification, insurance or other")
    title: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    has_file: bool


class CaseOut(Schema):
    id: int
    title: str
    client: str
    year: int
    attendance: int
    equipment_units: int
    reference: str


class FailureOut(Schema):
    id: int
    happened_on: dt.date
    equipment: str
    units: int
    note: str
    case_id: int | None


class RatingOut(Schema):
    id: int
    meeting_id: int
    scores: dict[str, int]
    weights: dict[str, int]
    score: str
    incidents: int
    comment: str


class SupplierOut(Schema):
    id: int
    name: str
    credit_code: str
    categories: list[str]
    cities: list[str]
    website: str
    address: str
    notes: str
    tier: str = Field(description="the tier as it stands: set by hand, else computed")
    computed_tier: str
    tier_level: int | None = Field(description="tier A holds for meetings up to this many people")
    manual_tier: str
    manual_reason: str
    explanation: list[str]
    score: str | None = Field(description="the mean of the ratings' weighted scores, of 5")
    blacklisted: bool
    blacklist_reason: str
    version: int


class SupplierDetailOut(SupplierOut):
    contacts: list[SupplierContactOut]
    documents: list[DocumentOut]
    cases: list[CaseOut]
    failures: list[FailureOut]
    ratings: list[RatingOut]


class SupplierIn(In):
    name: str = Field(..., max_length=200)
    credit_code: str = Field(
        "", max_length=40, description="unified social credit code, check character verified"
    )
    categories: list[str] = Field(
        ..., max_length=10, description="venue, av, catering, design, translation, …"
    )
    cities: list[str] = Field([], max_length=40)
    website: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    notes: str = Field("", max_length=2000)


class SupplierPatch(In):
    version: int = Field(..., ge=0, description="the version read; an older one is refused (409)")
    name: str | None = Field(None, max_length=200)
    credit_code: str | None = Field(None, max_length=40)
    categories: list[str] | None = Field(None, max_length=10)
    cities: list[str] | None = Field(None, max_length=40)
    website: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    notes: str | None = Field(None, max_length=2000)


class SupplierContactIn(In):
    name: str = Field(..., max_length=100)
    role: str = Field("", max_length=100)
    mobile: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    emergency: bool = False


class DocumentIn(In):
    kind: str = Field(..., max_length=16)
    title: str = Field("", max_length=200)
    number: str = Field("", max_length=60)
    issued_on: Day | None = None
    expires_on: Day | None = Field(None, description="after issued_on; empty: no expiry")


class CaseIn(In):
    title: str = Field(..., max_length=200)
    client: str = Field("", max_length=200)
    year: int = Field(..., ge=1900, le=2200, description="not in the future")
    attendance: int = Field(..., ge=1, le=10_000_000)
    equipment_units: int = Field(0, ge=0, le=10_000_000)
    reference: str = Field("", max_length=200)


class FailureIn(In):
    happened_on: Day
    equipment: str = Field(..., max_length=200)
    units: int = Field(1, ge=1, le=10_000_000)
    note: str = Field("", max_length=300)
    case_id: Id | None = None


class RatingIn(In):
    meeting_id: Id
    scores: dict[str, int] = Field(..., description="every dimension 1-5: punctuality, quality, …")
    incidents: int | None = Field(
        None,
        ge=0,
        le=10_000,
        description="none: the on-site incidents attributed to the supplier are counted",
    )
    comment: str = Field("", max_length=500)


class TierIn(In):
    tier: str = Field(..., max_length=1, description="A, B or C; empty: as computed")
    reason: str = Field("", max_length=300, description="required when a tier is set")


class BlacklistReasonIn(In):
    reason: str = Field(..., max_length=300)


class WeightsIn(In):
    weights: dict[str, int] = Field(..., description="whole percentages per dimension, summing to 100")


class WeightsOut(Schema):
    weights: dict[str, int]


# --- selection for a meeting ---


class NeedIn(In):
    category: str = Field(..., max_length=20)
    title: str = Field(..., max_length=200)
    quantity: int | None = Field(None, ge=1, le=10_000_000)
    unit: str = Field("", max_length=20)
    note: str = Field("", max_length=300)


class CandidateSummaryOut(Schema):
    id: int
    supplier_id: int
    supplier: str
    standing: str


class NeedOut(Schema):
    id: int
    category: str
    title: str
    quantity: int | None
    unit: str
    source: str
    critical: bool
    candidates: list[CandidateSummaryOut]


class GapOut(Schema):
    need_id: int
    text: str


class NeedsOut(Schema):
    needs: list[NeedOut]
    gaps: list[GapOut]


class QuoteLineOut(Schema):
    item: str
    quantity: str
    unit: str
    unit_price: str | None
    amount: str | None


class QuoteOut(Schema):
    id: int
    answer_by: dt.date | None
    issued_on: dt.date | None
    valid_until: dt.date | None
    answered: bool
    total: str | None
    notes: str
    lines: list[QuoteLineOut]


class CandidateOut(Schema):
    id: int
    need_id: int
    supplier_id: int
    supplier: str
    tier: str = Field(description="the supplier's tier for this meeting's size")
    score: str | None
    standing: str
    inspected_on: dt.date | None
    inspection: str
    inspection_notes: str
    review: list[str] = Field(description="the qualification review's items confirmed")
    trial: str
    trial_notes: str
    reason: str
    version: int
    missing: list[str] = Field(description="what keeps it from being chosen")
    quotes: list[QuoteOut]


class OptionOut(Schema):
    supplier_id: int
    supplier: str
    tier: str
    score: str | None
    serves_city: bool


class NeedDetailOut(NeedOut):
    comparison: list[CandidateOut]
    shortlist: list[OptionOut]


class CandidateIn(In):
    supplier_id: Id


class LineIn(In):
    item: str = Field(..., max_length=200)
    quantity: str = Field(..., max_length=14, description="above 0, two decimals at most")
    unit: str = Field("", max_length=20)


class QuoteRequestIn(In):
    lines: list[LineIn] = Field(..., max_length=200)
    answer_by: Day | None = None


class QuoteAnswerIn(In):
    prices: list[str] = Field(
        ..., max_length=200, description="a unit price per line, yuan, two decimals at most"
    )
    issued_on: Day
    valid_until: Day
    notes: str = Field("", max_length=500)


class InspectionIn(In):
    inspected_on: Day
    inspection: str = Field(..., max_length=4, description="pass or fail")
    inspection_notes: str = Field("", max_length=500)
    version: int | None = None


class ReviewIn(In):
    items: list[str] = Field(..., max_length=10, description="licence, permits, insurance, references, staff")
    version: int | None = None


class TrialIn(In):
    trial: str = Field(..., max_length=6, description="pass, fail or waived (then the notes say why)")
    trial_notes: str = Field("", max_length=500)
    version: int | None = None


class ChooseIn(In):
    reason: str = Field(..., max_length=500)
    version: int | None = None


class StandingIn(In):
    standing: str = Field(..., max_length=12, description="backup, shortlisted or dropped")
    version: int | None = None


# --- the kickoff ---


class DutyOut(Schema):
    id: int
    supplier_id: int
    supplier: str
    text: str


class ActionOut(Schema):
    task_id: int
    title: str
    owner_id: int | None
    due: dt.date


class KickoffOut(Schema):
    held_at: dt.datetime
    place: str
    agenda: str
    minutes: str
    supplier_ids: list[int]
    member_ids: list[int]
    actions: list[ActionOut]
    version: int


class KickoffIn(In):
    held_at: Moment
    place: str = Field("", max_length=200)
    agenda: str = Field("", max_length=4000)
    minutes: str = Field("", max_length=10000)
    supplier_ids: list[Id] = Field([], max_length=100, description="suppliers chosen or kept as backup")
    member_ids: list[Id] = Field([], max_length=200)
    version: int | None = None


class DutyIn(In):
    supplier_id: Id
    text: str = Field(..., max_length=300)


class ActionIn(In):
    title: str = Field(..., max_length=200)
    owner_id: Id
    due: Day
