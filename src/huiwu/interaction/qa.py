"""Q&A: questions from participants (named or anonymous, length-limited), upvoted once each, moderated
(approve, reject, merge a duplicate, mark answered, pin). A question containing one of the organisation's
or the client's sensitive words always waits for a moderator; with moderation on, every question does.
Two moderators acting on one question: the first decides, the second is told."""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from huiwu.core import realtime
from huiwu.core.audit import log_action, register_actions
from huiwu.core.text import clean_text
from huiwu.orgs.enums import Perm
from huiwu.orgs.models import Membership
from huiwu.orgs.rules import can

from . import recorder, store
from .errors import Busy, Flood, NotAllowed, ParticipantInvalid, PollClosed, QuestionInvalid, Stale
from .models import Live, Participant, Question, QuestionStatus, WordList
from .services import planner
from .voting import WRITE_TIMEOUT

register_actions(
    {
        "interaction.question.decided": gettext_lazy("Question moderated"),
        "interaction.question.merged": gettext_lazy("Question merged into another"),
        "interaction.words.changed": gettext_lazy("Sensitive words changed"),
    }
)

TEXT_LIMIT = 300
SHOWN = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED)


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def sensitive_words(live: Live) -> list[str]:
    """The organisation's words and those of the meeting's client."""
    meeting = live.meeting
    rows = WordList.objects.filter(org_id=live.org_id).filter(
        Q(client__isnull=True) | Q(client_id=meeting.client_id)
    )
    words: list[str] = []
    for text in rows.values_list("words", flat=True):
        words += [w.strip() for w in text.splitlines() if w.strip()]
    return words


def held_for(text: str, words: list[str]) -> str:
    """The first sensitive word found in ``text`` (width, case and spaces ignored), or ""."""
    folded = _folded(text)
    for word in words:
        if _folded(word) and _folded(word) in folded:
            return word
    return ""


def payload(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "text": q.text,
        "name": q.name,
        "status": q.status,
        "pinned": q.pinned,
        "upvotes": q.upvotes,
        "session": q.session_id,
        "merged_into": q.merged_into_id,
    }


def _tell(q: Question) -> None:
    event = {"type": "qa.question", "question": payload(q)}
    topics = [f"live:{q.live_id}:moderators"]
    if q.status in SHOWN or q.status in (QuestionStatus.REJECTED, QuestionStatus.MERGED):
        topics += [
            f"live:{q.live_id}",
            f"live:{q.live_id}:screens",
        ]  # a question taken down goes from them too
    for topic in topics:
        realtime.publish(topic, event)


@transaction.atomic
def ask(
    *, live: Live, participant: int, text: str, anonymous: bool, address: str, session_id: int | None = None
) -> Question:
    """A participant's question: kept, shown at once or held for a moderator."""
    found = Participant.objects.filter(pk=participant, live=live).first()
    if found is None:
        raise ParticipantInvalid()
    try:
        kept = clean_text(text, max_length=TEXT_LIMIT, multiline=True)
    except ValidationError as exc:
        raise QuestionInvalid(" ".join(exc.messages), details={"field": "text"}) from None
    if not kept:
        raise QuestionInvalid(gettext("Write your question."), details={"field": "text"})
    if not store.get_store().allow(participant, address, store.Limits.configured()):
        raise Flood()
    session = None
    if session_id:
        session = live.meeting.sessions.filter(pk=session_id).first()
    word = held_for(kept, sensitive_words(live))
    status = QuestionStatus.PENDING if (live.moderated or word) else QuestionStatus.APPROVED
    q = Question.objects.create(
        live=live,
        participant=found,
        session=session,
        text=kept,
        name="" if anonymous else found.name,
        status=status,
        held_for=word,
    )
    _tell(q)
    return q


def upvote(*, live_id: int, participant: int, question: int, address: str) -> str:
    """An upvote from a thread: written in the next batch; "new" or "same" (once per participant)."""
    if not store.get_store().allow(participant, address, store.Limits.configured()):
        raise Flood()
    future = recorder.get_recorder().submit(recorder.Upvoting(question, live_id, participant))
    try:
        answer = future.result(timeout=WRITE_TIMEOUT)
    except Exception:
        raise Busy() from None
    return _upvoted(answer)


async def aupvote(*, live_id: int, participant: int, question: int, address: str) -> str:
    """An upvote from the phone's socket."""
    if not await store.get_store().aallow(participant, address, store.Limits.configured()):
        raise Flood()
    future = recorder.get_recorder().submit(recorder.Upvoting(question, live_id, participant))
    try:
        answer = await asyncio.wait_for(asyncio.wrap_future(future), timeout=WRITE_TIMEOUT)
    except Exception:
        raise Busy() from None
    return _upvoted(answer)


def _upvoted(answer: recorder.Written) -> str:
    if answer.outcome in ("new", "same"):
        return answer.outcome
    if answer.outcome == "closed":
        raise PollClosed(gettext("This question is not shown: it cannot be upvoted."))
    raise ParticipantInvalid()


# --- moderation

ACTIONS = {
    "approve": ((QuestionStatus.PENDING,), QuestionStatus.APPROVED),
    "reject": ((QuestionStatus.PENDING, QuestionStatus.APPROVED), QuestionStatus.REJECTED),
    "answered": ((QuestionStatus.APPROVED,), QuestionStatus.ANSWERED),
}


@transaction.atomic
def decide(*, question: Question, membership: Membership | None, action: str) -> Question:
    """approve, reject, answered, pin, unpin. A question already moved by another moderator: ``Stale``."""
    who = planner(membership, question.live.meeting)
    now = timezone.now()
    if action in ("pin", "unpin"):
        pin = action == "pin"
        done = Question.objects.filter(pk=question.pk, status__in=SHOWN, pinned=not pin).update(pinned=pin)
        if done and pin:  # one question pinned at a time, in its session
            same_session = {"session_id": question.session_id}  # none: the meeting's general questions
            Question.objects.filter(live_id=question.live_id, pinned=True, **same_session).exclude(
                pk=question.pk
            ).update(pinned=False)
    elif action in ACTIONS:
        before, after = ACTIONS[action]
        done = Question.objects.filter(pk=question.pk, status__in=before).update(status=after, decided_at=now)
    else:
        raise QuestionInvalid(details={"field": "action"})
    if not done:
        raise Stale(gettext("Another moderator has already acted on this question."))
    row = Question.objects.get(pk=question.pk)
    log_action(
        "interaction.question.decided",
        target=question.live.meeting,
        actor=who.user,
        org=question.live.org,
        data={"question": row.pk, "action": action},
    )
    _tell(row)
    return row


@transaction.atomic
def merge(*, question: Question, into: Question, membership: Membership | None) -> Question:
    """A duplicate merged into the question it repeats: its upvotes join that one's."""
    who = planner(membership, question.live.meeting)
    if into.pk == question.pk or into.live_id != question.live_id:
        raise QuestionInvalid(gettext("Choose another question of this meeting."), details={"field": "into"})
    target = Question.objects.select_for_update().get(pk=into.pk)
    if target.status not in SHOWN:
        raise QuestionInvalid(gettext("Merge into a question that is shown."), details={"field": "into"})
    done = Question.objects.filter(
        pk=question.pk, status__in=(QuestionStatus.PENDING, QuestionStatus.APPROVED)
    ).update(status=QuestionStatus.MERGED, merged_into=target, decided_at=timezone.now())
    if not done:
        raise Stale(gettext("Another moderator has already acted on this question."))
    moved = Question.objects.get(pk=question.pk)
    Question.objects.filter(pk=target.pk).update(upvotes=F("upvotes") + moved.upvotes)
    target.refresh_from_db()
    log_action(
        "interaction.question.merged",
        target=question.live.meeting,
        actor=who.user,
        org=question.live.org,
        data={"question": moved.pk, "into": target.pk},
    )
    _tell(moved)
    _tell(target)
    return target


@transaction.atomic
def save_words(
    *, membership: Membership | None, org_id: int, words: str, version: int, client_id: int | None = None
) -> WordList:
    """The organisation's sensitive words (no client) or a client's, one per line."""
    if membership is None or membership.org_id != org_id or not can(membership, Perm.EDIT_MEETINGS):
        raise NotAllowed()
    try:
        text = clean_text(words, max_length=20000, multiline=True)
    except ValidationError as exc:
        raise QuestionInvalid(" ".join(exc.messages), details={"field": "words"}) from None
    lines = list(dict.fromkeys(w.strip() for w in text.splitlines() if w.strip()))
    if any(len(w) > 50 for w in lines):
        raise QuestionInvalid(
            gettext("A sensitive word is at most 50 characters."), details={"field": "words"}
        )
    scope: dict[str, Any] = {"org_id": org_id, "client_id": client_id}  # no client: the organisation's list
    row, made = WordList.objects.select_for_update().get_or_create(**scope)
    if not made:
        if row.version != version:
            raise Stale()
        row.version += 1
    row.words = "\n".join(lines)
    row.save()
    log_action(
        "interaction.words.changed",
        target=row,
        actor=membership.user,
        org=membership.org,
        data={"client": client_id, "count": len(lines)},
    )
    return row
