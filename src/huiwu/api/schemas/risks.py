"""The risk register of a meeting, its contingency plans (Plan B) and their drills."""

import datetime as dt

from ninja import Field, Schema

from huiwu.risks.enums import Category, RiskStatus

from .base import Day, Id, In


class RiskOut(Schema):
    id: int
    meeting_id: int
    category: str
    title: str
    likelihood: int
    impact: int
    score: int
    owner_id: int | None
    mitigation: str
    review_date: dt.date | None
    status: str
    suggested: bool


class RiskIn(In):
    category: Category
    title: str = Field(..., min_length=1, max_length=200)
    likelihood: int = Field(3, ge=1, le=5)
    impact: int = Field(3, ge=1, le=5)
    owner_id: Id | None = Field(None, description="a member of the organisation")
    mitigation: str = Field("", max_length=5000)
    review_date: Day | None = None
    status: RiskStatus = RiskStatus.OPEN


class RiskPatch(In):
    category: Category | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    likelihood: int | None = Field(None, ge=1, le=5)
    impact: int | None = Field(None, ge=1, le=5)
    owner_id: Id | None = None
    mitigation: str | None = Field(None, max_length=5000)
    review_date: Day | None = None
    status: RiskStatus | None = None


class StepIO(Schema):
    text: str = Field(..., max_length=200)
    owner: str = Field("", max_length=60)
    minutes: int = Field(..., ge=0, le=100_000, description="the step's time limit")


class DrillOut(Schema):
    id: int
    plan_id: int
    held_on: dt.date
    participants: str
    findings: str


class PlanOut(Schema):
    id: int
    risk_id: int
    title: str
    trigger: str
    steps: list[StepIO]
    resources: str
    notify: str
    drills: list[DrillOut]


class PlanIn(In):
    title: str = Field(..., min_length=1, max_length=200)
    trigger: str = Field(..., min_length=1, max_length=300)
    steps: list[StepIO] = Field(..., min_length=1, max_length=100)
    resources: str = Field("", max_length=5000)
    notify: str = Field("", max_length=300)


class DrillIn(In):
    held_on: Day
    participants: str = Field(..., min_length=1, max_length=300)
    findings: str = Field("", max_length=5000)


class DeadlineOut(Schema):
    """A watched deadline of the service standards: met (or late), open, due soon or overdue."""

    key: str
    label: str
    due_on: dt.date
    done_at: dt.datetime | None
    state: str
    stage: int


class IssuedReportOut(Schema):
    number: int
    issued_at: dt.datetime
    issued_by_id: int | None
    standards_version: int
    risks: int


class BackupConfirmationIn(In):
    contact_id: Id


class BackupConfirmationOut(Schema):
    contact_id: int
    confirmed_at: dt.datetime
    recorded_by_id: int | None
