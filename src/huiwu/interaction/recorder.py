"""Votes written to the database in batches, before they are acknowledged (group commit).

A vote the store accepted is queued here with a future; one writer thread per process takes every vote
queued (up to ``MAX_BATCH``), writes them in one transaction — the vote rows, and each poll's counts,
voters and ``seq`` under the poll's row lock — and only then resolves the futures: the phone hears "kept"
after the commit. A process killed at any moment therefore loses only votes it never acknowledged
(their phones resend them: a vote sent again is written again, idempotently). While one batch is
written the next one gathers, so the busier the room, the bigger the batch and the fewer transactions.

After the commit each changed poll's results are published (``core.realtime``), coalesced per poll.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections import Counter, defaultdict
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from huiwu.core import realtime

from . import tally
from .models import Participant, Poll, PollKind, ShowResults, Vote, VoteStatus
from .tally import PollRules

log = logging.getLogger(__name__)

MAX_BATCH = 2000
STOP = object()  # the writer ends when it takes this
IDLE = 2.0  # seconds without a vote after which the writer closes its database connection
TOP_WORDS = 60  # a word cloud's results show its most frequent words


@dataclass
class Pending:
    rules: PollRules
    participant: int
    choice: Any
    future: Future[Written] = field(default_factory=Future)


@dataclass
class Upvoting:
    """An upvote of a shown question, written in the same batches as the votes."""

    question: int
    live_id: int
    participant: int
    future: Future[Written] = field(default_factory=Future)


@dataclass(frozen=True)
class Written:
    """What became of one vote: kept (new, changed, the same as before) or refused by the database."""

    outcome: str  # "new" | "changed" | "same" | "voted" | "closed" | "gone"
    seq: int = 0  # the poll's results version that includes this vote (a screen showing it shows the vote)


def results_event(poll: Poll) -> dict[str, Any]:
    counts = poll.counts
    if poll.kind == PollKind.WORDS:
        counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WORDS])
    return {
        "type": "poll.results",
        "poll": poll.pk,
        "seq": poll.seq,
        "voters": poll.voters,
        "counts": counts,
        "status": poll.status,
    }


def publish_results(poll: Poll, live_id: int) -> None:
    """The poll's results to the screens, and to the viewers when they may see them now."""
    event = results_event(poll)
    realtime.publish(f"live:{live_id}:screens", event, coalesce=f"poll:{poll.pk}")
    shown = poll.show_results in (ShowResults.ALWAYS, ShowResults.VOTED) or (
        poll.show_results == ShowResults.CLOSED and poll.status == "closed"
    )
    if shown:
        realtime.publish(f"live:{live_id}", event, coalesce=f"poll:{poll.pk}")


def write(batch: list[Pending | Upvoting]) -> list[Written]:
    """Write ``batch`` in one transaction (in order: a participant's later vote wins), publish the
    polls' new results and the questions' upvotes after the commit, and say what became of each."""
    votes = [item for item in batch if isinstance(item, Pending)]
    upvotes = [item for item in batch if isinstance(item, Upvoting)]
    with transaction.atomic():
        answers = dict(zip(map(id, votes), _votes(votes), strict=True)) if votes else {}
        if upvotes:
            answers.update(zip(map(id, upvotes), _upvotes(upvotes), strict=True))
    return [answers[id(item)] for item in batch]


def _upvotes(batch: list[Upvoting]) -> list[Written]:
    from .models import Question, QuestionStatus, Upvote

    now = timezone.now()
    ids = sorted({u.question for u in batch})
    people = {u.participant for u in batch}
    questions = {q.pk: q for q in Question.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    live_of = dict(Participant.objects.filter(pk__in=people).values_list("pk", "live_id"))
    seen = set(
        Upvote.objects.filter(question_id__in=ids, participant_id__in=people).values_list(
            "question_id", "participant_id"
        )
    )
    made: list[Upvote] = []
    added: Counter[int] = Counter()
    answers = []
    for item in batch:
        question = questions.get(item.question)
        if (
            question is None
            or question.live_id != item.live_id
            or live_of.get(item.participant) != item.live_id
        ):
            answers.append(Written("gone"))
            continue
        if question.status not in (QuestionStatus.APPROVED, QuestionStatus.ANSWERED):
            answers.append(Written("closed"))
            continue
        key = (question.pk, item.participant)
        if key in seen:
            answers.append(Written("same"))
            continue
        seen.add(key)
        made.append(Upvote(question_id=question.pk, participant_id=item.participant, at=now))
        added[question.pk] += 1
        answers.append(Written("new"))
    if made:
        Upvote.objects.bulk_create(made, batch_size=500)
    for pk, n in added.items():
        question = questions[pk]
        question.upvotes += n
        Question.objects.filter(pk=pk).update(upvotes=question.upvotes)
        event = {"type": "qa.upvotes", "question": pk, "upvotes": question.upvotes, "seq": question.upvotes}
        realtime.publish(f"live:{question.live_id}", event, coalesce=f"q:{pk}")
        realtime.publish(f"live:{question.live_id}:screens", event, coalesce=f"q:{pk}")
    return answers


def _votes(batch: list[Pending]) -> list[Written]:
    now = timezone.now()
    poll_ids = sorted({p.rules.id for p in batch})
    people = {p.participant for p in batch}
    answers: list[tuple[str, int]] = []  # what became of each vote, and its poll
    open_polls = Poll.objects.select_for_update().filter(pk__in=poll_ids, meeting__archived_at__isnull=True)
    polls = {p.pk: p for p in open_polls.order_by("pk")}  # an archived meeting's poll takes no vote
    live_of = dict(
        Participant.objects.filter(pk__in=people).values_list("pk", "live_id")
    )  # a participant erased since its vote was taken is gone
    current: dict[tuple[int, int], Vote] = {
        (v.poll_id, v.participant_id): v
        for v in Vote.objects.filter(poll_id__in=poll_ids, participant_id__in=people).only(
            "pk", "poll_id", "participant_id", "choice", "status"
        )
    }
    created: dict[tuple[int, int], Vote] = {}
    changed: dict[int, Vote] = {}
    moves: dict[int, Counter[str]] = defaultdict(Counter)
    voters: Counter[int] = Counter()
    for item in batch:
        poll = polls.get(item.rules.id)
        if poll is None:
            answers.append(("closed", 0))
            continue
        if live_of.get(item.participant) != item.rules.live_id:
            answers.append(("gone", 0))
            continue
        key = (poll.pk, item.participant)
        row = current.get(key) or created.get(key)
        if row is not None and row.choice == item.choice:
            answers.append(("same", poll.pk))
            continue
        if row is not None and not poll.changeable:
            answers.append(("voted", poll.pk))
            continue
        moves[poll.pk].update(
            tally.delta(poll.kind, row.choice if row else None, item.choice, len(poll.options))
        )
        status = VoteStatus.PENDING if poll.kind == PollKind.TEXT else VoteStatus.SHOWN
        if row is None:
            created[key] = Vote(
                poll_id=poll.pk,
                participant_id=item.participant,
                choice=item.choice,
                status=status,
                at=now,
            )
            voters[poll.pk] += 1
            answers.append(("new", poll.pk))
        else:
            row.choice, row.changed_at, row.status = item.choice, now, status
            if row.pk is not None:
                changed[row.pk] = row
            answers.append(("changed", poll.pk))
    if created:
        Vote.objects.bulk_create(created.values(), batch_size=500)
    if changed:
        Vote.objects.bulk_update(changed.values(), ["choice", "changed_at", "status"], batch_size=500)
    for pk in set(moves) | set(voters):
        poll = polls[pk]
        poll.counts = tally.apply(poll.counts, moves[pk])
        poll.voters += voters[pk]
        poll.seq += 1
        Poll.objects.filter(pk=pk).update(counts=poll.counts, voters=poll.voters, seq=poll.seq)
        live_id = next(p.rules.live_id for p in batch if p.rules.id == pk)
        publish_results(poll, live_id)
    return [Written(outcome, polls[pk].seq if pk else 0) for outcome, pk in answers]


class Recorder:
    """This process's writer thread and its queue."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.batches = 0
        self.written = 0

    def submit(self, item: Pending | Upvoting) -> Future[Written]:
        self._ensure()
        self.queue.put(item)
        return item.future

    def _ensure(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="huiwu-votes", daemon=True)
                self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, close the connection and end the thread (a test session's end)."""
        thread = self.thread
        if thread is None or not thread.is_alive():
            return
        self.queue.put(STOP)
        thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                first = self.queue.get(timeout=IDLE)
            except queue.Empty:
                connection.close()  # quiet for a while: give the connection back
                continue
            if first is STOP:
                connection.close()
                return
            batch: list[Pending | Upvoting] = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is STOP:
                    self.queue.put(STOP)  # after this batch
                    break
                batch.append(item)
            self._write(batch)

    def _write(self, batch: list[Pending | Upvoting]) -> None:
        try:
            answers = write(batch)
        except Exception as exc:
            log.exception("a batch of %s votes could not be written", len(batch))
            close_old_connections()
            for item in batch:
                if not item.future.done():
                    item.future.set_exception(exc)
            return
        self.batches += 1
        self.written += len(batch)
        for item, answer in zip(batch, answers, strict=True):
            item.future.set_result(answer)


def encode(choice: Any) -> str:
    """A choice as the store compares it: the same vote is the same string."""
    return json.dumps(choice, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_recorder = Recorder()


def get_recorder() -> Recorder:
    return _recorder
