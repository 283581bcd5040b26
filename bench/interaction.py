"""Live interaction under load: `huiwu serve` processes holding thousands of phones' sockets while votes
arrive, measured by a load generator of our own (loopback only, bounded in sockets and seconds).

Runs on the embedded default (SQLite, the vote store in the process's memory) and on PostgreSQL + Redis
(a throw-away cluster and Redis server; the store in Redis). For each:

* one process, N sockets (HUIWU_BENCH_SOCKETS, 10,000), spread over 100 loopback addresses; votes
  sent at 1,000/s, one per phone: the time from a vote to its acknowledgement (after the commit), and
  from a vote to the moment every socket has received a result that includes it (the ack carries the
  results' ``seq``); that every socket received every result frame; memory per socket (the server's
  RSS before and after the sockets connect) and CPU per vote;
* throughput: phones voting as fast as acknowledgements return (1,000 in flight) for 5 s;
* PostgreSQL + Redis only: two processes sharing Redis, twice the sockets, the same throughput test,
  and a kill -9 of one process while its phones vote: every vote it acknowledged must be in the
  database;
* a lottery draw (freeze + draw) over 100,000 participants online, in this process.

The client is a small WebSocket client on asyncio streams (uvloop): the Python `websockets` library
costs more per socket than the server does, and this machine has two cores for everything.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.checkin import _cpu, _pg_cluster
from bench.live import free_port, wait_http

SOCKETS = int(os.environ.get("HUIWU_BENCH_SOCKETS", "10000"))
RATE = int(os.environ.get("HUIWU_BENCH_VOTE_RATE", "1000"))
ADDRESSES = 100  # loopback source addresses: a venue's phones come from many addresses
LOTTERY = int(os.environ.get("HUIWU_BENCH_LOTTERY", "100000"))
RNG = random.Random(22)  # noqa: S311  (which answer a bench phone picks)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


class Phone:
    """One participant's socket: a minimal RFC 6455 client (text frames, client frames masked)."""

    __slots__ = ("acks", "closed", "frames", "participant", "reader", "writer")

    def __init__(self, participant: int) -> None:
        self.participant = participant
        self.frames: list[tuple[int, int, float]] = []  # (poll, seq, received)
        self.acks: dict[str, asyncio.Future] = {}
        self.closed = False

    async def open(self, port: int, code: str, cookie: str, address: str) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write(
            (
                f"GET /ws/i/{code}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://127.0.0.1:{port}\r\nCookie: huiwu-live={cookie}\r\n\r\n"
            ).encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(head.decode(errors="replace"))
        await self._frame()  # hello

    async def _frame(self) -> str | None:
        b0, b1 = await self.reader.readexactly(2)
        n = b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", await self.reader.readexactly(8))
        data = await self.reader.readexactly(n)
        opcode = b0 & 0x0F
        if opcode == 8:
            self.closed = True
            return None
        if opcode == 9:  # the server's ping: answer, or it closes the socket
            self._send_frame(0x8A, data)
            return ""
        return data.decode()

    def send(self, text: str) -> None:
        self._send_frame(0x81, text.encode())

    def _send_frame(self, first: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([first]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(head + mask + masked)

    async def listen(self) -> None:
        try:
            while True:
                text = await self._frame()
                if text is None:
                    return
                now = time.perf_counter()
                if text.startswith('{"type": "poll.results"') or text.startswith('{"type":"poll.results"'):
                    event = json.loads(text)
                    self.frames.append((event["poll"], event["seq"], now))
                elif '"ack"' in text[:20]:
                    event = json.loads(text)
                    found = self.acks.pop(str(event.get("ref")), None)
                    if found is not None and not found.done():
                        found.set_result((event, now))
        except (asyncio.IncompleteReadError, ConnectionError):
            self.closed = True
        finally:
            for waiting in self.acks.values():
                if not waiting.done():
                    waiting.set_exception(ConnectionError("closed"))

    async def vote(self, poll: int, choice: str) -> tuple[dict, float, float]:
        if self.closed:
            raise ConnectionError("closed")
        ref = f"{poll}-{self.participant}"
        waiting = asyncio.get_running_loop().create_future()
        self.acks[ref] = waiting
        sent = time.perf_counter()
        self.send(json.dumps({"t": "vote", "ref": ref, "poll": poll, "choice": choice}))
        try:
            event, received = await asyncio.wait_for(waiting, 30)
        except TimeoutError:
            raise ConnectionError("no answer in 30 s") from None
        return event, sent, received


async def _connect_all(
    ports: list[int], code: str, cookies: list[tuple[int, str]]
) -> tuple[list[Phone], float]:
    phones = [Phone(pk) for pk, _ in cookies]
    sem = asyncio.Semaphore(200)
    t0 = time.perf_counter()

    async def one(i: int) -> None:
        async with sem:
            address = f"127.0.0.{2 + i % ADDRESSES}"
            await phones[i].open(ports[i % len(ports)], code, cookies[i][1], address)

    await asyncio.gather(*(one(i) for i in range(len(phones))))
    return phones, time.perf_counter() - t0


async def _open_loop(phones: list[Phone], poll: int, rate: int) -> list[tuple[dict, float, float]]:
    """Each phone votes once, the votes sent at ``rate`` per second."""
    tasks = []
    step = 1 / rate
    start = time.perf_counter()
    for i, phone in enumerate(phones):
        delay = start + i * step - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(phone.vote(poll, RNG.choice("1234"))))
    done = await asyncio.gather(*tasks, return_exceptions=True)
    return [d for d in done if not isinstance(d, BaseException)]


async def _closed_loop(
    phones: list[Phone], polls: list[int], seconds: float, in_flight: int
) -> tuple[int, list[float]]:
    """``in_flight`` voters, each sending its next vote when the last is acknowledged, for ``seconds``."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    work = [(phone, poll) for poll in polls for phone in phones]
    RNG.shuffle(work)
    position = 0

    async def voter() -> None:
        nonlocal position
        while time.perf_counter() < deadline and position < len(work):
            phone, poll = work[position]
            position += 1
            if phone.closed:
                continue
            try:
                event, sent, received = await phone.vote(poll, RNG.choice("1234"))
            except (ConnectionError, TimeoutError):
                continue
            if event.get("ok"):
                latencies.append(received - sent)

    t0 = time.perf_counter()
    await asyncio.gather(*(voter() for _ in range(in_flight)))
    return len(latencies), [*latencies, time.perf_counter() - t0]


def _screens(phones: list[Phone], poll: int, votes: list[tuple[dict, float, float]]) -> dict:
    """Vote -> every socket: for each result version seen, when the last socket had it; each vote is on
    every screen at the first version at or above its own."""
    per_socket = [[(s, t) for p, s, t in phone.frames if p == poll] for phone in phones if not phone.closed]
    counts = {len(frames) for frames in per_socket}
    seqs = sorted({s for frames in per_socket for s, _t in frames})
    everywhere: dict[int, float] = {}
    for seq in seqs:
        latest = 0.0
        for frames in per_socket:
            first = next((t for s, t in frames if s >= seq), None)
            if first is None:
                latest = float("inf")
                break
            latest = max(latest, first)
        everywhere[seq] = latest
    delays = []
    for event, sent, _received in votes:
        seq = event.get("seq", 0)
        later = [s for s in seqs if s >= seq]
        if later and everywhere[later[0]] != float("inf"):
            delays.append(everywhere[later[0]] - sent)
    return {"delays": delays, "frames": counts, "final": seqs[-1] if seqs else 0}


def _serve(exe: str, env: dict, port: int, workdir: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = workdir / f"{name}.log"
    with log.open("w") as out:
        command = [exe, "serve", "--port", str(port), "--no-migrate", "--no-worker"]
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/healthz", proc, log)
    return proc, log


def _scenario(label: str, workdir: Path, url: str | None, redis_url: str | None, processes: int) -> None:
    exe = str(Path(sys.executable).with_name("huiwu"))
    env = {**os.environ, "HUIWU_DATA_DIR": str(workdir / "data"), "HUIWU_LIVE_COALESCE_SECONDS": "0.3"}
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    if redis_url:
        env["REDIS_URL"] = redis_url
    per_process = SOCKETS
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if per_process * processes > limit - 1000:  # this process holds every client socket
        per_process = (limit - 1000) // processes
        print(f"\n(open-file limit {limit}: {per_process:,} sockets per process, not {SOCKETS:,})")
    sockets = per_process * processes
    subprocess.run([exe, "migrate", "-v", "0"], env=env, check=True)
    seeded = json.loads(
        subprocess.run(
            [exe, "seed-interaction", "--participants", str(sockets), "--polls", "6"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    cookies = [
        (int(pk), token)
        for pk, token in (line.split() for line in Path(seeded["cookies"]).read_text().splitlines())
    ]
    ports = [free_port() for _ in range(processes)]
    servers = [_serve(exe, env, port, workdir, f"serve{k}") for k, port in enumerate(ports)]
    polls = seeded["polls"]
    try:
        rss0 = [_rss_kib(proc.pid) for proc, _log in servers]

        async def run() -> dict:
            phones, connect_s = await _connect_all(ports, seeded["code"], cookies)
            listeners = [asyncio.ensure_future(p.listen()) for p in phones]
            await asyncio.sleep(2)
            rss1 = [_rss_kib(proc.pid) for proc, _log in servers]
            cpu0 = _cpu([proc.pid for proc, _log in servers])
            votes = await _open_loop(phones, polls[0], RATE)
            await asyncio.sleep(2)  # the last results reach every socket
            cpu1 = _cpu([proc.pid for proc, _log in servers])
            screens = _screens(phones, polls[0], votes)
            done, lat = await _closed_loop(phones, polls[1:4], 5.0, 1000)
            out = {
                "connect_s": connect_s,
                "rss0": rss0,
                "rss1": rss1,
                "cpu": cpu1 - cpu0,
                "votes": votes,
                "screens": screens,
                "throughput": done / lat[-1],
                "tp_lat": lat[:-1],
                "closed": 0,
            }
            if processes > 1:
                out["kill"] = await _kill_during_votes(phones, polls[4], servers[-1][0], ports[-1])
            for task in listeners:
                task.cancel()
            for phone in phones:
                phone.writer.close()
            return out

        try:
            import uvloop

            result = uvloop.run(run())
        except ImportError:
            result = asyncio.run(run())
        sys.stdout.flush()
        _print(label, processes, sockets, result, per_process)
        if processes > 1:
            _check_kill(env, exe, result["kill"], polls[4])
    except Exception:
        for _proc, log in servers:
            print(log.read_text()[-3000:])
        raise
    finally:
        for proc, _log in servers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(10)


async def _kill_during_votes(
    phones: list[Phone], poll: int, victim: subprocess.Popen, port: int
) -> list[int]:
    """The phones vote at 1,000/s; a quarter of the way through, one process is killed (SIGKILL).
    Returns the participants whose votes were acknowledged."""
    acked: list[int] = []
    loop = asyncio.get_running_loop()
    loop.call_later(len(phones) / RATE / 4, victim.kill)
    for event, _sent, _received in await _open_loop(phones, poll, RATE):
        if event.get("ok"):
            acked.append(int(str(event["ref"]).split("-")[1]))
    return acked


def _check_kill(env: dict, exe: str, acked: list[int], poll: int) -> None:
    script = (
        "import json;from huiwu.interaction.models import Vote;"
        f"rows=Vote.objects.filter(poll_id={poll}).values_list('participant_id', flat=True);"
        "print(json.dumps(list(rows)))"
    )
    out = subprocess.run(
        [exe, "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    ).stdout
    kept = set(json.loads(out.strip().splitlines()[-1]))
    lost = set(acked) - kept
    print(
        f"kill -9 of one process while voting: {len(acked)} acknowledged, {len(lost)} of them lost"
        f" ({len(kept)} votes kept)"
    )


def _print(label: str, processes: int, sockets: int, r: dict, per_process: int) -> None:
    acks = [received - sent for _event, sent, received in r["votes"]]
    ok = sum(1 for event, _s, _r in r["votes"] if event.get("ok"))
    screens = r["screens"]
    per_socket = [(b - a) / per_process for a, b in zip(r["rss0"], r["rss1"], strict=True)]
    print(
        f"\n# Live interaction on {label}: {processes} `huiwu serve` process(es), {sockets:,} phones' sockets"
    )
    print(f"connect all sockets            {r['connect_s']:8.1f} s")
    print(f"memory per socket              {', '.join(f'{k:.1f}' for k in per_socket)} KiB")
    print(f"votes at {RATE}/s                {ok}/{len(r['votes'])} acknowledged")
    print(f"vote -> ack p50 / p99          {_pct(acks, 0.5):8.1f} / {_pct(acks, 0.99):.1f} ms")
    print(
        f"vote -> every screen p50 / p99 {_pct(screens['delays'], 0.5):8.1f} / "
        f"{_pct(screens['delays'], 0.99):.1f} ms"
        f"  ({len(screens['delays'])} votes)"
    )
    print(
        f"result frames per socket       {sorted(screens['frames'])} (every socket the same: "
        f"{len(screens['frames']) == 1}), last seq {screens['final']}"
    )
    print(
        f"server CPU per vote            {r['cpu'] * 1000 / max(ok, 1):8.2f} ms"
        " (with the fan-out to every socket)"
    )
    print(
        f"throughput, 1,000 in flight    {r['throughput']:8.0f} votes/s, p99 {_pct(r['tp_lat'], 0.99):.1f} ms"
    )


def _lottery() -> None:
    """Freeze and draw over LOTTERY participants online, in this process (its database)."""
    from django.utils import timezone

    from huiwu.accounts.models import User
    from huiwu.events.services import MeetingInput, create_meeting
    from huiwu.interaction import lottery, services
    from huiwu.interaction.models import Participant
    from huiwu.orgs.models import Membership
    from huiwu.orgs.services import create_organization

    owner = User.objects.create_user(username=f"bench-lottery-{os.getpid()}", password=None, name="Bench")
    org = create_organization(name="Lottery bench", slug=f"bench-lottery-{os.getpid()}", owner=owner)
    who = Membership.objects.get(org=org, user=owner)
    today = timezone.localdate()
    meeting = create_meeting(
        org=org,
        actor=owner,
        with_playbook=False,
        data=MeetingInput(name="Lottery bench", start_date=today, end_date=today),
    )
    live = services.set_up(meeting=meeting, membership=who)
    now = timezone.now()
    for start in range(0, LOTTERY, 10000):
        Participant.objects.bulk_create(
            [Participant(live=live, seen_at=now) for _ in range(start, min(LOTTERY, start + 10000))],
            batch_size=2000,
        )
    prize = lottery.save_prize(
        meeting=meeting,
        membership=who,
        data=lottery.PrizeInput(name="Bench prize", quantity=100, pool="online"),
    )
    t0 = time.perf_counter()
    draw = lottery.freeze(prize=prize, membership=who)
    t1 = time.perf_counter()
    lottery.draw(prize=prize, membership=who)
    t2 = time.perf_counter()
    print(f"\n# Lottery over {draw.pool_size:,} participants online, 100 winners ({_db_label()})")
    print(f"freeze (pool read, sorted, hashed; seed committed) {1000 * (t1 - t0):8.1f} ms")
    print(f"draw (seed revealed, winners picked and kept)      {1000 * (t2 - t1):8.1f} ms")


def _db_label() -> str:
    from django.db import connection

    return connection.vendor


def run() -> None:
    if not shutil.which("redis-server"):
        print("\n# Live interaction: skipped, redis-server is not installed (make test installs it)")
        return
    which = os.environ.get("HUIWU_BENCH_INTERACTION", "sqlite,postgresql").split(",")
    if "sqlite" in which:
        workdir = Path(tempfile.mkdtemp(prefix="huiwu-bench-interaction-"))
        try:
            _scenario("the embedded default (SQLite, votes checked in memory)", workdir, None, None, 1)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if "postgresql" in which:
        workdir = Path(tempfile.mkdtemp(prefix="huiwu-bench-interaction-"))
        workdir.chmod(0o755)
        cluster = _pg_cluster(workdir)
        if cluster is None:
            print("\n# Live interaction on PostgreSQL: skipped, not installed")
            return
        url, stop, _pids = cluster
        rport = free_port()
        redis = subprocess.Popen(
            [
                "redis-server",
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
        try:
            redis_url = f"redis://127.0.0.1:{rport}/0"
            _scenario("PostgreSQL + Redis (votes checked in Redis)", workdir, url, redis_url, 1)
            subprocess.run(["redis-cli", "-p", str(rport), "flushall"], check=True, stdout=subprocess.DEVNULL)
            _scenario("PostgreSQL + Redis (votes checked in Redis)", workdir, url, redis_url, 2)
        finally:
            redis.terminate()
            redis.wait(5)
            stop()
            shutil.rmtree(workdir, ignore_errors=True)
    _lottery()
