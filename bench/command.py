"""The command centre's live updates: 500 dashboard connections on one `huiwu serve` process sharing Redis,
50 updates a second published as the services publish them (coalesced per meeting). Figures: delivery
latency of the newest state (p50/p99) and server memory per connection (RSS delta / connections)."""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from django.test import Client
from websockets.asyncio.client import connect

from bench.live import free_port, wait_http
from huiwu.core.realtime import REDIS_CHANNEL
from huiwu.demo import load_demo
from huiwu.events.models import Meeting
from huiwu.orgs.models import Membership

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
    exe = shutil.which("redis-server")
    if not exe:
        print("\n# Command centre: skipped, redis-server is not installed (make test installs it)")
        return
    org = load_demo()
    meeting = Meeting.objects.get(org=org, name="新经济产业峰会")
    user = Membership.objects.get(org=org, user__username="demo").user
    web = Client(SERVER_NAME="127.0.0.1")
    web.force_login(user)
    cookie = f"sessionid={web.cookies['sessionid'].value}"
    workdir = Path(tempfile.mkdtemp(prefix="huiwu-bench-command-"))
    rport, hport = free_port(), free_port()
    redis_proc = subprocess.Popen(
        [
            exe,
            "--port",
            str(rport),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{rport}/0", "HUIWU_LIVE_COALESCE_SECONDS": "0.25"}
    log = workdir / "server.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "huiwu", "serve", "--port", str(hport), "--no-worker"]
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{hport}"
        wait_http(base + "/healthz", server, log)
        r = redis.Redis(port=rport)
        topic = f"org:{org.pk}"
        time.sleep(1)
        before = _rss_kib(server.pid)

        async def scenario():
            ready, done, results = asyncio.Event(), asyncio.Event(), {}
            url = f"ws://127.0.0.1:{hport}/ws/live/?org={org.slug}"
            task = asyncio.ensure_future(_dashboards(url, base, cookie, CONNECTIONS, ready, done, results))
            await asyncio.wait_for(ready.wait(), 300)
            await asyncio.sleep(1)
            after = _rss_kib(server.pid)
            for i in range(RATE * SECONDS):
                event = {"type": "incident.changed", "meeting": meeting.pk, "incident": i, "t": time.time()}
                r.publish(
                    REDIS_CHANNEL,
                    json.dumps({"topic": topic, "event": event, "coalesce": f"incident:{meeting.pk}"}),
                )
                await asyncio.sleep(1 / RATE)
            await asyncio.sleep(1)
            r.publish(REDIS_CHANNEL, json.dumps({"topic": topic, "event": {"type": "stop"}}))
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
    except Exception:
        print(log.read_text()[-3000:])
        raise
    finally:
        server.terminate()
        server.wait(10)
        redis_proc.terminate()
        redis_proc.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)
