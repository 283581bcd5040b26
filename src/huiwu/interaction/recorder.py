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

from django.db import close_old_connections, transaction
from django.utils import timezone

from huiwu.core import realtime

from . import tally
from .models import Participant, Poll, PollKind, ShowResults, Vote, VoteStatus
from .tally import PollRules

log = logging.getLogger(__name__)

MAX_BATCH = 2000
TOP_WORDS = 60  # a word cloud's results show its most frequent words


@dataclass
class Pending:
    rules: PollRules
    participant: int
    choice: Any
    future: Future[Written] = field(default_factory=Future)


@dataclass(frozen=True)
class Written:
    """What became of one vote: kept (new, changed, the same as before) or refused by the database."""

    outcome: str  # "new" | "changed" | "same" | "voted" | "gone"


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


def write(batch: list[Pending]) -> list[Written]:
    """Write ``batch`` in one transaction (in order: a participant's later vote wins), publish the
    polls' new results after the commit, and say what became of each vote."""
    now = timezone.now()
    poll_ids = sorted({p.rules.id for p in batch})
    people = {p.participant for p in batch}
    answers: list[Written] = []
    with transaction.atomic():
        polls = {p.pk: p for p in Poll.objects.select_for_update().filter(pk__in=poll_ids).order_by("pk")}
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
            if poll is None or live_of.get(item.participant) != item.rules.live_id:
                answers.append(Written("gone"))
                continue
            key = (poll.pk, item.participant)
            row = current.get(key) or created.get(key)
            if row is not None and row.choice == item.choice:
                answers.append(Written("same"))
                continue
            if row is not None and not poll.changeable:
                answers.append(Written("voted"))
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
                answers.append(Written("new"))
            else:
                row.choice, row.changed_at, row.status = item.choice, now, status
                if row.pk is not None:
                    changed[row.pk] = row
                answers.append(Written("changed"))
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
    return answers


class Recorder:
    """This process's writer thread and its queue."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[Pending] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.batches = 0
        self.written = 0

    def submit(self, item: Pending) -> Future[Written]:
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

    def _run(self) -> None:
        while True:
            batch = [self.queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            self._write(batch)

    def _write(self, batch: list[Pending]) -> None:
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
