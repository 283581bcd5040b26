"""The agency's staff: people (phones masked; the full number by the audited reveal), certificates and
training. Hours travel as decimal strings, exactly as held."""

import datetime as dt

from ninja import Field, Schema

from .base import Day, Id, In


class CertificateOut(Schema):
    id: int
    kind: str = Field(description="health, first_aid, vendor, etiquette or language")
    detail: str
    number: str
    issuer: str
    issued_on: dt.date
    expires_on: dt.date | None
    has_scan: bool


class TrainingOut(Schema):
    id: int
    course: str
    hours: str
    taken_on: dt.date
    provider: str


class PersonOut(Schema):
    id: int
    name: str
    member_id: int | None
    mobile: str = Field(description="masked (138****0000); POST /staff/{id}/reveal for the full number")
    working_since: dt.date | None
    notes: str
    version: int
    training_hours: str = Field(description="hours of training recorded this calendar year")
    certificates: list[CertificateOut]


class PersonIn(In):
    name: str = Field("", max_length=100, description="empty for a member: the member's name")
    member_id: Id | None = None
    mobile: str = Field("", max_length=40)
    working_since: Day | None = None
    notes: str = Field("", max_length=200)


class PersonPatch(In):
    version: int = Field(..., ge=0, description="the version read; an older one is refused (409)")
    name: str | None = Field(None, max_length=100)
    member_id: Id | None = None
    mobile: str | None = Field(None, max_length=40)
    working_since: Day | None = None
    notes: str | None = Field(None, max_length=200)


class CertificateIn(In):
    kind: str = Field(..., max_length=12, description="health, first_aid, vendor, etiquette or language")
    detail: str = Field("", max_length=100, description="the vendor, or the language")
    number: str = Field("", max_length=60)
    issuer: str = Field("", max_length=100)
    issued_on: Day
    expires_on: Day | None = Field(None, description="after issued_on; empty: no expiry")


class TrainingIn(In):
    course: str = Field(..., max_length=200)
    hours: str = Field(..., max_length=8, description="more than 0, at most 200, one decimal")
    taken_on: Day
    provider: str = Field("", max_length=100)


class ExpiringOut(Schema):
    certificate: CertificateOut
    person_id: int
    person: str


class ShortOut(Schema):
    person_id: int
    person: str
    hours: str


class AttentionOut(Schema):
    notice_days: int | None = Field(description="personnel.certificate_expiry_notice; null: not in force")
    training_hours: str | None = Field(description="personnel.training_hours; null: not in force")
    expiring: list[ExpiringOut]
    short_of_training: list[ShortOut]


class PhoneOut(Schema):
    mobile: str
