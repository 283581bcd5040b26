"""Live fan-out through a real server process sharing Redis: latency from publish to socket.

One `huiwu serve` process holds N WebSockets of one organisation. This process publishes events
on the Redis channel, as any web or worker process does; the server receives each once and writes
one frame to each of its sockets. Figures: delivery ratio, latency p50/p99, and frames per socket
for a coalesced burst.
"""

import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import httpx
import redis
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from huiwu.demo import load_demo
from huiwu.orgs.models import Membership

SOCKETS = int(os.environ.get("HUIWU_BENCH_SOCKETS", "2000"))
EVENTS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"server exited:\n{log.read_text()}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


async def clients(url: str, origin: str, cookie: str, n: int, ready: asyncio.Event, results: dict):
    latencies: list[float] = []
    bursts: list[int] = []
    connected = 0

    async def one(i: int):
        nonlocal connected
        async with connect(
            url,
            additional_headers={"Cookie": cookie, "Origin": origin},
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        ) as ws:
            await ws.recv()  # hello
            connected += 1
            if connected == n:
                ready.set()
            burst = 0
            while True:
                event = json.loads(await ws.recv())
                if event["type"] == "bench":
                    latencies.append(time.time() - event["t"])
                elif event["type"] == "burst":
                    burst += 1
                elif event["type"] == "stop":
                    bursts.append(burst)
                    return

    sem = asyncio.Semaphore(200)  # open sockets 200 at a time

    async def gated(i):
        async with sem:
            pass
        await one(i)

    await asyncio.gather(*(gated(i) for i in range(n)))
    results["latencies"] = latencies
    results["bursts"] = bursts


@contextmanager
def live_rig(prefix: str):
    """The demo organisation with a signed-in session cookie, a throw-away Redis and one `huiwu serve`
    (no worker) on it; the server's log is printed if the body fails."""
    exe = shutil.which("redis-server")
    org = load_demo()
    user = Membership.objects.get(org=org, user__username="demo").user
    web = Client(SERVER_NAME="127.0.0.1")
    web.force_login(user)
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    rport, hport = free_port(), free_port()
    redis_cmd = [exe, "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    redis_proc = subprocess.Popen([*redis_cmd, "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{rport}/0", "HUIWU_LIVE_COALESCE_SECONDS": "0.25"}
    log = workdir / "server.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "huiwu", "serve", "--port", str(hport), "--no-worker"]
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{hport}"
    try:
        wait_http(base + "/healthz", server, log)
        yield SimpleNamespace(
            org=org, cookie=f"sessionid={web.cookies['sessionid'].value}", redis_port=rport, http_port=hport,
            server=server, base=base,
        )  # fmt: skip
    except Exception:
        print(log.read_text()[-3000:])
        raise
    finally:
        server.terminate()
        server.wait(10)
        redis_proc.terminate()
        redis_proc.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)


def run() -> None:
    exe = shutil.which("redis-server")
    if not exe:
        print("\n# Live fan-out: skipped, redis-server is not installed (make test installs it)")
        return
    with live_rig("huiwu-bench-live-") as rig:
        org, cookie, hport, base = rig.org, rig.cookie, rig.http_port, rig.base
        r = redis.Redis(port=rig.redis_port)
        topic = f"org:{org.pk}"

        async def scenario():
            ready = asyncio.Event()
            results: dict = {}
            t0 = time.time()
            task = asyncio.ensure_future(
                clients(
                    f"ws://127.0.0.1:{hport}/ws/live/?org={org.slug}", base, cookie, SOCKETS, ready, results
                )
            )
            await asyncio.wait_for(ready.wait(), 300)
            connect_s = time.time() - t0
            for _ in range(EVENTS):
                event = {"topic": topic, "event": {"type": "bench", "t": time.time()}}
                r.publish(settings.LIVE_CHANNEL, json.dumps(event))
                await asyncio.sleep(0.25)
            for i in range(1000):  # a burst of 1,000 votes in about a second, coalesced
                r.publish(
                    settings.LIVE_CHANNEL,
                    json.dumps({"topic": topic, "event": {"type": "burst", "n": i}, "coalesce": "poll"}),
                )
                if i % 100 == 0:
                    await asyncio.sleep(0.1)
            await asyncio.sleep(1)
            r.publish(settings.LIVE_CHANNEL, json.dumps({"topic": topic, "event": {"type": "stop"}}))
            await asyncio.wait_for(task, 120)
            return connect_s, results

        connect_s, results = asyncio.run(scenario())
        lat = sorted(results["latencies"])
        expected = SOCKETS * EVENTS
        p = lambda q: lat[min(len(lat) - 1, int(len(lat) * q))] * 1000  # noqa: E731
        print(f"\n# Live fan-out: 1 server process, {SOCKETS} sockets, {EVENTS} events via Redis pub/sub")
        print(f"connect all sockets      {connect_s:8.1f} s")
        print(f"delivered                {len(lat)}/{expected} ({100 * len(lat) / expected:.1f}%)")
        print(f"latency p50              {p(0.5):8.1f} ms")
        print(f"latency p99              {p(0.99):8.1f} ms")
        print(f"latency max              {lat[-1] * 1000:8.1f} ms")
        print(
            f"burst of 1000 coalesced  {statistics.mean(results['bursts']):8.1f} frames per socket"
            " (250 ms window)"
        )
