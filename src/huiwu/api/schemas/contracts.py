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
