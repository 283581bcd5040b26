"""Reads of the live interaction: a meeting's polls with their results, what a participant has voted,
the open answers waiting for a moderator."""

from __future__ import annotations

from typing import Any

from .models import Live, Poll, PollStatus, ShowResults, Vote, VoteStatus
from .recorder import results_event
from .services import payload


def results_shown(poll: Poll, voted: bool) -> bool:
    """Whether a participant sees the poll's results now (``show_results``)."""
    if poll.show_results == ShowResults.ALWAYS:
        return True
    if poll.show_results == ShowResults.VOTED:
        return voted or poll.status == PollStatus.CLOSED
    if poll.show_results == ShowResults.CLOSED:
        return poll.status == PollStatus.CLOSED
    return False


def for_participant(live: Live, participant_id: int) -> list[dict[str, Any]]:
    """The open polls and the closed ones whose results are shown, the newest first, with the
    participant's own vote and the results it may see."""
    polls = list(
        Poll.objects.filter(
            meeting_id=live.meeting_id, status__in=[PollStatus.OPEN, PollStatus.CLOSED]
        ).order_by("-opened_at", "-pk")[:20]
    )
    mine = dict(
        Vote.objects.filter(poll__in=polls, participant_id=participant_id).values_list("poll_id", "choice")
    )
    out = []
    for poll in polls:
        voted = poll.pk in mine
        item = payload(poll)
        item["mine"] = mine.get(poll.pk)
        item["results"] = results_event(poll) if results_shown(poll, voted) else None
        if poll.kind == "text" and item["results"] is not None:
            item["answers"] = approved_answers(poll)
        out.append(item)
    return out


def approved_answers(poll: Poll, limit: int = 50) -> list[dict[str, Any]]:
    rows = Vote.objects.filter(poll=poll, status=VoteStatus.APPROVED).order_by("-at")[:limit]
    return [{"id": v.pk, "text": v.choice} for v in rows]


def pending_answers(meeting_id: int, limit: int = 100) -> list[Vote]:
    return list(
        Vote.objects.filter(poll__meeting_id=meeting_id, status=VoteStatus.PENDING)
        .select_related("poll", "participant")
        .order_by("at")[:limit]
    )


def screen_state(live: Live) -> dict[str, Any]:
    """What a screen shows when it (re)loads: every poll opened so far with its results."""
    polls = (
        Poll.objects.filter(meeting_id=live.meeting_id)
        .exclude(status=PollStatus.DRAFT)
        .order_by("-opened_at")
    )
    items = []
    for poll in polls[:30]:
        item = payload(poll)
        item["results"] = results_event(poll)
        if poll.kind == "text":
            item["answers"] = approved_answers(poll)
        items.append(item)
    return {"live": live.pk, "code": live.code, "polls": items, "questions": questions_shown(live, limit=20)}


def questions_shown(live: Live, session_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The questions shown to everyone: pinned first, then the most upvoted."""
    from .models import Question, QuestionStatus
    from .qa import payload as question_payload

    rows = Question.objects.filter(live=live, status__in=[QuestionStatus.APPROVED, QuestionStatus.ANSWERED])
    if session_id is not None:
        rows = rows.filter(session_id=session_id)
    return [question_payload(q) for q in rows.order_by("-pinned", "status", "-upvotes", "asked_at")[:limit]]


def questions_to_moderate(live: Live) -> dict[str, list[Any]]:
    from .models import Question, QuestionStatus

    rows = (
        Question.objects.filter(live=live)
        .select_related("session")
        .order_by("-pinned", "-upvotes", "asked_at")
    )
    return {
        "pending": list(rows.filter(status=QuestionStatus.PENDING)[:200]),
        "shown": list(rows.filter(status=QuestionStatus.APPROVED)[:200]),
        "answered": list(rows.filter(status=QuestionStatus.ANSWERED)[:50]),
    }


def prizes(meeting_id: int) -> list[Any]:
    from .models import Prize

    return list(
        Prize.objects.filter(meeting_id=meeting_id).select_related("draw").prefetch_related("draw__winners")
    )


def sessions_for_questions(live: Live) -> list[dict[str, Any]]:
    """The sessions a question may be about: today's when the meeting runs today, else all of them."""
    from django.utils import timezone

    rows = live.meeting.sessions.select_related("slot").order_by("slot__date", "slot__start", "pk")
    today = timezone.localdate()
    if rows.filter(slot__date=today).exists():
        rows = rows.filter(slot__date=today)
    return [{"pk": pk, "title": title} for pk, title in rows.values_list("pk", "title")[:100]]
