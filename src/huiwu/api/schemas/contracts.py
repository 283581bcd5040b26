"""The clause library: clauses (versioned texts with typed variables) and contract templates."""

import datetime as dt

from ninja import Field, Schema

from .base import Id, In


class ClauseOut(Schema):
    id: int
    key: str
    title: str
    kind: str = Field(description="standard or flexible")
    topic: str
    text: str
    version: int
    variables: list[str] = Field(description="the variables the text uses")


class ClauseVersionOut(Schema):
    number: int
    title: str
    text: str
    reason: str
    created_at: dt.datetime


class ClauseDetailOut(ClauseOut):
    versions: list[ClauseVersionOut]


class ClauseIn(In):
    key: str = Field(..., max_length=60, description="letters, digits, hyphens; kept once made")
    title: str = Field(..., max_length=200)
    kind: str = Field("standard", max_length=10)
    topic: str = Field("other", max_length=12)
    text: str = Field(..., max_length=10000)
    reason: str = Field("", max_length=300)


class ClausePatch(In):
    version: int = Field(..., ge=0, description="the version the editor saw (a newer one: 409)")
    title: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=10)
    topic: str | None = Field(None, max_length=12)
    text: str | None = Field(None, max_length=10000)
    reason: str = Field("", max_length=300)


class VariableOut(Schema):
    name: str
    label: str
    source: str


class TemplateOut(Schema):
    id: int
    kind: str = Field(description="supplier, client or venue")
    name: str
    clause_ids: list[int] = Field(description="in order")


class TemplateIn(In):
    kind: str = Field(..., max_length=10)
    name: str = Field(..., max_length=200)
    clause_ids: list[Id] = Field(..., max_length=100)


class ContractClauseOut(Schema):
    title: str
    text: str


class ApprovalOut(Schema):
    role: str
    by: str
    at: dt.datetime


class ContractOut(Schema):
    id: int
    number: str
    meeting_id: int
    kind: str
    title: str
    supplier_id: int | None
    client_id: int | None
    quote_id: int | None
    total: str = Field(description="yuan, two decimals")
    currency: str
    state: str
    version: int
    clauses: list[ContractClauseOut]
    approvals: list[ApprovalOut] = Field(description="of the current version")
    document_id: str = Field(description="number and version, printed on every page of the PDF")
    sha256: str = Field(description="of the contract's content, printed on every page of the PDF")


class DraftIn(In):
    template_id: Id
    supplier_id: Id | None = Field(
        None, description="one of the meeting's chosen suppliers (its accepted quote)"
    )
    client: bool = Field(False, description="the meeting's client instead")
    total: str | None = Field(None, max_length=20, description="the client agreement's amount, yuan")


class ClausesIn(In):
    version: int = Field(..., ge=0)
    clauses: list[ContractClauseOut] = Field(..., max_length=100)
    reason: str = Field("", max_length=300)


class ApproveIn(In):
    role: str = Field(..., max_length=10, description="finance or pm")


# --- signing ---


class SendIn(In):
    signatory_id: Id = Field(description="the agency's signatory: a member with the finance role")
    party_user_id: Id | None = Field(None, description="the supplier's signer: one of its portal people")
    contact_id: Id | None = Field(None, description="the client's signer: one of its contacts with an e-mail")


class SignerOut(Schema):
    sending: int
    side: str
    name: str
    signed_at: dt.datetime | None
    ip: str | None
    sha256_before: str = Field(description="the PDF this signature signed")
    sha256_after: str = Field(description="the PDF with this signature")
    withdrawn: bool


class SigningOut(Schema):
    state: str
    signers: list[SignerOut]
    signed_pdf_sha256: str | None
    check: str | None = Field(description="the stored signed PDF checked now: good, or what is wrong")


class CodeOut(Schema):
    sent_to: str = Field(description="the signer's e-mail, masked")


class SignIn(In):
    code: str = Field(..., max_length=12)
    seen: str = Field(..., max_length=64, description="the SHA-256 of the content shown (ContractOut.sha256)")


class PaperIn(In):
    signed_on: dt.date
    scan_base64: str = Field(
        ..., max_length=28_000_000, description="PDF, JPEG or PNG, base64; at most 20 MB"
    )


class EndIn(In):
    reason: str = Field("", max_length=300)


# --- money ---


class MilestoneIn(In):
    name: str = Field(..., max_length=60)
    share: str = Field(..., max_length=10, description="percent, two decimals at most")
    anchor: str = Field(..., max_length=10, description="signed, start (T) or end")
    days: int = Field(0, ge=-366, le=366)
    working_days: bool = False


class MilestonesIn(In):
    milestones: list[MilestoneIn] = Field(..., min_length=1, max_length=12)


class TermsIn(In):
    currency: str = Field("CNY", max_length=3)
    rate: str | None = Field(None, max_length=20, description="yuan per unit; required unless CNY")
    technical_fee: str = Field("0", max_length=20)
    change_price: str = Field("0", max_length=20)
    free_change_people: int = Field(50, ge=0, le=100_000)
    free_change_days: int = Field(15, ge=0, le=365)


class InvoiceIn(In):
    number: str = Field(..., max_length=40)
    amount: str = Field(..., max_length=20)
    tax_rate: str = Field(..., max_length=10)
    received_on: dt.date
    currency: str | None = Field(None, max_length=3, description="must be the contract's")


class PaymentIn(In):
    amount: str = Field(..., max_length=20)
    paid_on: dt.date
    reference: str = Field(..., max_length=100)
    currency: str | None = Field(None, max_length=3, description="must be the contract's")


class InvoiceOut(Schema):
    id: int
    number: str
    amount: str
    currency: str
    tax_rate: str
    received_on: dt.date


class PaymentOut(Schema):
    id: int
    amount: str
    currency: str
    paid_on: dt.date
    reference: str


class MilestoneOut(Schema):
    id: int
    name: str
    share: str
    amount: str
    anchor: str
    days: int
    working_days: bool
    due_on: dt.date | None
    paid: str
    left: str
    overdue: bool
    invoices: list[InvoiceOut]
    payments: list[PaymentOut]


class AdjustmentOut(Schema):
    id: int
    kind: str
    basis: str
    base: str
    share: str
    amount: str
    state: str
    reason: str
    incident_id: int | None
    decided_at: dt.datetime | None


class AttendanceIn(In):
    delta: int = Field(..., ge=-100_000, le=100_000)
    asked_on: dt.date


class AttendanceOut(Schema):
    id: int
    delta: int
    asked_on: dt.date
    free_people: int
    charged_people: int
    charge: str
    rule: str


class MoneyOut(Schema):
    currency: str
    rate: str | None
    total: str
    net_total: str = Field(description="total + attendance charges − accepted credits")
    technical_fee: str
    free_change_people: int
    free_change_days: int
    change_price: str
    smoothness: str | None
    milestones: list[MilestoneOut]
    attendance_changes: list[AttendanceOut]
    adjustments: list[AdjustmentOut]


class SmoothnessIn(In):
    percent: str = Field(..., max_length=10)


class AdjustmentDecisionIn(In):
    accept: bool
    reason: str = Field("", max_length=300)


class CalendarRowOut(Schema):
    due_on: dt.date
    contract_id: int
    number: str
    meeting_id: int
    party: str
    milestone_id: int
    milestone: str
    amount: str
    currency: str
    paid: str
    left: str
    overdue: bool


class CommittedOut(Schema):
    committed: str = Field(description="signed supplier and venue contracts, net, in yuan")
    paid: str = Field(description="paid on them, in yuan")


class PortalContractOut(Schema):
    id: int
    number: str
    title: str
    organisation: str
    meeting_id: int
    total: str
    currency: str
    state: str
    sha256: str | None = Field(
        description="the content sent for signature: send it back as `seen` when signing"
    )
    yours_to_sign: bool
    signed_by_you_at: dt.datetime | None
