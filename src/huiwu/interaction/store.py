"""The fast check of a vote, before it is written: is the poll open, is this the participant's first
vote (or may it change), is the participant or its address flooding. One answer per vote, atomic.

Two stores answer the same questions: :class:`MemoryStore`, this process's memory, for the embedded
default (one process); :class:`RedisStore`, one Lua script per vote in the Redis every process shares,
in production. Neither is the record: the database is (``recorder``). A store that lost its state (a
restart, a Redis flush) says ``miss`` and is loaded again from the database (:func:`load`)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# What ``accept`` answers: the vote is taken (new, a change, the same as before: sent again), or why not.
NEW, CHANGED, SAME = "new", "changed", "same"
CLOSED, VOTED, FLOOD, MISS = "closed", "voted", "flood", "miss"


@dataclass(frozen=True)
class Limits:
    """A flood: more than ``per_participant`` votes, or ``per_address`` from one address, in ``window`` s."""

    per_participant: int
    per_address: int
    window: int

    @classmethod
    def configured(cls) -> Limits:
        return cls(
            per_participant=settings.HUIWU_INTERACTION_PER_PARTICIPANT,
            per_address=settings.HUIWU_INTERACTION_PER_ADDRESS,
            window=settings.HUIWU_INTERACTION_WINDOW,
        )


class MemoryStore:
    """This process's memory: polls' states and votes, and the flood counters of the current window."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: dict[int, str] = {}
        self.votes: dict[int, dict[int, str]] = {}
        self.counters: dict[str, int] = {}
        self.window = -1

    def _count(self, key: str, now: float, window: int) -> int:
        current = int(now // window)
        if current != self.window:
            self.window, self.counters = current, {}
        self.counters[key] = n = self.counters.get(key, 0) + 1
        return n

    def accept(
        self, poll: int, participant: int, choice: str, changeable: bool, address: str, limits: Limits
    ) -> tuple[str, str | None]:
        with self.lock:
            status = self.status.get(poll)
            if status is None:
                return MISS, None
            if status != "open":
                return CLOSED, None
            now = time.monotonic()
            mine = self._count(f"p{participant}", now, limits.window)  # every attempt counts for both
            theirs = self._count(f"a{address}", now, limits.window)
            if mine > limits.per_participant or theirs > limits.per_address:
                return FLOOD, None
            votes = self.votes.setdefault(poll, {})
            old = votes.get(participant)
            if old is not None:
                if old == choice:
                    return SAME, old
                if not changeable:
                    return VOTED, old
            votes[participant] = choice
            return (NEW, None) if old is None else (CHANGED, old)

    async def aaccept(
        self, poll: int, participant: int, choice: str, changeable: bool, address: str, limits: Limits
    ) -> tuple[str, str | None]:
        return self.accept(poll, participant, choice, changeable, address, limits)

    def allow(self, participant: int, address: str, limits: Limits) -> bool:
        """Count an attempt other than a vote (an upvote, a question) against the same flood limits."""
        with self.lock:
            now = time.monotonic()
            mine = self._count(f"p{participant}", now, limits.window)
            theirs = self._count(f"a{address}", now, limits.window)
            return mine <= limits.per_participant and theirs <= limits.per_address

    async def aallow(self, participant: int, address: str, limits: Limits) -> bool:
        return self.allow(participant, address, limits)

    def undo(self, poll: int, participant: int, choice: str, previous: str | None) -> None:
        """Take back an accepted vote that could not be written (only if it is still the one kept)."""
        with self.lock:
            votes = self.votes.get(poll)
            if votes is None or votes.get(participant) != choice:
                return
            if previous is None:
                del votes[participant]
            else:
                votes[participant] = previous

    def set_status(self, poll: int, status: str, votes: Iterable[tuple[int, str]] | None = None) -> None:
        with self.lock:
            if votes is not None:
                self.votes[poll] = dict(votes)
            self.status[poll] = status
            if status != "open":
                self.votes.pop(poll, None)  # a closed poll takes no vote: nothing to compare with

    def loaded(self, poll: int) -> bool:
        return poll in self.status

    async def aclose(self) -> None:
        """Nothing to close (the Redis store closes this loop's client)."""

    def forget(self) -> None:
        with self.lock:
            self.status.clear()
            self.votes.clear()
            self.counters.clear()


ACCEPT = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'miss'} end
if status ~= 'open' then return {'closed'} end
local window = tonumber(ARGV[6])
local p = redis.call('INCR', KEYS[3])
if p == 1 then redis.call('EXPIRE', KEYS[3], window + 1) end
local a = redis.call('INCR', KEYS[4])
if a == 1 then redis.call('EXPIRE', KEYS[4], window + 1) end
if p > tonumber(ARGV[4]) or a > tonumber(ARGV[5]) then return {'flood'} end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  if old == ARGV[2] then return {'same', old} end
  if ARGV[3] ~= '1' then return {'voted', old} end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if old then return {'changed', old} end
return {'new'}
"""

UNDO = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
return 1
"""

LOAD_CHUNK = 500  # votes per HSET when a poll is loaded into Redis
ALLOW = """
local window = tonumber(ARGV[3])
local p = redis.call('INCR', KEYS[1])
if p == 1 then redis.call('EXPIRE', KEYS[1], window + 1) end
local a = redis.call('INCR', KEYS[2])
if a == 1 then redis.call('EXPIRE', KEYS[2], window + 1) end
if p > tonumber(ARGV[1]) or a > tonumber(ARGV[2]) then return 0 end
return 1
"""

KEEP_CLOSED = 60 * 60 * 24  # a closed poll's votes stay in Redis a day, then only the database has them


class RedisStore:
    """The shared store: one script per vote. Keys: ``<prefix>poll:<id>`` (its status),
    ``<prefix>poll:<id>:v`` (participant -> choice), ``<prefix>rate:<window>:p<id>|a<address>``."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.url = url
        self.prefix = prefix
        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(ACCEPT)
        self.undo_script = self.client.register_script(UNDO)
        self.allow_script = self.client.register_script(ALLOW)
        self._async: dict[int, tuple[Any, Any, Any, Any]] = {}  # event loop id -> (client, script)

    def _keys(self, poll: int, participant: int, address: str, limits: Limits) -> list[str]:
        base = f"{self.prefix}poll:{poll}"
        return [base, f"{base}:v", *self._rate_keys(participant, address, limits)]

    @staticmethod
    def _args(participant: int, choice: str, changeable: bool, limits: Limits) -> list[Any]:
        return [
            participant,
            choice,
            int(changeable),
            limits.per_participant,
            limits.per_address,
            limits.window,
        ]

    @staticmethod
    def _answer(reply: list[Any]) -> tuple[str, str | None]:
        outcome = reply[0].decode() if isinstance(reply[0], bytes) else reply[0]
        old = reply[1] if len(reply) > 1 else None
        return outcome, old.decode() if isinstance(old, bytes) else old

    def accept(
        self, poll: int, participant: int, choice: str, changeable: bool, address: str, limits: Limits
    ) -> tuple[str, str | None]:
        keys = self._keys(poll, participant, address, limits)
        return self._answer(self.script(keys=keys, args=self._args(participant, choice, changeable, limits)))

    async def aaccept(
        self, poll: int, participant: int, choice: str, changeable: bool, address: str, limits: Limits
    ) -> tuple[str, str | None]:
        found = self._loop_client(asyncio.get_running_loop())
        keys = self._keys(poll, participant, address, limits)
        reply = await found[1](keys=keys, args=self._args(participant, choice, changeable, limits))
        return self._answer(reply)

    def _rate_keys(self, participant: int, address: str, limits: Limits) -> list[str]:
        window = int(time.time() // limits.window)
        return [f"{self.prefix}rate:{window}:p{participant}", f"{self.prefix}rate:{window}:a{address}"]

    def allow(self, participant: int, address: str, limits: Limits) -> bool:
        keys = self._rate_keys(participant, address, limits)
        args = [limits.per_participant, limits.per_address, limits.window]
        return bool(self.allow_script(keys=keys, args=args))

    async def aallow(self, participant: int, address: str, limits: Limits) -> bool:
        loop = asyncio.get_running_loop()
        client = self._loop_client(loop)
        keys = self._rate_keys(participant, address, limits)
        return bool(
            await client[3](keys=keys, args=[limits.per_participant, limits.per_address, limits.window])
        )

    def _loop_client(self, loop: asyncio.AbstractEventLoop) -> tuple[Any, Any, Any, Any]:
        """This event loop's async client and scripts (a client belongs to the loop that made it)."""
        found = self._async.get(id(loop))
        if found is None or found[2] is not loop:
            import redis.asyncio as aioredis

            client = aioredis.Redis.from_url(self.url)
            found = (client, client.register_script(ACCEPT), loop, client.register_script(ALLOW))
            self._async[id(loop)] = found
        return found

    def undo(self, poll: int, participant: int, choice: str, previous: str | None) -> None:
        self.undo_script(keys=[f"{self.prefix}poll:{poll}:v"], args=[participant, choice, previous or ""])

    def set_status(self, poll: int, status: str, votes: Iterable[tuple[int, str]] | None = None) -> None:
        base = f"{self.prefix}poll:{poll}"
        pipe = self.client.pipeline(transaction=True)
        if votes is not None:
            pipe.delete(f"{base}:v")
            chunk: dict[int, str] = {}
            for participant, choice in votes:
                chunk[participant] = choice
                if len(chunk) >= LOAD_CHUNK:
                    pipe.hset(f"{base}:v", mapping=chunk)
                    chunk = {}
            if chunk:
                pipe.hset(f"{base}:v", mapping=chunk)
        pipe.hset(base, "status", status)
        if status == "open":
            pipe.persist(f"{base}:v")
        else:
            pipe.expire(f"{base}:v", KEEP_CLOSED)
        pipe.execute()

    def loaded(self, poll: int) -> bool:
        return bool(self.client.hexists(f"{self.prefix}poll:{poll}", "status"))

    async def aclose(self) -> None:
        """Close the running loop's client (a loop that ends before its process: a test's)."""
        found = self._async.pop(id(asyncio.get_running_loop()), None)
        if found is not None:
            await found[0].aclose()

    def forget(self) -> None:
        for key in self.client.scan_iter(f"{self.prefix}*", count=1000):
            self.client.delete(key)


_store: MemoryStore | RedisStore | None = None
_store_lock = threading.Lock()


def get_store() -> MemoryStore | RedisStore:
    global _store
    with _store_lock:
        if _store is None:
            if settings.REDIS_URL:
                _store = RedisStore(settings.REDIS_URL, settings.HUIWU_INTERACTION_PREFIX)
            else:
                _store = MemoryStore()
        return _store


def reset() -> None:
    """Forget the store (tests; a changed setting)."""
    global _store
    with _store_lock:
        if _store is not None:
            _store.forget()
        _store = None
