"""The shared run sheet (the team's side) and the supplier portal (a supplier's person's side)."""

import datetime as dt

from ninja import Field, Schema

from .base import Id, In, Moment
from .suppliers import QuoteOut


class SheetLineOut(Schema):
    id: int
    supplier_id: int | None = Field(description="none: a line of the agency's own team")
    supplier: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    task: str
    person: str
    phone: str
    counterpart: str
    radio: str
    edited: bool = Field(description="changed by hand: a rebuild leaves it as it is")


class SheetLineIn(In):
    supplier_id: Id | None = None
    starts_at: Moment
    ends_at: Moment
    place: str = Field("", max_length=200)
    task: str = Field(..., max_length=300)
    person: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    counterpart: str = Field("", max_length=100)
    radio: str = Field("", max_length=20)


class SheetLinePatch(In):
    supplier_id: Id | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    place: str | None = Field(None, max_length=200)
    task: str | None = Field(None, max_length=300)
    person: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    counterpart: str | None = Field(None, max_length=100)
    radio: str | None = Field(None, max_length=20)


class AckOut(Schema):
    supplier_id: int
    supplier: str
    acknowledged_at: dt.datetime | None
    by: str


class VersionOut(Schema):
    id: int
    number: int
    published_at: dt.datetime
    note: str
    changes: dict[str, list[str]] = Field(
        description="per supplier id ('' for the team): what changed, in words"
    )
    acknowledgements: list[AckOut]


class RunSheetOut(Schema):
    lines: list[SheetLineOut]
    latest: VersionOut | None


class BuiltOut(Schema):
    changed: int = Field(description="lines made, moved or removed")


class PublishIn(In):
    note: str = Field("", max_length=300)


class PortalInviteIn(In):
    email: str = Field(..., max_length=254)


class PortalInviteOut(Schema):
    id: int
    email: str
    expires_at: dt.datetime


# --- the portal ---


class PortalMeetingOut(Schema):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date
    city: str


class AssignmentOut(Schema):
    supplier_id: int
    supplier: str
    organisation: str
    meetings: list[PortalMeetingOut]


class PartLineOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    task: str
    person: str
    phone: str
    counterpart: str
    radio: str


class SheetContactOut(Schema):
    who: str
    what: str
    phone: str
    radio: str


class PortalSheetOut(Schema):
    version_id: int
    number: int
    published_at: dt.datetime
    note: str
    changes: list[str]
    lines: list[PartLineOut]
    contacts: list[SheetContactOut]
    acknowledged_at: dt.datetime | None
    outdated: bool = Field(description="a newer version has no part for this supplier")


class PortalAssignmentOut(Schema):
    meeting: PortalMeetingOut
    venue: str
    duties: list[str]
    run_sheet: PortalSheetOut | None
    quotes: list[QuoteOut]


class AcknowledgeIn(In):
    version_id: Id


class AckDoneOut(Schema):
    version_id: int
    acknowledged_at: dt.datetime


class ReportIn(In):
    text: str = Field(..., max_length=2000)
    place: str = Field("", max_length=200)


class ReportOut(Schema):
    incident_id: int | None = Field(description="on the meeting's days: the incident opened")
    task_id: int | None = Field(description="before the meeting: the project manager's task")
