"""The wrap-up: the KPI review, the summary report, the follow-up, the retrospective, the archive."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .base import In


class KpiRowOut(Schema):
    kpi_id: int
    label: str
    unit: str
    target: str
    actual: str | None
    variance_percent: str | None
    explanation: str
    version: int = Field(description="the result's version (0: none yet)")
    suggested: str | None = Field(description="what the product measured, in the KPI's unit")
    suggested_from: str | None


class KpiActualIn(In):
    kpi_id: int
    actual: str = Field(max_length=30)
    unit: str = Field(max_length=30)
    explanation: str = Field(default="", max_length=2000)
    source: str = "entered"
    version: int = Field(default=0, description="the result's version you saw (0: none yet)")


class SummaryOut(Schema):
    id: int
    meeting_id: int
    status: str
    overview: str
    highlights: str
    improvements: str
    comparison: str
    plan: str
    due_on: dt.date
    deadline: str = Field(description="met, late, open, soon or overdue")
    sent_at: dt.datetime | None
    sent_to: str
    answered_at: dt.datetime | None
    answered_by: str
    answer_note: str
    version: int


class SummaryIn(In):
    version: int
    overview: str | None = Field(default=None, max_length=20_000)
    highlights: str | None = Field(default=None, max_length=20_000)
    improvements: str | None = Field(default=None, max_length=20_000)
    comparison: str | None = Field(default=None, max_length=20_000)
    plan: str | None = Field(default=None, max_length=20_000)


class SummarySendIn(In):
    version: int
    to: str = Field(max_length=254)


class SummaryAnswerIn(In):
    version: int
    accepted: bool
    person: str = Field(max_length=100)
    note: str = Field(default="", max_length=2000)


class FollowUpOut(Schema):
    id: int
    meeting_id: int
    photos_url: str
    video_url: str
    media_due_at: dt.datetime
    media_sent_at: dt.datetime | None
    media_sent: int
    letter: str
    letter_sent_at: dt.datetime | None
    call_task_id: int | None
    call_outcome: str
    call_satisfaction: int | None
    called_at: dt.datetime | None
    version: int


class ClientCallIn(In):
    version: int
    outcome: str = Field(max_length=2000)
    satisfaction: int | None = None
    next_business: str = Field(default="", max_length=300)


class RetroCauseIn(In):
    bone: str = Field(description="people, method, equipment, materials, measurement or environment")
    text: str = Field(default="", max_length=300)
    evidence: str = Field(default="", max_length=120, description="a fact of the meeting, kind:ref")


class RetroActionIn(In):
    title: str = Field(max_length=200)
    assignee_id: int
    due: dt.date
    cause_id: int | None = None


class RetroLessonIn(In):
    text: str = Field(max_length=300)
    kind: str = Field(description="standard or playbook")
    rule_key: str = Field(default="", max_length=80)
    low: str | None = Field(default=None, max_length=30)
    high: str | None = Field(default=None, max_length=30)
    task_title: str = Field(default="", max_length=200)
    task_stage: int | None = None
    task_offset: int | None = None
    cause_id: int | None = None


class LessonDecisionIn(In):
    lesson_id: int
    accept: bool
    reason: str = Field(default="", max_length=300)


class RetroOut(Schema):
    id: int
    meeting_id: int
    held_on: dt.date | None
    departments: str
    problem: str
    causes: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    lessons: list[dict[str, Any]]
    facts: list[dict[str, str]] | None = Field(
        None, description="what a cause may rest on: key, kind, label (GET only)"
    )


class ArchiveOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    client: str
    theme: str
    first_day: dt.date
    last_day: dt.date
    archived_at: dt.datetime
    figures: dict[str, Any]
    documents: list[dict[str, Any]]
    guests: int


class ArchiveDetailOut(ArchiveOut):
    guest_list: list[dict[str, Any]]
    feedback: list[str]
