from datetime import datetime

from ninja import Field, Schema

from .base import In


class JobIn(In):
    kind: str = Field(min_length=1, max_length=50)


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result: dict
    error: str
    created_at: datetime
    finished_at: datetime | None


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
