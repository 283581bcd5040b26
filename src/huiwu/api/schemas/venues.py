"""The venue catalogue (venues, rooms), holds and bookings of rooms for a meeting, and the evaluation
of candidate venues with the recorded choice."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from huiwu.venues.enums import Layout

from .base import Id, In


def _money(default=None):
    return Field(default, ge=0, max_digits=12, decimal_places=2)


class VenueOut(Schema):
    id: int
    name: str
    city: str
    address: str
    contact_name: str
    contact_phone: str
    airport_minutes: int | None
    rail_minutes: int | None
    step_free: bool
    lifts: bool
    accessible_toilets: bool
    indoor_backup: str
    atmosphere: str
    day_rate: Decimal
    overtime_per_hour: Decimal
    cleaning_fee: Decimal
    power_fee: Decimal
    build_up_days: int
    notes: str


class VenueIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    city: str = Field(..., min_length=1, max_length=100)
    address: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=100)
    contact_phone: str = Field("", max_length=40)
    airport_minutes: int | None = Field(None, ge=0, le=32767)
    rail_minutes: int | None = Field(None, ge=0, le=32767)
    step_free: bool = False
    lifts: bool = False
    accessible_toilets: bool = False
    indoor_backup: str = Field("", max_length=200)
    atmosphere: str = Field("", max_length=200)
    day_rate: Decimal = _money(Decimal(0))
    overtime_per_hour: Decimal = _money(Decimal(0))
    cleaning_fee: Decimal = _money(Decimal(0))
    power_fee: Decimal = _money(Decimal(0))
    build_up_days: int = Field(0, ge=0, le=365)
    notes: str = Field("", max_length=5000)


class VenuePatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    city: str | None = Field(None, min_length=1, max_length=100)
    address: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=100)
    contact_phone: str | None = Field(None, max_length=40)
    airport_minutes: int | None = Field(None, ge=0, le=32767)
    rail_minutes: int | None = Field(None, ge=0, le=32767)
    step_free: bool | None = None
    lifts: bool | None = None
    accessible_toilets: bool | None = None
    indoor_backup: str | None = Field(None, max_length=200)
    atmosphere: str | None = Field(None, max_length=200)
    day_rate: Decimal | None = _money()
    overtime_per_hour: Decimal | None = _money()
    cleaning_fee: Decimal | None = _money()
    power_fee: Decimal | None = _money()
    build_up_days: int | None = Field(None, ge=0, le=365)
    notes: str | None = Field(None, max_length=5000)


SEATS = Field(0, ge=0, le=1_000_000)
SMALL = Field(0, ge=0, le=32767)


class RoomOut(Schema):
    id: int
    venue_id: int
    name: str
    area: int
    ceiling_height: Decimal | None
    theatre: int
    classroom: int
    banquet: int
    u_shape: int
    reception: int
    projector_lumens: int
    projector_4k: bool
    sound_radius_m: int
    wired_mics: int
    wireless_mics: int
    interpretation_booths: int
    interpretation_languages: list[str]
    bandwidth_mbps: int
    network_redundant: bool
    led_screen: bool


class RoomIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    area: int = Field(..., ge=1, le=1_000_000, description="m²")
    ceiling_height: Decimal | None = Field(None, ge=0, max_digits=4, decimal_places=1)
    theatre: int = SEATS
    classroom: int = SEATS
    banquet: int = SEATS
    u_shape: int = SEATS
    reception: int = SEATS
    projector_lumens: int = Field(0, ge=0, le=1_000_000)
    projector_4k: bool = False
    sound_radius_m: int = SMALL
    wired_mics: int = SMALL
    wireless_mics: int = SMALL
    interpretation_booths: int = SMALL
    interpretation_languages: list[str] = Field(default_factory=list, max_length=20)
    bandwidth_mbps: int = Field(0, ge=0, le=1_000_000)
    network_redundant: bool = False
    led_screen: bool = False


class RoomPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    area: int | None = Field(None, ge=1, le=1_000_000)
    ceiling_height: Decimal | None = Field(None, ge=0, max_digits=4, decimal_places=1)
    theatre: int | None = Field(None, ge=0, le=1_000_000)
    classroom: int | None = Field(None, ge=0, le=1_000_000)
    banquet: int | None = Field(None, ge=0, le=1_000_000)
    u_shape: int | None = Field(None, ge=0, le=1_000_000)
    reception: int | None = Field(None, ge=0, le=1_000_000)
    projector_lumens: int | None = Field(None, ge=0, le=1_000_000)
    projector_4k: bool | None = None
    sound_radius_m: int | None = Field(None, ge=0, le=32767)
    wired_mics: int | None = Field(None, ge=0, le=32767)
    wireless_mics: int | None = Field(None, ge=0, le=32767)
    interpretation_booths: int | None = Field(None, ge=0, le=32767)
    interpretation_languages: list[str] | None = Field(None, max_length=20)
    bandwidth_mbps: int | None = Field(None, ge=0, le=1_000_000)
    network_redundant: bool | None = None
    led_screen: bool | None = None


class HoldOut(Schema):
    id: int
    room_id: int
    meeting_id: int
    kind: str
    start_date: dt.date
    end_date: dt.date


class HoldIn(In):
    room_id: Id
    kind: str = Field("hold", pattern="^(hold|booked)$", description="hold (pencilled) or booked")


class EvaluationOut(Schema):
    id: int
    meeting_id: int
    room_id: int
    layout: str
    capacity: int
    atmosphere_score: int
    overtime_hours: int
    chosen: bool
    reason: str
    passes: bool = Field(description="the room seats the attendance × the spare of the standards")
    total: float
    scores: dict[str, float]
    explanations: dict[str, str]


class EvaluationIn(In):
    room_id: Id
    layout: Layout = Layout.THEATRE
    atmosphere_score: int = Field(5, ge=0, le=10)
    overtime_hours: int = Field(0, ge=0, le=1000)


class ChoiceIn(In):
    reason: str = Field(..., max_length=5000)


class WeightsIO(Schema):
    capacity: int = Field(..., ge=0, le=100)
    transport: int = Field(..., ge=0, le=100)
    facilities: int = Field(..., ge=0, le=100)
    atmosphere: int = Field(..., ge=0, le=100)
    cost: int = Field(..., ge=0, le=100)
