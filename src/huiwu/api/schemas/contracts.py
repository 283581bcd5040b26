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
