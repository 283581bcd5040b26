"""Check-in at the gates, measured against a real `huiwu serve` on the embedded default (SQLite, what a
newcomer runs) and on PostgreSQL.

Each database (a fresh SQLite file; a throw-away PostgreSQL cluster, or HUIWU_BENCH_DATABASE_URL)
gets a meeting of 20,000 attendees from `huiwu seed-checkin`; `huiwu serve` runs on it; scanners
post scans with the seeded device token over keep-alive HTTP. Figures: scans/s and latency
p50/p95/p99 at 1, 8 and 32 concurrent scanners; server CPU per accepted scan from /proc (the serve
process, and PostgreSQL's backends apart; SQLite runs inside the serve process); SQL statements per
scan from pg_stat_statements (BEGIN/COMMIT included); the manual desk's
search p95; two gates racing over the same badges (duplicates must be 0); and 10,000 offline scans
synced in batches of 1,000.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.live import free_port, wait_http

ATTENDEES = int(os.environ.get("HUIWU_BENCH_ATTENDEES", "20000"))
LEVELS = ((1, 400), (8, 1600), (32, 3200))[
    : int(os.environ.get("HUIWU_BENCH_LEVELS", "3"))
]  # (concurrent scanners, scans)
TICK = os.sysconf("SC_CLK_TCK")


def _pg_cluster(workdir: Path):
    """A throw-away cluster with pg_stat_statements; returns (url, stop, postgres pids getter)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        return None
    pgbin = bins[-1].parent
    data = workdir / "pg"
    data.mkdir()
    port = free_port()
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(workdir, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run([*as_pg, str(pgbin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={data} "
        "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on"
    )
    ctl = [*as_pg, str(pgbin / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*ctl, "-l", str(data / "log"), "-w", "-o", options, "start"], check=True, stdout=subprocess.DEVNULL
    )
    psql = [str(pgbin / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q"]
    subprocess.run([*psql, "-c", "CREATE ROLE huiwu LOGIN SUPERUSER PASSWORD 'huiwu'"], check=True)
    subprocess.run([*psql, "-c", "CREATE DATABASE huiwu OWNER huiwu"], check=True)
    subprocess.run([*psql, "-d", "huiwu", "-c", "CREATE EXTENSION pg_stat_statements"], check=True)

    def stop():
        subprocess.run([*as_pg, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, check=False)  # fmt: skip

    def pids() -> list[int]:
        master = int((data / "postmaster.pid").read_text().split()[0])
        kids = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
        return [master, *map(int, kids)]

    return f"postgres://huiwu:huiwu@127.0.0.1:{port}/huiwu", stop, pids


def _cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) of the processes and their threads."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def _statements(url: str | None) -> int | None:
    if not url:
        return None  # SQLite keeps no statement counts
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
                "JOIN pg_database d ON d.oid = s.dbid "
                "WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%' "
                "AND s.query NOT LIKE '%FOR KEY SHARE OF x'"  # foreign-key checks PostgreSQL runs itself
            ).fetchone()
            return int(row[0])
    except psycopg.Error:
        return None


def _reset_statements(url: str | None) -> None:
    if not url:
        return
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT pg_stat_statements_reset()")
    except psycopg.Error:
        pass


def _top_statements(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements s "
            "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
            "ORDER BY calls DESC LIMIT 25"
        ).fetchall()
    for calls, query in rows:
        print(f"  {calls:6d}  {query}")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


def _scan_load(base: str, token: str, gate: int, codes: list[str], workers: int) -> dict:
    latencies: list[float] = []
    statuses: list[str] = []
    lock = threading.Lock()
    chunks = [codes[i::workers] for i in range(workers)]

    def scanner(mine: list[str]) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
            for code in mine:
                t0 = time.perf_counter()
                r = http.post(
                    "/api/v1/checkin/scans", json={"badge": code, "gate": gate, "scan_id": uuid.uuid4().hex}
                )
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    statuses.append(
                        r.json().get("status", str(r.status_code))
                        if r.status_code == 200
                        else str(r.status_code)
                    )

    threads = [threading.Thread(target=scanner, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - start, "latencies": latencies, "statuses": statuses}


def run() -> None:
    databases = os.environ.get("HUIWU_BENCH_CHECKIN_DATABASES", "sqlite,postgresql").split(",")
    if "sqlite" in databases:
        workdir = Path(tempfile.mkdtemp(prefix="huiwu-bench-checkin-"))
        try:
            _measure("SQLite (the embedded default)", workdir, None, lambda: [])
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if "postgresql" in databases:
        workdir = Path(tempfile.mkdtemp(prefix="huiwu-bench-checkin-"))
        workdir.chmod(0o755)
        url = os.environ.get("HUIWU_BENCH_DATABASE_URL")
        stop, pg_pids = (lambda: None), (lambda: [])
        if not url:
            cluster = _pg_cluster(workdir)
            if cluster is None:
                print("\n# Check-in on PostgreSQL: skipped, not installed (apt-get install postgresql)")
                return
            url, stop, pg_pids = cluster
        try:
            _measure("PostgreSQL", workdir, url, pg_pids)
        finally:
            stop()
            shutil.rmtree(workdir, ignore_errors=True)


def _measure(label: str, workdir: Path, url: str | None, pg_pids) -> None:
    exe = str(Path(sys.executable).with_name("huiwu"))
    env = {
        **os.environ,
        "HUIWU_DATA_DIR": str(workdir / "data"),
        "HUIWU_CHECKIN_RATE_LIMIT": "1000000",
    }
    env.pop("REDIS_URL", None)
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    server = None
    try:
        subprocess.run([exe, "migrate", "-v", "0"], env=env, check=True)
        t0 = time.perf_counter()
        seeded = json.loads(
            subprocess.run([exe, "seed-checkin", "--attendees", str(ATTENDEES)], env=env, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        seed_s = time.perf_counter() - t0
        codes = Path(seeded["badges"]).read_text().split()
        port = free_port()
        log = workdir / "serve.log"
        with log.open("w") as out:
            command = [exe, "serve", "--port", str(port), "--no-migrate"]
            server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/healthz", server, log)
        token, gate = seeded["token"], seeded["gate"]
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as warm:
            for code in codes[-50:]:  # warm up: imports, connections (these badges are not used again)
                warm.post(
                    "/api/v1/checkin/scans", json={"badge": code, "gate": gate, "scan_id": uuid.uuid4().hex}
                )
        print(f"\n# Check-in on {label}, {ATTENDEES:,} attendees (seeded in {seed_s:.1f} s), `huiwu serve`")
        print(
            "scanners | scans | scans/s | p50 ms | p95 ms | p99 ms | serve CPU ms/scan | "
            "PostgreSQL CPU ms/scan | SQL sent/scan"
        )
        offset = 0
        for workers, n in LEVELS:
            batch = codes[offset : offset + n]
            offset += n
            _reset_statements(url)
            cpu0, pg0 = _cpu([server.pid]), _cpu(pg_pids())
            result = _scan_load(base, token, gate, batch, workers)
            cpu1, pg1 = _cpu([server.pid]), _cpu(pg_pids())
            statements = _statements(url)
            accepted = result["statuses"].count("accepted")
            lat = result["latencies"]
            sql = f"{statements / len(lat):.1f}" if statements is not None else "n/a"
            print(
                f"{workers:8d} | {len(lat):5d} | {len(lat) / result['seconds']:7.0f} | "
                f"{_pct(lat, 0.5):6.1f} | {_pct(lat, 0.95):6.1f} | {_pct(lat, 0.99):6.1f} | "
                f"{(cpu1 - cpu0) * 1000 / max(accepted, 1):17.2f} | "
                f"{(pg1 - pg0) * 1000 / max(accepted, 1) if url else float('nan'):22.2f} | {sql}"
            )
            if os.environ.get("HUIWU_BENCH_VERBOSE") and url:
                _top_statements(url)
            if accepted != n:
                print(f"  ! {n - accepted} of {n} not accepted: {sorted(set(result['statuses']))}")
                print("\n".join(log.read_text().splitlines()[-15:]))
        # two gates racing over the same 1,000 badges, 16 scanners each
        race = codes[offset : offset + 1000]
        offset += 1000
        results: list[dict] = []
        both = [
            threading.Thread(target=lambda: results.append(_scan_load(base, token, gate, race, 16)))
            for _ in (0, 1)
        ]
        for t in both:
            t.start()
        for t in both:
            t.join()
        statuses = results[0]["statuses"] + results[1]["statuses"]
        print(
            f"race: 2 × 1,000 scans of the same badges → {statuses.count('accepted')} accepted, "
            f"{statuses.count('already_checked_in')} already checked in, "
            f"duplicates: {statuses.count('accepted') - 1000}"
        )
        # the manual desk's search
        queries = [f"Guest {i:05d}"[:10] for i in range(0, 2000, 20)] + [
            f"{i:04d}" for i in range(1000, 1100)
        ]
        queries += [f"Company {i}" for i in range(0, 400, 8)]
        took = []
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
            for q in queries:
                t0 = time.perf_counter()
                r = http.get("/api/v1/checkin/search", params={"q": q})
                took.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text
        print(f"search: {len(took)} queries, p50 {_pct(took, 0.5):.1f} ms, p95 {_pct(took, 0.95):.1f} ms")
        # the signed offline list a phone downloads every 5 minutes
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as http:
            t0 = time.perf_counter()
            r = http.get(f"/api/v1/checkin/gates/{gate}/list")
            took_list = time.perf_counter() - t0
        print(
            f"offline list: {len(r.content) / 1e6:.1f} MB for {ATTENDEES:,} attendees, "
            f"in {took_list * 1000:.0f} ms"
        )
        # 10,000 offline scans synced in batches of 1,000
        queued = codes[offset : offset + 10_000]
        when = datetime.now(UTC) - timedelta(minutes=30)
        scans = [
            {"badge": c, "gate": gate, "scan_id": uuid.uuid4().hex, "device_status": "accepted",
             "scanned_at": (when + timedelta(milliseconds=100 * i)).isoformat()}
            for i, c in enumerate(queued)
        ]  # fmt: skip
        _reset_statements(url)
        cpu0 = _cpu([server.pid])
        t0 = time.perf_counter()
        accepted = 0
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as http:
            for i in range(0, len(scans), 1000):
                r = http.post("/api/v1/checkin/scans/batch", json={"scans": scans[i : i + 1000]})
                if r.status_code != 200:
                    print(f"  ! batch answered {r.status_code}: {r.text[:300]}")
                    continue
                results = r.json()["results"]
                accepted += sum(1 for x in results if x["status"] == "accepted")
                if os.environ.get("HUIWU_BENCH_VERBOSE") and i == 0:
                    print(results[:2])
        sync_s = time.perf_counter() - t0
        statements = _statements(url)
        print(
            f"offline sync: {len(scans):,} scans in {sync_s:.2f} s ({accepted:,} accepted), serve CPU "
            f"{(_cpu([server.pid]) - cpu0) * 1000 / len(scans):.2f} ms/scan"
            + (f", {statements / len(scans):.2f} SQL/scan" if statements is not None else "")
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
