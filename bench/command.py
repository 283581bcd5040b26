"""The command centre's live updates: 500 dashboard connections on one `huiwu serve` process sharing Redis,
50 updates a second published as the services publish them (coalesced per meeting). Figures: delivery
latency of the newest state (p50/p99) and server memory per connection (RSS delta / connections)."""

import asyncio
import json
import os
import shutil
import time
from pathlib import Path

import redis
from django.conf import settings
from websockets.asyncio.client import connect

from bench.live import live_rig
from huiwu.events.models import Meeting

CONNECTIONS = int(os.environ.get("HUIWU_BENCH_DASHBOARDS", "500"))
RATE = 50  # updates per second
SECONDS = 10


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _dashboards(url, origin, cookie, n, ready: asyncio.Event, done: asyncio.Event, out: dict):
    latencies: list[float] = []
    frames: list[int] = []
    connected = 0

    async def one():
        nonlocal connected
        async with connect(url, additional_headers={"Cookie": cookie, "Origin": origin}, open_timeout=60,
                           ping_interval=None, max_queue=None) as ws:  # fmt: skip
            await ws.recv()  # hello
            connected += 1
            if connected == n:
                ready.set()
            count = 0
            while True:
                event = json.loads(await ws.recv())
                if event.get("type") == "incident.changed":
                    latencies.append(time.time() - event["t"])
                    count += 1
                elif event.get("type") == "stop":
                    frames.append(count)
                    return

    sem = asyncio.Semaphore(100)

    async def gated():
        async with sem:
            pass
        await one()

    await asyncio.gather(*(gated() for _ in range(n)))
    out["latencies"], out["frames"] = latencies, frames
    done.set()


def run() -> None:
    if not shutil.which("redis-server"):
        print("\n# Command centre: skipped, redis-server is not installed (make test installs it)")
        return
    with live_rig("huiwu-bench-command-") as rig:
        org, server = rig.org, rig.server
        meeting = Meeting.objects.get(org=org, name="新经济产业峰会")
        r = redis.Redis(port=rig.redis_port)
        topic = f"org:{org.pk}"
        time.sleep(1)
        before = _rss_kib(server.pid)

        async def scenario():
            ready, done, results = asyncio.Event(), asyncio.Event(), {}
            url = f"ws://127.0.0.1:{rig.http_port}/ws/live/?org={org.slug}"
            task = asyncio.ensure_future(
                _dashboards(url, rig.base, rig.cookie, CONNECTIONS, ready, done, results)
            )
            await asyncio.wait_for(ready.wait(), 300)
            await asyncio.sleep(1)
            after = _rss_kib(server.pid)
            for i in range(RATE * SECONDS):
                event = {"type": "incident.changed", "meeting": meeting.pk, "incident": i, "t": time.time()}
                message = {"topic": topic, "event": event, "coalesce": f"incident:{meeting.pk}"}
                r.publish(settings.LIVE_CHANNEL, json.dumps(message))
                await asyncio.sleep(1 / RATE)
            await asyncio.sleep(1)
            r.publish(settings.LIVE_CHANNEL, json.dumps({"topic": topic, "event": {"type": "stop"}}))
            await asyncio.wait_for(task, 120)
            return after, results

        after, results = asyncio.run(scenario())
        lat = sorted(results["latencies"])
        p = lambda q: lat[min(len(lat) - 1, int(len(lat) * q))] * 1000  # noqa: E731
        frames = results["frames"]
        print(f"\n# Command centre: {CONNECTIONS} dashboards, 1 process, {RATE} updates/s for {SECONDS} s")
        print("(via Redis, coalesced per meeting every 250 ms)")
        print(
            f"frames per dashboard     {sum(frames) / max(1, len(frames)):8.1f} (of {RATE * SECONDS} updates)"
        )
        print(f"latency p50              {p(0.5):8.1f} ms")
        print(f"latency p99              {p(0.99):8.1f} ms")
        per = (after - before) / CONNECTIONS
        print(f"memory per connection    {per:8.1f} KiB (server RSS {before // 1024} → {after // 1024} MiB)")
