"""The per-process hub: topics, one frame per socket, coalescing of bursts."""

import asyncio
import json

import pytest

from huiwu.core.realtime import Hub

pytestmark = pytest.mark.unit


def message(topic, event, coalesce=None):
    return json.dumps({"topic": topic, "event": event, "coalesce": coalesce})


def run(coro):
    return asyncio.run(coro)


def test_events_reach_only_their_topic(settings):
    settings.REDIS_URL = ""

    async def scenario():
        hub, got_a, got_b = Hub(), [], []

        async def a(frame):
            got_a.append(json.loads(frame))

        async def b(frame):
            got_b.append(json.loads(frame))

        await hub.attach(a, ["user:1", "org:1"])
        await hub.attach(b, ["user:2", "org:1"])
        hub.deliver(message("user:1", {"n": 1}))
        hub.deliver(message("org:1", {"n": 2}))
        hub.deliver(message("org:9", {"n": 3}))
        await asyncio.sleep(0.01)
        hub.detach(a)
        hub.deliver(message("org:1", {"n": 4}))
        await asyncio.sleep(0.01)
        return got_a, got_b, hub.subscriber_count("org:1")

    got_a, got_b, count = run(scenario())
    assert got_a == [{"n": 1}, {"n": 2}]
    assert got_b == [{"n": 2}, {"n": 4}]
    assert count == 1


def test_bursts_are_coalesced_to_the_newest(settings):
    settings.REDIS_URL = ""
    settings.HUIWU_LIVE_COALESCE_SECONDS = 0.05

    async def scenario():
        hub, got = Hub(), []

        async def sock(frame):
            got.append(json.loads(frame))

        await hub.attach(sock, ["meeting:1"])
        for i in range(100):
            hub.deliver(message("meeting:1", {"votes": i}, coalesce="poll"))
        await asyncio.sleep(0.12)
        return got, hub.frames_written

    got, written = run(scenario())
    assert got == [{"votes": 99}]
    assert written == 1


def test_delivery_from_another_thread_is_handed_to_the_loop(settings):
    settings.REDIS_URL = ""

    async def scenario():
        hub, got = Hub(), []

        async def sock(frame):
            got.append(frame)

        await hub.attach(sock, ["user:1"])
        await asyncio.to_thread(hub.deliver, message("user:1", {"ok": True}))
        await asyncio.sleep(0.02)
        return got

    assert run(scenario()) == ['{"ok": true}']


def test_no_socket_no_work():
    Hub().deliver(message("user:1", {"x": 1}))  # nothing attached: a no-op, no error
