"""Inspections of a meeting against the service standards: items with their reading, result and the
catalogue version they were judged by. Figures travel as decimal strings, exactly as held."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .base import In


class ItemOut(Schema):
    id: int
    key: str
    label: str
    measured: bool = Field(description="a value to measure; else a yes/no")
    value: str | None
    answer: bool | None
    unit: str
    result: str = Field(description="pending, pass or fail")
    standard: str = Field(description="the figure it was judged by, as people read it")
    standards_version: int | None
    note: str
    checked_by_id: int | None
    checked_at: dt.datetime | None
    task_id: int | None = Field(description="the task a failure opened (before the meeting's days)")
    incident_id: int | None = Field(description="the incident a failure opened (on the meeting's days)")
    photos: int
    version: int


class InspectionOut(Schema):
    id: int
    meeting_id: int
    kind: str
    place: str
    post: str
    due_at: dt.datetime
    items: list[ItemOut]


class CheckIn(In):
    version: int = Field(..., ge=0, description="the item's version you saw (an older one is a 409)")
    value: Decimal | None = Field(None, description="for a measured item, in the standard's unit")
    answer: bool | None = Field(None, description="for a yes/no item")
    unit: str = Field("", max_length=10, description="optional: must be the standard's unit")
    note: str = Field("", max_length=5000)
