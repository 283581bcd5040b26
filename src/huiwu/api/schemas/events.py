from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from huiwu.clients.models import Channel, ContactRole
from huiwu.events.enums import Dimension, KPIKind, MeetingMode, MeetingType, Priority, Stage, TaskStatus

from .base import Day, Id, In, Moment

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class ClientIn(In):
    name: str = Field(min_length=1, max_length=200)
    industry: str = Field("", max_length=100)
    size: str = Field("", max_length=50)
    notes: str = Field("", max_length=5000)


class ClientPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    industry: str | None = Field(None, max_length=100)
    size: str | None = Field(None, max_length=50)
    notes: str | None = Field(None, max_length=5000)


class ClientOut(Schema):
    id: int
    name: str
    industry: str
    size: str
    notes: str


class MeetingIn(In):
    name: str = Field(min_length=1, max_length=200)
    client_id: Id | None = None
    theme: str = Field("", max_length=200)
    meeting_type: MeetingType = MeetingType.SUMMIT
    mode: MeetingMode = MeetingMode.ONSITE
    stage: Stage = Stage.INTAKE
    start_date: Day
    end_date: Day
    city: str = Field("", max_length=100)
    expected_attendance: int = Field(0, ge=0, le=1_000_000)
    start_time: str = Field("09:00", pattern=HHMM, description="Local time, HH:MM")
    end_time: str = Field("18:00", pattern=HHMM, description="Local time, HH:MM")
    budget_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    budget_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class MeetingPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    client_id: Id | None = None
    theme: str | None = Field(None, max_length=200)
    meeting_type: MeetingType | None = None
    mode: MeetingMode | None = None
    stage: Stage | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    city: str | None = Field(None, max_length=100)
    expected_attendance: int | None = Field(None, ge=0, le=1_000_000)
    start_time: str | None = Field(None, pattern=HHMM, description="Local time, HH:MM")
    end_time: str | None = Field(None, pattern=HHMM, description="Local time, HH:MM")
    budget_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    budget_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    version: int | None = Field(
        None, ge=1, le=2**31, description="the version you read; a stale one is a 409 stale_version"
    )


class MeetingOut(Schema):
    id: int
    version: int
    name: str
    client_id: int | None
    theme: str
    meeting_type: str
    mode: str
    stage: int
    start_date: date
    end_date: date
    city: str
    expected_attendance: int
    start_time: str = Field(description="Local time, HH:MM")
    end_time: str = Field(description="Local time, HH:MM")
    timezone: str

    @staticmethod
    def resolve_start_time(obj) -> str:
        return obj.start_time.strftime("%H:%M")

    @staticmethod
    def resolve_end_time(obj) -> str:
        return obj.end_time.strftime("%H:%M")

    budget_min: Decimal | None
    budget_max: Decimal | None
    report_approved_at: datetime | None


class TaskOut(Schema):
    id: int
    meeting_id: int | None
    title: str
    stage: int
    status: str
    due_at: datetime
    assignee_id: int | None
    role: str
    deliverable: str
    checklist: list
    rescheduled: bool


class TaskPatch(In):
    title: str | None = Field(None, min_length=1, max_length=200)
    status: TaskStatus | None = None
    assignee_id: Id | None = None
    deliverable: str | None = Field(None, max_length=200)
    due_date: Day | None = None


class KPIIn(In):
    kind: KPIKind = KPIKind.OTHER
    name: str = Field("", max_length=100)
    target: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    unit: str = Field(min_length=1, max_length=30)
    measured_by: str = Field("", max_length=200)


class KPIOut(Schema):
    id: int
    kind: str
    name: str
    target: Decimal
    unit: str
    measured_by: str
    actual: Decimal | None


class RequirementIn(In):
    dimension: Dimension
    title: str = Field(min_length=1, max_length=200)
    detail: str = Field("", max_length=5000)
    priority: Priority = Priority.MUST
    requested_by_id: Id | None = None


class RequirementOut(Schema):
    id: int
    dimension: str
    title: str
    detail: str
    priority: str
    requested_by_id: int | None


class StageIn(In):
    to_stage: Stage
    reason: str = Field("", max_length=2000)


class GateOut(Schema):
    stage: int
    missing: list[str]


class ContactIn(In):
    name: str = Field(min_length=1, max_length=100)
    role: ContactRole = ContactRole.MEETING_OWNER
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)  # checked as an e-mail address by the model
    wechat: str = Field("", max_length=60)


class ContactOut(Schema):
    id: int
    name: str
    role: str
    title: str
    phone: str
    email: str
    wechat: str


class CommunicationIn(In):
    meeting_id: Id | None = None
    happened_at: Moment
    channel: Channel = Channel.MEETING
    participants: str = Field("", max_length=300)
    notes: str = Field("", max_length=10000)
    outcome: str = Field("", max_length=5000)
    follow_up: str = Field("", max_length=200, description="Becomes a task on the meeting (needs meeting_id)")
    follow_up_due: Day | None = None
    follow_up_assignee_id: Id | None = None


class CommunicationOut(Schema):
    id: int
    meeting_id: int | None
    happened_at: datetime
    channel: str
    participants: str
    notes: str
    outcome: str


class CommentIn(In):
    body: str = Field(min_length=1, max_length=5000)


class CommentOut(Schema):
    id: int
    author_id: int | None
    body: str
    created_at: datetime


class ApprovalIn(In):
    contact_id: Id


class TemplateTaskOut(Schema):
    id: int
    key: str
    title: str
    stage: int
    anchor: str
    offset: int
    unit: str
    role: str
    deliverable: str
    checklist: list
    depends_on: list[int]

    @staticmethod
    def resolve_depends_on(obj) -> list[int]:
        return [d.pk for d in obj.depends_on.all()]


class PlaybookOut(Schema):
    id: int
    name: str
    meeting_type: str


class PlaybookDetailOut(PlaybookOut):
    tasks: list[TemplateTaskOut]

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.prefetch_related("depends_on"))


class TemplateTaskIn(In):
    title: str = Field(min_length=1, max_length=200)
    stage: Stage
    anchor: Literal["start", "end"] = "start"
    offset: int = Field(ge=-576000, le=576000)
    unit: Literal["days", "workdays", "minutes"] = "days"
    duration_days: int = Field(1, ge=1, le=365)
    role: str = Field("project_manager", max_length=30)
    deliverable: str = Field("", max_length=200)
    checklist: list[str] = Field(default_factory=list, max_length=30)
    depends_on: list[Id] = Field(default_factory=list, max_length=50)
