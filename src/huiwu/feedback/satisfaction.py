"""The satisfaction figures of a meeting, from the survey, the follow-up calls and the feedback station:
satisfaction (x/10: the survey's overall question and the VIPs' answers on the phone), NPS (promoters 9-10
minus detractors 0-6, in points), each session's rating, each choice's count, the response rate, and the
themes of what people wrote (by the organisation's topics). The maths are pure functions; ``figures``
reads them in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from huiwu.events.models import Meeting

from . import selectors
from .models import Answer, Call, CallStatus, Question, QuestionKind, Recipient, Reply, Response, Survey

TENTH = Decimal("0.1")


def mean(scores: list[int]) -> Decimal | None:
    """The average to one decimal (half up), None for no score."""
    if not scores:
        return None
    return (Decimal(sum(scores)) / Decimal(len(scores))).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Nps:
    score: int | None  # -100 … 100
    promoters: int
    passives: int
    detractors: int

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors


def nps(scores: list[int]) -> Nps:
    """Net promoter score: the share of 9s and 10s minus the share of 0s to 6s, in whole points."""
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = len(scores) - promoters - detractors
    if not scores:
        return Nps(None, 0, 0, 0)
    points = (Decimal(promoters - detractors) * 100 / Decimal(len(scores))).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return Nps(int(points), promoters, passives, detractors)


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class QuestionFigures:
    question: Question
    answers: int = 0
    average: Decimal | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)  # choices, in their order
    texts: list[str] = field(default_factory=list)


@dataclass
class Figures:
    survey: Survey | None
    recipients: int = 0
    responses: int = 0
    response_rate: Decimal | None = None
    satisfaction: Decimal | None = None  # of 10
    satisfaction_answers: int = 0
    nps: Nps = field(default_factory=lambda: Nps(None, 0, 0, 0))
    questions: list[QuestionFigures] = field(default_factory=list)
    sessions: list[QuestionFigures] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)  # ("" = none of the topics)
    calls: int = 0
    calls_reached: int = 0
    calls_overdue: int = 0
    station_answers: int = 0
    station_rating: Decimal | None = None


def figures(meeting: Meeting, *, now: dt.datetime | None = None) -> Figures:
    now = now or timezone.now()
    survey = Survey.objects.filter(meeting=meeting).first()
    out = Figures(survey=survey)
    satisfaction: list[int] = []
    recommend: list[int] = []
    texts: list[str] = []
    if survey is not None:
        out.recipients = Recipient.objects.filter(survey=survey).count()
        out.responses = Response.objects.filter(survey=survey).count()
        out.response_rate = rate(out.responses, out.recipients)
        questions = list(survey.questions.select_related("session"))
        by_question: dict[int, list[Reply]] = {q.pk: [] for q in questions}
        for reply in Reply.objects.filter(response__survey=survey).only(
            "question_id", "number", "picked", "text"
        ):
            by_question.setdefault(reply.question_id, []).append(reply)
        for q in questions:
            replies = by_question[q.pk]
            numbers = [r.number for r in replies if r.number is not None]
            found = QuestionFigures(question=q, answers=len(replies), average=mean(numbers))
            if q.kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
                counted: Counter[str] = Counter(p for r in replies for p in r.picked)
                found.counts = [(c, counted[c]) for c in q.choices]
            if q.kind == QuestionKind.TEXT:
                found.texts = [r.text for r in replies if r.text]
                texts.extend(found.texts)
            if q.kind == QuestionKind.SATISFACTION:
                satisfaction.extend(numbers)
            if q.kind == QuestionKind.NPS:
                recommend.extend(numbers)
            (out.sessions if q.kind == QuestionKind.SESSION else out.questions).append(found)
    calls = list(Call.objects.filter(meeting=meeting).only("status", "satisfaction", "outcome", "due_at"))
    out.calls = len(calls)
    out.calls_reached = sum(1 for c in calls if c.status == CallStatus.REACHED)
    out.calls_overdue = sum(1 for c in calls if c.late(now))
    satisfaction.extend(c.satisfaction for c in calls if c.satisfaction is not None)
    texts.extend(c.outcome for c in calls if c.outcome)
    station = selectors.figures(meeting, latest=0)
    out.station_answers, out.station_rating = station.answers, station.rating
    texts.extend(Answer.objects.filter(meeting=meeting).exclude(text="").values_list("text", flat=True))
    out.satisfaction, out.satisfaction_answers = mean(satisfaction), len(satisfaction)
    out.nps = nps(recommend)
    out.themes = selectors.themes(texts, list(selectors.topics(meeting.org_id))).most_common()
    return out
