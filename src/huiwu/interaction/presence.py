"""Who is here, and how long they watched: heartbeats from the phones and players, kept in this
process's memory and written every ``FLUSH`` seconds by one thread — the participants' last-seen time
and watch time in a few statements, and this process's socket count per live interaction (``Audience``).
The viewers of a live interaction are the sum of the processes' fresh counts.

A heartbeat costs its socket nothing but a dictionary update; it is never acknowledged, and a process
killed loses at most the seconds since its last flush."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Sum, Value, When
from django.utils import timezone

from huiwu.core import realtime

from .models import Audience, Live, Participant

log = logging.getLogger(__name__)

FLUSH = 10.0  # seconds between writes
GAP = 90  # at most this many seconds count between two heartbeats of a player (a page asleep does not)
FRESH = dt.timedelta(seconds=45)  # a process's count older than this is gone (the process stopped)
CHUNK = 500
PROCESS = f"{socket.gethostname()}:{os.getpid()}"


class Presence:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: dict[int, float] = {}  # participant -> its last heartbeat (monotonic)
        self.watched: dict[int, int] = {}  # participant -> seconds watched since the last flush
        self.seen: set[int] = set()
        self.lives: set[int] = set()
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()

    def beat(self, live_id: int, participant: int, watching: bool) -> None:
        """A heartbeat: noted, and written by this process's flushing thread (started on the first)."""
        self.note(live_id, participant, watching)
        self._ensure()

    def note(self, live_id: int, participant: int, watching: bool) -> None:
        now = time.monotonic()
        with self.lock:
            before = self.last.get(participant)
            self.last[participant] = now
            self.seen.add(participant)
            self.lives.add(live_id)
            if watching and before is not None:
                self.watched[participant] = self.watched.get(participant, 0) + int(min(now - before, GAP))

    def _ensure(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="huiwu-presence", daemon=True)
                self.thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Flush now and end the flushing thread (a test session's end)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)
        self.thread = None
        self.stopping.clear()

    def forget(self) -> None:
        """Drop what was heard and not yet written (tests: ids repeat between them)."""
        with self.lock:
            self.last, self.watched, self.seen, self.lives = {}, {}, set(), set()

    def _run(self) -> None:
        while True:
            ending = self.stopping.wait(FLUSH)
            try:
                self.flush()
            except Exception:
                log.exception("presence could not be written")
            finally:
                connection.close()  # once every few seconds: not worth holding a connection between
            if ending:
                return

    def flush(self, sockets: dict[int, int] | None = None) -> None:
        """Write what was heard since the last flush, and this process's sockets per live interaction
        (``sockets``: counted by the caller; by default from this process's live hub)."""
        with self.lock:
            seen, watched, lives = self.seen, self.watched, set(self.lives)
            self.seen, self.watched = set(), {}
            cutoff = time.monotonic() - 3 * GAP
            self.last = {p: t for p, t in self.last.items() if t >= cutoff}
        if sockets is None:
            hub = realtime.get_hub()
            sockets = {live: hub.subscriber_count(f"live:{live}") for live in lives}
        now = timezone.now()
        ids = sorted(seen)
        with transaction.atomic():
            for start in range(0, len(ids), CHUNK):
                part = ids[start : start + CHUNK]
                adds = [When(pk=p, then=Value(watched[p])) for p in part if watched.get(p)]
                values: dict[str, Any] = {"seen_at": now}
                if adds:
                    values["watch_seconds"] = F("watch_seconds") + Case(
                        *adds, default=Value(0), output_field=IntegerField()
                    )
                Participant.objects.filter(pk__in=part).update(**values)
            for live, count in sockets.items():
                Audience.objects.update_or_create(
                    live_id=live, process=PROCESS, defaults={"sockets": count, "at": now}
                )
        for live in sockets:
            stats = figures(live, now)
            Live.objects.filter(pk=live, peak_viewers__lt=stats["viewers"]).update(
                peak_viewers=stats["viewers"]
            )
            realtime.publish(f"live:{live}:screens", {"type": "live.stats", **stats}, coalesce="stats")


def figures(live_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """The client's figures: viewers now (and the peak), participants, those who took part (voted or
    asked), the participation rate, and the watch time per person who watched."""
    from .models import Question, Vote

    now = now or timezone.now()
    viewers = (
        Audience.objects.filter(live_id=live_id, at__gte=now - FRESH).aggregate(n=Sum("sockets"))["n"] or 0
    )
    people = Participant.objects.filter(live_id=live_id)
    joined = people.count()
    took_part = Exists(Vote.objects.filter(participant=OuterRef("pk"))) | Exists(
        Question.objects.filter(participant=OuterRef("pk"))
    )
    active = people.filter(took_part).count()
    watching = people.filter(watch_seconds__gt=0).aggregate(seconds=Sum("watch_seconds"), n=Count("pk"))
    hours = round((watching["seconds"] or 0) / 3600 / watching["n"], 1) if watching["n"] else 0.0
    peak = Live.objects.filter(pk=live_id).values_list("peak_viewers", flat=True).first() or 0
    return {
        "viewers": viewers,
        "peak": max(peak, viewers),
        "participants": joined,
        "active": active,
        "participation": round(active * 100 / joined) if joined else 0,
        "watch_hours": hours,
    }


_presence = Presence()


def get_presence() -> Presence:
    return _presence
