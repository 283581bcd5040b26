"""The feedback station: stations, answers, the organisation's topics, the frequent requests."""

import datetime as dt

from ninja import Field, Schema

from .base import In


class TopicIn(In):
    name: str = Field(max_length=200)
    words: str = Field(
        "", max_length=2000, description="words that name the topic in free text, comma-separated"
    )
    active: bool = True


class TopicOut(Schema):
    id: int
    name: str
    words: str
    active: bool


class StationIn(In):
    name: str = Field(max_length=400)


class StationOpenIn(In):
    is_open: bool


class StationOut(Schema):
    id: int
    meeting_id: int
    name: str
    is_open: bool
    link: str = Field(description="the public page its QR leads to")
    answers: int


class AnswerOut(Schema):
    id: int
    station_id: int
    day: dt.date
    rating: int | None = Field(description="the quick rating, 1 to 5")
    topic_id: int | None
    topic_found: bool = Field(description="the topic was found in the text, not chosen")
    text: str
    badge: bool = Field(description="answered from a phone that opened its e-badge")
    created_at: dt.datetime


class TopicCountOut(Schema):
    topic_id: int
    topic: str
    people: int


class SurgeOut(Schema):
    id: int
    topic_id: int
    topic: str
    day: dt.date
    people: int
    window: int = Field(description="minutes")
    first_at: dt.datetime
    raised_at: dt.datetime
    task_id: int | None
    task_status: str | None


class FeedbackOut(Schema):
    answers: int
    rating: str | None = Field(description="the average quick rating of 5, one decimal")
    rated: int
    topics: list[TopicCountOut]
    surges: list[SurgeOut]
