"""Reads of the feedback station: a meeting's figures (answers, the average quick rating, requests by
topic — chosen or found in the text —, the frequent requests and their tasks, the latest comments) and the
themes of free text by the organisation's topic list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet

from huiwu.events.enums import TaskStatus
from huiwu.events.models import Meeting

from .models import Answer, Station, Surge, Topic


@dataclass(frozen=True)
class TopicCount:
    topic: Topic
    count: int


@dataclass
class Figures:
    answers: int = 0
    rating: Decimal | None = None  # the average quick rating, of 5
    rated: int = 0
    topics: list[TopicCount] = field(default_factory=list)
    surges: list[Surge] = field(default_factory=list)
    latest: list[Answer] = field(default_factory=list)


def topics(org: Any) -> QuerySet[Topic]:
    return Topic.objects.filter(org=org)


def stations(meeting: Meeting) -> QuerySet[Station]:
    return Station.objects.filter(meeting=meeting).annotate(answered=Count("answers"))


def open_surges(meeting: Meeting) -> list[Surge]:
    """The frequent requests whose task is not done yet (the command centre's alerts)."""
    return list(
        Surge.objects.filter(meeting=meeting)
        .exclude(task__status__in=(TaskStatus.DONE, TaskStatus.SKIPPED))
        .select_related("topic", "task", "task__assignee")
    )


def figures(meeting: Meeting, *, latest: int = 30) -> Figures:
    """The station's figures for the meeting, in a fixed number of queries."""
    answers = Answer.objects.filter(meeting=meeting)
    summary = answers.aggregate(n=Count("id"), rated=Count("rating"), avg=Avg("rating"))
    counts = dict(
        answers.exclude(topic=None).values_list("topic").annotate(n=Count("id")).values_list("topic", "n")
    )
    listed = [TopicCount(t, counts[t.pk]) for t in topics(meeting.org_id) if t.pk in counts]
    listed.sort(key=lambda c: -c.count)
    rating = None
    if summary["avg"] is not None:
        rating = Decimal(str(summary["avg"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    surges = list(Surge.objects.filter(meeting=meeting).select_related("topic", "task", "task__assignee"))
    return Figures(
        answers=summary["n"], rating=rating, rated=summary["rated"], topics=listed, surges=surges,
        latest=list(answers.select_related("topic", "station")[:latest]),
    )  # fmt: skip


def topic_in(text: str, listed: list[Topic]) -> Topic | None:
    """The first of ``listed`` one of whose words the text holds (case aside), else None: the one
    reading of free text by the organisation's topics."""
    folded = text.lower()
    return next((t for t in listed if any(w in folded for w in t.word_list)), None)


def themes(texts: list[str], listed: list[Topic]) -> Counter[str]:
    """Free texts counted by their topic's name ("" for none of the list)."""
    out: Counter[str] = Counter()
    for text in texts:
        hit = topic_in(text, listed)
        out[hit.name if hit else ""] += 1
    return out
