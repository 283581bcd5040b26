"""Live updates: services publish small events; each process writes them to its own sockets.

The design (see docs/architecture.md, "Real-time"):

* A service calls :func:`publish` inside its transaction. Nothing leaves before the commit.
* Every process has one :class:`Hub`. Without ``REDIS_URL`` an event goes straight to the hub of
  the process that published it (the default single process runs web and worker together).
  With ``REDIS_URL`` it is published once on a Redis channel; every process subscribes once and
  hands the event to its own hub.
* The hub keeps ``topic -> sockets`` for this process and writes one ready-made frame to each.
  Topics are small strings: ``user:<id>``, ``org:<id>``, later ``meeting:<id>:poll`` and so on.
* Events published with a ``coalesce`` key are merged per ``(topic, key)``: at most one frame per
  window (``HUIWU_LIVE_COALESCE_SECONDS``), carrying the newest payload — the one with the highest
  ``seq`` when the event has one (a poll's results: processes publish in any order). Bursts of votes
  or counters therefore cost one write per socket per window, not one per event.

Channels' ``group_send`` is kept for small groups only; broadcasting to thousands of viewers
through it collapses (measured in DEVELOPERS.md), which is why this module exists.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

Sender = Callable[[str], Awaitable[None]]


def publish(topic: str, event: dict[str, Any], *, coalesce: str | None = None) -> None:
    """Deliver ``event`` to every socket subscribed to ``topic``, once the transaction commits."""
    message = json.dumps({"topic": topic, "event": event, "coalesce": coalesce}, ensure_ascii=False)
    transaction.on_commit(lambda: _send(message))


def _send(message: str) -> None:
    if settings.REDIS_URL:
        try:
            _redis_client().publish(settings.LIVE_CHANNEL, message)
        except Exception:
            # A live update is a courtesy: the page shows the truth on its next load.
            log.exception("live update could not be published to Redis")
        return
    get_hub().deliver(message)


_redis = None
_redis_lock = threading.Lock()


def _redis_client():
    global _redis
    with _redis_lock:
        if _redis is None:
            import redis

            _redis = redis.Redis.from_url(settings.REDIS_URL)
        return _redis


class Hub:
    """This process's sockets, by topic. Lives on the event loop of the ASGI server."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.topics: dict[str, set[Sender]] = defaultdict(set)
        self.pending: dict[tuple[str, str], tuple[str, int | None]] = {}
        self.flush_scheduled = False
        self.subscriber: asyncio.Task | None = None
        self.redis_ready: asyncio.Event | None = None
        self.frames_written = 0
        self.writes: set[asyncio.Future] = set()

    # -- sockets ------------------------------------------------------------------------------
    async def attach(self, sender: Sender, topics: list[str]) -> None:
        self.loop = asyncio.get_running_loop()
        for topic in topics:
            self.topics[topic].add(sender)
        if settings.REDIS_URL:
            if self.subscriber is None or self.subscriber.done():
                self.redis_ready = asyncio.Event()
                self.subscriber = asyncio.ensure_future(self._subscribe_redis())
            # Say "live" only once events from other processes can reach this one.
            try:
                await asyncio.wait_for(self.redis_ready.wait(), timeout=5)
            except TimeoutError:
                log.warning("live updates: Redis subscription not ready after 5 s")

    def detach(self, sender: Sender) -> None:
        for topic in list(self.topics):
            self.topics[topic].discard(sender)
            if not self.topics[topic]:
                del self.topics[topic]

    def subscriber_count(self, topic: str) -> int:
        return len(self.topics.get(topic, ()))

    # -- events -------------------------------------------------------------------------------
    def deliver(self, message: str) -> None:
        """Thread-safe entry: hand a published message to the loop that owns the sockets."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # no socket has ever connected to this process: nobody to tell
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._dispatch(message)
        else:
            loop.call_soon_threadsafe(self._dispatch, message)

    def _dispatch(self, message: str) -> None:
        data = json.loads(message)
        topic = data["topic"]
        if topic not in self.topics:
            return
        frame = json.dumps(data["event"], ensure_ascii=False)
        if data.get("coalesce"):
            key = (topic, data["coalesce"])
            seq = data["event"].get("seq") if isinstance(data["event"], dict) else None
            held = self.pending.get(key)
            if held is not None and seq is not None and held[1] is not None and held[1] > seq:
                return  # an older result arriving late (another process published it first)
            self.pending[key] = (frame, seq)
            if not self.flush_scheduled:
                self.flush_scheduled = True
                asyncio.get_running_loop().call_later(settings.HUIWU_LIVE_COALESCE_SECONDS, self._flush)
            return
        self._write(topic, frame)

    def _flush(self) -> None:
        pending, self.pending = self.pending, {}
        self.flush_scheduled = False
        for (topic, _key), (frame, _seq) in pending.items():
            self._write(topic, frame)

    def _write(self, topic: str, frame: str) -> None:
        senders = list(self.topics.get(topic, ()))
        if not senders:
            return
        self.frames_written += len(senders)
        for sender in senders:
            self._eager(sender(frame))

    def _eager(self, coro) -> None:
        """Run a socket's send until it finishes or waits: almost every send only hands the frame to
        the transport and finishes at once, so no task is made for it (a task per socket per frame was
        most of the fan-out's cost). A send that waits — a slow phone's full buffer — goes on as a task."""
        try:
            waiting = coro.send(None)
        except StopIteration:
            return
        except Exception:
            log.debug("a live socket closed while we wrote to it", exc_info=True)
            return
        task = asyncio.ensure_future(_resume(coro, waiting))
        self.writes.add(task)  # keep a reference until done, or the loop may drop it
        task.add_done_callback(self.writes.discard)

    async def _subscribe_redis(self) -> None:
        import redis.asyncio as aioredis

        while True:
            # No read timeout: a quiet channel is normal. Health checks notice a dead connection.
            client = aioredis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=None, socket_connect_timeout=5, health_check_interval=30
            )
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(settings.LIVE_CHANNEL)
                    if self.redis_ready is not None:
                        self.redis_ready.set()
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            raw = item["data"]
                            self._dispatch(raw.decode() if isinstance(raw, bytes) else raw)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live-update subscription to Redis dropped; retrying")
                await asyncio.sleep(1)
            finally:
                await client.aclose()


async def _resume(coro, waiting) -> None:
    """Finish a send that waited on ``waiting``, as a task would: resume it once what it waits for is
    done (a bare yield: on the loop's next turn); it reads the outcome of what it awaited itself."""
    while True:
        if waiting is None:
            await asyncio.sleep(0)
        else:
            await asyncio.wait({waiting})
        try:
            waiting = coro.send(None)
        except StopIteration:
            return
        except Exception:
            log.debug("a live socket closed while we wrote to it", exc_info=True)
            return


_hub = Hub()


def get_hub() -> Hub:
    return _hub
