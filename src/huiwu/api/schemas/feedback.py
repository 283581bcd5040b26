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


class QuestionIn(In):
    version: int = Field(description="the survey's version you saw")
    kind: str = Field(description="satisfaction, nps, rating, session, choice, multi or text")
    text: str = Field(max_length=2000)
    choices: list[str] = Field(default_factory=list, max_length=100)
    required: bool = False
    session_id: int | None = None


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[str]
    required: bool
    session_id: int | None


class SurveyIn(In):
    title: str = Field("", max_length=1000)


class SurveyOpenIn(In):
    version: int
    send_at: dt.datetime | None = Field(None, description="when it goes (T+1 at 10:00 by default)")
    remind_after: int | None = Field(None, description="hours, 1-240")
    intro: str | None = Field(None, max_length=8000)
    script: str | None = Field(None, max_length=8000, description="the VIPs' call script")


class SurveyOut(Schema):
    id: int
    meeting_id: int
    title: str
    intro: str
    status: str
    send_at: dt.datetime | None
    sent_at: dt.datetime | None
    remind_after: int
    version: int
    questions: list[QuestionOut]


class NpsOut(Schema):
    score: int | None
    promoters: int
    passives: int
    detractors: int


class QuestionFiguresOut(Schema):
    question_id: int
    text: str
    answers: int
    average: str | None
    counts: dict[str, int]


class SatisfactionOut(Schema):
    satisfaction: str | None = Field(
        description="of 10, one decimal: the survey's overall question and the calls"
    )
    satisfaction_answers: int
    nps: NpsOut
    recipients: int
    responses: int
    response_rate: str | None = Field(description="percent, one decimal")
    sessions: list[QuestionFiguresOut]
    questions: list[QuestionFiguresOut]
    themes: dict[str, int] = Field(description="comments per topic ('' for none of the list)")
    calls: int
    calls_reached: int
    calls_overdue: int


class CallIn(In):
    version: int
    status: str = Field(description="reached, no_answer or declined")
    satisfaction: int | None = Field(None, description="0-10, when the guest said")
    outcome: str = Field("", max_length=8000)


class CallOut(Schema):
    id: int
    attendee_id: int
    name: str
    caller_id: int | None
    due_at: dt.datetime
    status: str
    satisfaction: int | None
    outcome: str
    attempts: int
    version: int
