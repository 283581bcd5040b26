"""On site: the team's posts, checklists and their ticks, the run-of-show cues, incidents and the
organisation's incident timers. Inputs parse formats only; the rules are the services'."""

import datetime as dt

from ninja import Field, Schema

from .base import Clock, Id, In, Moment


class MissingOut(Schema):
    key: str = Field(
        description="the catalogue key (personnel.*), or staff.record for someone without a record"
    )
    text: str


class PostOut(Schema):
    id: int
    meeting_id: int
    role: str
    title: str
    member_id: int | None
    crew_id: int | None = Field(description="the staff record filling the post")
    person: str
    phone: str
    radio: str
    shift_start: dt.time | None = Field(description="local time HH:MM:SS")
    shift_end: dt.time | None = Field(description="local time HH:MM:SS")
    notes: str
    position: int
    filled: bool
    unqualified: list[str] = Field(description="catalogue keys missing when assigned with a reason")
    unqualified_reason: str
    lacking: list[MissingOut] = Field(
        description="what the one filling the post lacks now, for the meeting's days"
    )


class PostIn(In):
    role: str = Field(..., max_length=12, description="coordinator, venue, tech, reception, …")
    title: str = Field("", max_length=100)
    member_id: Id | None = Field(None, description="a member of the organisation, or give `person`")
    crew_id: Id | None = Field(None, description="or someone of the organisation's staff (GET /staff)")
    person: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    radio: str = Field("", max_length=20)
    shift_start: Clock | None = None
    shift_end: Clock | None = None
    notes: str = Field("", max_length=200)
    unqualified_reason: str = Field(
        "", max_length=300,
        description="why someone lacking the post's qualifications is assigned (if the organisation allows)",
    )  # fmt: skip


class PostPatch(In):
    role: str | None = Field(None, max_length=12)
    title: str | None = Field(None, max_length=100)
    member_id: Id | None = None
    crew_id: Id | None = None
    person: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    radio: str | None = Field(None, max_length=20)
    shift_start: Clock | None = None
    shift_end: Clock | None = None
    notes: str | None = Field(None, max_length=200)
    unqualified_reason: str | None = Field(None, max_length=300)


class ChecklistItemOut(Schema):
    text: str
    done_by_name: str = ""
    done_at: str | None = None
    note: str = ""


class ChecklistOut(Schema):
    id: int
    meeting_id: int
    kind: str
    title: str
    due_at: dt.datetime
    items: list[ChecklistItemOut]
    signed_by_id: int | None
    signed_at: dt.datetime | None
    version: int


class TickIn(In):
    index: int = Field(..., ge=0, le=10_000, description="the item's position, from 0")
    done: bool = True
    version: int = Field(..., ge=0, le=2**31, description="the checklist's version you saw")
    note: str = Field("", max_length=200)


class CueOut(Schema):
    id: int
    meeting_id: int
    session_id: int | None
    operation: str
    title: str
    start: dt.datetime
    minutes: int
    room_id: int | None
    responsible_id: int | None
    speaker: str
    notes: str
    status: str
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    remind_before: int
    version: int


class CueIn(In):
    title: str = Field(..., max_length=200)
    start: Moment
    end: Moment
    room_id: Id | None = None
    responsible_id: Id | None = None
    speaker: str = Field("", max_length=200)
    notes: str = Field("", max_length=5000)
    remind_before: int = Field(5, ge=0, le=240)


class CueChangeIn(CueIn):
    version: int = Field(..., ge=0, le=2**31, description="the cue's version you saw; an older one is a 409")


class CueStatusIn(In):
    status: str = Field(..., max_length=10, description="pending, standby, live, done or skipped")
    version: int = Field(..., ge=0, le=2**31, description="the cue's version you saw; an older one is a 409")


class IncidentUpdateOut(Schema):
    at: dt.datetime
    kind: str
    text: str
    user_id: int | None


class IncidentOut(Schema):
    id: int
    meeting_id: int
    number: int
    tier: str
    category: str
    title: str
    description: str
    location: str
    status: str
    reported_at: dt.datetime
    reported_by_id: int | None
    owner_id: int | None
    minutes: dict
    responded_at: dt.datetime | None
    decided_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    escalation: int
    plan_id: int | None
    plan_activated_at: dt.datetime | None
    cause: str
    fix: str
    compensation: str
    interrupted: bool


class IncidentDetailOut(IncidentOut):
    updates: list[IncidentUpdateOut]


class IncidentIn(In):
    tier: str = Field(..., max_length=10, description="general, important or major")
    category: str = Field("other", max_length=20)
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    location: str = Field("", max_length=200)
    supplier_id: Id | None = Field(None, description="the supplier whose part failed (counted in its record)")


class TextIn(In):
    text: str = Field(..., max_length=5000)


class DecideIn(In):
    text: str = Field("", max_length=5000)


class ActivatePlanIn(In):
    plan_id: Id


class ResolveIn(In):
    cause: str = Field("", max_length=5000)
    fix: str = Field("", max_length=5000)
    compensation: str = Field("", max_length=5000)
    interrupted: bool | None = None


class PolicyOut(Schema):
    """The incident timers the service standards give (change them through `/standards`), the
    catalogue version they come from, and the duty manager."""

    minutes: dict[str, dict[str, float]] = Field(
        ..., description='per tier and stage, e.g. {"general": {"respond": 3, "resolve": 10}, …}'
    )
    update_every: int = Field(..., description="minutes between a major incident's updates (0: none)")
    standards_version: int
    duty_manager_id: int | None


class PolicyIn(In):
    duty_manager_id: Id | None = None
