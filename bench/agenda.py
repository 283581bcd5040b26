"""The agenda solver on generated instances (a feasible agenda planted first), each solve in its own
process (`huiwu schedule`) so that peak memory is the solver's own; then the hard families
(`scheduling/families.py`) against the plain CP-SAT baseline (`bench/agenda_baseline.py`, same rules,
same objective, 2 workers, no start, no LNS), side by side at the same time limit.

HUIWU_BENCH_AGENDA_FAMILIES (default: every family, then the stress ones), HUIWU_BENCH_AGENDA_RUNS
(default "400:10,400:60,1000:30,1000:150": sessions:seconds; the baseline runs at the limits of 60 s and
more), HUIWU_BENCH_AGENDA_SEEDS (default "1,2,3": one instance each; two CP-SAT workers are not
deterministic, so one run of one instance cannot tell a few per cent).
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huiwu.agenda.scheduling.families import FAMILIES, STRESS, generate_family
from huiwu.agenda.scheduling.generator import SIZES, generate
from huiwu.agenda.scheduling.instance import parse
from huiwu.agenda.scheduling.validator import objective, violations

LIMITS = {"S": 10, "M": 30, "L": 60, "XL": 60}


def run(sizes=("S", "M", "L", "XL")) -> None:
    print("\n# Agenda solver (CP-SAT, 2 workers; generated instances with a planted agenda)")
    print(
        f"{'size':5} {'sessions':>8} {'rooms':>5} {'days':>4} {'status':>9} {'first s':>8} {'objective':>10} "
        f"{'bound':>9} {'gap':>7} {'peak MB':>8} {'valid':>6}"
    )
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-agenda-"))
    for size in sizes:
        doc = generate(size, seed=1)
        src, out = work / f"{size}.json", work / f"{size}-solution.json"
        src.write_text(json.dumps(doc))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "huiwu",
                "schedule",
                "--instance",
                str(src),
                "--out",
                str(out),
                "--time-limit",
                str(LIMITS[size]),
            ],
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - t0
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        solution = json.loads(out.read_text())
        inst = parse(doc)
        stats = solution["stats"]
        valid = not violations(inst, solution["assignments"]) and bool(solution["assignments"])
        obj = objective(inst, solution["assignments"]) if solution["assignments"] else None
        bound = stats.get("best_bound")
        gap = f"{100 * (obj - bound) / obj:.1f}%" if obj and bound is not None else "—"
        first = stats.get("first_solution_seconds")
        n, rooms, days = SIZES[size]
        first_text = f"{first:.2f}" if first is not None else "—"
        bound_text = f"{bound:.0f}" if bound is not None else "—"
        print(
            f"{size:5} {n:8d} {rooms:5d} {days:4d} {solution['status']:>9} {first_text:>8} {obj!s:>10} "
            f"{bound_text:>9} {gap:>7} {peak:8.0f} {'yes' if valid else 'NO':>6}   ({wall:.0f} s wall)"
        )


def _child(args: list[str]) -> tuple[float, float]:
    """Run a solver process; (wall seconds, the peak MB of that process alone)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def families() -> None:
    chosen = os.environ.get("HUIWU_BENCH_AGENDA_FAMILIES", ",".join(FAMILIES + STRESS)).split(",")
    runs = [
        tuple(int(x) for x in r.split(":"))
        for r in os.environ.get("HUIWU_BENCH_AGENDA_RUNS", "400:10,400:60,1000:30,1000:150").split(",")
    ]
    seeds = [int(x) for x in os.environ.get("HUIWU_BENCH_AGENDA_SEEDS", "1,2,3").split(",")]
    print("\n# Agenda solver on the hard families, against a plain CP-SAT model of the same rules")
    print(
        f"(the instances of seeds {','.join(map(str, seeds))}, each solved once. 'valid': how many got a "
        "complete agenda keeping every rule;\n first s and obj (lower is better): medians over those; "
        "MB: the largest peak of the solver process's own memory;\n 'better': median of how far below "
        "the baseline each instance's objective is, the worst in brackets; 'room': the most any solver\n "
        "could be below the baseline (down to the best bound proven by either, median).\n "
        f"Stress families ({', '.join(STRESS)}) are beyond the targets, reported as found.)"
    )
    print(
        f"{'family':8} {'sessions':>8} {'limit':>5} | {'valid':>5} {'first s':>7} {'obj':>8} {'MB':>6} | "
        f"{'valid':>5} {'first s':>7} {'obj':>8} {'MB':>6} | {'better':>15} {'room':>6}"
    )
    work = Path(tempfile.mkdtemp(prefix="huiwu-bench-families-"))
    for n, limit in runs:
        for family in chosen:
            ours, base, better, room = [], [], [], []
            for seed in seeds:
                doc = generate_family(family, n, seed=seed)
                src = work / f"{family}-{n}-{seed}.json"
                src.write_text(json.dumps(doc))
                inst = parse(doc)
                huiwu = ["-m", "huiwu", "schedule", "--instance", str(src), "--time-limit", str(limit)]
                huiwu.append("--out")
                ours.append(_outcome(inst, [*huiwu, str(work / "huiwu.json")], work / "huiwu.json"))
                if limit >= 60:
                    plain = ["-m", "bench.agenda_baseline", str(src), str(limit)]
                    base.append(_outcome(inst, [*plain, str(work / "base.json")], work / "base.json"))
                    if ours[-1][1] is not None and base[-1][1]:
                        better.append(100 * (base[-1][1] - ours[-1][1]) / base[-1][1])
                    bound = max((o[3] for o in (ours[-1], base[-1]) if o[3] is not None), default=None)
                    if base[-1][1] and bound is not None:
                        room.append(100 * (base[-1][1] - bound) / base[-1][1])
            gain, headroom = "", f"{statistics.median(room):.1f}%" if room else ""
            if limit >= 60:
                gain = f"{len(better)}/{len(seeds)} compared"
                if better and len(better) == len(seeds):
                    gain = f"{statistics.median(better):.1f}% ({min(better):.1f}%)"
            print(
                f"{family:8} {n:8d} {limit:5d} | {_summary(ours, len(seeds))} | "
                f"{_summary(base, len(seeds))} | {gain:>15} {headroom:>6}",
                flush=True,
            )


def _outcome(inst, args: list[str], out: Path) -> tuple:
    """(first s, objective, MB, proven bound) of one solver process writing ``out``; the objective is
    None when the agenda is missing, incomplete or breaks a rule."""
    out.unlink(missing_ok=True)
    _wall, mb = _child([sys.executable, *args])
    found = json.loads(out.read_text()) if out.exists() else {"assignments": []}
    assignments = found["assignments"]
    stats = found.get("stats") or found  # huiwu's answer keeps its figures in "stats"
    first, bound = stats.get("first_solution_seconds"), stats.get("best_bound")
    if not assignments or len(assignments) != len(inst.sessions) or violations(inst, assignments):
        return (None, None, mb, bound)
    return (first, objective(inst, assignments), mb, bound)


def _summary(outcomes: list[tuple], runs: int) -> str:
    if not outcomes:
        return f"{'':>5} {'':>7} {'':>8} {'':>6}"
    valid = [o for o in outcomes if o[1] is not None]
    firsts = [o[0] for o in valid if o[0] is not None]
    first = f"{statistics.median(firsts):.1f}" if firsts else "—"
    obj = f"{statistics.median(o[1] for o in valid):.0f}" if valid else "—"
    mb = f"{max(o[2] for o in outcomes):.0f}"
    return f"{len(valid)}/{runs:<3} {first:>7} {obj:>8} {mb:>6}"
