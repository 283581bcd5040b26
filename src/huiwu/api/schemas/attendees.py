import datetime as dt
from typing import Literal

from ninja import Field, Schema

from .base import In, Moment

CategoryName = Literal["vip", "speaker", "media", "staff", "regular", "custom"]
DietName = Literal["halal", "vegetarian", "low_sugar", "low_fat"]
ServiceName = Literal["headset", "wheelchair", "driver"]
LanguageName = Literal["zh-hans", "en", "ja", "ko", "fr", "de", "es", "ru", "ar", "other"]
StatusName = Literal["confirmed", "pending", "waitlisted", "rejected", "cancelled"]


class AttendeeOut(Schema):
    id: int
    meeting_id: int
    name: str
    organisation: str
    title: str
    mobile_masked: str = Field(description="138****1234; the full number only through /reveal")
    email_masked: str
    id_number_masked: str
    category: str
    custom_category: str
    status: str
    rsvp: str
    diets: list[str]
    allergies: str
    diet_note: str
    accessibility: str
    language: str
    arrival_number: str
    arrival_at: dt.datetime | None
    departure_number: str
    departure_at: dt.datetime | None
    hotel: str
    pickup: bool
    services: list[str]
    tags: list[str]
    table_number: str
    butler_id: int | None
    source: str
    e_badge: str = Field(description="the attendee's personal e-badge page")


class AttendeeIn(In):
    name: str = Field(min_length=1, max_length=100)
    mobile: str = Field("", max_length=40, description="mainland 11 digits or E.164")
    email: str = Field("", max_length=254)
    id_number: str = Field("", max_length=30, description="resident ID; stored encrypted")
    organisation: str = Field("", max_length=200)
    title: str = Field("", max_length=100)
    category: CategoryName = "regular"
    custom_category: str = Field("", max_length=40)
    diets: list[DietName] = Field(default_factory=list, max_length=4)
    allergies: str = Field("", max_length=200)
    diet_note: str = Field("", max_length=200)
    accessibility: str = Field("", max_length=200)
    language: LanguageName = "zh-hans"
    arrival_number: str = Field("", max_length=20)
    arrival_at: Moment | None = None
    departure_number: str = Field("", max_length=20)
    departure_at: Moment | None = None
    hotel: str = Field("", max_length=200)
    pickup: bool = False
    services: list[ServiceName] = Field(default_factory=list, max_length=3)
    tags: list[str] = Field(default_factory=list, max_length=20)
    table_number: str = Field("", max_length=20)


class AttendeePatch(In):
    name: str | None = Field(None, min_length=1, max_length=100)
    mobile: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    organisation: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=100)
    category: CategoryName | None = None
    custom_category: str | None = Field(None, max_length=40)
    diets: list[DietName] | None = Field(None, max_length=4)
    allergies: str | None = Field(None, max_length=200)
    accessibility: str | None = Field(None, max_length=200)
    hotel: str | None = Field(None, max_length=200)
    pickup: bool | None = None
    services: list[ServiceName] | None = Field(None, max_length=3)
    tags: list[str] | None = Field(None, max_length=20)
    table_number: str | None = Field(None, max_length=20)


class RevealIn(In):
    field: Literal["mobile", "email", "id_number"]


class RevealOut(Schema):
    field: str
    value: str


class StatusIn(In):
    status: StatusName
