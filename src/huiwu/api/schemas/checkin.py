import datetime as dt

from ninja import Field, Schema

from .base import In, Moment


class ScanIn(In):
    badge: str = Field(max_length=20_000, description="the QR payload as scanned")
    gate: int = Field(ge=1, le=2**63 - 1)
    scan_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")
    scanned_at: Moment | None = Field(None, description="device time (offline scans); default: now")
    device_status: str = Field(
        "",
        max_length=20,
        description="offline scans: the status the device showed (for the review of clashes)",
    )


class BatchIn(In):
    scans: list[ScanIn] = Field(max_length=1000)


class ScanAttendee(Schema):
    id: int
    name: str
    category: str
    category_label: str
    organisation: str
    note: str


class FirstCheckIn(Schema):
    gate: str
    at: dt.datetime


class ScanOut(Schema):
    scan_id: str
    status: str = Field(
        description="accepted | already_checked_in | invalid | revoked | not_allowed | wrong_meeting"
    )
    reason: str
    attendee: ScanAttendee | None
    first_checkin: FirstCheckIn | None


class BatchOut(Schema):
    results: list[ScanOut]


class SearchHit(Schema):
    id: int
    meeting_id: int
    name: str
    organisation: str
    category: str
    category_label: str
    mobile_masked: str
    status: str
    checked_in_today: bool


class SignedList(Schema):
    list: str
    signature: str
    key: str


class PairIn(In):
    code: str = Field(min_length=1, max_length=100)


class PairOut(Schema):
    token: str
    gate: int
    gate_name: str
    meeting: int
