"""The one front door of a vote: the phone's socket (``acast``) and the page's form or a device
(``cast``) both come here. In order: the participant's signed token, the poll's rules (``tally``), the
store's fast check (open, first vote or a change allowed, no flood), then the batch writer — the answer
comes after the vote is committed. A refused vote changes nothing; an accepted one that cannot be
written is taken back from the store."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.core import signing

from . import recorder, store, tally
from .errors import Busy, Flood, ParticipantInvalid, PollClosed, Voted
from .models import Poll, PollStatus, Vote
from .tally import PollRules

SALT = "huiwu.interaction.participant"
WRITE_TIMEOUT = 10.0  # seconds a vote waits for its batch before the phone is told to try again


def token_for(live_id: int, participant_id: int) -> str:
    """The participant's cookie: its live interaction and id, signed."""
    return signing.Signer(salt=SALT).sign(f"{live_id}.{participant_id}")


def participant_of(token: str) -> tuple[int, int]:
    """(live id, participant id) of a cookie, or ``ParticipantInvalid`` (missing, forged)."""
    try:
        raw = signing.Signer(salt=SALT).unsign(token or "")
        live, participant = raw.split(".")
        return int(live), int(participant)
    except (signing.BadSignature, ValueError):
        raise ParticipantInvalid() from None


# --- the poll's rules: read once per process (a poll's answers are frozen once it opens)

_rules: dict[int, PollRules] = {}
_rules_lock = threading.Lock()


def rules_of(poll_id: int) -> PollRules:
    found = _rules.get(poll_id)
    if found is not None:
        return found
    poll = Poll.objects.filter(pk=poll_id).select_related("meeting__live").first()
    if poll is None or poll.status == PollStatus.DRAFT or not hasattr(poll.meeting, "live"):
        raise PollClosed()
    made = PollRules.of(poll, poll.meeting.live.pk)
    with _rules_lock:
        _rules[poll_id] = made
    load(poll)
    return made


def load(poll: Poll, *, again: bool = False) -> None:
    """Give the store the poll's status and, while it is open, its votes: when the store lost them (a
    restart) or, ``again``, when the poll opened or closed."""
    target = store.get_store()
    if not again and target.loaded(poll.pk):
        return
    votes = None
    if poll.status == PollStatus.OPEN:
        votes = (
            (pid, recorder.encode(choice))
            for pid, choice in Vote.objects.filter(poll=poll)
            .values_list("participant_id", "choice")
            .iterator()
        )
    target.set_status(poll.pk, poll.status, votes)


def forget_rules(poll_id: int | None = None) -> None:
    with _rules_lock:
        if poll_id is None:
            _rules.clear()
        else:
            _rules.pop(poll_id, None)


@dataclass(frozen=True)
class Accepted:
    poll: int
    outcome: str  # new | changed | same
    choice: Any
    seq: int = 0  # the results version that includes the vote


def _check(rules: PollRules, live_id: int, raw: Any) -> tuple[Any, str]:
    if rules.live_id != live_id:
        raise PollClosed()
    choice = tally.normalise(rules, raw)
    return choice, recorder.encode(choice)


def _refuse(outcome: str) -> None:
    if outcome == store.CLOSED:
        raise PollClosed()
    if outcome == store.VOTED:
        raise Voted()
    if outcome == store.FLOOD:
        raise Flood()


def _written(
    rules: PollRules,
    participant: int,
    choice: Any,
    encoded: str,
    previous: str | None,
    answer: recorder.Written,
) -> Accepted:
    if answer.outcome in ("new", "changed", "same"):
        return Accepted(rules.id, answer.outcome, choice, answer.seq)
    store.get_store().undo(rules.id, participant, encoded, previous)
    if answer.outcome == "voted":
        raise Voted()
    if answer.outcome == "closed":
        raise PollClosed()
    raise ParticipantInvalid()


def cast(*, token: str, poll_id: int, choice: Any, address: str) -> Accepted:
    """Vote from a thread (a page, a device): waits until the vote is committed."""
    live_id, participant = participant_of(token)
    rules = rules_of(poll_id)
    kept, encoded = _check(rules, live_id, choice)
    target, limits = store.get_store(), store.Limits.configured()
    outcome, previous = target.accept(rules.id, participant, encoded, rules.changeable, address, limits)
    if outcome == store.MISS:
        load(Poll.objects.get(pk=rules.id))
        outcome, previous = target.accept(rules.id, participant, encoded, rules.changeable, address, limits)
    _refuse(outcome)
    future = recorder.get_recorder().submit(recorder.Pending(rules, participant, kept))
    try:
        answer: recorder.Written = future.result(timeout=WRITE_TIMEOUT)
    except Exception:
        target.undo(rules.id, participant, encoded, previous)
        raise Busy() from None
    return _written(rules, participant, kept, encoded, previous, answer)


async def acast(*, live_id: int, participant: int, poll_id: int, choice: Any, address: str) -> Accepted:
    """Vote from the participant's socket (its token was checked when it connected)."""
    rules = _rules.get(poll_id) or await database_sync_to_async(rules_of)(poll_id)
    kept, encoded = _check(rules, live_id, choice)
    target, limits = store.get_store(), store.Limits.configured()
    outcome, previous = await target.aaccept(
        rules.id, participant, encoded, rules.changeable, address, limits
    )
    if outcome == store.MISS:
        await database_sync_to_async(lambda: load(Poll.objects.get(pk=rules.id)))()
        outcome, previous = await target.aaccept(
            rules.id, participant, encoded, rules.changeable, address, limits
        )
    _refuse(outcome)
    future = recorder.get_recorder().submit(recorder.Pending(rules, participant, kept))
    try:
        answer: recorder.Written = await asyncio.wait_for(asyncio.wrap_future(future), timeout=WRITE_TIMEOUT)
    except Exception:
        target.undo(rules.id, participant, encoded, previous)
        raise Busy() from None
    return _written(rules, participant, kept, encoded, previous, answer)
