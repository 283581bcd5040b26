from datetime import date

from ninja import Field, Schema

from huiwu.events.enums import MeetingMode, MeetingType, Stage

from .base import In


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
    client_id: int | None = None
    theme: str = Field("", max_length=200)
    meeting_type: MeetingType = MeetingType.SUMMIT
    mode: MeetingMode = MeetingMode.ONSITE
    stage: Stage = Stage.INTAKE
    start_date: date
    end_date: date
    city: str = Field("", max_length=100)
    expected_attendance: int = Field(0, ge=0, le=1_000_000)


class MeetingPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    client_id: int | None = None
    theme: str | None = Field(None, max_length=200)
    meeting_type: MeetingType | None = None
    mode: MeetingMode | None = None
    stage: Stage | None = None
    start_date: date | None = None
    end_date: date | None = None
    city: str | None = Field(None, max_length=100)
    expected_attendance: int | None = Field(None, ge=0, le=1_000_000)


class MeetingOut(Schema):
    id: int
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
