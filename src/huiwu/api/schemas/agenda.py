import datetime as dt

from ninja import Field, Schema

from .base import In


class GridRoomOut(Schema):
    id: int
    name: str
    capacity: int


class SlotOut(Schema):
    id: int
    date: dt.date
    start: str = Field(description="local time HH:MM", pattern=r"^\d{2}:\d{2}$")
    duration: int


class SessionOut(Schema):
    id: int
    title: str
    title_en: str
    session_type: str
    kind: str
    duration: int
    audience: int
    room_id: int | None
    slot_id: int | None
    pinned: bool
    plenary: bool
    tags: list[str]
    speaker_ids: list[int]


class ProblemOut(Schema):
    code: str
    message: str
    sessions: list[int]


class AgendaOut(Schema):
    published_at: dt.datetime | None
    version: int
    public_url: str | None
    rooms: list[GridRoomOut]
    slots: list[SlotOut]
    sessions: list[SessionOut]
    problems: list[ProblemOut]


class MoveIn(In):
    room_id: int | None = Field(None, ge=1, le=2**53)
    slot_id: int | None = Field(None, ge=1, le=2**53)


class ScheduleIn(In):
    replan_all: bool = False
    time_limit: int = Field(20, ge=1, le=300)


class PublishOut(Schema):
    version: int
    changed_sessions: list[int]


class MoveOut(Schema):
    session_id: int
    before_room_id: int | None
    before_slot_id: int | None
    room_id: int | None
    slot_id: int | None


class ProposalOut(Schema):
    id: int
    status: str = Field(description="proposed | applied | undone | discarded | stale")
    source: str = Field(description="solver | file")
    objective: int | None
    optimal: bool
    moves: list[MoveOut]
    problems: list[str] = Field(description="rule problems the agenda would have once applied")
